/**
 * Vietnamese tokenization for matching: syllables, syllable bigrams (most Vietnamese words
 * are two syllables: "chủ tịch", "hà nội"), and their diacritic-free forms.
 */
import { normalizeForMatch } from './normalize.js';

/** A run of letters, digits and marks; "Covid-19" gives "covid" and "19". */
const SYLLABLE = /[\p{L}\p{M}\p{N}]+/gu;

/** Lower-cased, normalized syllables in reading order. */
export function syllables(text: string): string[] {
  return normalizeForMatch(text).match(SYLLABLE) ?? [];
}

/** Unigrams then bigrams of the given syllables; a bigram is "a b" (space-joined). */
export function withBigrams(tokens: readonly string[]): string[] {
  const out = tokens.slice();
  for (let i = 0; i + 1 < tokens.length; i++) out.push(`${tokens[i]} ${tokens[i + 1]}`);
  return out;
}

const sentenceSegmenter = new Intl.Segmenter('vi', { granularity: 'sentence' });

/** A sentence with its character offsets in the text it came from. */
export interface Span {
  text: string;
  start: number;
  end: number;
}

/**
 * Sentences with offsets, trimmed of surrounding white space. Line breaks always end a
 * sentence: news bodies put headings and captions on lines of their own, without a full stop.
 */
export function splitSentences(text: string): Span[] {
  const spans: Span[] = [];
  let lineStart = 0;
  for (const line of text.split('\n')) {
    for (const seg of sentenceSegmenter.segment(line)) {
      const lead = seg.segment.length - seg.segment.trimStart().length;
      const trimmed = seg.segment.trim();
      if (trimmed) {
        const start = lineStart + seg.index + lead;
        spans.push({ text: trimmed, start, end: start + trimmed.length });
      }
    }
    lineStart += line.length + 1;
  }
  return spans;
}
