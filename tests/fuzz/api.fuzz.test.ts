/**
 * Property tests over the HTTP API on a real server on loopback, with the real pipeline
 * (normalize, restore, retrieve, answer) over a small index: random JSON, hostile strings,
 * invalid UTF-8, deep nesting, huge numbers, random methods, paths and headers. Whatever comes
 * in, the server answers a status it means (never 500), in the JSON error shape, without
 * internals, logs no unexpected error, and still answers a normal question afterwards.
 *
 * Seed fixed ({@link FUZZ_SEED}) and runs bounded: the whole file takes a few seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Article } from '../../src/corpus/article.js';
import { buildIndex } from '../../src/index/build.js';
import { HybridRetriever } from '../../src/node/memory-index.js';
import { nodeClientIp } from '../../src/node/client-ip.js';
import { QaService } from '../../src/qa.js';
import { createApp } from '../../src/server/app.js';
import { LEAK, listen, type Listening } from '../server/harness.js';
import { GIA_VANG, MUA_HA_NOI } from '../support/news-fixtures.js';
import { anyValue, askBody, deepJson, FUZZ_SEED, hostileBytes, hostileNumberLiteral, hostileText, concat } from './hostile.js';

// The API tests' articles, the weather one with emoji and Arabic in it (text the pipeline must carry intact).
const articles: Article[] = [GIA_VANG, { ...MUA_HA_NOI, title: `${MUA_HA_NOI.title} 🌧️`, body: `${MUA_HA_NOI.body} مرحبا 👍` }];

const RUNS = { seed: FUZZ_SEED, numRuns: 150, endOnFailure: true } as const;
/** What the API may answer: success, the client's fault, or a deliberate refusal. Never 500. */
const MEANT = new Set([200, 201, 204, 400, 401, 403, 404, 405, 413, 422, 429, 503]);

let server: Listening;
const unexpected: unknown[] = [];

beforeAll(async () => {
  const index = await buildIndex(articles);
  const qa = new QaService({ retriever: new HybridRetriever({ store: index.store, lexical: index.lexical }) });
  const app = createApp({
    qa,
    health: () => ({ articles: 2, chunks: index.store.chunkCount, model: null }),
    logError: (error) => unexpected.push(error),
    // Rate limiting is tested in tests/server/limits.test.ts; here it would hide the pipeline.
    limits: { rateLimit: 0, maxBodyBytes: 64 * 1024 },
    clientIp: nodeClientIp(1),
    allowedOrigins: ['https://tintuc.example.vn'],
    adminToken: 'fuzz-admin-token-0123456789',
  });
  server = await listen(app);
});

afterAll(() => server.close());

/** Sends a request and checks the answer is one the API means to give, in its shape. */
async function expectMeant(path: string, init: RequestInit): Promise<number> {
  const res = await fetch(`${server.base}${path}`, init);
  const text = await res.text();
  const where = `${init.method ?? 'GET'} ${path} → ${res.status}: ${text.slice(0, 300)}`;
  expect(MEANT.has(res.status), where).toBe(true);
  expect(text, where).not.toMatch(LEAK);
  const type = res.headers.get('content-type') ?? '';
  if (type.startsWith('text/event-stream')) {
    expect(text, where).toMatch(/event: (done|error)/);
    expect(text, where).not.toContain('"code":"internal"');
  } else if (res.status !== 204 && init.method !== 'HEAD') {
    expect(type, where).toBe('application/json; charset=UTF-8');
    const body = JSON.parse(text) as { error?: { code: unknown; message: unknown; messageEn: unknown } };
    if (res.status >= 400) {
      expect(typeof body.error?.code, where).toBe('string');
      expect(typeof body.error?.message, where).toBe('string');
      expect(typeof body.error?.messageEn, where).toBe('string');
    }
  }
  return res.status;
}

const post = (body: string | Uint8Array, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  body: body as NonNullable<RequestInit['body']>,
  headers: { 'content-type': 'application/json', ...headers },
});

const route = fc.constantFrom('/api/ask', '/api/ask/stream');

describe('the API under random and hostile input', () => {
  it('answers hostile question bodies with 200 or a precise 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(route, askBody, async (path, body) => {
        await expectMeant(path, post(JSON.stringify(body)));
      }),
      RUNS,
    );
  });

  it('answers any JSON value, and hostile questions in both Unicode forms', async () => {
    await fc.assert(
      fc.asyncProperty(route, fc.oneof(anyValue, hostileText), fc.boolean(), async (path, value, asQuestion) => {
        const status = await expectMeant(path, post(JSON.stringify(asQuestion ? { question: value } : value) ?? 'null'));
        // Any non-empty string of at most 1,000 characters is a question, whatever it holds.
        if (asQuestion && typeof value === 'string' && value.trim() !== '' && [...value].length <= 1000) expect(status).toBe(200);
      }),
      RUNS,
    );
  });

  it('answers random bytes and invalid UTF-8, bare or inside a question', async () => {
    await fc.assert(
      fc.asyncProperty(route, hostileBytes, fc.boolean(), async (path, bytes, wrap) => {
        const body = wrap ? concat(new TextEncoder().encode('{"question":"Giá vàng '), bytes, new TextEncoder().encode('"}')) : bytes;
        await expectMeant(path, post(body));
      }),
      RUNS,
    );
  });

  it('answers deep nesting and huge numbers without falling over', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 10_000 }),
        fc.constantFrom<'array' | 'object'>('array', 'object'),
        hostileNumberLiteral,
        fc.constantFrom('body', 'question', 'k', 'articleId', 'history'),
        async (depth, kind, number, where) => {
          const deep = deepJson(depth, kind);
          const body =
            where === 'body'
              ? deep
              : where === 'k'
                ? `{"question":"Giá vàng bao nhiêu?","k":${number}}`
                : `{"question":${where === 'question' ? deep : '"Giá vàng?"'},"${where}":${where === 'question' ? number : deep}}`;
          await expectMeant('/api/ask', post(body));
        },
      ),
      { ...RUNS, numRuns: 60 },
    );
    // 10,000 levels exactly, as arrays and objects (50 KB), and past the body limit.
    for (const kind of ['array', 'object'] as const) expect(await expectMeant('/api/ask', post(deepJson(10_000, kind)))).toBe(400);
    expect(await expectMeant('/api/ask', post(deepJson(40_000, 'object')))).toBe(413);
  });

  it('answers random methods, paths and headers', async () => {
    const header = fc.string({ unit: 'grapheme-ascii', maxLength: 60 }).map((s) => s.replace(/\p{Cc}/gu, ''));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
        fc.oneof(
          fc.constantFrom(
            '/api/ask',
            '/api/ask/stream',
            '/api/feedback',
            '/api/articles/gia-vang',
            '/api/articles',
            '/api/admin/x',
            '/healthz',
            '/',
          ),
          hostileText.map((s) => `/${encodeURIComponent(s.replace(/[\ud800-\udfff]/g, ''))}`),
          fc.constantFrom('/%', '/%ZZ', '/api/%61sk', '/api//ask', '/api/ask/', '/api/ask?x=%ff', '/..%2f..%2fetc', '/%00'),
        ),
        fc.record(
          { origin: header, 'x-forwarded-for': header, 'x-request-id': header, authorization: header, 'content-type': header },
          { requiredKeys: [] },
        ),
        fc.oneof(hostileText, fc.constant('{"question":"Giá vàng?"}')),
        async (method, path, headers, body) => {
          await expectMeant(path, { method, headers, ...(method === 'GET' || method === 'HEAD' ? {} : { body }) });
        },
      ),
      RUNS,
    );
  });

  it('refuses oversized bodies with 413, declared or chunked', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 64 * 1024 + 1, max: 512 * 1024 }), fc.boolean(), async (size, chunked) => {
        const bytes = new Uint8Array(size).fill(0x61);
        const init = chunked ? ({ ...post(''), body: new Blob([bytes]).stream(), duplex: 'half' } as RequestInit) : post(bytes);
        expect(await expectMeant('/api/ask', init)).toBe(413);
      }),
      { ...RUNS, numRuns: 10 },
    );
  });

  it('logged no unexpected error and still answers a normal question', async () => {
    expect(unexpected).toEqual([]);
    const res = await fetch(`${server.base}/api/ask`, post(JSON.stringify({ question: 'Giá vàng miếng SJC bao nhiêu một lượng?' })));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { found: boolean; answer: string };
    expect(body.found).toBe(true);
    expect(body.answer).toContain('92 triệu đồng');
  });
});
