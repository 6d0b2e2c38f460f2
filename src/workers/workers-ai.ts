/**
 * Embeddings from Workers AI: `@cf/baai/bge-m3` (1024 dimensions, multilingual, knows
 * Vietnamese) for questions and passages alike, unit length so Vectorize's cosine and the
 * retriever's dot products agree. Workers AI takes at most 100 texts per call.
 *
 * @example
 * const embedder = new WorkersAiEmbedder(env.AI);
 * const q = await embedder.embedQuestion('Chủ tịch nước thăm Chile khi nào?');
 * const passages = await embedder.embedPassages(chunks.map((c) => passageEmbeddingText(title, c.text)));
 */
import type { WorkersAi } from './env.js';

export const BGE_M3 = '@cf/baai/bge-m3';
export const BGE_M3_DIMENSIONS = 1024;
/** Texts per Workers AI call at most. */
export const AI_BATCH = 100;

export class WorkersAiEmbedder {
  constructor(
    private readonly ai: WorkersAi,
    readonly model: string = BGE_M3,
  ) {}

  async embedQuestion(text: string): Promise<Float32Array> {
    const [vector] = await this.embed([text]);
    return vector!;
  }

  embedPassages(texts: string[]): Promise<Float32Array[]> {
    return this.embed(texts);
  }

  private async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += AI_BATCH) {
      const batch = texts.slice(i, i + AI_BATCH);
      const result = await this.ai.run(this.model, { text: batch });
      const rows = result.data;
      if (!Array.isArray(rows) || rows.length !== batch.length) {
        throw new Error(`Workers AI ${this.model} returned ${rows?.length ?? 'no'} embeddings for ${batch.length} texts.`);
      }
      for (const row of rows) vectors.push(unitLength(row));
    }
    return vectors;
  }
}

/** The vector scaled to length 1 (a zero vector stays zero: it matches nothing). */
export function unitLength(values: ArrayLike<number>): Float32Array {
  const vector = Float32Array.from(values);
  let norm = 0;
  for (const v of vector) norm += v * v;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i]! /= norm;
  return vector;
}
