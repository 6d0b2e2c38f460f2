/**
 * Soak test: the real server (`src/node/cli.ts serve` over the shipped corpus/, in a child process on
 * 127.0.0.1, index in a temporary folder) driven by autocannon with a mix of what a busy news
 * site sends: valid questions from thousands of readers (JSON and streamed), invalid requests,
 * one bot over its rate limit, feedback, health checks and the widget script; beside it, a loop
 * of oversized bodies. The server's request log and errors are read afterwards.
 * The child's RSS is sampled every 5 s.
 *
 * Memory: the server runs with a probe (scripts/soak-probe.ts) that forces a full GC every 5 s,
 * so RSS samples measure what is retained, not where V8's heap sizing happens to be (without
 * it RSS swings by ±30% under load with a flat live heap). Growth compares medians: the last
 * minute against the second (the first is warm-up) for runs of 3 minutes or more, else the last
 * third against the second.
 *
 * Passes (exit 0) when there was no 5xx other than deliberate 503 sheds (code `overloaded`), RSS
 * and live heap grew less than 10%, no unexpected error was logged, and the server still answers
 * a normal question afterwards.
 *
 *   npm run soak -- [--seconds 60] [--connections 50] [--natural-gc]
 *
 * Loopback only, bounded in time: --seconds at most 600.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { parseCommandLine, UsageError } from '../src/node/args.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const HOST = '127.0.0.1';

const USAGE = 'npm run soak -- [--seconds 5–600, default 60] [--connections 1–500, default 50] [--port N] [--natural-gc]';

/** The command line, checked before anything starts; a mistake ends the run with its message. */
function readOptions(argv: readonly string[]) {
  try {
    const { values } = parseCommandLine(argv, {
      options: {
        seconds: { type: 'string', default: '60' },
        connections: { type: 'string', default: '50' },
        port: { type: 'string', default: '38517' },
        // Leave GC to V8 (no probe): RSS then swings with heap sizing and growth says less.
        'natural-gc': { type: 'boolean', default: false },
      },
    });
    return {
      seconds: bounded(values.seconds, 'seconds', 5, 600),
      connections: bounded(values.connections, 'connections', 1, 500),
      port: bounded(values.port, 'port', 1024, 65535),
      naturalGc: values['natural-gc'],
    };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n${USAGE}`);
    process.exit(1);
  }
}

const { seconds, connections, port, naturalGc } = readOptions(process.argv.slice(2));
const base = `http://${HOST}:${port}`;

/** Questions about the shipped articles, with and without diacritics, and one with no answer. */
const QUESTIONS = [
  'Chủ tịch nước Lương Cường tiếp Chủ tịch Đảng Xã hội Chile ở đâu?',
  'Chu tich nuoc Luong Cuong tiep Chu tich Dang Xa hoi Chile o dau?',
  'Ai trao Huân chương Mặt trời Peru cho Chủ tịch nước?',
  'Chủ tịch nước dự Hội nghị APEC ở đâu?',
  'Việt Nam mong muốn hợp tác với các nước nào ở Mỹ Latinh?',
  'Giá vàng miếng SJC hôm nay bao nhiêu một lượng?',
];

type Kind = 'ask' | 'stream' | 'invalid' | 'bot' | 'feedback' | 'static';
/** Shares of autocannon's mix, in percent. */
const MIX: [Kind, number][] = [
  ['ask', 60],
  ['stream', 10],
  ['invalid', 12],
  ['bot', 8],
  ['feedback', 5],
  ['static', 5],
];
/**
 * Oversized bodies come from a side loop of their own (fetch, 2 at a time): the server answers
 * them 413 and closes the connection, and autocannon, which writes its next request before it
 * notices the close, would then time every later response on that connection from the lost
 * request's start, inflating the latency of everything else.
 */
const OVERSIZED_WORKERS = 2;
const INVALID: { method: 'GET' | 'POST'; path: string; body?: string }[] = [
  { method: 'POST', path: '/api/ask', body: '{"question": "Giá vàng' },
  { method: 'POST', path: '/api/ask', body: '{}' },
  { method: 'POST', path: '/api/ask', body: JSON.stringify({ question: 'Giá vàng '.repeat(130) }) },
  { method: 'POST', path: '/api/ask', body: '{"question":"Giá vàng?","k":1e999}' },
  { method: 'POST', path: '/api/ask', body: '['.repeat(5000) + ']'.repeat(5000) },
  { method: 'GET', path: '/api/ask' },
  { method: 'GET', path: '/khong-co-trang-nay' },
];
const OVERSIZED = 'a'.repeat(100 * 1024);
const BOT_IP = '203.0.113.66';

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)]!;
}

function kind(): Kind {
  let r = Math.random() * 100;
  for (const [k, share] of MIX) if ((r -= share) < 0) return k;
  return 'ask';
}

/** One of 5,000 readers: each asks a few questions a minute, under the rate limit. */
function readerIp(): string {
  const n = Math.floor(Math.random() * 5000);
  return `10.${(n >> 8) & 255}.${n & 255}.${1 + (n % 200)}`;
}

function request(): autocannon.Request {
  const json = { 'content-type': 'application/json' };
  const k = kind();
  const from = (ip: string) => ({ ...json, 'x-forwarded-for': ip });
  switch (k) {
    case 'ask':
      return { method: 'POST', path: '/api/ask', headers: from(readerIp()), body: JSON.stringify({ question: pick(QUESTIONS) }) };
    case 'stream':
      return { method: 'POST', path: '/api/ask/stream', headers: from(readerIp()), body: JSON.stringify({ question: pick(QUESTIONS) }) };
    case 'invalid': {
      const r = pick(INVALID);
      return { method: r.method, path: r.path, headers: from(readerIp()), ...(r.body !== undefined ? { body: r.body } : {}) };
    }
    case 'bot':
      return { method: 'POST', path: '/api/ask', headers: from(BOT_IP), body: JSON.stringify({ question: pick(QUESTIONS) }) };
    case 'feedback':
      return {
        method: 'POST',
        path: '/api/feedback',
        headers: from(readerIp()),
        body: JSON.stringify({ rating: 'up', question: pick(QUESTIONS), answer: 'Tại Thủ đô Santiago de Chile. [1]', citations: [] }),
      };
    case 'static':
      return { method: 'GET', path: pick(['/healthz', '/widget.js']), headers: {} };
  }
}

async function main(): Promise<number> {
  const work = mkdtempSync(join(tmpdir(), 'hoidap-soak-'));
  let child: ChildProcess | undefined;
  try {
    const server = startServer(work);
    child = server.child;
    process.stderr.write(`Starting the server on ${base} (index in ${work})…\n`);
    await waitUntilReady(child, 180_000);

    const rss: { at: number; mb: number }[] = [];
    const started = Date.now();
    const sample = () => {
      const mb = rssMb(child!.pid!);
      if (mb !== undefined) rss.push({ at: (Date.now() - started) / 1000, mb });
    };
    sample();
    const sampler = setInterval(sample, 5000);

    const statuses = new Map<number, number>();
    const times: number[] = [];
    process.stderr.write(
      `Load: ${seconds} s, ${connections} connections, mix ${MIX.map(([k, s]) => `${k} ${s}%`).join(', ')}; ${OVERSIZED_WORKERS} × oversized beside…\n`,
    );
    let finished!: (result: autocannon.Result) => void;
    let failed!: (error: unknown) => void;
    const done = new Promise<autocannon.Result>((resolve, reject) => ((finished = resolve), (failed = reject)));
    const instance = autocannon(
      {
        url: base,
        connections,
        duration: seconds,
        timeout: 20,
        requests: [
          {
            // Merged into autocannon's own request, which carries the Host header Node requires.
            setupRequest: (req) => {
              const next = request();
              return { ...req, ...next, headers: { ...req.headers, ...next.headers } };
            },
          },
        ],
      },
      (error, result) => (error ? failed(error) : finished(result)),
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      times.push(ms);
    });
    const oversized = oversizedLoop(seconds * 1000, statuses);
    const result = await done;
    const oversizedRun = await oversized;
    clearInterval(sampler);
    sample();

    const after = await fetch(`${base}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.255.255.254' },
      body: JSON.stringify({ question: QUESTIONS[0] }),
    });
    const afterBody = (await after.json()) as { found?: boolean };
    const stillAnswers = after.status === 200 && afterBody.found === true;

    await stop(child);
    const log = serverLog(server.logFile, server.errFile);
    const heap = naturalGc ? [] : heapSamples(server.probeFile, started);
    const report = summarize({ result, statuses, times, oversized: oversizedRun, rss, heap, log, stillAnswers });
    console.log(report.text);
    if (!report.ok) console.error(`\nSOAK FAILED: ${report.failures.join('; ')}`);
    return report.ok ? 0 : 1;
  } finally {
    if (child && child.exitCode === null) await stop(child);
    rmSync(work, { recursive: true, force: true });
  }
}

function startServer(work: string) {
  // The request log and errors go to files, not pipes: a pipe the load generator is too busy to
  // drain would block the server's (synchronous) stdout writes and measure the generator, not us.
  const logFile = join(work, 'requests.log');
  const errFile = join(work, 'server.err');
  const out = openSync(logFile, 'w');
  const err = openSync(errFile, 'w');
  const probeFile = join(work, 'heap.jsonl');
  const probe = naturalGc ? [] : ['--expose-gc', '--import', './scripts/soak-probe.ts'];
  const child = spawn(process.execPath, ['--import', 'tsx', ...probe, 'src/node/cli.ts', 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST,
      HOIDAP_INDEX_DIR: join(work, 'index'),
      HOIDAP_FEEDBACK_FILE: join(work, 'feedback.jsonl'),
      // The load comes through a (pretend) proxy that names 5,000 readers in X-Forwarded-For.
      HOIDAP_TRUST_PROXY: '1',
      HOIDAP_ANSWERER: 'extractive',
      SOAK_PROBE_FILE: probeFile,
    },
    stdio: ['ignore', out, err],
  });
  closeSync(out);
  closeSync(err);
  child.once('exit', (code, signal) => {
    if (code !== 0 && signal === null)
      process.stderr.write(`The server exited with ${code}:\n${readFileSync(errFile, 'utf8').slice(-5000)}\n`);
  });
  return { child, logFile, errFile, probeFile };
}

/** Live heap after full GCs, from scripts/soak-probe.ts, in seconds since the load `started`. */
function heapSamples(file: string, started: number): { at: number; heapUsed: number }[] {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { time: number; heapUsed: number })
      .map((s) => ({ at: (s.time - started) / 1000, heapUsed: s.heapUsed }))
      .filter((s) => s.at >= 0);
  } catch {
    return [];
  }
}

/** What the server's own log says: lines, 5xx by code, and its time per request (ms). */
function serverLog(logFile: string, errFile: string) {
  const codes5xx = new Map<string, number>();
  const ms: number[] = [];
  let lines = 0;
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.startsWith('{')) continue;
    lines++;
    const entry = JSON.parse(line) as { status: number; ms: number; code?: string; route: string };
    if (entry.route.startsWith('/api/ask')) ms.push(entry.ms);
    if (entry.status >= 500)
      codes5xx.set(`${entry.status} ${entry.code ?? 'none'}`, (codes5xx.get(`${entry.status} ${entry.code ?? 'none'}`) ?? 0) + 1);
  }
  const errorLines = readFileSync(errFile, 'utf8')
    .split('\n')
    .filter((l) => l.includes('"level":"error"')).length;
  return { lines, codes5xx, ms, errorLines };
}

/** Oversized questions, {@link OVERSIZED_WORKERS} at a time, until `ms` have passed: their times and statuses. */
async function oversizedLoop(ms: number, all: Map<number, number>): Promise<{ times: number[]; statuses: Map<number, number> }> {
  const times: number[] = [];
  const statuses = new Map<number, number>();
  const count = (status: number) => {
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    all.set(status, (all.get(status) ?? 0) + 1);
  };
  const end = Date.now() + ms;
  const worker = async () => {
    while (Date.now() < end) {
      const started = performance.now();
      try {
        const res = await fetch(`${base}/api/ask`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': readerIp() },
          body: OVERSIZED,
        });
        await res.arrayBuffer();
        count(res.status);
      } catch {
        count(0);
      }
      times.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: OVERSIZED_WORKERS }, worker));
  return { times, statuses };
}

async function waitUntilReady(child: ChildProcess, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before it was ready`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the server was not ready within ${ms / 1000} s`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Resident set size of a process in MB, from /proc (Linux). */
function rssMb(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Figures {
  result: autocannon.Result;
  statuses: Map<number, number>;
  times: number[];
  oversized: { times: number[]; statuses: Map<number, number> };
  rss: { at: number; mb: number }[];
  heap: { at: number; heapUsed: number }[];
  log: ReturnType<typeof serverLog>;
  stillAnswers: boolean;
}

function summarize(f: Figures): { text: string; ok: boolean; failures: string[] } {
  const total = [...f.statuses.values()].reduce((a, b) => a + b, 0);
  const sorted = [...f.times].sort((a, b) => a - b);
  const serverSorted = [...f.log.ms].sort((a, b) => a - b);
  const oversizedSorted = [...f.oversized.times].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1);
  const sheds = f.log.codes5xx.get('503 overloaded') ?? 0;
  // What the server logged as 5xx other than sheds, and what clients saw as 5xx other than 503.
  const serverUnexpected = [...f.log.codes5xx].filter(([k]) => k !== '503 overloaded').reduce((n, [, c]) => n + c, 0);
  const clientUnexpected = [...f.statuses].filter(([s]) => s >= 500 && s !== 503).reduce((n, [, c]) => n + c, 0);
  const unexpected5xx = serverUnexpected + clientUnexpected;
  // Windows: the second minute and the last one, or the second and last thirds of a shorter run.
  const span = seconds >= 180 ? 60 : seconds / 3;
  const early: [number, number] = [span, 2 * span];
  const late: [number, number] = [seconds - span, seconds + 5];
  const rssGrowth = growthBetween(
    f.rss.map((s) => ({ at: s.at, v: s.mb })),
    early,
    late,
  );
  const heapGrowth = growthBetween(
    f.heap.map((s) => ({ at: s.at, v: s.heapUsed })),
    early,
    late,
  );
  const peak = Math.max(...f.rss.map((s) => s.mb));
  const window = ([a, b]: [number, number]) => `${a.toFixed(0)}–${Math.min(b, seconds).toFixed(0)} s`;

  const rows: [string, string][] = [
    ['duration', `${seconds} s, ${connections} connections`],
    ['requests', `${total} (${(total / seconds).toFixed(0)}/s)`],
    [
      'status counts',
      [...f.statuses]
        .sort(([a], [b]) => a - b)
        .map(([s, c]) => `${s}: ${c}`)
        .join(', '),
    ],
    ['503 sheds (deliberate)', `${sheds} in the server log, ${f.statuses.get(503) ?? 0} seen by clients before the end`],
    [
      '5xx other than sheds',
      `${unexpected5xx}${f.log.codes5xx.size ? ` (server log: ${[...f.log.codes5xx].map(([k, c]) => `${k}: ${c}`).join(', ')})` : ''}`,
    ],
    [
      'latency p50 / p95 / p99 (autocannon mix)',
      `${percentile(sorted, 50).toFixed(1)} / ${percentile(sorted, 95).toFixed(1)} / ${percentile(sorted, 99).toFixed(1)} ms (mean ${mean.toFixed(1)}, max ${(sorted.at(-1) ?? NaN).toFixed(1)})`,
    ],
    [
      'oversized bodies (side loop)',
      `${oversizedSorted.length} sent, ${OVERSIZED_WORKERS} at a time: ${[...f.oversized.statuses].map(([s, c]) => `${s}: ${c}`).join(', ')}; ` +
        `p50 / p95 / max ${percentile(oversizedSorted, 50).toFixed(1)} / ${percentile(oversizedSorted, 95).toFixed(1)} / ${(oversizedSorted.at(-1) ?? NaN).toFixed(1)} ms`,
    ],
    [
      'time in server p50 / p95 / p99 (asks)',
      `${percentile(serverSorted, 50).toFixed(1)} / ${percentile(serverSorted, 95).toFixed(1)} / ${percentile(serverSorted, 99).toFixed(1)} ms`,
    ],
    ['client errors / timeouts', `${f.result.errors} / ${f.result.timeouts}`],
    ['request log lines', `${f.log.lines} (${total ? ((f.log.lines / total) * 100).toFixed(1) : '0'}% of responses)`],
    ['server error log lines', String(f.log.errorLines)],
    [
      'RSS, median',
      `${rssGrowth.from.toFixed(1)} MB (${window(early)}) → ${rssGrowth.to.toFixed(1)} MB (${window(late)}): ${signed(rssGrowth.percent)}; peak ${peak.toFixed(1)} MB` +
        (f.heap.length ? ', full GC every 5 s' : ', GC left to V8'),
    ],
    ...(f.heap.length
      ? [
          [
            'live heap after full GC, median',
            `${heapGrowth.from.toFixed(1)} MB → ${heapGrowth.to.toFixed(1)} MB: ${signed(heapGrowth.percent)}`,
          ] as [string, string],
        ]
      : []),
    ['RSS samples (MB)', f.rss.map((s) => s.mb.toFixed(0)).join(' ')],
    ...(f.heap.length ? [['live heap after full GC (MB)', f.heap.map((s) => s.heapUsed.toFixed(0)).join(' ')] as [string, string]] : []),
    ['answers afterwards', f.stillAnswers ? 'yes' : 'NO'],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const text = ['', '| measure | value |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k.padEnd(width)} | ${v} |`)].join('\n');

  const failures = failuresOf(f, unexpected5xx, rssGrowth.percent, heapGrowth.percent);
  return { text, ok: failures.length === 0, failures };
}

/** What fails the soak: unexpected 5xx or errors, memory growth of 10% or more, a server that stopped answering. */
function failuresOf(f: Figures, unexpected5xx: number, rssGrowth: number, heapGrowth: number): string[] {
  const failures: string[] = [];
  if (unexpected5xx > 0) failures.push(`${unexpected5xx} responses with 5xx other than deliberate 503 sheds`);
  if (f.log.errorLines > 0) failures.push(`${f.log.errorLines} unexpected errors logged by the server`);
  if (!(rssGrowth < 10)) failures.push(`RSS grew ${signed(rssGrowth)} (limit 10%)`);
  if (f.heap.length && !(heapGrowth < 10)) failures.push(`live heap grew ${signed(heapGrowth)} (limit 10%)`);
  if (!f.stillAnswers) failures.push('the server did not answer a normal question after the load');
  return failures;
}

/** Median of the samples in each window, and the growth from the first to the second, in percent. */
function growthBetween(samples: { at: number; v: number }[], early: [number, number], late: [number, number]) {
  const median = ([from, to]: [number, number]) => {
    const values = samples
      .filter((s) => s.at >= from && s.at < to)
      .map((s) => s.v)
      .sort((a, b) => a - b);
    return values.length ? values[Math.floor((values.length - 1) / 2)]! : NaN;
  };
  const from = median(early);
  const to = median(late);
  return { from, to, percent: ((to - from) / from) * 100 };
}

function signed(percent: number): string {
  return `${percent >= 0 ? '+' : ''}${percent.toFixed(1)}%`;
}

function bounded(value: string | undefined, name: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${value}".`, 'value');
  return n;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
