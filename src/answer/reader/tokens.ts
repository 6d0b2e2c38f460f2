/**
 * Tokens with their offsets, for reading a passage: words (letters, marks, digits) and single
 * punctuation marks, because an answer's edges are often a comma, a parenthesis or "/" in
 * "10/11". The reader needs offsets to return a span the citation can point at exactly.
 */
import { foldWord, normalizeForMatch } from '../../text/normalize.js';

export interface Token {
  /** As written in the passage. */
  text: string;
  /** Lower-cased, normalized: the form compared with the question's words. */
  key: string;
  /** {@link key} without diacritics, for questions typed without them. */
  fold: string;
  /** Offsets in the string tokenized (plus the offset given). */
  start: number;
  end: number;
  word: boolean;
  /** Starts with an upper-case letter: names, places, organizations. */
  upper: boolean;
  digit: boolean;
}

const TOKEN = /[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]/gu;

/** What a token's spelling says, whatever its position: computed once per spelling. */
type Shape = Pick<Token, 'key' | 'fold' | 'word' | 'upper' | 'digit'>;

// News text repeats a few thousand spellings; the reader tokenizes every passage it reads, so
// their shapes are memoized. Bounded: cleared when full.
const SHAPE_LIMIT = 100_000;
const shapes = new Map<string, Shape>();

function shapeOf(raw: string): Shape {
  let shape = shapes.get(raw);
  if (shape === undefined) {
    if (shapes.size >= SHAPE_LIMIT) shapes.clear();
    const key = normalizeForMatch(raw);
    shape = {
      key,
      fold: foldWord(key),
      word: /[\p{L}\p{M}\p{N}]/u.test(raw),
      upper: /^\p{Lu}/u.test(raw),
      digit: /\p{N}/u.test(raw),
    };
    shapes.set(raw, shape);
  }
  return shape;
}

export function tokenize(text: string, offset = 0): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const raw = m[0];
    out.push({ text: raw, start: offset + m.index, end: offset + m.index + raw.length, ...shapeOf(raw) });
  }
  return out;
}
