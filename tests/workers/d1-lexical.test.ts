import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, type BuiltIndex } from '../../src/index/build.js';
import type { WeightedTerm } from '../../src/index/lexical.js';
import { passageTerms, queryTerms } from '../../src/index/terms.js';
import { writeArticle } from '../../src/workers/d1-index.js';
import { D1Lexical, D1TermStatistics, matchBudget, type QueryReport } from '../../src/workers/d1-lexical.js';
import { D1Passages } from '../../src/workers/d1-passages.js';
import { ARTICLES, chunksOf, recordOf } from './d1-articles.js';
import { openD1, type TestD1 } from './d1-support.js';

let d1: TestD1;
let node: BuiltIndex;
let passages: D1Passages;
const reports: QueryReport[] = [];
let lexical: D1Lexical;

beforeAll(async () => {
  d1 = await openD1();
  for (const a of ARTICLES) await writeArticle(d1.db, recordOf(a), chunksOf(a));
  node = await buildIndex(ARTICLES);
  passages = new D1Passages(d1.db);
  lexical = new D1Lexical(d1.db, { onQuery: (r) => reports.push(r) });
});
afterAll(() => d1.dispose());

/** Hits as chunk ids with scores: doc numbers differ between the two indexes, chunk ids do not. */
async function d1Search(terms: WeightedTerm[], k: number, articleId?: string, source = lexical) {
  const statistics = await source.statistics(terms.map((t) => t.term));
  const hits = await source.search(terms, k, { statistics, ...(articleId ? { articleId } : {}) });
  const chunks = new Map((await passages.passages(hits.map((h) => h.doc))).map((p) => [p.doc, p.chunk.id]));
  return hits.map((h) => ({ chunk: chunks.get(h.doc), score: h.score }));
}

function nodeSearch(terms: WeightedTerm[], k: number, articleId?: string) {
  const range = articleId ? node.store.rangeOf(articleId) : undefined;
  return node.lexical.search(terms, k, range).map((h) => ({ chunk: node.store.chunk(h.doc).id, score: h.score }));
}

const QUESTIONS = [
  'Chủ tịch nước thăm Chile',
  'Giá vàng miếng SJC hôm nay bao nhiêu?',
  'Giá gạo xuất khẩu loại 5% tấm là bao nhiêu USD?',
  'Hà Nội ghi nhận bao nhiêu ca mắc Covid-19 mới?',
  'Ai là cầu thủ xuất sắc nhất giải?',
  'Thủy điện Hoà Bình xả lũ lúc mấy giờ?',
  'gia lua dong bang song cuu long tang bao nhieu',
  'doi tuyen viet nam thang thai lan may ban',
];

describe('D1Lexical', () => {
  it('ranks and scores every question exactly as the Node index does', async () => {
    for (const question of QUESTIONS) {
      const terms = queryTerms(question);
      const expected = nodeSearch(terms, 10);
      expect(expected.length, question).toBeGreaterThan(0);
      expect(await d1Search(terms, 10), question).toEqual(expected);
    }
  });

  it('gives each term the Node index document frequency and idf', async () => {
    const terms = [...new Set(ARTICLES.flatMap((a) => chunksOf(a).flatMap((c) => passageTerms(a.title, c.text).terms)))];
    const statistics = await lexical.statistics(terms);
    const wrong = terms.filter(
      (t) => statistics.docFrequency(t) !== node.lexical.docFrequency(t) || statistics.idf(t) !== node.lexical.idf(t),
    );
    expect(terms.length).toBeGreaterThan(500);
    expect(wrong).toEqual([]);
    expect(statistics).toBeInstanceOf(D1TermStatistics);
    expect(statistics.passages).toBe(node.lexical.liveCount);
    const lengths = ARTICLES.flatMap((a) => chunksOf(a).map((c) => passageTerms(a.title, c.text).length));
    expect(statistics.avgLength).toBe(lengths.reduce((x, y) => x + y, 0) / lengths.length);
    expect(statistics.docFrequency('không có từ này')).toBe(0);
  });

  it('finds the article of a question typed without diacritics through folded terms', async () => {
    const terms = queryTerms('thuy dien hoa binh xa lu');
    expect(terms.every((t) => t.term.startsWith('~'))).toBe(true);
    const [best] = await d1Search(terms, 3);
    expect(best?.chunk).toBe('thuy-dien-hoa-binh:0');
  });

  it('searches only the given article, all its passages scored as in Node', async () => {
    const terms = queryTerms('giá gạo xuất khẩu và giá vàng');
    const scoped = await d1Search(terms, 10, 'gia-lua-gao');
    expect(scoped.length).toBeGreaterThan(0);
    expect(scoped.every((h) => h.chunk?.startsWith('gia-lua-gao:'))).toBe(true);
    expect(scoped).toEqual(nodeSearch(terms, 10, 'gia-lua-gao'));
    expect(await d1Search(terms, 10, 'khong-co-bai-nay')).toEqual([]);
    expect(reports.at(-1)?.query).toBe('article');
  });

  it('matches only the rarest terms within the postings budget, and still scores candidates on all', async () => {
    const thrifty = new D1Lexical(d1.db, { matchPostings: 1 });
    const terms = queryTerms('Giá vàng miếng SJC hôm nay bao nhiêu?');
    const statistics = await thrifty.statistics(terms.map((t) => t.term));
    const matched = thrifty.matchTerms(terms, statistics);
    expect(matched.length).toBe(1);
    expect(statistics.docFrequency(matched[0]!)).toBe(
      Math.min(...terms.map((t) => statistics.docFrequency(t.term)).filter((df) => df > 0)),
    );
    const [best] = await d1Search(terms, 1, undefined, thrifty);
    expect(best).toEqual(nodeSearch(terms, 1)[0]);
  });

  it('reports rows read and compute time of each query', async () => {
    reports.length = 0;
    await d1Search(queryTerms('Chủ tịch nước thăm Chile'), 5);
    expect(reports.map((r) => r.query)).toEqual(['statistics', 'candidates']);
    expect(reports.every((r) => r.rowsRead > 0 && r.computeMs >= 0)).toBe(true);
  });

  it('looks the statistics up itself when given statistics from elsewhere', async () => {
    const terms = queryTerms('Giá gạo xuất khẩu loại 5% tấm');
    const hits = await lexical.search(terms, 5, { statistics: node.lexical });
    const chunks = new Map((await passages.passages(hits.map((h) => h.doc))).map((p) => [p.doc, p.chunk.id]));
    expect(hits.map((h) => ({ chunk: chunks.get(h.doc), score: h.score }))).toEqual(nodeSearch(terms, 5));
  });

  it('returns nothing for terms no passage holds, or no positive weight', async () => {
    expect(await d1Search([{ term: 'xyzzy', weight: 1 }], 5)).toEqual([]);
    expect(await d1Search([{ term: 'giá', weight: 0 }], 5)).toEqual([]);
  });
});

describe('matchBudget (HOIDAP_MATCH_POSTINGS)', () => {
  it('takes a positive whole number, keeps the default otherwise and says so', () => {
    const warnings: string[] = [];
    const warn = (line: string) => warnings.push(line);
    expect(matchBudget(undefined, warn)).toEqual({});
    expect(matchBudget(' 100000 ', warn)).toEqual({ matchPostings: 100_000 });
    expect(warnings).toEqual([]);
    for (const bad of ['0', '-5', '2.5', 'nhiều']) expect(matchBudget(bad, warn)).toEqual({});
    expect(warnings).toHaveLength(4);
    expect(warnings[3]).toContain('HOIDAP_MATCH_POSTINGS="nhiều"');
  });
});
