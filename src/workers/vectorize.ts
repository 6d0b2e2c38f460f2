/**
 * The vector half of retrieval on Vectorize. Vector ids are the passages' D1 row ids as strings,
 * each vector carries `{ articleId }` (an indexed metadata field, created before the first
 * insert) so a question asked under an article searches that article only.
 *
 * Vectorize answers at most 100 matches without values or metadata; the fusion's candidates
 * found by BM25 alone get their cosines from their stored values (`getByIds`), computed here.
 *
 * @example
 * const vectors = new VectorizeSource(env.VECTORIZE);
 * const near = await vectors.search(await embedder.embedQuestion(q), 50, 'bai-viet-1');
 */
import type { Vectorize, VectorizeVector } from '@cloudflare/workers-types/index.ts';
import type { ScoredDoc } from '../index/lexical.js';
import type { VectorSource } from '../index/ports.js';

/** Matches per query at most when neither values nor metadata are returned. */
export const MAX_TOP_K = 100;
/** Vectors per upsert from a Worker at most. */
export const MAX_UPSERT = 1000;
/** Ids per getByIds / deleteByIds call: kept at Vectorize's query limit. */
const MAX_IDS = 100;

export class VectorizeSource implements VectorSource {
  constructor(private readonly index: Vectorize) {}

  async search(query: Float32Array, k: number, articleId?: string): Promise<ScoredDoc[]> {
    const topK = Math.max(1, Math.min(k, MAX_TOP_K));
    const { matches } = await this.index.query(query, {
      topK,
      returnValues: false,
      returnMetadata: 'none',
      ...(articleId !== undefined ? { filter: { articleId } } : {}),
    });
    return matches.flatMap((m) => {
      const doc = Number(m.id);
      return Number.isInteger(doc) ? [{ doc, score: m.score }] : [];
    });
  }

  async similarity(query: Float32Array, docs: readonly number[]): Promise<Map<number, number>> {
    const scores = new Map<number, number>();
    for (const vector of await storedVectors(this.index, docs)) scores.set(Number(vector.id), cosine(query, vector.values));
    return scores;
  }
}

/** The stored vectors of the docs that have one, `MAX_IDS` ids per call. */
async function storedVectors(index: Vectorize, docs: readonly number[]): Promise<VectorizeVector[]> {
  const found: VectorizeVector[] = [];
  for (let i = 0; i < docs.length; i += MAX_IDS) found.push(...(await index.getByIds(docs.slice(i, i + MAX_IDS).map(String))));
  return found;
}

/** Cosine of two vectors (stored vectors are unit length, but a foreign one need not be). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/** Writes passage vectors, `MAX_UPSERT` per call, each tagged with its article for scoped questions. */
export async function upsertPassageVectors(index: Vectorize, articleId: string, docs: readonly number[], vectors: readonly Float32Array[]) {
  const rows: VectorizeVector[] = docs.map((doc, i) => ({ id: String(doc), values: vectors[i]!, metadata: { articleId } }));
  for (let i = 0; i < rows.length; i += MAX_UPSERT) await index.upsert(rows.slice(i, i + MAX_UPSERT));
}

/** Deletes the vectors of passages no longer stored. */
export async function deletePassageVectors(index: Vectorize, docs: readonly number[]): Promise<void> {
  for (let i = 0; i < docs.length; i += MAX_UPSERT) await index.deleteByIds(docs.slice(i, i + MAX_UPSERT).map(String));
}

/** Which of the docs have a vector stored (a retried change checks before embedding again). */
export async function storedVectorIds(index: Vectorize, docs: readonly number[]): Promise<Set<number>> {
  return new Set((await storedVectors(index, docs)).map((vector) => Number(vector.id)));
}
