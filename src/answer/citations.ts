/**
 * Checks on the [n] markers of an answer written by someone we do not fully trust (a language
 * model): a marker may only name a passage that was retrieved, and every sentence should carry
 * one. The citation objects themselves never come from answer text: they are built from the
 * index (`citationOf`), so the checks here only decide which numbers stand.
 *
 * @example
 * checkCitations('Giá vàng tăng lên 92 triệu đồng [1][9]. Chuyên gia lo ngại.', [{ n: 1 }])
 * // { answer: 'Giá vàng tăng lên 92 triệu đồng [1]. Chuyên gia lo ngại.',
 * //   removedMarkers: [9], uncitedSentences: ['Chuyên gia lo ngại.'] }
 */
import { splitSentences } from '../text/tokenize.js';
import type { Citation } from '../contract.js';

export interface CitationCheck {
  /** The answer with markers naming no citation removed (and "[1, 2]" written "[1][2]"). */
  answer: string;
  /** Numbers of removed markers, in order of appearance. */
  removedMarkers: number[];
  /** Sentences of the checked answer that carry no marker. */
  uncitedSentences: string[];
}

/**
 * A marker and the white space before it: "[1]", "[1, 2]", "[1; 3]", "[2-4]". Models write all of
 * these; the answer always ends up with "[1][2]".
 */
const MARKER = /(\s*)\[\s*(\d{1,3}(?:\s*[-–]\s*\d{1,3})?(?:\s*[,;]\s*\d{1,3}(?:\s*[-–]\s*\d{1,3})?)*)\s*\]/gu;
/** What may still become a marker at the end of a streamed text: white space, then "[" and digits so far. */
const OPEN_TAIL = /\s*(?:\[[\d\s,;\-–]{0,40})?$/u;
/** A range wider than this is not a citation ("[1-2025]"), it is text. */
const MAX_RANGE = 10;

/** Numbers a marker body names: "1, 3-4" → [1, 3, 4]. */
function markerNumbers(body: string): number[] {
  const out: number[] = [];
  for (const part of body.split(/[,;]/u)) {
    const [from, to] = part.split(/[-–]/u).map((s) => Number(s.trim()));
    if (from === undefined || !Number.isInteger(from)) continue;
    if (to === undefined) out.push(from);
    else if (Number.isInteger(to) && to >= from && to - from < MAX_RANGE) for (let n = from; n <= to; n++) out.push(n);
  }
  return out;
}

/**
 * Rewrites every marker: numbers that `isValid` accepts stay (deduplicated, one bracket each),
 * the others go; a marker left empty goes with the white space before it.
 */
export function rewriteMarkers(text: string, isValid: (n: number) => boolean): { text: string; removed: number[] } {
  const removed: number[] = [];
  const rewritten = text.replace(MARKER, (_whole, space: string, body: string) => {
    const kept: number[] = [];
    for (const n of markerNumbers(body)) {
      if (!isValid(n)) removed.push(n);
      else if (!kept.includes(n)) kept.push(n);
    }
    return kept.length ? `${space}${kept.map((n) => `[${n}]`).join('')}` : '';
  });
  return { text: rewritten, removed };
}

/** The numbers cited in an answer, in order of first appearance. */
export function citedNumbers(answer: string): number[] {
  const seen: number[] = [];
  for (const match of answer.matchAll(MARKER)) {
    for (const n of markerNumbers(match[2]!)) if (!seen.includes(n)) seen.push(n);
  }
  return seen;
}

/**
 * Sentences without a marker. A marker written after the full stop ("… lượng. [1]") belongs to
 * the sentence before it, as the extractive answerer writes them.
 */
export function uncitedSentences(answer: string): string[] {
  const sentences: { text: string; cited: boolean }[] = [];
  for (const span of splitSentences(answer)) {
    let text = span.text;
    const lead = /^(?:\s*\[\d+\])+/u.exec(text);
    if (lead) {
      const previous = sentences[sentences.length - 1];
      if (previous) previous.cited = true;
      text = text.slice(lead[0].length).trim();
    }
    if (!/[\p{L}\p{N}]/u.test(text)) continue;
    sentences.push({ text, cited: /\[\d+\]/u.test(text) });
  }
  return sentences.filter((s) => !s.cited).map((s) => s.text);
}

/** Removes markers naming no citation and flags the sentences left without one. */
export function checkCitations(answer: string, citations: readonly Pick<Citation, 'n'>[]): CitationCheck {
  const valid = new Set(citations.map((c) => c.n));
  const { text, removed } = rewriteMarkers(answer, (n) => valid.has(n));
  const checked = text.trim();
  return { answer: checked, removedMarkers: removed, uncitedSentences: uncitedSentences(checked) };
}

/**
 * {@link rewriteMarkers} over a text that arrives in pieces: a piece ending inside a possible
 * marker ("… 92 triệu đồng [") is held back until the marker closes, so an invented [9] never
 * reaches the reader, not even for a moment. White space before a possible marker is held too,
 * since a removed marker takes it along.
 *
 * @example
 * const filter = new MarkerStream((n) => n <= 3);
 * filter.push('tăng [') // 'tăng'
 * filter.push('9] mạnh [1].') // ' mạnh [1].'
 */
export class MarkerStream {
  /** Numbers of the markers removed so far. */
  readonly removed: number[] = [];
  private pending = '';

  constructor(private readonly isValid: (n: number) => boolean) {}

  /** Adds a piece; returns the text that is now safe to show (maybe ''). */
  push(piece: string): string {
    this.pending += piece;
    const hold = OPEN_TAIL.exec(this.pending)?.index ?? this.pending.length;
    const ready = this.pending.slice(0, hold);
    this.pending = this.pending.slice(hold);
    return this.rewrite(ready);
  }

  /** The rest, at the end of the text: an unclosed "[" is plain text after all. */
  flush(): string {
    const rest = this.pending;
    this.pending = '';
    return this.rewrite(rest);
  }

  private rewrite(text: string): string {
    if (!text) return '';
    const { text: out, removed } = rewriteMarkers(text, this.isValid);
    this.removed.push(...removed);
    return out;
  }
}
