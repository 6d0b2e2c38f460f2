import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackRecord } from '../../src/server/feedback.js';
import { writeArticle } from '../../src/workers/d1-index.js';
import { D1FeedbackStore } from '../../src/workers/d1-feedback.js';
import { D1Passages } from '../../src/workers/d1-passages.js';
import { ARTICLES, chunksOf, longArticle, recordOf } from './d1-articles.js';
import { openD1, type TestD1 } from './d1-support.js';

let d1: TestD1;
let passages: D1Passages;
const docs = new Map<string, number[]>();
const LONG = longArticle('quoc-hoi', 4000);

beforeAll(async () => {
  d1 = await openD1();
  for (const a of [...ARTICLES.slice(0, 3), LONG]) docs.set(a.id, (await writeArticle(d1.db, recordOf(a), chunksOf(a))).docs);
  passages = new D1Passages(d1.db);
});
afterAll(() => d1.dispose());

describe('D1Passages', () => {
  it('gives passages in the order asked, with their chunk and article, skipping unknown docs', async () => {
    const [first, second] = docs.get(LONG.id)!;
    const chile = docs.get('chile')![0]!;
    const got = await passages.passages([second!, 999_999, chile, first!]);
    expect(got.map((p) => p.doc)).toEqual([second, chile, first]);
    expect(got[0]!.chunk).toEqual(chunksOf(LONG)[1]);
    expect(got[1]!.chunk).toEqual(chunksOf(ARTICLES[2]!)[0]);
    expect(got[1]!.article).toEqual({
      ...recordOf(ARTICLES[2]!),
      firstChunk: chile,
      chunkCount: 1,
    });
    expect(await passages.passages([])).toEqual([]);
  });

  it('knows which articles are indexed', async () => {
    expect(await passages.hasArticle('chile')).toBe(true);
    expect(await passages.hasArticle('peru')).toBe(false);
  });

  it('lists articles in indexing order, an updated one last', async () => {
    expect((await passages.list(10)).map((a) => a.id)).toEqual(['gia-vang', 'mua-ha-noi', 'chile', 'quoc-hoi']);
    expect((await passages.list(2)).map((a) => a.id)).toEqual(['gia-vang', 'mua-ha-noi']);
    const moved = { ...ARTICLES[0]!, body: `${ARTICLES[0]!.body} Cập nhật lúc 10 giờ.` };
    await writeArticle(d1.db, recordOf(moved, 'hash-2'), chunksOf(moved));
    expect((await passages.list(10)).map((a) => a.id)).toEqual(['mua-ha-noi', 'chile', 'quoc-hoi', 'gia-vang']);
  });

  it('gives one article with its passages in order, undefined when not indexed', async () => {
    const view = await passages.article(LONG.id);
    expect(view?.chunks).toEqual(chunksOf(LONG));
    expect(view?.chunks.length).toBeGreaterThan(3);
    expect(view?.article).toEqual({ ...recordOf(LONG), firstChunk: docs.get(LONG.id)![0], chunkCount: chunksOf(LONG).length });
    expect(await passages.article('peru')).toBeUndefined();
  });
});

describe('D1FeedbackStore', () => {
  it('stores the record, its columns and the whole record as JSON', async () => {
    const record: FeedbackRecord = {
      id: 'f-1',
      at: '2025-06-01T10:00:00.000Z',
      rating: 'down',
      reasons: ['wrong_info'],
      note: 'Sai ngày',
      question: 'Chủ tịch nước thăm Chile ngày nào?',
      answer: 'Ngày 10/11.',
      citations: [{ n: 1, articleId: 'chile', title: 'Chủ tịch nước', url: 'https://example.vn/chile', start: 0, end: 20 }],
      articleId: 'chile',
      scope: 'article',
    };
    await new D1FeedbackStore(d1.db).append(record);
    const row = await d1.db.prepare('SELECT * FROM feedback WHERE id = ?1').bind('f-1').first<Record<string, string>>();
    expect(row).toMatchObject({ id: 'f-1', at: record.at, rating: 'down', article_id: 'chile', question: record.question });
    expect(JSON.parse(row!.record!)).toEqual(record);
    await expect(new D1FeedbackStore(d1.db).append(record)).rejects.toThrow();
  });
});
