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
import { compact, LiveIndex, type ChangeRecord } from '../../src/index/live.js';
import { HybridRetriever } from '../../src/node/memory-index.js';
import { QaService } from '../../src/qa.js';
import { loadConfig } from '../../src/config.js';
import { createEmbedder } from '../../src/node/runtime.js';
import { HnswVectorIndex } from '../../src/node/hnsw.js';
import { Journal, readJournal } from '../../src/node/journal.js';
import { loadIndex, saveIndex } from '../../src/node/persist.js';
import type { TransformersEmbedder } from '../../src/node/embedder.js';
import { loadReader } from '../../src/node/reader.js';
import { readerChecker, Suggester } from '../../src/index/suggest-check.js';
import type { Reader } from '../../src/answer/reader/reader.js';

let embedder: TransformersEmbedder;
let reader: Reader;
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
  reader = await loadReader('models/hoidap-reader/reader.json');
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

describe('suggested questions of a live update', () => {
  const LEAD =
    'Sáng 20/11, tại quận Tây Hồ, UBND TP Hà Nội đã khánh thành cầu Tứ Liên bắc qua sông Hồng. Cầu Tứ Liên dài 5,2 km với tổng vốn 19.000 tỷ đồng.';

  it('are checked by the reader against the new text, journaled, and answered by the service under the article', async () => {
    const index = await seedIndex();
    const records: ChangeRecord[] = [];
    const suggester = new Suggester({ check: readerChecker(reader) });
    const live = new LiveIndex(index, { embedder, createVectorIndex, suggester, journal: (r) => void records.push(r) });
    await live.upsert(cauMoi(LEAD));
    const suggestions = index.store.article('cau-tu-lien')!.suggestions!;
    // By wording alone both would be suggested; the reader answers "Cầu Tứ Liên dài bao nhiêu?"
    // with "tổng vốn 19.000 tỷ đồng", and "Ai …?" with "20/11, tại quận Tây Hồ, UBND TP Hà Nội".
    expect(suggester.pick(suggester.candidates(cauMoi(LEAD)))).toEqual([
      'Ai đã khánh thành cầu Tứ Liên bắc qua sông Hồng?',
      'Cầu Tứ Liên dài bao nhiêu?',
    ]);
    expect(suggestions).toEqual(['UBND TP Hà Nội khánh thành cầu Tứ Liên bắc qua sông Hồng khi nào?']);
    // Replaying the journal restores them without running the reader.
    expect(records[0]).toMatchObject({ op: 'put', article: { suggestions } });

    const qa = new QaService({ retriever: new HybridRetriever(Object.assign(index, { embedder })), reader: { reader } });
    const answers = await Promise.all(suggestions.map((question) => qa.ask({ question, articleId: 'cau-tu-lien' })));
    expect(answers.map((a) => [a.found, a.scope, a.citations[a.shortAnswer!.n - 1]!.articleId])).toEqual(
      suggestions.map(() => [true, 'article', 'cau-tu-lien']),
    );
    expect(answers.map((a) => a.shortAnswer!.text)).toEqual(['20/11']);

    // A correction is checked again, against its own text.
    await live.upsert(cauMoi(LEAD.replace('Sáng 20/11', 'Sáng 21/11')));
    expect(index.store.article('cau-tu-lien')!.suggestions).toEqual(suggestions);
    expect(records).toHaveLength(2);
    expect((await qa.ask({ question: suggestions[0]!, articleId: 'cau-tu-lien' })).shortAnswer!.text).toContain('21/11');
  });

  it('are left out without a suggester, as before', async () => {
    const index = await seedIndex();
    await new LiveIndex(index, { embedder, createVectorIndex }).upsert(cauMoi(LEAD));
    expect(index.store.article('cau-tu-lien')!.suggestions).toBeUndefined();
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
