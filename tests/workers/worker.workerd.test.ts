/**
 * The Worker in workerd, with wrangler.toml's `[env.test]`: D1, the Queue and the rate limiter
 * are the local implementations of the real bindings; Workers AI and Vectorize are the
 * stand-ins (hashed n-gram embeddings, an in-memory cosine index).
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ArticleMessage } from '../../src/workers/env.js';
import { workerServices } from '../../src/workers/app.js';
import worker from '../../src/workers/standins/entry.js';
import { env } from './bindings.js';
import { admin, ADMIN_TOKEN, APEC, ask, eventually, FLOOD, request, type AskBody } from './fixtures.js';

/** Runs the queue consumer on a batch, as Queues would, and returns what it acknowledged and retried. */
async function consume(messages: ArticleMessage[]) {
  const batch = createMessageBatch<ArticleMessage>(
    'hoidap-articles-test',
    messages.map((body, i) => ({ id: `message-${i}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  return getQueueResult(batch, ctx);
}

beforeAll(async () => {
  const result = await consume([
    { op: 'put', article: APEC },
    { op: 'put', article: FLOOD },
  ]);
  expect(result.explicitAcks.sort()).toEqual(['message-0', 'message-1']);
  expect(result.retryMessages).toEqual([]);
});

describe('questions over D1 + the stand-in vectors', () => {
  it('answers from the right article, with a citation', async () => {
    const body = await ask('Chủ tịch nước Lương Cường dự hội nghị APEC ở thành phố nào?');
    expect(body.citations[0]?.articleId).toBe(APEC.id);
    expect(body.answer).toContain('Lima');
  });

  it('keeps a question asked under an article to that article', async () => {
    const body = await ask('Bao nhiêu hộ dân phải sơ tán?', { articleId: FLOOD.id });
    expect(body.citations.length).toBeGreaterThan(0);
    expect(new Set(body.citations.map((c) => c.articleId))).toEqual(new Set([FLOOD.id]));
    expect(body.answer).toContain('3.500');
  });

  it('restores the diacritics of a question typed without them', async () => {
    const body = await ask('bao nhieu ho dan o quang ngai phai so tan');
    expect(body.understoodAs).toBeDefined();
    expect(body.understoodAs).toContain('hộ dân');
    expect(body.citations[0]?.articleId).toBe(FLOOD.id);
  });

  it('reports what D1 holds on /healthz, as the Workers runtime with the stand-in model', async () => {
    const res = await request('/healthz');
    expect(res.status).toBe(200);
    const health = (await res.json()) as { ok: boolean; articles: number; chunks: number; model: string; runtime: string };
    expect(health).toMatchObject({ ok: true, articles: 2, runtime: 'workers' });
    expect(health.chunks).toBeGreaterThanOrEqual(2);
    expect(health.model).toMatch(/^stand-in/);
  });

  it('stores feedback in D1', async () => {
    const answer = await ask('Việt Nam đăng cai APEC năm nào?');
    const res = await request('/api/feedback', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        rating: 'down',
        reasons: ['wrong_info'],
        note: 'Sai năm',
        question: 'Việt Nam đăng cai APEC năm nào?',
        answer: answer.answer,
        // The widget sends each citation back without its quote's offsets.
        citations: answer.citations.map(({ n, articleId, title, url, start, end }) => ({ n, articleId, title, url, start, end })),
        articleId: APEC.id,
      }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const row = await env.DB.prepare('SELECT rating, article_id, question FROM feedback WHERE id = ?').bind(id).first();
    expect(row).toEqual({ rating: 'down', article_id: APEC.id, question: 'Việt Nam đăng cai APEC năm nào?' });
  });
});

describe('answers written by a Workers AI model (HOIDAP_ANSWERER=llm, the stand-in model)', () => {
  const { app } = workerServices({ ...env, HOIDAP_ANSWERER: 'llm', HOIDAP_LLM_MODEL: '@cf/meta/llama-3.1-8b-instruct' });
  const post = (path: string, question: string) =>
    app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': '198.51.100.30' },
      body: JSON.stringify({ question }),
    });

  it('answers through the generative answerer, citing the passage it was shown', async () => {
    const res = await post('/api/ask', 'Chủ tịch nước Lương Cường dự hội nghị APEC ở thành phố nào?');
    expect(res.status).toBe(200);
    const body = (await res.json()) as AskBody & { answerer: string };
    expect(body.answerer).toBe('llm');
    expect(body.answer).toMatch(/Lima.*\[1\]$/u);
    expect(body.citations.map((c) => c.articleId)).toEqual([APEC.id]);
  });

  it('streams the model’s answer as Server-Sent Events', async () => {
    const res = await post('/api/ask/stream', 'Chủ tịch nước Lương Cường dự hội nghị APEC ở thành phố nào?');
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = await res.text();
    expect(events).toMatch(/^event: meta\ndata: \{"answerer":"llm"/u);
    // The model's reply arrives in pieces, then the final answer with its citation.
    expect(events.match(/^event: text$/gmu)?.length).toBeGreaterThan(3);
    expect(events).toMatch(/event: done\ndata: \{"response":\{"answer":"[^"]*Lima[^"]*\[1\]"[^\n]*"answerer":"llm"/u);
  });
});

describe('the admin API through the queue', () => {
  it('retries a message that fails and acknowledges the others', async () => {
    const result = await consume([
      { op: 'put', article: { ...APEC, id: 'bai-khong-co-chu', body: '' } },
      { op: 'delete', id: 'bai-chua-tung-co' },
    ]);
    expect(result.retryMessages).toEqual([{ msgId: 'message-0' }]);
    expect(result.explicitAcks).toEqual(['message-1']);
  });

  it('queues each valid line of a JSONL batch and reports the others', async () => {
    const lines = [
      JSON.stringify({
        id: 'le-hoi-hue',
        title: 'Lễ hội Huế 2024 khai mạc',
        body: 'Tối 7/6, Festival Huế 2024 khai mạc tại Đại Nội với 40 đoàn nghệ thuật.',
      }),
      JSON.stringify({ id: 'thieu-tieu-de', body: 'Không có tiêu đề.' }),
    ];
    const res = await request('/api/articles/batch', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/x-ndjson' },
      body: lines.join('\n'),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ read: 2, queued: 1, skipped: 1, skippedLines: [{ line: 2, id: 'thieu-tieu-de' }] });
    await eventually(async () => (await admin('GET', 'le-hoi-hue')).status === 200);
    const body = await ask('Festival Huế 2024 có bao nhiêu đoàn nghệ thuật?');
    expect(body.citations[0]?.articleId).toBe('le-hoi-hue');
  });

  const STORM = {
    title: 'Bão số 8 đổ bộ vào Hà Tĩnh',
    body: 'Chiều 14/11, bão số 8 đã đổ bộ vào tỉnh Hà Tĩnh với sức gió cấp 10, giật cấp 12.\n\nHơn 1.200 ngôi nhà bị tốc mái tại huyện Kỳ Anh.',
    url: 'https://baomau.vn/bao-so-8',
    publishedAt: '2024-11-14T18:00:00+07:00',
  };

  it('queues a PUT (202), then answers from the article once the consumer ran', async () => {
    const res = await admin('PUT', 'bao-so-8', STORM);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ id: 'bao-so-8', status: 'queued' });
    await eventually(async () => (await admin('GET', 'bao-so-8')).status === 200);
    const body = await ask('Bao nhiêu ngôi nhà bị tốc mái ở Kỳ Anh?');
    expect(body.citations[0]?.articleId).toBe('bao-so-8');
    expect(body.answer).toContain('1.200');
  });

  it('indexes an article too large for a queue message within the request (201, not 202)', async () => {
    const paragraph = 'Đại hội đại biểu toàn quốc đã thông qua nghị quyết về phát triển kinh tế biển xanh đến năm 2045.';
    const body = Array.from({ length: 1400 }, (_, i) => `${paragraph} Đoạn ${i + 1}.`).join('\n\n');
    const res = await admin('PUT', 'nghi-quyet-kinh-te-bien', { ...STORM, title: 'Nghị quyết về kinh tế biển', body });
    expect(res.status).toBe(201);
    const result = (await res.json()) as { status: string; chunks: number; embedded: number };
    expect(result.status).toBe('added');
    expect(result.chunks).toBeGreaterThan(100);
    expect(result.embedded).toBe(result.chunks);
    expect((await admin('GET', 'nghi-quyet-kinh-te-bien')).status).toBe(200);
  });

  it('validates like Node: an article without a body is refused before anything is queued', async () => {
    const res = await admin('PUT', 'bai-rong', { ...STORM, body: '   ' });
    expect(res.status).toBe(422);
  });

  it('deletes through the queue: the article and its vectors are gone', async () => {
    await eventually(async () => (await admin('GET', 'bao-so-8')).status === 200);
    const before = await env.VECTORIZE.count();
    const res = await admin('DELETE', 'bao-so-8');
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ id: 'bao-so-8', status: 'queued' });
    await eventually(async () => (await admin('GET', 'bao-so-8')).status === 404);
    expect(await env.VECTORIZE.count()).toBeLessThan(before);
    const body = await ask('Bao nhiêu ngôi nhà bị tốc mái ở Kỳ Anh?');
    expect(body.citations.map((c) => c.articleId)).not.toContain('bao-so-8');
    expect((await admin('DELETE', 'bao-so-8')).status).toBe(404);
  });
});

describe('the public pages and the limits', () => {
  it('limits questions per client with the rate-limiting binding (10 per minute in [env.test])', async () => {
    const ip = '203.0.113.77';
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      // An empty body is refused after the rate limit, so each request counts and costs nothing.
      const res = await request('/api/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', ip });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(400));
    expect(statuses[10]).toBe(429);
    const limited = await request('/api/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', ip });
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    // Another client is not affected.
    expect((await request('/api/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(400);
  });

  it('serves the widget script', async () => {
    const res = await request('/widget.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const source = await res.text();
    expect(source.length).toBeGreaterThan(10_000);
    expect(source).toContain('hoi-dap-thong-minh');
  });

  it('serves the demo page of an indexed article, with the widget under it', async () => {
    const res = await request(`/?article=${APEC.id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>Chủ tịch nước Lương Cường dự Hội nghị cấp cao APEC tại Peru</h1>');
    expect(html).toContain(`<script src="/widget.js" data-article-id="${APEC.id}" defer></script>`);
    expect(html).toContain('Mưa lũ gây ngập sâu tại Quảng Ngãi');
  });
});
