/**
 * Sentence-aware chunking: an article body cut into passages of whole sentences, each an exact
 * slice of the body (`chunk.text === article.body.slice(chunk.start, chunk.end)`), so a citation
 * can point at the characters the reader sees.
 *
 * Defaults: about 800 characters, never over 1,200. That is three to five news sentences, one
 * or two paragraphs: enough context for an answer, short enough to quote in a citation card. For
 * the embedder, 1,200 Vietnamese characters are roughly 300 subword tokens (most syllables are one
 * token in multilingual vocabularies), well inside the 512-token window of e5-small-class models
 * even with the title and the `passage: ` prefix in front, so nothing is silently truncated.
 *
 * @example
 * chunkArticle(article) // [{ id: 'apec-peru-2024-11-16:0', n: 0, start: 0, end: 742, text: '…' }, …]
 * chunkArticle(article, { targetChars: 400, maxChars: 600 })
 */
import { splitSentences, type Span } from '../text/tokenize.js';
import type { Article, Chunk } from './article.js';

export interface ChunkOptions {
  /**
   * Preferred length in characters: sentences are added while the chunk stays within it, and a
   * chunk of at least three quarters of it ends at a paragraph break. Default 800.
   */
  targetChars?: number;
  /**
   * Hard ceiling. A chunk exceeds the target (up to this) only to avoid a chunk under half the
   * target; a single sentence longer than this is split at word boundaries. Default 1200.
   */
  maxChars?: number;
}

const DEFAULT_TARGET_CHARS = 800;
export const DEFAULT_MAX_CHARS = 1200;

/** Chunks of `article.body`, in order, ids `${article.id}:${n}`. Deterministic; empty body gives []. */
export function chunkArticle(article: Pick<Article, 'id' | 'body'>, options: ChunkOptions = {}): Chunk[] {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const targetChars = Math.min(options.targetChars ?? DEFAULT_TARGET_CHARS, maxChars);
  if (!(maxChars >= 1) || !(targetChars >= 1)) {
    throw new RangeError(`chunk sizes must be positive (targetChars ${targetChars}, maxChars ${maxChars})`);
  }
  const body = article.body;
  // Under half the target a chunk may grow to maxChars; from three quarters it prefers to end with its paragraph.
  const minChars = Math.floor(targetChars / 2);
  const paragraphChars = Math.floor((targetChars * 3) / 4);

  const pieces = splitSentences(body).flatMap((span) => splitLongSpan(body, span, maxChars));
  const ranges: { start: number; end: number }[] = [];
  let current: { start: number; end: number } | null = null;
  for (const piece of pieces) {
    if (current === null) {
      current = { start: piece.start, end: piece.end };
      continue;
    }
    const length = current.end - current.start;
    const grown = piece.end - current.start;
    const paragraphBreak = body.slice(current.end, piece.start).includes('\n\n');
    const fits = grown <= targetChars || (length < minChars && grown <= maxChars);
    if (fits && !(paragraphBreak && length >= paragraphChars)) {
      current.end = piece.end;
    } else {
      ranges.push(current);
      current = { start: piece.start, end: piece.end };
    }
  }
  if (current !== null) {
    // A short tail reads better with the passage before it, when that still fits.
    const previous = ranges[ranges.length - 1];
    if (previous && current.end - current.start < minChars / 2 && current.end - previous.start <= maxChars) {
      previous.end = current.end;
    } else {
      ranges.push(current);
    }
  }

  return ranges.map(({ start, end }, n) => ({
    id: `${article.id}:${n}`,
    articleId: article.id,
    n,
    text: body.slice(start, end),
    start,
    end,
  }));
}

/**
 * A sentence within `maxChars` as is; a longer one cut at the last space before the limit (or,
 * for a run without spaces, at the limit, never between a surrogate pair or before a combining mark).
 */
function splitLongSpan(body: string, span: Span, maxChars: number): Span[] {
  if (span.end - span.start <= maxChars) return [span];
  const out: Span[] = [];
  let start = span.start;
  while (span.end - start > maxChars) {
    const limit = start + maxChars;
    let cut = body.lastIndexOf(' ', limit);
    let next = cut + 1;
    if (cut <= start) {
      cut = limit;
      while (cut > start + 1 && isJoined(body, cut)) cut--;
      next = cut;
    }
    let end = cut;
    while (end > start && /\s/.test(body[end - 1]!)) end--;
    out.push({ start, end, text: body.slice(start, end) });
    start = next;
    while (start < span.end && /\s/.test(body[start]!)) start++;
  }
  if (start < span.end) out.push({ start, end: span.end, text: body.slice(start, span.end) });
  return out;
}

/** True when cutting before `index` would separate a surrogate pair or a base from its combining mark. */
function isJoined(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return (code >= 0xdc00 && code <= 0xdfff) || /\p{M}/u.test(text[index] ?? '');
}
