import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { passageTerms, queryTerms } from '../../src/index/terms.js';
import { D1_LIMITS, deleteArticle, indexStats, writeArticle } from '../../src/workers/d1-index.js';
import { D1Lexical } from '../../src/workers/d1-lexical.js';
import { ftsToken } from '../../src/workers/fts-terms.js';
import { ARTICLES, chunksOf, longArticle, recordOf } from './d1-articles.js';
import { openD1, recording, type TestD1 } from './d1-support.js';
import { article, GIA_VANG } from '../support/news-fixtures.js';

let d1: TestD1;
beforeEach(async () => {
  d1 = await openD1();
});
afterEach(() => d1.dispose());

async function search(question: string, k = 10) {
  const lexical = new D1Lexical(d1.db);
  const terms = queryTerms(question);
  return lexical.search(terms, k, { statistics: await lexical.statistics(terms.map((t) => t.term)) });
}

async function stats() {
  return d1.db.prepare('SELECT passages, total_length AS totalLength FROM stats').first<{ passages: number; totalLength: number }>();
}

const GIA_VANG_MOI = { ...GIA_VANG, body: 'Chiều 13/3, giá bạc miếng giảm còn 2 triệu đồng mỗi lượng. Thị trường kim loại quý trầm lắng.' };

describe('writeArticle', () => {
  it('adds an article: docs in chunk order, passages and statistics counted', async () => {
    const a = longArticle('quoc-hoi', 3000);
    const chunks = chunksOf(a);
    expect(chunks.length).toBeGreaterThan(1);
    const written = await writeArticle(d1.db, recordOf(a), chunks);
    expect(written.status).toBe('added');
    expect(written.removed).toEqual([]);
    expect(written.docs).toHaveLength(chunks.length);
    expect(written.docs).toEqual([...written.docs].sort((x, y) => x - y));
    const length = chunks.reduce((sum, c) => sum + passageTerms(a.title, c.text).length, 0);
    expect(await stats()).toEqual({ passages: chunks.length, totalLength: length });
    expect(await indexStats(d1.db)).toEqual({ articles: 1, chunks: chunks.length });
  });

  it('detects an unchanged article by its hash and writes nothing', async () => {
    const first = await writeArticle(d1.db, recordOf(GIA_VANG), chunksOf(GIA_VANG));
    const again = await writeArticle(d1.db, recordOf(GIA_VANG), chunksOf(GIA_VANG));
    expect(again).toEqual({ status: 'unchanged', docs: first.docs, removed: [] });
    expect(await indexStats(d1.db)).toEqual({ articles: 1, chunks: first.docs.length });
  });

  it('replaces an updated article: new docs, old passages gone from search and statistics', async () => {
    await writeArticle(d1.db, recordOf(ARTICLES[1]!), chunksOf(ARTICLES[1]!));
    const first = await writeArticle(d1.db, recordOf(GIA_VANG), chunksOf(GIA_VANG));
    expect((await search('giá vàng miếng SJC')).map((h) => h.doc)).toContain(first.docs[0]);
    const updated = await writeArticle(d1.db, recordOf(GIA_VANG_MOI, 'hash-2'), chunksOf(GIA_VANG_MOI));
    expect(updated.status).toBe('updated');
    expect(updated.removed).toEqual(first.docs);
    expect(Math.min(...updated.docs)).toBeGreaterThan(Math.max(...first.docs));
    // The old version's own words ("SJC", "92") are found nowhere any more.
    expect(await search('vàng miếng SJC 92 triệu')).not.toContainEqual(expect.objectContaining({ doc: first.docs[0] }));
    expect(await search('SJC 92')).toEqual([]);
    expect((await search('giá bạc miếng')).map((h) => h.doc)).toEqual(updated.docs);
    const lexical = new D1Lexical(d1.db);
    expect((await lexical.statistics(['sjc'])).docFrequency('sjc')).toBe(0);
    const length = [ARTICLES[1]!, GIA_VANG_MOI].reduce(
      (sum, a) => sum + chunksOf(a).reduce((s, c) => s + passageTerms(a.title, c.text).length, 0),
      0,
    );
    expect(await stats()).toEqual({ passages: chunksOf(ARTICLES[1]!).length + updated.docs.length, totalLength: length });
  });

  it('keeps every statement of a 40 KB article within D1 limits, all its passages searchable', async () => {
    const big = longArticle('quoc-hoi-40kb', 40_000);
    expect(Buffer.byteLength(big.body)).toBeGreaterThanOrEqual(40_000);
    const { db, bound } = recording(d1.db);
    const chunks = chunksOf(big);
    const written = await writeArticle(db, recordOf(big), chunks);
    expect(written.docs).toHaveLength(chunks.length);
    expect(bound.filter((s) => s.sql.includes('INSERT INTO passage_terms')).length).toBeGreaterThan(1);
    for (const s of bound) {
      expect(s.params.length).toBeLessThanOrEqual(D1_LIMITS.parameters);
      expect(s.bytes).toBeLessThanOrEqual(100_000);
    }
    const rows = await d1.db
      .prepare('SELECT count(*) AS n FROM passage_terms WHERE passage_terms MATCH ?1')
      .bind('"~dak_lak"')
      .first<{ n: number }>();
    expect(rows?.n).toBe(chunks.length);
  });

  it('stores every term the Node index makes as one FTS5 token: digits, đ, accents, decomposed input', async () => {
    const odd = article('ky-tu', 'ĐẮK LẮK Covid-19 hoà'.normalize('NFD'), 'Năm 2024, 1.000 người ở Đà Nẵng; thuỷ điện Sơn La, ngày 3/4.');
    await writeArticle(d1.db, recordOf(odd), chunksOf(odd));
    const terms = new Set(chunksOf(odd).flatMap((c) => passageTerms(odd.title, c.text).terms.map(ftsToken)));
    expect([...terms]).toEqual(expect.arrayContaining(['đắk_lắk', '~dak_lak', 'covid', '19', 'hòa', '2024', 'đà_nẵng', 'thủy']));
    const { results } = await d1.db.prepare('SELECT term FROM passage_vocab').all<{ term: string }>();
    expect(new Set(results.map((r) => r.term))).toEqual(terms);
  });
});

describe('deleteArticle', () => {
  it('removes the article, its passages and terms; undefined when absent', async () => {
    await writeArticle(d1.db, recordOf(ARTICLES[1]!), chunksOf(ARTICLES[1]!));
    const written = await writeArticle(d1.db, recordOf(GIA_VANG), chunksOf(GIA_VANG));
    expect(await deleteArticle(d1.db, GIA_VANG.id)).toEqual(written.docs);
    expect(await search('giá vàng miếng SJC')).toEqual([]);
    expect(await indexStats(d1.db)).toEqual({ articles: 1, chunks: chunksOf(ARTICLES[1]!).length });
    expect(await deleteArticle(d1.db, GIA_VANG.id)).toBeUndefined();
    expect(await deleteArticle(d1.db, 'khong-co')).toBeUndefined();
  });
});
