/**
 * Every limit and protection of the public API, each over a real server on loopback with small
 * limits: body size (413), question length (400), rate limit (429 + Retry-After), concurrency
 * shedding (503), the ask deadline (504), CORS, admin auth (401/403), error shape, headers, logs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { loadConfig, ConfigError } from '../../src/config.js';
import { nodeClientIp } from '../../src/node/client-ip.js';
import { watchEventLoopLag } from '../../src/node/event-loop.js';
import { createApp, type AppDeps } from '../../src/server/app.js';
import { clientIpFrom, normalizeIp, rateLimitKey } from '../../src/server/middleware/client-ip.js';
import { parseAllowedOrigins } from '../../src/server/middleware/cors.js';
import type { RequestLogEntry } from '../../src/server/middleware/request-log.js';
import { DEFAULT_LIMITS, resolveLimits } from '../../src/server/protections.js';
import { health, json, LEAK, listen, stubQa, type ApiErrorBody, type Listening } from './harness.js';

const running: Listening[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function start(deps: Partial<AppDeps> = {}, addRoutes?: (app: Hono) => void): Promise<string> {
  const app = createApp({ qa: stubQa(), health, logError: () => {}, ...deps });
  addRoutes?.(app);
  const server = await listen(app);
  running.push(server);
  return server.base;
}

const errorOf = async (res: Response) => ((await res.json()) as ApiErrorBody).error;
const QUESTION = { question: 'Giá vàng miếng SJC bao nhiêu một lượng?' };

describe('body size limit (413)', () => {
  it('refuses a declared body over the limit without reading it, in the JSON error shape', async () => {
    const base = await start({ limits: { maxBodyBytes: 2048 } });
    const res = await fetch(`${base}/api/ask`, json({ question: 'a'.repeat(4000) }));
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    const error = await errorOf(res);
    expect(error.code).toBe('body_too_large');
    expect(error.message).toContain('2048');
  });

  it('refuses a chunked body (no Content-Length) once it passes the limit', async () => {
    const base = await start({ limits: { maxBodyBytes: 2048 } });
    const chunk = new TextEncoder().encode(`{"question":"${'giá vàng '.repeat(100)}`);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(chunk);
      },
    });
    const res = await fetch(`${base}/api/ask`, {
      method: 'POST',
      body,
      duplex: 'half',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe('body_too_large');
  });

  it('accepts a body at the limit, and a full question with the largest history by default', async () => {
    const base = await start();
    const turn = { question: 'ắ'.repeat(2000), answer: 'ữ'.repeat(2000) };
    const body = JSON.stringify({ question: 'ẫ'.repeat(1000), history: Array(5).fill(turn) });
    expect(new TextEncoder().encode(body).length).toBeLessThanOrEqual(DEFAULT_LIMITS.maxBodyBytes);
    const res = await fetch(`${base}/api/ask`, json(body));
    expect(res.status).toBe(200);
  });
});

describe('question length limit (400)', () => {
  it('answers 400 question_too_long over 1,000 characters, in Vietnamese and English', async () => {
    const base = await start();
    const res = await fetch(`${base}/api/ask`, json({ question: 'Giá vàng '.repeat(120) }));
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error).toMatchObject({ code: 'question_too_long' });
    expect(error.message).toMatch(/Câu hỏi quá dài/);
    expect(error.messageEn).toMatch(/too long/);
  });
});

describe('rate limit per client (429 + Retry-After)', () => {
  it('lets 3 questions a minute through, refuses the 4th with Retry-After, counts clients apart', async () => {
    const base = await start({ limits: { rateLimit: 3, rateLimitWindowMs: 60_000 }, clientIp: nodeClientIp(1) });
    const from = (ip: string) => json(QUESTION, { 'x-forwarded-for': ip });
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${base}/api/ask`, from('203.0.113.7'));
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-remaining')).toBe(String(2 - i));
    }
    const limited = await fetch(`${base}/api/ask`, from('203.0.113.7'));
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    const error = await errorOf(limited);
    expect(error.code).toBe('rate_limited');
    expect(error.message).toContain(String(retryAfter));
    // The stream shares the question budget; another client has its own.
    expect((await fetch(`${base}/api/ask/stream`, from('203.0.113.7'))).status).toBe(429);
    expect((await fetch(`${base}/api/ask`, from('198.51.100.20'))).status).toBe(200);
  });

  it('ignores X-Forwarded-For unless HOIDAP_TRUST_PROXY says a proxy writes it', async () => {
    const base = await start({ limits: { rateLimit: 2 }, clientIp: nodeClientIp(0) });
    const statuses: number[] = [];
    for (const ip of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) {
      statuses.push((await fetch(`${base}/api/ask`, json(QUESTION, { 'x-forwarded-for': ip }))).status);
    }
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('limits feedback on its own budget', async () => {
    const stored: unknown[] = [];
    const base = await start({
      limits: { rateLimit: 1 },
      clientIp: nodeClientIp(0),
      feedback: { append: async (record) => void stored.push(record) },
    });
    expect((await fetch(`${base}/api/ask`, json(QUESTION))).status).toBe(200);
    const feedback = { rating: 'up', question: QUESTION.question, answer: 'Giá vàng tăng.', citations: [] };
    const first = await fetch(`${base}/api/feedback`, json(feedback));
    expect(first.status).not.toBe(429);
    const second = await fetch(`${base}/api/feedback`, json(feedback));
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('does not limit the health check', async () => {
    const base = await start({ limits: { rateLimit: 1 }, clientIp: nodeClientIp(0) });
    for (let i = 0; i < 3; i++) expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('does not limit when the runtime cannot tell clients apart (no clientIp)', async () => {
    const base = await start({ limits: { rateLimit: 1 } });
    for (let i = 0; i < 3; i++) expect((await fetch(`${base}/api/ask`, json(QUESTION))).status).toBe(200);
  });
});

describe('concurrency ceiling (503, deliberate shedding)', () => {
  it('sheds requests over the ceiling at once, and serves again when slots free up', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const qa = stubQa(() => gate);
    const base = await start({ qa, limits: { maxConcurrent: 2 } });
    const waiting = [fetch(`${base}/api/ask`, json(QUESTION)), fetch(`${base}/api/ask`, json(QUESTION))];
    await until(() => qa.calls === 2);
    const started = Date.now();
    const shed = await fetch(`${base}/api/ask`, json(QUESTION));
    expect(Date.now() - started).toBeLessThan(1000); // no queueing
    expect(shed.status).toBe(503);
    expect(shed.headers.get('retry-after')).toBe('1');
    const error = await errorOf(shed);
    expect(error.code).toBe('overloaded');
    expect(error.messageEn).toMatch(/shed/);
    open();
    expect((await Promise.all(waiting)).map((r) => r.status)).toEqual([200, 200]);
    expect((await fetch(`${base}/api/ask`, json(QUESTION))).status).toBe(200);
  });
});

describe('event-loop lag (503, deliberate shedding of synchronous work)', () => {
  it('sheds /api/* while the runtime says it is saturated, and serves again after', async () => {
    let busy = true;
    const base = await start({ isBusy: () => busy });
    const shed = await fetch(`${base}/api/ask`, json(QUESTION));
    expect(shed.status).toBe(503);
    expect((await errorOf(shed)).code).toBe('overloaded');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    busy = false;
    expect((await fetch(`${base}/api/ask`, json(QUESTION))).status).toBe(200);
  });

  it('measures how long the loop has been blocked, and forgets it once it runs again', async () => {
    const lag = watchEventLoopLag(20);
    try {
      await new Promise((r) => setTimeout(r, 60));
      const quiet = lag.ms();
      const started = performance.now();
      while (performance.now() - started < 500) {
        // A synchronous answer that takes 500 ms.
      }
      const blocked = lag.ms();
      expect(blocked).toBeGreaterThan(450);
      expect(blocked).toBeGreaterThan(quiet + 200);
      await new Promise((r) => setTimeout(r, 400));
      expect(lag.ms()).toBeLessThan(blocked / 2);
    } finally {
      lag.stop();
    }
  });
});

describe('ask deadline (504)', () => {
  it('answers 504 timeout when no answer comes in time, and aborts the work', async () => {
    let reason: unknown;
    const qa = {
      ask: (_request: unknown, signal?: AbortSignal) =>
        new Promise<never>((_resolve, reject) => {
          signal?.addEventListener('abort', () => {
            reason = signal.reason;
            // Work that takes a moment to stop still holds its slot until it has.
            setTimeout(() => reject(new Error('aborted')), 50);
          });
        }),
    };
    const logged: unknown[] = [];
    const base = await start({ qa, logError: (e) => logged.push(e), limits: { askTimeoutMs: 150, maxConcurrent: 1 } });
    const started = Date.now();
    const res = await fetch(`${base}/api/ask`, json(QUESTION));
    expect(res.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await errorOf(res)).code).toBe('timeout');
    expect((reason as Error).name).toBe('TimeoutError');
    await new Promise((r) => setTimeout(r, 100));
    // The abandoned work stopped: its slot is free again.
    expect((await fetch(`${base}/api/ask`, json(QUESTION))).status).toBe(504);
    expect(logged).toEqual([]);
  });

  it('aborts the work when the reader leaves, and logs 499 client_closed', async () => {
    const entries: RequestLogEntry[] = [];
    let aborted = false;
    const qa = {
      ask: (_request: unknown, signal?: AbortSignal) =>
        new Promise<never>((_resolve, reject) =>
          signal?.addEventListener('abort', () => {
            aborted = true;
            reject(new Error('aborted'));
          }),
        ),
    };
    const logged: unknown[] = [];
    const base = await start({ qa, logRequest: (e) => entries.push(e), logError: (e) => logged.push(e), limits: { askTimeoutMs: 5000 } });
    const controller = new AbortController();
    const request = fetch(`${base}/api/ask`, { ...json(QUESTION), signal: controller.signal }).catch(() => 'gone');
    await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    expect(await request).toBe('gone');
    await until(() => entries.length === 1);
    expect(aborted).toBe(true);
    expect(entries[0]).toMatchObject({ status: 499, code: 'client_closed' });
    // Work that fails because it was aborted is not an error to report.
    expect(logged).toEqual([]);
  });

  it('ends a stream that passes its deadline with an error event', async () => {
    const qa = {
      ...stubQa(),
      async *askStream(_request: unknown, signal?: AbortSignal) {
        yield { type: 'meta' as const, answerer: 'stub' };
        await new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve()));
        throw signal?.reason;
      },
    };
    const base = await start({ qa, limits: { askTimeoutMs: 200 } });
    const res = await fetch(`${base}/api/ask/stream`, json(QUESTION));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('event: meta');
    expect(text).toMatch(/event: error\ndata: \{"code":"timeout"/);
  });
});

describe('CORS', () => {
  const SITE = 'https://tintuc.example.vn';
  const EVIL = 'https://tin-gia.example.com';
  const TOKEN = 'test-admin-token-0123456789';
  const startCors = () =>
    start({ allowedOrigins: [SITE], adminToken: TOKEN }, (app) => {
      app.put('/api/articles/:id', (c) => c.json({ ok: true }));
    });

  it('answers a preflight from an allowed origin', async () => {
    const base = await startCors();
    const res = await fetch(`${base}/api/ask`, {
      method: 'OPTIONS',
      headers: { origin: SITE, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
  });

  it('serves an allowed origin with CORS headers', async () => {
    const base = await startCors();
    const res = await fetch(`${base}/api/ask`, json(QUESTION, { origin: SITE }));
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(SITE);
    expect(res.headers.get('vary')).toContain('Origin');
    expect(res.headers.get('access-control-expose-headers')).toContain('Retry-After');
  });

  it('refuses another site, preflight or not, without CORS headers', async () => {
    const base = await startCors();
    const res = await fetch(`${base}/api/ask`, json(QUESTION, { origin: EVIL }));
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect((await errorOf(res)).code).toBe('origin_not_allowed');
    const preflight = await fetch(`${base}/api/ask`, {
      method: 'OPTIONS',
      headers: { origin: EVIL, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('with no origins configured, no site gets in; scripts and same-origin pages do', async () => {
    const base = await start();
    expect((await fetch(`${base}/api/ask`, json(QUESTION, { origin: SITE }))).status).toBe(403);
    expect((await fetch(`${base}/api/ask`, json(QUESTION))).status).toBe(200);
    expect((await fetch(`${base}/api/ask`, json(QUESTION, { origin: base }))).status).toBe(200);
  });

  it('never gives admin routes CORS, not even for an allowed origin with the token', async () => {
    const base = await startCors();
    const preflight = await fetch(`${base}/api/articles/gia-vang`, {
      method: 'OPTIONS',
      headers: { origin: SITE, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const put = await fetch(`${base}/api/articles/gia-vang`, {
      method: 'PUT',
      body: '{}',
      headers: { origin: SITE, authorization: `Bearer ${TOKEN}` },
    });
    expect(put.status).toBe(403);
    expect(put.headers.get('access-control-allow-origin')).toBeNull();
    const script = await fetch(`${base}/api/articles/gia-vang`, {
      method: 'PUT',
      body: '{}',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(script.status).toBe(200);
  });
});

describe('admin auth (401 / 403)', () => {
  const TOKEN = 'test-admin-token-0123456789';
  const routes = (app: Hono) => {
    app.put('/api/articles/:id', (c) => c.json({ updated: c.req.param('id') }));
    app.get('/api/articles/:id', (c) => c.json({ id: c.req.param('id'), suggestions: [] }));
    app.get('/api/articles', (c) => c.json({ articles: [] }));
    app.post('/api/admin/reindex', (c) => c.json({ ok: true }));
  };

  it.each([
    ['no Authorization header', {}],
    ['a wrong token', { authorization: 'Bearer wrong-token-000000000000' }],
    ['another scheme', { authorization: `Basic ${TOKEN}` }],
    ['a malformed header', { authorization: 'Bearer ' }],
  ])('answers 401 unauthorized with %s', async (_, headers: Record<string, string>) => {
    const base = await start({ adminToken: TOKEN }, routes);
    for (const [method, path] of [
      ['PUT', '/api/articles/a1'],
      ['POST', '/api/admin/reindex'],
      ['GET', '/api/articles'],
    ] as const) {
      const res = await fetch(`${base}${path}`, { method, headers, ...(method === 'GET' ? {} : { body: '{}' }) });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(res.headers.get('content-type')).toBe('application/json; charset=UTF-8');
      expect((await errorOf(res)).code).toBe('unauthorized');
    }
  });

  it('lets the right token through', async () => {
    const base = await start({ adminToken: TOKEN }, routes);
    const res = await fetch(`${base}/api/articles/a1`, { method: 'PUT', body: '{}', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ updated: 'a1' });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('guards reads of the article API too, however the path is spelled', async () => {
    const base = await start({ adminToken: TOKEN }, routes);
    expect((await fetch(`${base}/api/articles/a1`)).status).toBe(401);
    expect((await fetch(`${base}/api/%61rticles/a1`)).status).toBe(401);
    expect((await fetch(`${base}/api/articles/a1`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });

  it('takes the token as the password of HTTP Basic (what a browser sends), and asks pages for it with Basic', async () => {
    const base = await start({ adminToken: TOKEN }, (app) => {
      routes(app);
      app.get('/admin/insights', (c) => c.html('<p>Điều độc giả hỏi</p>'));
    });
    const basic = (user: string, password: string) => ({ authorization: `Basic ${btoa(`${user}:${password}`)}` });
    const page = await fetch(`${base}/admin/insights`, { headers: basic('bientap', TOKEN) });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect((await fetch(`${base}/api/articles`, { headers: basic('', TOKEN) })).status).toBe(200);
    const refused = await fetch(`${base}/admin/insights`, { headers: basic('bientap', 'wrong-token-0000000000') });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Basic realm="hoidap-admin", charset="UTF-8"');
    expect((await fetch(`${base}/admin/insights`)).headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(
      (await fetch(`${base}/api/articles`, { headers: basic('x', 'wrong-token-0000000000') })).headers.get('www-authenticate'),
    ).toMatch(/^Bearer/);
  });

  it('answers 403 admin_disabled when no token is configured', async () => {
    const base = await start({}, routes);
    for (const headers of [{}, { authorization: `Bearer ${TOKEN}` }] as Record<string, string>[]) {
      const res = await fetch(`${base}/api/articles/a1`, { method: 'PUT', body: '{}', headers });
      expect(res.status).toBe(403);
      expect((await errorOf(res)).code).toBe('admin_disabled');
    }
  });
});

describe('errors: always the JSON shape, never internals', () => {
  it('answers 405 with Allow for a wrong method', async () => {
    const base = await start();
    const res = await fetch(`${base}/api/ask`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect((await errorOf(res)).code).toBe('method_not_allowed');
  });

  it('answers 500 internal without the message, stack or paths of the error', async () => {
    const logged: unknown[] = [];
    const base = await start({ logError: (e) => logged.push(e) }, (app) => {
      app.get('/boom', () => {
        throw new Error('ENOENT: /work/main/.index/secret.json at readIndex (src/node/persist.ts:42:7)');
      });
    });
    const res = await fetch(`${base}/boom`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toMatch(LEAK);
    expect(text).not.toContain('secret');
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'internal' } });
    expect(logged).toHaveLength(1);
  });

  it.each([
    ['malformed JSON', '{"question": "Giá', 'invalid_json'],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x71, 0xff, 0xfe, 0x22, 0x7d]), 'invalid_json'],
    ['a JSON string', '"Giá vàng?"', 'invalid_body'],
  ])('answers 400 for %s', async (_, body, code) => {
    const base = await start();
    const res = await fetch(`${base}/api/ask`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe(code);
  });
});

describe('headers and the request log', () => {
  it('sends security headers, UTF-8 JSON and a request id', async () => {
    const base = await start({ widget: async () => 'customElements.define("hoi-dap", class extends HTMLElement {});' });
    const res = await fetch(`${base}/api/ask`, json(QUESTION));
    expect(res.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    // The widget script is embedded by the news site's pages: it must stay loadable cross-origin.
    const widget = await fetch(`${base}/widget.js`);
    expect(widget.status).toBe(200);
    expect(widget.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });

  it('writes one JSON line per request: id, route, status, ms, hashed ip, no question', async () => {
    const entries: RequestLogEntry[] = [];
    const base = await start({ logRequest: (e) => entries.push(e), clientIp: nodeClientIp(0), limits: { rateLimit: 1 } });
    const ok = await fetch(`${base}/api/ask`, json(QUESTION));
    await fetch(`${base}/api/ask`, json(QUESTION));
    await fetch(`${base}/khong-co`);
    await until(() => entries.length === 3);
    const [first, limited, missing] = entries as [RequestLogEntry, RequestLogEntry, RequestLogEntry];
    expect(first).toMatchObject({ method: 'POST', route: '/api/ask', status: 200, id: ok.headers.get('x-request-id') });
    expect(first.ms).toBeGreaterThanOrEqual(0);
    expect(first.ip).toMatch(/^[0-9a-f]{16}$/);
    expect(limited).toMatchObject({ status: 429, code: 'rate_limited', ip: first.ip });
    expect(missing).toMatchObject({ route: '(none)', status: 404, code: 'not_found' });
    const line = JSON.stringify(entries);
    expect(line).not.toContain('127.0.0.1');
    expect(line).not.toContain('Giá vàng');
  });
});

describe('client address', () => {
  it('believes only the X-Forwarded-For entries written by trusted proxies', () => {
    expect(clientIpFrom('10.0.0.2', '198.51.100.7, 203.0.113.9', 0)).toBe('10.0.0.2');
    expect(clientIpFrom('10.0.0.2', '198.51.100.7, 203.0.113.9', 1)).toBe('203.0.113.9');
    expect(clientIpFrom('10.0.0.2', '198.51.100.7, 203.0.113.9', 2)).toBe('198.51.100.7');
    expect(clientIpFrom('10.0.0.2', 'không phải địa chỉ', 1)).toBe('10.0.0.2');
    expect(clientIpFrom('::ffff:127.0.0.1', undefined, 1)).toBe('127.0.0.1');
    expect(clientIpFrom(undefined, undefined, 0)).toBeUndefined();
  });

  it('normalizes addresses and buckets IPv6 by /64', () => {
    expect(normalizeIp('[2001:DB8::1]:443')).toBe('2001:db8::1');
    expect(normalizeIp('192.0.2.1:8080')).toBe('192.0.2.1');
    expect(rateLimitKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(rateLimitKey('2001:db8:1:2::9')).toBe('2001:db8:1:2::/64');
    expect(rateLimitKey('192.0.2.1')).toBe('192.0.2.1');
    expect(rateLimitKey(undefined)).toBe('unknown');
  });
});

describe('configuration', () => {
  it('reads the limits from HOIDAP_* variables', () => {
    const { config } = loadConfig({
      HOIDAP_MAX_BODY_BYTES: '32768',
      HOIDAP_RATE_LIMIT: '10',
      HOIDAP_RATE_LIMIT_WINDOW_MS: '30000',
      HOIDAP_TRUST_PROXY: 'true',
      HOIDAP_MAX_CONCURRENT: '8',
      HOIDAP_ASK_TIMEOUT_MS: '5000',
      HOIDAP_ALLOWED_ORIGINS: 'https://Tintuc.example.vn/, http://localhost:5173',
      HOIDAP_ADMIN_TOKEN: 'abcdef0123456789abcdef',
    });
    expect(config).toMatchObject({
      maxBodyBytes: 32768,
      rateLimit: 10,
      rateLimitWindowMs: 30000,
      trustProxy: 1,
      maxConcurrent: 8,
      askTimeoutMs: 5000,
      allowedOrigins: ['https://tintuc.example.vn', 'http://localhost:5173'],
      adminToken: 'abcdef0123456789abcdef',
    });
  });

  it('has safe defaults: no proxy trusted, no origin, no admin, no question log, metrics behind the token', () => {
    const { config } = loadConfig({});
    expect(config).toMatchObject({
      trustProxy: 0,
      allowedOrigins: [],
      rateLimit: 30,
      maxConcurrent: 32,
      askTimeoutMs: 10_000,
      questionLogDays: 30,
      metrics: 'admin',
    });
    expect(config.adminToken).toBeUndefined();
    expect(config.questionLog).toBeUndefined();
    expect(loadConfig({ HOIDAP_QUESTION_LOG: 'off' }).config.questionLog).toBeUndefined();
    expect(
      loadConfig({ HOIDAP_QUESTION_LOG: '.data/questions', HOIDAP_QUESTION_LOG_DAYS: '7', HOIDAP_METRICS: 'public' }).config,
    ).toMatchObject({
      questionLog: '.data/questions',
      questionLogDays: 7,
      metrics: 'public',
    });
  });

  it.each([
    ['HOIDAP_ALLOWED_ORIGINS', 'https://tintuc.vn/bai-viet'],
    ['HOIDAP_ALLOWED_ORIGINS', '*'],
    ['HOIDAP_ADMIN_TOKEN', 'ngan'],
    ['HOIDAP_TRUST_PROXY', 'maybe'],
    ['HOIDAP_MAX_CONCURRENT', '0'],
    ['HOIDAP_QUESTION_LOG_DAYS', '0'],
    ['HOIDAP_QUESTION_LOG_DAYS', 'mot thang'],
    ['HOIDAP_METRICS', 'private'],
  ])('refuses %s=%s with a message that says what to do', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
  });

  it('merges limit overrides once and checks them', () => {
    expect(resolveLimits({ rateLimit: 3, maxConcurrent: undefined })).toEqual({ ...DEFAULT_LIMITS, rateLimit: 3 });
    expect(() => resolveLimits({ maxConcurrent: 0 })).toThrow(RangeError);
    expect(parseAllowedOrigins('https://a.vn, https://a.vn/')).toEqual(['https://a.vn']);
  });
});

async function until(condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
