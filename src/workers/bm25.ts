/**
 * The project's BM25 (src/index/lexical.ts) over a handful of candidate passages whose syllables
 * are at hand, with the same arithmetic: the same idf, length normalization and expression, added term
 * by term in the question's order into a float32 score, so scores equal the Node index's bit for bit.
 *
 * @example
 * rankCandidates([{ doc: 7, length: 3, tokens: 'giá vàng tăng' }], terms, statistics, 10, { k1: 1.2, b: 0.75 });
 */
import type { ScoredDoc, WeightedTerm } from '../index/lexical.js';
import type { TermStatistics } from '../index/ports.js';
import { TermCounter } from './fts-terms.js';

/** A passage to score: its doc number, BM25 length, and its syllables (FtsDocument.tokens). */
export interface Candidate {
  doc: number;
  length: number;
  tokens: string;
}

export interface Bm25Parameters {
  k1: number;
  b: number;
}

/** The k best candidates with a positive score, best first, ties to the lower doc (Node's order). */
export function rankCandidates(
  candidates: readonly Candidate[],
  terms: readonly WeightedTerm[],
  statistics: TermStatistics & { avgLength: number },
  k: number,
  { k1, b }: Bm25Parameters,
): ScoredDoc[] {
  const weighted = terms.filter((t) => t.weight > 0);
  const counter = new TermCounter(weighted.map((t) => t.term));
  const idfs = weighted.map((t) => t.weight * statistics.idf(t.term));
  const k1p1 = k1 + 1;
  const scored: ScoredDoc[] = [];
  for (const candidate of candidates) {
    const counts = counter.count(candidate.tokens);
    const norm = k1 * (1 - b + (b * candidate.length) / statistics.avgLength);
    let score = 0;
    weighted.forEach(({ term }, i) => {
      const tf = counts.get(term);
      // The Node index's expression, in its order of operations, rounded to float32 after each
      // addition as its Float32Array score slots do.
      if (tf !== undefined) score = Math.fround(score + (idfs[i]! * tf * k1p1) / (tf + norm));
    });
    if (score > 0) scored.push({ doc: candidate.doc, score });
  }
  return scored.sort((x, y) => y.score - x.score || x.doc - y.doc).slice(0, k);
}
