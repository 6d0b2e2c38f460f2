/**
 * The HTTP contract, asked of both deployments (./targets.ts): the Node server and the Worker in
 * workerd. Same articles, same requests, same expectations: a newsroom moving from one to the
 * other changes nothing in its widget or its scripts. What only one of them does (Node's admin
 * changes applied at once, Workers' queue) is tested with that deployment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AskResponse } from '../../src/contract.js';
import type { Article } from '../../src/corpus/article.js';
import { GIA_VANG, MUA_HA_NOI } from '../support/news-fixtures.js';
import { startTarget, TARGETS, type Target } from './targets.js';

/** An article whose title and body try to become markup: the pages must show them as text. */
const HOSTILE: Article = {
  id: 'bai-doc-hai',
  title: 'Cảnh báo <img src=x onerror=alert(1)> và <script>alert(1)</script>',
  body: 'Sáng 2/1, tại Hà Nội, Trung tâm An ninh mạng đã cảnh báo đoạn mã <img src=x onerror=alert(1)> trong bình luận.\n\nThẻ <script>alert("x")</script> "đánh cắp" dữ liệu & mật khẩu.',
  url: 'https://example.vn/bai-doc-hai?a=1&b=2',
  publishedAt: '2025-01-02T08:00:00+07:00',
  origin: 'test',
};

const FEEDBACK = { rating: 'down', reasons: ['wrong_info'], question: 'Giá vàng?', answer: 'Sai.', citations: [] };

describe.each(TARGETS)('the HTTP contract on %s', (name) => {
  let target: Target;
  beforeAll(async () => {
    target = await startTarget(name, [GIA_VANG, MUA_HA_NOI, HOSTILE]);
  }, 180_000);
  let client = 0;
  /** A request from its own client address (see targets.ts). */
  const send = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${target.base}${path}`, { ...init, headers: { 'cf-connecting-ip': `203.0.113.${++client}`, ...init.headers } });
  const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;
  afterAll(() => target?.close());

  const askJson = async (body: object) => {
    const res = await target.ask(body);
    expect(res.status).toBe(200);
    return (await res.json()) as AskResponse;
  };

  it('answers with a cited passage and the fact first', async () => {
    const json = await askJson({ question: 'Giá vàng miếng SJC bao nhiêu một lượng?' });
    expect(json.found).toBe(true);
    expect(json.answer).toContain('92 triệu đồng');
    expect(json.answer).toContain('[1]');
    expect(json.citations[0]).toMatchObject({ n: 1, articleId: 'gia-vang', title: GIA_VANG.title, url: GIA_VANG.url });
    expect(json.shortAnswer?.text).toContain('92 triệu');
    expect(typeof json.tookMs).toBe('number');
  });

  it('restores a question typed without diacritics and says how it read it', async () => {
    const json = await askJson({ question: 'gia vang mieng sjc bao nhieu mot luong' });
    expect(json.understoodAs).toBe('Giá vàng miếng SJC bao nhiêu một lượng');
    expect(json.found).toBe(true);
    expect(json.citations[0]!.articleId).toBe('gia-vang');
  });

  it('says plainly when nothing relevant is found', async () => {
    const json = await askJson({ question: 'Đội tuyển bóng đá Việt Nam vô địch AFF Cup năm nào?' });
    expect(json).toMatchObject({ found: false, citations: [] });
    expect(json.answer).toMatch(/^Chưa tìm thấy thông tin/);
  });

  it('scopes to an article and says so', async () => {
    const json = await askJson({ question: 'Nhiệt độ thấp nhất bao nhiêu?', articleId: 'mua-ha-noi' });
    expect(json.scope).toBe('article');
    expect(json.citations[0]!.articleId).toBe('mua-ha-noi');
  });

  it('answers from the whole site under an article it does not hold, with a notice', async () => {
    const json = await askJson({ question: 'Giá vàng miếng SJC bao nhiêu?', articleId: 'bai-chua-co' });
    expect(json.scope).toBe('site');
    expect(json.notice?.code).toBe('article_not_indexed');
    expect(json.citations[0]!.articleId).toBe('gia-vang');
  });

  it.each([
    ['a body that is not JSON', '{"question": "Giá vàng', 'invalid_json'],
    ['a JSON array', '["Giá vàng?"]', 'invalid_body'],
    ['a missing question', '{}', 'missing_question'],
    ['a question that is not a string', '{"question": 42}', 'missing_question'],
    ['a question over 1,000 characters', JSON.stringify({ question: 'giá vàng '.repeat(130) }), 'question_too_long'],
    ['a k out of range', '{"question": "Giá vàng?", "k": 500}', 'invalid_k'],
    ['an articleId that is not a string', '{"question": "Giá vàng?", "articleId": 7}', 'invalid_article_id'],
  ])('answers 400 with a JSON error for %s', async (_, body, code) => {
    const res = await target.ask(body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/json');
    const json = (await res.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe(code);
    expect(JSON.stringify(json)).not.toMatch(/at .*\.ts|node_modules|Error:/);
  });

  it('refuses a body that does not say it is JSON with 415', async () => {
    const res = await target.ask('{"question": "Giá vàng?"}', { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
  });

  it('streams the same answer as events: meta, citations, short answer, text, done', async () => {
    const res = await fetch(`${target.base}/api/ask/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': '203.0.113.77' },
      body: JSON.stringify({ question: 'Giá vàng miếng SJC bao nhiêu một lượng?' }),
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    // Server-Sent Events: "event: <type>" then "data: <JSON>" (src/server/stream.ts).
    const events = [...(await res.text()).matchAll(/^event: (\w+)\ndata: (.*)$/gm)].map(([, type, data]) => ({
      type: type!,
      data: JSON.parse(data!) as Record<string, unknown>,
    }));
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('meta');
    expect(types.indexOf('citations')).toBeGreaterThan(0);
    expect(types.indexOf('citations')).toBeLessThan(types.indexOf('short'));
    expect(types.indexOf('short')).toBeLessThan(types.indexOf('text'));
    expect(types.at(-1)).toBe('done');
    const done = events.at(-1)!.data as { response: AskResponse };
    expect(done.response.answer).toContain('92 triệu đồng');
  });

  it('stores feedback on an answer', async () => {
    const res = await fetch(`${target.base}/api/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': '203.0.113.78' },
      body: JSON.stringify({ rating: 'down', reasons: ['wrong_info'], question: 'Giá vàng?', answer: 'Sai.', citations: [] }),
    });
    expect(res.status).toBe(201);
  });

  it('serves the widget, its suggestions and the demo page', async () => {
    const widget = await fetch(`${target.base}/widget.js`);
    expect(widget.status).toBe(200);
    expect(widget.headers.get('content-type')).toContain('javascript');
    expect((await widget.text()).length).toBeGreaterThan(10_000);
    const again = await fetch(`${target.base}/widget.js`, { headers: { 'if-none-match': widget.headers.get('etag')! } });
    expect(again.status).toBe(304);

    const article = await fetch(`${target.base}/api/widget/gia-vang`);
    expect(await article.json()).toMatchObject({ id: 'gia-vang', title: GIA_VANG.title, suggestions: expect.any(Array) as unknown });
    expect((await fetch(`${target.base}/api/widget/khong-co`)).status).toBe(404);

    const page = await fetch(`${target.base}/?article=mua-ha-noi`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`<h1>${MUA_HA_NOI.title}</h1>`);
    expect(html).toContain(GIA_VANG.title); // listed among the other articles
    expect((await fetch(`${target.base}/?article=khong-co`)).status).toBe(404);
  });

  it('keeps the admin API behind its token', async () => {
    const res = await fetch(`${target.base}/api/articles/gia-vang`);
    expect(res.status).toBe(401);
    const authorized = await fetch(`${target.base}/api/articles/gia-vang`, { headers: { authorization: `Bearer ${target.adminToken}` } });
    expect(await authorized.json()).toMatchObject({ id: 'gia-vang', title: GIA_VANG.title });
  });

  it('reports health', async () => {
    const res = await fetch(`${target.base}/healthz`);
    expect(await res.json()).toMatchObject({ ok: true, articles: 3, chunks: 3 });
  });

  it.each(['/api/ask', '/api/ask/stream', '/api/feedback'])('%s takes JSON only, in UTF-8 (415 otherwise)', async (path) => {
    const body = JSON.stringify(path === '/api/feedback' ? FEEDBACK : { question: 'Giá vàng bao nhiêu?' });
    for (const type of ['text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'application/json; charset=windows-1258']) {
      const res = await send(path, { method: 'POST', body, headers: { 'content-type': type } });
      expect(res.status, type).toBe(415);
      expect(await errorCode(res)).toBe('unsupported_media_type');
    }
    const ok = await send(path, { method: 'POST', body, headers: { 'content-type': 'Application/JSON;charset="UTF-8"' } });
    expect(ok.status).toBe(path === '/api/feedback' ? 201 : 200);
    await ok.arrayBuffer();
  });

  it.each([
    ['an unknown rating', { ...FEEDBACK, rating: 'meh' }],
    ['a reason the list does not have', { ...FEEDBACK, reasons: ['ugly'] }],
    ['reasons on a 👍', { ...FEEDBACK, rating: 'up' }],
  ])('refuses feedback with %s', async (_, body) => {
    const res = await send('/api/feedback', {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
  });

  it('refuses a body over the public limit with 413, in the JSON error shape', async () => {
    const res = await send('/api/ask', {
      method: 'POST',
      body: JSON.stringify({ question: 'Giá vàng?', history: [{ question: 'a', answer: 'b'.repeat(70_000) }] }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect(await errorCode(res)).toBe('body_too_large');
  });

  it('answers a wrong method with 405 and Allow', async () => {
    const res = await send('/api/ask');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(await errorCode(res)).toBe('method_not_allowed');
  });

  it('sends security headers, UTF-8 JSON and a request id; the widget stays embeddable', async () => {
    const res = await target.ask({ question: 'Giá vàng bao nhiêu?' });
    expect(res.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const widget = await send('/widget.js');
    expect(widget.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });

  it('lets no other site in when no origin is configured, and gives admin routes no CORS', async () => {
    const other = { origin: 'https://trang-khac.example', 'content-type': 'application/json' };
    const res = await send('/api/ask', { method: 'POST', body: '{"question":"Giá vàng?"}', headers: other });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const admin = await send('/api/articles/gia-vang', { headers: { origin: other.origin, authorization: `Bearer ${target.adminToken}` } });
    expect(admin.headers.get('access-control-allow-origin')).toBeNull();
  });

  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer sai-roi' }],
    ['another scheme', { authorization: `Basic ${btoa('admin:x')}` }],
  ])('refuses the admin API with %s (401)', async (_, headers: Record<string, string>) => {
    for (const [method, path] of [
      ['GET', '/api/articles/gia-vang'],
      ['PUT', '/api/articles/gia-vang'],
      ['DELETE', '/api/articles/gia-vang'],
      ['POST', '/api/articles/batch'],
    ] as const) {
      const res = await send(path, { method, headers, ...(method === 'PUT' || method === 'POST' ? { body: '{}' } : {}) });
      expect(res.status, `${method} ${path}`).toBe(401);
    }
  });

  it('escapes hostile titles, bodies and URLs on the demo page, and answers from them as text', async () => {
    const html = await (await send('/?article=bai-doc-hai')).text();
    expect(html).not.toContain('<img');
    expect(html.match(/<script/g)).toHaveLength(2); // the widget's tag and the page's own script
    expect(html).toContain('<h1>Cảnh báo &#60;img src=x onerror=alert(1)&#62; và &#60;script&#62;alert(1)&#60;/script&#62;</h1>');
    expect(html).toContain('href="https://example.vn/bai-doc-hai?a=1&#38;b=2"');
    const json = (await (await target.ask({ question: 'Trung tâm An ninh mạng cảnh báo đoạn mã gì?' })).json()) as AskResponse;
    expect(json.citations[0]!.articleId).toBe('bai-doc-hai');
    expect(json.citations[0]!.title).toBe(HOSTILE.title);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await fetch(`${target.base}/nope`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});
