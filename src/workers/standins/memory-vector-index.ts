/**
 * An in-memory cosine index with the calls and limits of a Vectorize index that the Worker uses
 * (query with an `articleId` filter, getByIds, upsert, deleteByIds), so code that breaks
 * Vectorize's limits fails against it too. The Vectorize stand-in (./vectorize.ts) serves one.
 *
 * Differences from the real index, on purpose: writes are visible at once (Vectorize applies
 * them asynchronously, seconds later) and the scan is exhaustive.
 *
 * @example
 * const index = new MemoryVectorIndex();
 * index.upsert([{ id: '1', values, metadata: { articleId: 'bai-1' } }]);
 * index.query(question, { topK: 5, filter: { articleId: 'bai-1' } });
 */
import type { VectorizeMatches, VectorizeQueryOptions, VectorizeVector } from '@cloudflare/workers-types/index.ts';
import { cosine, MAX_TOP_K, MAX_UPSERT } from '../vectorize.js';

/** Matches per query at most when values or all metadata are returned. */
const MAX_TOP_K_WITH_VALUES = 20;

interface StoredVector {
  values: Float32Array;
  metadata: NonNullable<VectorizeVector['metadata']>;
}

export class MemoryVectorIndex {
  private readonly vectors = new Map<string, StoredVector>();

  get size(): number {
    return this.vectors.size;
  }

  query(vector: ArrayLike<number>, options: VectorizeQueryOptions = {}): VectorizeMatches {
    const topK = options.topK ?? 5;
    const heavy = options.returnValues === true || options.returnMetadata === 'all' || options.returnMetadata === true;
    const max = heavy ? MAX_TOP_K_WITH_VALUES : MAX_TOP_K;
    if (topK > max) throw new RangeError(`VECTOR_QUERY_ERROR: topK ${topK} is over ${max} for these options.`);
    const wanted = articleFilter(options.filter);
    const withMetadata = options.returnMetadata !== undefined && options.returnMetadata !== 'none' && options.returnMetadata !== false;
    const matches = [...this.vectors]
      .filter(([, stored]) => wanted === undefined || stored.metadata.articleId === wanted)
      .map(([id, stored]) => ({ id, score: cosine(vector, stored.values), stored }))
      .sort((a, b) => b.score - a.score)
      .slice(0, topK)
      .map(({ id, score, stored }) => ({
        id,
        score,
        ...(options.returnValues ? { values: Array.from(stored.values) } : {}),
        ...(withMetadata ? { metadata: { ...stored.metadata } } : {}),
      }));
    return { matches, count: matches.length };
  }

  getByIds(ids: readonly string[]): VectorizeVector[] {
    return ids.flatMap((id) => {
      const stored = this.vectors.get(id);
      return stored ? [{ id, values: Array.from(stored.values), metadata: { ...stored.metadata } }] : [];
    });
  }

  upsert(rows: readonly VectorizeVector[]): void {
    if (rows.length > MAX_UPSERT)
      throw new RangeError(`Vectorize takes at most ${MAX_UPSERT} vectors per upsert from a Worker, not ${rows.length}.`);
    for (const row of rows) this.vectors.set(row.id, { values: Float32Array.from(row.values), metadata: { ...(row.metadata ?? {}) } });
  }

  deleteByIds(ids: readonly string[]): void {
    for (const id of ids) this.vectors.delete(id);
  }
}

/** The article a query is restricted to; the Worker only ever filters on `articleId` equality. */
function articleFilter(filter: VectorizeQueryOptions['filter']): string | undefined {
  if (filter === undefined) return undefined;
  const value = filter.articleId;
  if (Object.keys(filter).length !== 1 || typeof value !== 'string') {
    throw new RangeError(`The Vectorize stand-in filters on { articleId: "…" } only, not ${JSON.stringify(filter)}.`);
  }
  return value;
}
