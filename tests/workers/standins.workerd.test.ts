/**
 * The stand-ins for Workers AI and Vectorize, through the bindings the Worker sees (service
 * bindings to the entrypoints of src/workers/standins/), and the adapters over them.
 */
import { describe, expect, it } from 'vitest';
import { standInRun } from '../../src/workers/standins/ai.js';
import { MemoryVectorIndex } from '../../src/workers/standins/memory-vector-index.js';
import { VectorizeSource } from '../../src/workers/vectorize.js';
import { BGE_M3, WorkersAiEmbedder } from '../../src/workers/workers-ai.js';
import { env } from './bindings.js';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, v, i) => sum + v * b[i]!, 0);

describe('the Workers AI stand-in', () => {
  const embedder = new WorkersAiEmbedder(env.AI);

  it('embeds into 1024 unit-length dimensions, the same text the same way', async () => {
    const [a, b] = await embedder.embedPassages(['Mưa lũ ở Quảng Ngãi', 'Mưa lũ ở Quảng Ngãi']);
    expect(a!.length).toBe(1024);
    expect(dot(a!, a!)).toBeCloseTo(1, 5);
    expect(Array.from(a!)).toEqual(Array.from(b!));
  });

  it('puts a question typed without diacritics near its accented twin, far from another topic', async () => {
    const accented = await embedder.embedQuestion('Bao nhiêu hộ dân ở Quảng Ngãi phải sơ tán?');
    const bare = await embedder.embedQuestion('bao nhieu ho dan o quang ngai phai so tan');
    const other = await embedder.embedQuestion('Chủ tịch nước dự hội nghị APEC tại Peru');
    expect(dot(accented, bare)).toBeGreaterThan(0.6);
    expect(dot(accented, other)).toBeLessThan(0.2);
  });

  // Refusals are checked on the stand-in's function, not over the binding: the test pool reports
  // an error thrown by an entrypoint it wraps as unhandled, even when the caller handles it.
  it('refuses another model and more than 100 texts, as Workers AI does', async () => {
    expect(() => standInRun('@cf/baai/bge-small-en-v1.5', { text: ['xin chào'] })).toThrow(/bge-m3/);
    expect(() => standInRun(BGE_M3, { text: Array<string>(101).fill('xin chào') })).toThrow(/at most 100/);
    // The embedder splits large batches itself.
    expect(await embedder.embedPassages(Array<string>(150).fill('xin chào'))).toHaveLength(150);
  });
});

describe('the Vectorize stand-in behind VectorizeSource', () => {
  const vectors = new VectorizeSource(env.VECTORIZE);
  const unit = (i: number) => Float32Array.from({ length: 1024 }, (_, j) => (j === i ? 1 : 0));

  it('searches all passages or one article’s, and gives cosines of given passages', async () => {
    await env.VECTORIZE.upsert([
      { id: '900001', values: unit(1), metadata: { articleId: 'bai-a' } },
      { id: '900002', values: unit(2), metadata: { articleId: 'bai-b' } },
      {
        id: '900003',
        values: Float32Array.from({ length: 1024 }, (_, j) => (j === 1 || j === 2 ? Math.SQRT1_2 : 0)),
        metadata: { articleId: 'bai-b' },
      },
    ]);
    const everywhere = await vectors.search(unit(1), 2);
    expect(everywhere.map((h) => h.doc)).toEqual([900001, 900003]);
    expect(everywhere[0]!.score).toBeCloseTo(1, 5);
    const scoped = await vectors.search(unit(1), 5, 'bai-b');
    expect(scoped.map((h) => h.doc)).toEqual([900003, 900002]);
    const cosines = await vectors.similarity(unit(2), [900001, 900003, 999999]);
    expect([...cosines.keys()].sort()).toEqual([900001, 900003]);
    expect(cosines.get(900003)).toBeCloseTo(Math.SQRT1_2, 5);
    await env.VECTORIZE.deleteByIds(['900001', '900002', '900003']);
    expect(await vectors.similarity(unit(2), [900001])).toEqual(new Map());
  });

  it('keeps Vectorize’s limits: topK over 100, or over 20 with values; 1,000 vectors per upsert', () => {
    const index = new MemoryVectorIndex();
    expect(() => index.query(unit(1), { topK: 101 })).toThrow(/topK/);
    expect(() => index.query(unit(1), { topK: 21, returnValues: true })).toThrow(/topK/);
    expect(index.query(unit(1), { topK: 20, returnValues: true }).count).toBe(0);
    const rows = Array.from({ length: 1001 }, (_, i) => ({ id: String(i), values: unit(1) }));
    expect(() => index.upsert(rows)).toThrow(/1000/);
    index.upsert(rows.slice(0, 1000));
    expect(index.size).toBe(1000);
  });
});
