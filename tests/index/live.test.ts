/**
 * Article updates through the live index, with the shipped model and hnswlib: answerable at
 * once, corrections replace the old text, deletes remove it, unchanged chunks keep their
 * vectors, and a saved index plus its journal reload to the same answers without re-embedding.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Article } from '../../src/corpus/article.js';
import { readCorpus } from '../../src/node/corpus-files.js';
import { buildIndex } from '../../src/index/build.js';
import { compact, LiveIndex } from '../../src/index/live.js';
import { HybridRetriever } from '../../src/index/retriever.js';
import { QaService } from '../../src/qa.js';
import { loadConfig } from '../../src/config.js';
import { createEmbedder } from '../../src/node/runtime.js';
import { HnswVectorIndex } from '../../src/node/hnsw.js';
import { Journal, readJournal } from '../../src/node/journal.js';
import { loadIndex, saveIndex } from '../../src/node/persist.js';
import type { TransformersEmbedder } from '../../src/embed/embedder.js';

let embedder: TransformersEmbedder;
let dir: string;
const createVectorIndex = (d: number) => HnswVectorIndex.create(d);

const meta = {
  corpusHash: 'test',
  corpus: ['corpus'],
  counts: { articles: 0, chunks: 0, skipped: 0 },
  pipelineVersion: 'test',
  hnsw: { m: 16, efConstruction: 200, ef: 100 },
};

const cauMoi = (body: string): Article => ({
  id: 'cau-tu-lien',
  title: 'Khánh thành cầu Tứ Liên bắc qua sông Hồng',
  body,
  url: 'https://example.vn/cau-tu-lien',
  publishedAt: '2026-11-20T09:00:00+07:00',
  origin: 'test',
});
const FIRST =
  'Sáng 20/11, Hà Nội khánh thành cầu Tứ Liên dài 5,2 km với tổng vốn 19.000 tỷ đồng.\n\nCầu có sáu làn xe và nối quận Tây Hồ với huyện Đông Anh.';
const CORRECTED =
  'Sáng 20/11, Hà Nội khánh thành cầu Tứ Liên dài 5,4 km với tổng vốn 19.000 tỷ đồng.\n\nCầu có sáu làn xe và nối quận Tây Hồ với huyện Đông Anh.';

beforeAll(async () => {
  embedder = createEmbedder(loadConfig({}).config);
  dir = mkdtempSync(join(tmpdir(), 'hoidap-live-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function seedIndex() {
  const { articles } = await readCorpus(['corpus']);
  return buildIndex(articles, { embedder, createVectorIndex });
}

function serviceOver(index: Parameters<typeof compact>[0]) {
  return new QaService({ retriever: new HybridRetriever(Object.assign(index, { embedder })) });
}

describe('LiveIndex', () => {
  it('answers from an added article, then its correction, and forgets it when deleted', async () => {
    const index = await seedIndex();
    const qa = serviceOver(index);
    const live = new LiveIndex(index, { embedder, createVectorIndex });
    const question = 'Cầu Tứ Liên dài bao nhiêu km?';
    expect((await qa.ask({ question })).found).toBe(false);

    expect(await live.upsert(cauMoi(FIRST))).toMatchObject({ status: 'added', chunks: 1, embedded: 1, reused: 0 });
    let res = await qa.ask({ question });
    expect(res.found).toBe(true);
    expect(res.citations[0]!.articleId).toBe('cau-tu-lien');
    expect(res.answer).toContain('5,2 km');

    expect((await live.upsert(cauMoi(CORRECTED))).status).toBe('updated');
    res = await qa.ask({ question });
    expect(res.answer).toContain('5,4 km');
    expect(res.answer).not.toContain('5,2 km');

    expect(await live.remove('cau-tu-lien')).toBe(true);
    res = await qa.ask({ question });
    expect(res.found).toBe(false);
    expect(await live.remove('cau-tu-lien')).toBe(false);
  });

  it('does nothing for an unchanged article and re-embeds only changed chunks', async () => {
    const index = await seedIndex();
    const live = new LiveIndex(index, { embedder, createVectorIndex });
    const long = Array.from(
      { length: 8 },
      (_, i) => `Đoạn ${i + 1}: ${'Người dân hai bờ sông Hồng đi lại thuận tiện hơn nhờ cây cầu mới. '.repeat(4)}`,
    ).join('\n\n');
    const first = await live.upsert(cauMoi(long));
    expect(first.chunks).toBeGreaterThan(2);
    expect(await live.upsert(cauMoi(long))).toEqual({ status: 'unchanged', chunks: first.chunks, embedded: 0, reused: 0 });
    const edited = long.replace('Đoạn 8:', 'Đoạn tám:');
    const second = await live.upsert(cauMoi(edited));
    expect(second).toMatchObject({ status: 'updated', chunks: first.chunks });
    expect(second.embedded).toBe(1);
    expect(second.reused).toBe(first.chunks - 1);
  });

  it('applies concurrent changes one at a time, in order', async () => {
    const index = await seedIndex();
    const live = new LiveIndex(index, { embedder, createVectorIndex });
    const results = await Promise.all([live.upsert(cauMoi(FIRST)), live.upsert(cauMoi(CORRECTED)), live.remove('cau-tu-lien')]);
    expect(results.map((r) => (typeof r === 'boolean' ? r : r.status))).toEqual(['added', 'updated', true]);
    expect(index.store.article('cau-tu-lien')).toBeUndefined();
  });

  it('compacts holes away without re-embedding, and answers the same', async () => {
    const index = await seedIndex();
    const live = new LiveIndex(index, { embedder, createVectorIndex });
    await live.upsert(cauMoi(FIRST));
    await live.upsert(cauMoi(CORRECTED));
    expect(index.store.docCount).toBeGreaterThan(index.store.chunkCount);
    const compacted = compact(index, createVectorIndex);
    expect(compacted.store.docCount).toBe(compacted.store.chunkCount);
    expect(compacted.vectors!.size).toBe(compacted.store.chunkCount);
    const res = await serviceOver(compacted).ask({ question: 'Cầu Tứ Liên dài bao nhiêu km?' });
    expect(res.answer).toContain('5,4 km');
  });
});

describe('the journal', () => {
  it('replays changes after a reload, with their vectors, and ignores a torn last line', async () => {
    const index = await seedIndex();
    const manifest = saveIndex(dir, index, { ...meta, model: { id: embedder.model, dimensions: index.vectors!.dimensions } });
    const journal = Journal.open(join(dir, manifest.files.journal));
    const live = new LiveIndex(index, { embedder, createVectorIndex, journal: (r) => journal.append(r) });
    await live.upsert(cauMoi(FIRST));
    await live.upsert(cauMoi(CORRECTED));
    journal.close();
    // A process killed in the middle of an append leaves half a line.
    appendFileSync(join(dir, manifest.files.journal), '{"op":"delete","id":"cau-tu-');
    expect(readJournal(join(dir, manifest.files.journal)).records).toHaveLength(2);

    const reloaded = await loadIndex(dir);
    expect(reloaded.journaled).toBe(2);
    expect(reloaded.store.article('cau-tu-lien')?.chunkCount).toBe(1);
    const res = await serviceOver(reloaded).ask({ question: 'Cầu Tứ Liên dài bao nhiêu km?' });
    expect(res.answer).toContain('5,4 km');
    expect(res.citations[0]!.articleId).toBe('cau-tu-lien');
    // Reopening for append cuts the torn line off, so the next record starts on a clean line.
    const again = Journal.open(join(dir, manifest.files.journal));
    again.append({ op: 'delete', id: 'cau-tu-lien', at: '2026-11-22T00:00:00Z' });
    again.close();
    expect(readJournal(join(dir, manifest.files.journal)).records).toHaveLength(3);
    expect((await loadIndex(dir)).store.article('cau-tu-lien')).toBeUndefined();
  });

  it('saves a new generation that loads without the journal', async () => {
    const index = await seedIndex();
    const live = new LiveIndex(index, { embedder, createVectorIndex });
    await live.upsert(cauMoi(FIRST));
    await live.remove('apec-peru-2024-11-16');
    saveIndex(dir, index, { ...meta, model: { id: embedder.model, dimensions: index.vectors!.dimensions } });
    const reloaded = await loadIndex(dir);
    expect(reloaded.journaled).toBe(0);
    expect(reloaded.store.article('apec-peru-2024-11-16')).toBeUndefined();
    expect(reloaded.store.articleCount).toBe(2);
    const qa = serviceOver(reloaded);
    expect(
      (await qa.ask({ question: 'Ai trao Huân chương Mặt trời Peru cho Chủ tịch nước?' })).citations.every(
        (c) => c.articleId !== 'apec-peru-2024-11-16',
      ),
    ).toBe(true);
    expect((await qa.ask({ question: 'Cầu Tứ Liên nối những đâu?' })).citations[0]?.articleId).toBe('cau-tu-lien');
  });
});
