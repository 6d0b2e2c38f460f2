import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { buildIndex } from '../../src/index/build.js';
import { HybridRetriever } from '../../src/node/memory-index.js';
import { QaService } from '../../src/qa.js';
import { createApp } from '../../src/server/app.js';
import { GIA_VANG, MUA_HA_NOI } from '../support/news-fixtures.js';
import type { Article } from '../../src/corpus/article.js';

// A lexical-only index over two small articles: the API's contract does not depend on the model.
const articles: Article[] = [GIA_VANG, MUA_HA_NOI];

let server: ServerType;
let base: string;

beforeAll(async () => {
  const index = await buildIndex(articles);
  const qa = new QaService({ retriever: new HybridRetriever({ store: index.store, lexical: index.lexical }) });
  const app = createApp({ qa, health: () => ({ articles: 2, chunks: index.store.chunks.length, model: null }), logError: () => {} });
  await new Promise<void>((ready) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ready());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((done) => server.close(() => done())));

const ask = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${base}/api/ask`, { method: 'POST', body, headers });

describe('POST /api/ask over real HTTP', () => {
  it('answers with a cited passage', async () => {
    const res = await ask(JSON.stringify({ question: 'Giá vàng miếng SJC bao nhiêu một lượng?' }));
    expect(res.status).toBe(200);
    const json = (await res.json()) as {
      found: boolean;
      answer: string;
      citations: { articleId: string; passage: string; n: number }[];
      tookMs: number;
    };
    expect(json.found).toBe(true);
    expect(json.answer).toContain('92 triệu đồng');
    expect(json.answer).toContain('[1]');
    expect(json.citations[0]).toMatchObject({ n: 1, articleId: 'gia-vang' });
    expect(typeof json.tookMs).toBe('number');
  });

  it('says plainly when nothing relevant is found', async () => {
    const res = await ask(JSON.stringify({ question: 'Đội tuyển bóng đá Việt Nam vô địch AFF Cup năm nào?' }));
    const json = (await res.json()) as { found: boolean; answer: string; citations: unknown[] };
    expect(json).toMatchObject({ found: false, citations: [] });
    expect(json.answer).toMatch(/^Chưa tìm thấy thông tin/);
  });

  it.each([
    ['a body that is not JSON', '{"question": "Giá vàng', 'invalid_json'],
    ['a JSON array', '["Giá vàng?"]', 'invalid_body'],
    ['a missing question', '{}', 'missing_question'],
    ['an empty question', '{"question": "   "}', 'missing_question'],
    ['a question that is not a string', '{"question": 42}', 'missing_question'],
    ['a question over 1,000 characters', JSON.stringify({ question: 'giá vàng '.repeat(130) }), 'question_too_long'],
    ['a k out of range', '{"question": "Giá vàng?", "k": 500}', 'invalid_k'],
    ['an articleId that is not a string', '{"question": "Giá vàng?", "articleId": 7}', 'invalid_article_id'],
  ])('answers 400 with a JSON error for %s', async (_, body, code) => {
    const res = await ask(body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/json');
    const json = (await res.json()) as { error: { code: string; message: string; messageEn: string } };
    expect(json.error.code).toBe(code);
    expect(json.error.message.length).toBeGreaterThan(5);
    expect(JSON.stringify(json)).not.toMatch(/at .*\.ts|node_modules|Error:/);
  });

  it('accepts a question of exactly 1,000 characters', async () => {
    const question = 'a'.repeat(1000);
    expect((await ask(JSON.stringify({ question }))).status).toBe(200);
  });

  it('scopes to an article and says so', async () => {
    const res = await ask(JSON.stringify({ question: 'Nhiệt độ thấp nhất bao nhiêu?', articleId: 'mua-ha-noi' }));
    const json = (await res.json()) as { found: boolean; scope: string; citations: { articleId: string }[] };
    expect(json.scope).toBe('article');
    expect(json.citations[0]!.articleId).toBe('mua-ha-noi');
  });
});

describe('other routes', () => {
  it('reports health', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(await res.json()).toEqual({ ok: true, articles: 2, chunks: 2, model: null });
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await fetch(`${base}/nope`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});
