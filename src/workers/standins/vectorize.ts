/**
 * The stand-in for a Vectorize index (`env.VECTORIZE`): a named entrypoint that the test
 * environment binds over a service binding (wrangler.toml `[env.test]`), serving one
 * {@link MemoryVectorIndex} per isolate with the same call shapes as the real binding.
 *
 * The vectors live as long as the isolate: `npm run dev:workers` starts from fresh local state
 * and reloads the corpus, so D1 and the index never disagree after a restart.
 */
import { WorkerEntrypoint } from 'cloudflare:workers';
import type { VectorizeMatches, VectorizeQueryOptions, VectorizeVector } from '@cloudflare/workers-types/index.ts';
import { MemoryVectorIndex } from './memory-vector-index.js';

/** The index of this isolate, shared by every call of the entrypoint (the one piece of module state). */
const index = new MemoryVectorIndex();

export class StandInVectorize extends WorkerEntrypoint {
  async query(vector: number[] | Float32Array, options?: VectorizeQueryOptions): Promise<VectorizeMatches> {
    return index.query(vector, options);
  }

  async getByIds(ids: string[]): Promise<VectorizeVector[]> {
    return index.getByIds(ids);
  }

  async upsert(rows: VectorizeVector[]): Promise<{ mutationId: string }> {
    index.upsert(rows);
    return { mutationId: crypto.randomUUID() };
  }

  async deleteByIds(ids: string[]): Promise<{ mutationId: string }> {
    index.deleteByIds(ids);
    return { mutationId: crypto.randomUUID() };
  }

  /** How many vectors the stand-in holds (tests check deletions with it; the real index has `describe`). */
  async count(): Promise<number> {
    return index.size;
  }
}
