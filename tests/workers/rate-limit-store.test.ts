/**
 * The rate limit over a shared counter (the Workers rate-limiting binding's shape), in Node: the
 * keys it is asked about and the 429 it answers. The binding itself is exercised in workerd by
 * worker.workerd.test.ts.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { useProtections } from '../../src/server/protections.js';

/** A counter like the binding: `limit` requests per key, then refusals. */
function fakeBinding(limit: number) {
  const seen = new Map<string, number>();
  const keys: string[] = [];
  const store = async (key: string) => {
    keys.push(key);
    seen.set(key, (seen.get(key) ?? 0) + 1);
    return seen.get(key)! <= limit;
  };
  return { store, keys };
}

function appWith(store: (key: string) => Promise<boolean>) {
  const app = new Hono();
  useProtections(app, {
    clientIp: (c) => c.req.header('cf-connecting-ip'),
    rateLimitStore: store,
    limits: { rateLimit: 1, rateLimitWindowMs: 60_000 },
  });
  app.post('/api/ask', (c) => c.json({ ok: true }));
  app.post('/api/feedback', (c) => c.json({ ok: true }));
  return app;
}

const post = (app: Hono, path: string, ip: string) =>
  app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', 'cf-connecting-ip': ip }, body: '{}' });

describe('rate limit over a shared counter', () => {
  it('asks the counter once per request, per route budget and client /64, and answers 429 over it', async () => {
    const { store, keys } = fakeBinding(2);
    const app = appWith(store);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(app, '/api/ask', '2001:db8:1:2::1')).status);
    expect(statuses).toEqual([200, 200, 429]);
    expect((await post(app, '/api/feedback', '2001:db8:1:2::99')).status).toBe(200);
    expect(keys).toEqual(['ask:2001:db8:1:2::/64', 'ask:2001:db8:1:2::/64', 'ask:2001:db8:1:2::/64', 'feedback:2001:db8:1:2::/64']);
  });

  it('says when to come back (one window) in the API’s error shape', async () => {
    const res = await post(
      appWith(async () => false),
      '/api/ask',
      '203.0.113.5',
    );
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('60');
    expect(await res.json()).toMatchObject({ error: { code: 'rate_limited' } });
  });
});
