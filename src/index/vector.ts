/**
 * What retrieval needs of a vector index. The Node implementation is hnswlib-node
 * (src/node/hnsw.ts); a Workers deployment can put Vectorize behind the same interface.
 */
import type { ScoredDoc } from './lexical.js';

export interface VectorIndex {
  readonly dimensions: number;
  /** Number of vectors, deleted ones included. */
  readonly size: number;
  /** Vectors marked deleted, still taking space until the index is compacted. */
  readonly deletedCount: number;
  /** Adds the vector of doc number `doc` (unit length: the score is the cosine). */
  add(doc: number, vector: Float32Array): void;
  /** Marks a doc deleted: searches skip it from now on. */
  remove(doc: number): void;
  /** The stored vector of a doc, for reuse when its text did not change. */
  vector(doc: number): Float32Array | undefined;
  /** The k nearest docs, best first, with cosine similarity as the score. */
  search(vector: Float32Array, k: number): ScoredDoc[];
  /** Cosine similarity of each doc in [start, end) to the vector, best first: exact, for one article. */
  searchRange(vector: Float32Array, range: { start: number; end: number }, k: number): ScoredDoc[];
}
