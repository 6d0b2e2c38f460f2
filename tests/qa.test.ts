/**
 * QaService's scope decision: under an article (the widget's articleId) the article's own
 * passages answer when they can, the whole site when they cannot — and the question's work is
 * done once: one embedding, one term list, and the extractive answer that decided the scope is
 * the answer given.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ExtractiveAnswerer, type Answerer } from '../src/answer/answerer.js';
import { citationOf } from '../src/answer/extractive.js';
import { loadConfig } from '../src/config.js';
import type { AskResponse, StreamEvent } from '../src/contract.js';
import { buildIndex, type BuiltIndex } from '../src/index/build.js';
import { HybridRetriever } from '../src/node/memory-index.js';
import { DEFAULT_HNSW, HnswVectorIndex } from '../src/node/hnsw.js';
import { createEmbedder } from '../src/node/runtime.js';
import { MISSING_ARTICLES_REMEMBERED, QaService } from '../src/qa.js';
import { NEWS } from './support/news-fixtures.js';

const SANTIAGO = 'Chủ tịch nước Lương Cường tiếp bà Paulina Vodanovic ở đâu?';
const LIMA = 'Tổng thống Peru trao Huân chương Mặt trời Peru cho Chủ tịch nước ở đâu?';

let index: BuiltIndex;
let qa: QaService;

beforeAll(async () => {
  index = await buildIndex(NEWS);
  qa = new QaService({ retriever: new HybridRetriever({ store: index.store, lexical: index.lexical }) });
});

afterEach(() => vi.restoreAllMocks());

const cited = (response: AskResponse) => [...new Set(response.citations.map((c) => c.articleId))];

describe('QaService under an article', () => {
  it('answers from the article itself when its passages hold the answer', async () => {
    const response = await qa.ask({ question: SANTIAGO, articleId: 'chile' });
    expect(response).toMatchObject({ found: true, scope: 'article' });
    expect(cited(response)).toEqual(['chile']);
    expect(response.answer).toContain('Santiago de Chile');
  });

  it('falls back to the whole site when the article cannot answer, and says so', async () => {
    // Asked under the gold-price article: only the Peru article knows.
    const response = await qa.ask({ question: LIMA, articleId: 'gia-vang' });
    expect(response).toMatchObject({ found: true, scope: 'site' });
    expect(cited(response)).toEqual(['peru']);
    expect(response.answer).toContain('Lima');
  });

  it('answers site-wide for an article the index does not have, with a notice saying so', async () => {
    const response = await qa.ask({ question: SANTIAGO, articleId: 'khong-co-bai-nay' });
    expect(response).toMatchObject({ found: true, scope: 'site' });
    expect(cited(response)).toEqual(['chile']);
    expect(response.notice).toEqual({
      code: 'article_not_indexed',
      message: 'Bài viết "khong-co-bai-nay" chưa có trong chỉ mục: câu trả lời được tìm trên toàn trang.',
    });
    // An indexed article, even one that cannot answer and falls back to the site, gets no notice.
    expect((await qa.ask({ question: SANTIAGO, articleId: 'chile' })).notice).toBeUndefined();
    expect((await qa.ask({ question: LIMA, articleId: 'gia-vang' })).notice).toBeUndefined();
    expect((await qa.ask({ question: SANTIAGO })).notice).toBeUndefined();
  });

  it('streams the notice in meta, before anything else, and in done', async () => {
    const events: StreamEvent[] = [];
    for await (const event of qa.askStream({ question: SANTIAGO, articleId: 'khong-co-bai-nay' })) events.push(event);
    const notice = { code: 'article_not_indexed', message: expect.stringContaining('"khong-co-bai-nay"') as unknown };
    expect(events[0]).toEqual({ type: 'meta', answerer: 'extractive', scope: 'site', notice });
    expect(events.at(-1)).toMatchObject({ type: 'done', response: { found: true, scope: 'site', notice } });
  });

  it('logs an article missing from the index once, on one line, and forgets the oldest past its memory', async () => {
    const lines: string[] = [];
    const logged = new QaService({ retriever: qa.options.retriever, log: (line) => lines.push(line) });
    await logged.ask({ question: SANTIAGO, articleId: 'bai-moi' });
    await logged.ask({ question: LIMA, articleId: 'bai-moi' });
    await logged.ask({ question: SANTIAGO, articleId: 'chile' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^article "bai-moi" is not in the index: questions asked under it are answered from the whole site/);
    // The id comes from the request: a newline in it must not forge a second log line.
    await logged.ask({ question: SANTIAGO, articleId: 'gia\ndeleted: everything' });
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('"gia\\ndeleted: everything"');
    expect(lines[1]).not.toContain('\n');

    // Memory is bounded: once as many other ids were reported, the first is forgotten and logged again.
    for (let i = 0; i < MISSING_ARTICLES_REMEMBERED; i++) await logged.ask({ question: 'Chủ tịch nước', articleId: `bai-${i}`, k: 1 });
    expect(lines).toHaveLength(2 + MISSING_ARTICLES_REMEMBERED);
    await logged.ask({ question: 'Chủ tịch nước', articleId: `bai-${MISSING_ARTICLES_REMEMBERED - 1}`, k: 1 });
    expect(lines).toHaveLength(2 + MISSING_ARTICLES_REMEMBERED);
    await logged.ask({ question: 'Chủ tịch nước', articleId: 'bai-moi', k: 1 });
    expect(lines).toHaveLength(3 + MISSING_ARTICLES_REMEMBERED);
  });

  it('stays with the article, refusing, when neither the article nor the site can answer', async () => {
    // The weather article shares words with the question but holds no forecast for next week.
    const response = await qa.ask({ question: 'Hà Nội tuần sau có bão không, nhiệt độ cao nhất bao nhiêu?', articleId: 'mua-ha-noi' });
    expect(response).toMatchObject({ found: false, scope: 'article', citations: [] });
  });

  it('asks no scope without an articleId', async () => {
    const response = await qa.ask({ question: SANTIAGO });
    expect(response.found).toBe(true);
    expect(response.scope).toBeUndefined();
  });

  it('computes the extractive answer once per side searched, and gives the one that decided', async () => {
    const answerNow = vi.spyOn(ExtractiveAnswerer.prototype, 'answerNow');
    await qa.ask({ question: SANTIAGO, articleId: 'chile' });
    expect(answerNow).toHaveBeenCalledTimes(1); // the article answered: that answer is the response
    answerNow.mockClear();
    await qa.ask({ question: LIMA, articleId: 'gia-vang' });
    expect(answerNow).toHaveBeenCalledTimes(2); // the article, then the site: nothing a third time
    answerNow.mockClear();
    await qa.ask({ question: SANTIAGO, articleId: 'khong-co-bai-nay' });
    expect(answerNow).toHaveBeenCalledTimes(1); // an article not indexed is not searched: the site only
  });

  it('lets another answerer write the answer under an article: the scope decision only decides the scope', async () => {
    // A second answerer of our own (the seam an LLM answerer plugs into), quoting the first passage it is given.
    const firstPassage: Answerer = {
      name: 'first-passage',
      async answer(input) {
        const hit = input.hits[0]!;
        return { answer: `${hit.chunk.text} [1]`, found: true, citations: [citationOf(hit, 1)], answerer: this.name };
      },
      async *stream(input) {
        const result = await this.answer(input);
        yield { type: 'citations', citations: result.citations };
        yield { type: 'text', text: result.answer };
        return result;
      },
    };
    const other = new QaService({ retriever: qa.options.retriever, answerer: firstPassage });
    const response = await other.ask({ question: LIMA, articleId: 'gia-vang' });
    expect(response).toMatchObject({ answerer: 'first-passage', scope: 'site', found: true });
    expect(response.answer).toBe(`${NEWS.find((a) => a.id === 'peru')!.body} [1]`);
  });

  it('streams the same answer as it returns, in meta → citations → text → done order', async () => {
    const request = { question: LIMA, articleId: 'gia-vang' };
    const events: StreamEvent[] = [];
    for await (const event of qa.askStream(request)) events.push(event);
    expect(events.map((e) => e.type).filter((t, i, all) => all.indexOf(t) === i)).toEqual(['meta', 'citations', 'text', 'done']);
    expect(events[0]).toEqual({ type: 'meta', answerer: 'extractive', scope: 'site' });
    const done = events.at(-1) as Extract<StreamEvent, { type: 'done' }>;
    const text = events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('');
    expect(text.trim()).toBe(done.response.answer);
    const { tookMs: _streamed, ...streamed } = done.response;
    const { tookMs: _asked, ...asked } = await qa.ask(request);
    expect(streamed).toEqual(asked);
  });

  it('keeps the request k within 1–20 and defaults it to 5', async () => {
    const many = await qa.askWithHits({ question: 'Chủ tịch nước', k: 500 });
    expect(many.hits.length).toBeLessThanOrEqual(20);
    expect(qa.k).toBe(5);
    expect(qa.mode).toBe('lexical'); // no vectors in this index
  });
});

describe('QaService with the real embedding model', () => {
  it('embeds a question once, although under an article it searches twice', async () => {
    const embedder = createEmbedder(loadConfig({}).config);
    const withVectors = await buildIndex(NEWS, {
      embedder,
      createVectorIndex: (dims) => HnswVectorIndex.create(dims, { ...DEFAULT_HNSW, ef: 50 }),
    });
    const embedQuestion = vi.spyOn(embedder, 'embedQuestion');
    const hybrid = new QaService({ retriever: new HybridRetriever({ ...withVectors, embedder }) });
    expect(hybrid.mode).toBe('hybrid');
    const response = await hybrid.ask({ question: LIMA, articleId: 'gia-vang' });
    expect(response).toMatchObject({ found: true, scope: 'site' });
    expect(embedQuestion).toHaveBeenCalledTimes(1);
    expect(embedQuestion).toHaveBeenCalledWith(LIMA);
  });
});
