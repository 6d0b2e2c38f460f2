/**
 * A deterministic stand-in for `@cf/baai/bge-m3`, for tests and `npm run dev:workers` (Workers
 * AI has no local simulation): the project's syllables, folded syllables, folded bigrams and
 * character trigrams, hashed with a sign into 1024 dimensions and scaled to unit length. Texts
 * sharing words get close vectors, with or without diacritics; it knows no synonyms, which is
 * what the real model adds.
 *
 * @example
 * const [a, b] = hashedEmbeddings(['Chủ tịch nước thăm Chile', 'chu tich nuoc tham chile']);
 * // dot(a, b) ≈ 0.8: the folded features are shared, the accented ones are not
 */
import { foldWord } from '../../text/normalize.js';
import { syllables } from '../../text/tokenize.js';
import { BGE_M3_DIMENSIONS, unitLength } from '../workers-ai.js';

/** As many as bge-m3's, so the Vectorize index's dimensions are the same in tests and production. */
export const HASHED_DIMENSIONS = BGE_M3_DIMENSIONS;

/** Weights of each kind of feature: the folded forms carry most, so unaccented questions still match. */
const WEIGHTS = { folded: 1, accented: 0.5, bigram: 1, trigram: 0.25 } as const;

/** One unit-length vector per text. */
export function hashedEmbeddings(texts: readonly string[], dimensions = HASHED_DIMENSIONS): Float32Array[] {
  return texts.map((text) => hashedEmbedding(text, dimensions));
}

function hashedEmbedding(text: string, dimensions: number): Float32Array {
  const counts = new Map<string, number>();
  const add = (feature: string, weight: number) => counts.set(feature, (counts.get(feature) ?? 0) + weight);
  const accented = syllables(text);
  const folded = accented.map(foldWord);
  folded.forEach((syllable, i) => {
    add(`f:${syllable}`, WEIGHTS.folded);
    if (accented[i] !== syllable) add(`a:${accented[i]}`, WEIGHTS.accented);
    if (i + 1 < folded.length) add(`b:${syllable} ${folded[i + 1]}`, WEIGHTS.bigram);
    const padded = ` ${syllable} `;
    for (let j = 0; j + 3 <= padded.length; j++) add(`t:${padded.slice(j, j + 3)}`, WEIGHTS.trigram);
  });
  const vector = new Float64Array(dimensions);
  for (const [feature, weight] of counts) {
    const hash = fnv1a(feature);
    // Sublinear in the count: a word repeated ten times is not ten times the topic.
    vector[hash % dimensions]! += (hash & 0x80000000 ? -1 : 1) * Math.log1p(weight);
  }
  return unitLength(vector);
}

/** FNV-1a, 32 bits, over UTF-16 code units: cheap, deterministic, well spread for short strings. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
