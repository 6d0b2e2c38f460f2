/**
 * Driving the real HTTP server from outside, on the loopback only: the first answer after a
 * start (cold start), questions one at a time (latency as a reader sees it), and autocannon at
 * a fixed number of connections for a bounded time (throughput, errors, latency under load).
 *
 * @example
 * const cold = await waitForFirstAnswer(base, started, 120_000);
 * const seq = await askSequentially(base, questions);
 * const c10 = await loadTest(base, questions, { connections: 10, seconds: 15 });
 */
import { Agent, request } from 'node:http';
import autocannon from 'autocannon';
import { percentile } from './stats.js';

/** Benchmarks may only drive a server on this machine. */
function assertLoopback(base: string): URL {
  const url = new URL(base);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
    throw new Error(`Benchmarks only run against the loopback, not ${url.hostname}.`);
  return url;
}

export interface Reply {
  status: number;
  body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** One POST with a JSON body over a kept-alive connection. */
export function postJson(base: string, path: string, body: unknown, headers: Record<string, string> = {}, method = 'POST'): Promise<Reply> {
  const url = assertLoopback(base);
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((done, fail) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method,
        agent,
        headers: { 'content-type': 'application/json', 'content-length': payload.length, ...headers },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }));
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    req.end(payload);
  });
}

/**
 * Polls POST /api/ask until the first 200 and returns the milliseconds since `startedAt`
 * (a performance.now() taken just before the server process was spawned).
 */
export async function waitForFirstAnswer(
  base: string,
  startedAt: number,
  timeoutMs: number,
  isAlive: () => boolean = () => true,
): Promise<number> {
  const deadline = startedAt + timeoutMs;
  for (;;) {
    try {
      const reply = await postJson(base, '/api/ask', { question: 'Bộ Y tế khuyến cáo gì?' });
      if (reply.status === 200) return performance.now() - startedAt;
    } catch {
      // Not listening yet.
    }
    if (!isAlive()) throw new Error('The server exited before answering.');
    if (performance.now() > deadline) throw new Error(`No answer within ${timeoutMs} ms.`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface SequentialResult {
  /** Client-side milliseconds per question: request written to response read. */
  latencies: number[];
  /** The server's own `tookMs` (the QA pipeline without HTTP). */
  serverMs: number[];
  errors: number;
  p50: number;
  p95: number;
  p99: number;
}

/** Asks every question once, one after the other. */
export async function askSequentially(base: string, questions: readonly string[]): Promise<SequentialResult> {
  const latencies: number[] = [];
  const serverMs: number[] = [];
  let errors = 0;
  for (const question of questions) {
    const started = performance.now();
    const reply = await postJson(base, '/api/ask', { question });
    latencies.push(performance.now() - started);
    if (reply.status !== 200) {
      errors++;
      continue;
    }
    const took = (JSON.parse(reply.body) as { tookMs?: number }).tookMs;
    if (typeof took === 'number') serverMs.push(took);
  }
  return { latencies, serverMs, errors, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) };
}

export interface LoadResult {
  connections: number;
  seconds: number;
  requests: number;
  rps: number;
  /** Non-2xx answers, connection errors and timeouts. */
  errors: number;
  non2xx: number;
  p50: number;
  p95: number;
  p99: number;
}

/**
 * autocannon at `connections` for `seconds`, every connection cycling through the questions.
 * Latency percentiles are computed from every response time (autocannon's own summary has no p95).
 */
export async function loadTest(
  base: string,
  questions: readonly string[],
  options: { connections: number; seconds: number },
): Promise<LoadResult> {
  assertLoopback(base);
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((done, fail) => {
    const instance = autocannon(
      {
        url: base,
        connections: options.connections,
        duration: options.seconds,
        // A stuck request counts as an error instead of hanging the benchmark.
        timeout: 10,
        requests: questions.map((question) => ({
          method: 'POST' as const,
          path: '/api/ask',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ question }),
        })),
      },
      (error: unknown, result: autocannon.Result) =>
        error ? fail(error instanceof Error ? error : new Error('autocannon failed', { cause: error })) : done(result),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
  const errors = result.non2xx + result.errors + result.timeouts;
  return {
    connections: options.connections,
    seconds: options.seconds,
    requests: result.requests.total,
    rps: result.requests.total / (result.duration || options.seconds),
    errors,
    non2xx: result.non2xx,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
  };
}
