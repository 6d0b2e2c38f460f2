/**
 * GET /metrics over a real server on loopback, wired as the Node entry wires it: a known
 * sequence of requests (answers found and refused, a stream, bad requests, rate-limited and
 * shed ones, an unmatched path), then the scrape, parsed, with the exact value of every counter;
 * the index figures as read at scrape time; model and build info; who may read the endpoint.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AskRequest, AskResponse, StreamEvent } from '../../src/contract.js';
import { createMetrics, type ServiceMetrics } from '../../src/node/metrics.js';
import { createApp, type AppDeps } from '../../src/server/app.js';
import type { RequestLogEntry } from '../../src/server/middleware/request-log.js';
import { health, json, listen, type ApiErrorBody, type Listening } from './harness.js';

const running: Listening[] = [];
afterEach(async () => {
  figures = FIGURES;
  await Promise.all(running.splice(0).map((s) => s.close()));
});

const MODELS = [
  { role: 'embedder', name: 'hoidap-vi-static', fingerprint: 'e1e2e3e4e5e6e7e8' },
  { role: 'restorer', name: 'restorer.bin', fingerprint: 'a1a2a3a4a5a6a7a8' },
  { role: 'reader', name: 'reader.json', fingerprint: 'b1b2b3b4b5b6b7b8' },
] as const;
const BUILD = { version: '0.1.0', commit: 'abc123def456' };

const FIGURES = { articles: 2, chunks: 9, generation: '000007', savedAt: '2025-06-01T08:00:00.000Z', journal: 3 };
/** The index as the test says it is: changed between scrapes to see that it is read each time. */
let figures = FIGURES;

function newMetrics(access: 'public' | 'admin', defaults = false): ServiceMetrics {
  return createMetrics({ access, index: () => figures, models: MODELS, build: BUILD, defaults });
}

/**
 * Answers found unless the question says "không rõ"; under an article from the article unless
 * it says "toàn trang"; a question saying "chờ" waits for `gate`.
 */
function questionQa(gate: Promise<void>) {
  const qa = {
    calls: 0,
    async ask(request: AskRequest): Promise<AskResponse> {
      qa.calls++;
      if (request.question.includes('chờ')) await gate;
      const found = !request.question.includes('không rõ');
      const scope = request.articleId === undefined ? undefined : request.question.includes('toàn trang') ? 'site' : 'article';
      return {
        answer: found ? 'Giá vàng miếng SJC tăng lên 92 triệu đồng mỗi lượng. [1]' : 'Chưa tìm thấy thông tin.',
        found,
        citations: [],
        answerer: 'stub',
        tookMs: 1,
        ...(scope ? { scope } : {}),
      };
    },
    async *askStream(request: AskRequest): AsyncGenerator<StreamEvent> {
      const response = await qa.ask(request);
      yield { type: 'meta', answerer: response.answerer, ...(response.scope ? { scope: response.scope } : {}) };
      yield { type: 'text', text: response.answer };
      yield { type: 'done', response };
    },
  };
  return qa;
}

/** The app as src/node/server.ts builds it around metrics; the client is named by `x-client`. */
async function start(metrics: ServiceMetrics | undefined, deps: Partial<AppDeps> = {}) {
  const entries: RequestLogEntry[] = [];
  let open!: () => void;
  const qa = questionQa(new Promise<void>((resolve) => (open = resolve)));
  const app = createApp({
    qa,
    health,
    logError: () => {},
    clientIp: (c) => c.req.header('x-client') ?? '127.0.0.1',
    logRequest: (entry) => {
      entries.push(entry);
      metrics?.request(entry);
    },
    ...(metrics ? { metrics, onAnswer: (answered) => metrics.answer(answered) } : {}),
    ...deps,
  });
  const server = await listen(app);
  running.push(server);
  return { base: server.base, entries, qa, open };
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The Prometheus text format (0.0.4), enough of it for these tests: samples and their TYPE. */
function parseMetrics(text: string): { samples: Sample[]; types: Map<string, string>; helps: Set<string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  const helps = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) types.set(type[1]!, type[2]!);
    const help = /^# HELP (\S+) /.exec(line);
    if (help) helps.add(help[1]!);
    if (line.startsWith('#')) continue;
    const sample = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)(?: \d+)?$/.exec(line);
    if (!sample) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, raw] of (sample[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[key!] = raw!.replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1');
    }
    samples.push({ name: sample[1]!, labels, value: Number(sample[3]) });
  }
  return { samples, types, helps };
}

/** The value of the one sample with exactly these labels; undefined when there is none. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels);
  const found = samples.filter(
    (s) => s.name === name && Object.keys(s.labels).length === wanted.length && wanted.every(([k, v]) => s.labels[k] === v),
  );
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

async function scrape(base: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/metrics`, { headers });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  expect(res.headers.get('cache-control')).toBe('no-store');
  return parseMetrics(await res.text());
}

async function until(condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const ask = (base: string, client: string, body: unknown, route = '/api/ask') =>
  fetch(`${base}${route}`, json(body, { 'x-client': client }));

describe('GET /metrics after a known sequence of requests', () => {
  it('counts every request, answer, refusal and shed exactly, and reads the index at scrape time', async () => {
    const metrics = newMetrics('public', true);
    // Each reader has its own client address; the bot shares one, over a budget of 2 questions.
    const { base, entries, qa, open } = await start(metrics, { limits: { rateLimit: 2, maxConcurrent: 2 } });
    const statuses: number[] = [];
    const send = async (res: Promise<Response>) => {
      const answered = await res;
      statuses.push(answered.status);
      await answered.text();
    };

    // 3 found (1 under an article), 2 refused (1 under an article, answered from the whole site).
    await send(ask(base, 'r1', { question: 'Giá vàng SJC hôm nay?' }));
    await send(ask(base, 'r2', { question: 'Giá vàng nhẫn?' }));
    await send(ask(base, 'r3', { question: 'Giá vàng tăng bao nhiêu?', articleId: 'gia-vang' }));
    await send(ask(base, 'r4', { question: 'Ai thắng không rõ?' }));
    await send(ask(base, 'r5', { question: 'Vì sao không rõ toàn trang?', articleId: 'gia-vang' }));
    // 1 streamed answer, found on the whole site under an article.
    await send(ask(base, 'r6', { question: 'Giá vàng toàn trang?', articleId: 'gia-vang' }, '/api/ask/stream'));
    // The bot: 2 bad requests within its budget (400), then 2 over it (429).
    await send(ask(base, 'bot', { question: '' }));
    await send(fetch(`${base}/api/ask`, json('{"question":', { 'x-client': 'bot' })));
    await send(ask(base, 'bot', { question: 'Giá vàng?' }));
    await send(ask(base, 'bot', { question: 'Giá vàng?' }));
    // A path no route matches.
    await send(fetch(`${base}/khong-co-trang-nay`));
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 400, 400, 429, 429, 404]);
    // Every answer so far is over (its log entry written), so no slot is still held.
    await until(() => entries.length === 11);

    // 2 questions hold both slots; a third is shed at once (503); then the 2 are answered.
    const held = [ask(base, 'r7', { question: 'Giá vàng, chờ?' }), ask(base, 'r8', { question: 'Giá vàng nhẫn, chờ?' })];
    await until(() => qa.calls === 8);
    const shed = await ask(base, 'r9', { question: 'Giá vàng?' });
    expect(shed.status).toBe(503);
    expect(((await shed.json()) as ApiErrorBody).error.code).toBe('overloaded');
    open();
    for (const res of await Promise.all(held)) expect(res.status).toBe(200);
    // The log entry is written when the body has ended, after the client may have read it.
    await until(() => entries.length === 14);

    const { samples, types, helps } = await scrape(base);
    const requests = (route: string, method: string, status: string) =>
      valueOf(samples, 'hoidap_http_requests_total', { route, method, status });
    expect(requests('/api/ask', 'POST', '200')).toBe(7);
    expect(requests('/api/ask/stream', 'POST', '200')).toBe(1);
    expect(requests('/api/ask', 'POST', '400')).toBe(2);
    expect(requests('/api/ask', 'POST', '429')).toBe(2);
    expect(requests('/api/ask', 'POST', '503')).toBe(1);
    expect(requests('(none)', 'GET', '404')).toBe(1);
    // Nothing else: the scrape's own request is logged after its answer.
    expect(samples.filter((s) => s.name === 'hoidap_http_requests_total').map((s) => s.value)).toHaveLength(6);

    const answers = (route: string, outcome: string, scope: string) => valueOf(samples, 'hoidap_answers_total', { route, outcome, scope });
    expect(answers('/api/ask', 'found', 'none')).toBe(4); // 2 + the 2 held
    expect(answers('/api/ask', 'found', 'article')).toBe(1);
    expect(answers('/api/ask', 'refused', 'none')).toBe(1);
    expect(answers('/api/ask', 'refused', 'site')).toBe(1);
    expect(answers('/api/ask/stream', 'found', 'site')).toBe(1);
    // The other combinations are there at 0, so ratios work before the first of each.
    const answerSamples = samples.filter((s) => s.name === 'hoidap_answers_total');
    expect(answerSamples).toHaveLength(2 * 2 * 3);
    expect(answerSamples.reduce((sum, s) => sum + s.value, 0)).toBe(8);

    expect(valueOf(samples, 'hoidap_shed_total')).toBe(1);
    expect(valueOf(samples, 'hoidap_rate_limited_total')).toBe(2);

    // Only answers are timed: not the 400s, 429s and the 503.
    const count = valueOf(samples, 'hoidap_ask_duration_seconds_count', { route: '/api/ask' })!;
    const sum = valueOf(samples, 'hoidap_ask_duration_seconds_sum', { route: '/api/ask' })!;
    expect(count).toBe(7);
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(count * 5);
    expect(valueOf(samples, 'hoidap_ask_duration_seconds_bucket', { route: '/api/ask', le: '+Inf' })).toBe(7);
    expect(valueOf(samples, 'hoidap_ask_duration_seconds_count', { route: '/api/ask/stream' })).toBe(1);
    const buckets = samples.filter((s) => s.name === 'hoidap_ask_duration_seconds_bucket' && s.labels.route === '/api/ask');
    expect(buckets.map((s) => s.labels.le)).toEqual([
      '0.005',
      '0.01',
      '0.025',
      '0.05',
      '0.1',
      '0.25',
      '0.5',
      '1',
      '2.5',
      '5',
      '10',
      '+Inf',
    ]);
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]!.value).toBeGreaterThanOrEqual(buckets[i - 1]!.value);

    expect(valueOf(samples, 'hoidap_index_articles')).toBe(2);
    expect(valueOf(samples, 'hoidap_index_chunks')).toBe(9);
    expect(valueOf(samples, 'hoidap_index_journal_entries')).toBe(3);
    expect(valueOf(samples, 'hoidap_index_saved_timestamp_seconds')).toBe(Date.parse('2025-06-01T08:00:00.000Z') / 1000);
    expect(valueOf(samples, 'hoidap_index_info', { generation: '000007' })).toBe(1);
    for (const model of MODELS) expect(valueOf(samples, 'hoidap_model_info', model)).toBe(1);
    expect(valueOf(samples, 'hoidap_build_info', { ...BUILD, node: process.version })).toBe(1);

    // The process and Node.js defaults, under the names dashboards expect.
    expect(types.get('process_cpu_seconds_total')).toBe('counter');
    expect(types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
    expect(valueOf(samples, 'process_cpu_seconds_total')).toBeGreaterThan(0);

    // Every metric of ours is described, with the type its name promises.
    const ours = [...types].filter(([name]) => name.startsWith('hoidap_'));
    expect(Object.fromEntries(ours)).toEqual({
      hoidap_http_requests_total: 'counter',
      hoidap_ask_duration_seconds: 'histogram',
      hoidap_answers_total: 'counter',
      hoidap_shed_total: 'counter',
      hoidap_rate_limited_total: 'counter',
      hoidap_index_articles: 'gauge',
      hoidap_index_chunks: 'gauge',
      hoidap_index_journal_entries: 'gauge',
      hoidap_index_saved_timestamp_seconds: 'gauge',
      hoidap_index_info: 'gauge',
      hoidap_model_info: 'gauge',
      hoidap_build_info: 'gauge',
    });
    for (const [name] of ours) expect(helps.has(name)).toBe(true);

    // A checkpoint later: the new figures, one generation, and the first scrape now counted.
    figures = { articles: 3, chunks: 12, generation: '000008', savedAt: '2025-06-02T09:30:00.000Z', journal: 0 };
    await until(() => entries.length === 15);
    const later = (await scrape(base)).samples;
    expect(valueOf(later, 'hoidap_index_articles')).toBe(3);
    expect(valueOf(later, 'hoidap_index_chunks')).toBe(12);
    expect(valueOf(later, 'hoidap_index_journal_entries')).toBe(0);
    expect(valueOf(later, 'hoidap_index_saved_timestamp_seconds')).toBe(Date.parse('2025-06-02T09:30:00.000Z') / 1000);
    expect(later.filter((s) => s.name === 'hoidap_index_info')).toEqual([
      { name: 'hoidap_index_info', labels: { generation: '000008' }, value: 1 },
    ]);
    expect(valueOf(later, 'hoidap_http_requests_total', { route: '/metrics', method: 'GET', status: '200' })).toBe(1);
  });

  it('keeps two apps in one process apart, and says an unknown commit as an empty label', async () => {
    const first = newMetrics('public');
    const second = createMetrics({ access: 'public', index: () => figures, models: [], build: { version: '0.2.0' }, defaults: false });
    const a = await start(first);
    const b = await start(second);
    expect((await ask(a.base, 'r1', { question: 'Giá vàng?' })).status).toBe(200);
    await until(() => a.entries.length === 1);
    const inA = (await scrape(a.base)).samples;
    const inB = (await scrape(b.base)).samples;
    expect(valueOf(inA, 'hoidap_answers_total', { route: '/api/ask', outcome: 'found', scope: 'none' })).toBe(1);
    expect(valueOf(inB, 'hoidap_answers_total', { route: '/api/ask', outcome: 'found', scope: 'none' })).toBe(0);
    expect(valueOf(inB, 'hoidap_build_info', { version: '0.2.0', commit: '', node: process.version })).toBe(1);
    expect(inB.filter((s) => s.name === 'hoidap_model_info')).toEqual([]);
    expect(inB.some((s) => s.name.startsWith('process_'))).toBe(false);
  });

  it('folds methods it does not name into "other", and counts each route under its pattern', async () => {
    const metrics = newMetrics('public');
    const entry = (method: string, route: string, status: number): RequestLogEntry => ({ time: '', id: '', method, route, status, ms: 1 });
    metrics.request(entry('PROPFIND', '(none)', 405));
    metrics.request(entry('GET', '/api/articles/:id', 200));
    metrics.request(entry('GET', '/api/articles/:id', 200));
    const { samples } = parseMetrics((await metrics.render()).body);
    expect(valueOf(samples, 'hoidap_http_requests_total', { route: '(none)', method: 'other', status: '405' })).toBe(1);
    expect(valueOf(samples, 'hoidap_http_requests_total', { route: '/api/articles/:id', method: 'GET', status: '200' })).toBe(2);
    // Raw paths handed in by mistake stop minting series after 64 routes.
    for (let i = 0; i < 100; i++) metrics.request(entry('GET', `/bai-viet/${i}`, 200));
    const after = parseMetrics((await metrics.render()).body).samples.filter((s) => s.name === 'hoidap_http_requests_total');
    expect(after).toHaveLength(64 + 1);
    expect(valueOf(after, 'hoidap_http_requests_total', { route: '(other)', method: 'GET', status: '200' })).toBe(100 - 62);
  });
});

describe('who may read GET /metrics', () => {
  it('HOIDAP_METRICS=admin: 401 with a Bearer challenge without the token or with a wrong one, 200 with it', async () => {
    const { base } = await start(newMetrics('admin'), { adminToken: 'admin-token-for-tests' });
    const refused = await fetch(`${base}/metrics`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
    expect(((await refused.json()) as ApiErrorBody).error.code).toBe('unauthorized');
    expect((await fetch(`${base}/metrics`, { headers: { Authorization: 'Bearer sai' } })).status).toBe(401);
    const { samples } = await scrape(base, { Authorization: 'Bearer admin-token-for-tests' });
    expect(valueOf(samples, 'hoidap_index_articles')).toBe(figures.articles);
  });

  it('HOIDAP_METRICS=admin with no admin token configured: 403 admin_disabled', async () => {
    const { base } = await start(newMetrics('admin'));
    const res = await fetch(`${base}/metrics`, { headers: { Authorization: 'Bearer anything' } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as ApiErrorBody).error.code).toBe('admin_disabled');
  });

  it('HOIDAP_METRICS=public: 200 without a token, even when an admin token is set', async () => {
    const { base } = await start(newMetrics('public'), { adminToken: 'admin-token-for-tests' });
    const { samples } = await scrape(base);
    expect(valueOf(samples, 'hoidap_shed_total')).toBe(0);
  });

  it('without metrics (HOIDAP_METRICS=off) the route is not there: 404', async () => {
    const { base } = await start(undefined);
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as ApiErrorBody).error.code).toBe('not_found');
  });
});
