/**
 * The Worker running on this machine: `wrangler dev --local` in the stand-in environment
 * (`[env.test]` of wrangler.toml: D1, Queues and rate limiting for real in workerd, Workers AI
 * and Vectorize as stand-ins), its D1 migrations applied to a fresh state folder. Used by
 * `npm run dev:workers` and by the HTTP contract tests, which ask it the questions they ask Node.
 *
 * @example
 * const worker = await startLocalWorker({ port: 8787, stateDir: '.wrangler/dev-standins' });
 * await fetch(`${worker.url}/healthz`);
 * await worker.stop();
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/** The stand-in environment of wrangler.toml, and its admin token (not a secret: local only). */
const STANDIN_ENV = 'test';
export const STANDIN_ADMIN_TOKEN = 'standin-admin-token';
const WRANGLER = resolve('node_modules/.bin/wrangler');

export interface LocalWorkerOptions {
  /** 0: any free port. */
  port: number;
  /** Local D1, queue and cache state; emptied first (the stand-in vector index lives in memory). */
  stateDir: string;
  /** wrangler's own output: inherited by dev:workers, dropped (kept for errors) by tests. */
  output?: 'inherit' | 'capture';
  /** Worker variables over wrangler.toml's (`--var`), e.g. HOIDAP_RETRIEVER=lexical. */
  vars?: Record<string, string>;
  /** Apply the D1 migrations first (default); false starts a Worker on an empty database. */
  migrate?: boolean;
}

export interface LocalWorker {
  url: string;
  /** wrangler's process id (workerd runs as its child). */
  pid: number;
  /** What wrangler printed (the last 8 KB), when captured: shown when something fails. */
  log(): string;
  /** Resolves with wrangler's exit code once it has exited. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export async function startLocalWorker(options: LocalWorkerOptions): Promise<LocalWorker> {
  rmSync(options.stateDir, { recursive: true, force: true });
  if (options.migrate !== false) migrate(options.stateDir, options.output ?? 'inherit');
  const port = options.port || (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    WRANGLER,
    [
      'dev',
      '--local',
      '--env',
      STANDIN_ENV,
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--persist-to',
      options.stateDir,
      ...Object.entries(options.vars ?? {}).flatMap(([name, value]) => ['--var', `${name}:${value}`]),
    ],
    {
      stdio: ['ignore', options.output === 'capture' ? 'pipe' : 'inherit', options.output === 'capture' ? 'pipe' : 'inherit'],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8192));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const worker: LocalWorker = { url, pid: child.pid!, log: () => output, exited, stop: () => stop(child, exited) };
  try {
    await Promise.race([
      waitForHealth(url),
      exited.then((code) => Promise.reject(new Error(`wrangler dev exited (${code}) before serving.\n${output}`))),
    ]);
  } catch (error) {
    await worker.stop();
    throw error;
  }
  return worker;
}

/** Applies migrations/ to the local database of the stand-in environment. */
export function migrate(stateDir: string, output: 'inherit' | 'capture'): void {
  const result = spawnSync(WRANGLER, ['d1', 'migrations', 'apply', 'DB', '--local', '--env', STANDIN_ENV, '--persist-to', stateDir], {
    stdio: output === 'capture' ? 'pipe' : 'inherit',
    encoding: 'utf8',
    // Not a terminal session: wrangler applies without asking for confirmation.
    env: { ...process.env, CI: '1', WRANGLER_SEND_METRICS: 'false' },
  });
  if (result.status !== 0) {
    throw new Error(`wrangler d1 migrations apply failed (exit ${result.status}).\n${result.stderr ?? ''}${result.stdout ?? ''}`);
  }
}

async function stop(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** The Worker's /healthz, or undefined while it does not answer. */
async function health(url: string): Promise<{ articles: number; chunks: number } | undefined> {
  try {
    const res = await fetch(`${url}/healthz`);
    return res.ok ? ((await res.json()) as { articles: number; chunks: number }) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the Worker answers HTTP at all (an unmigrated one answers 503). */
async function answers(url: string): Promise<boolean> {
  try {
    await (await fetch(`${url}/healthz`)).arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

/** Until the Worker answers (the first start bundles the Worker and decodes the restorer). */
async function waitForHealth(url: string, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await answers(url))) {
    if (Date.now() > until) throw new Error(`${url}/healthz did not answer within ${timeoutMs / 1000} s.`);
    await new Promise((done) => setTimeout(done, 300));
  }
}

/**
 * Until the queue consumer has indexed `expected` articles, or the count stops moving for
 * `stallMs`; returns the count reached.
 */
export async function waitForIndexed(url: string, expected: number, stallMs = 30_000): Promise<number> {
  let last = -1;
  let still = Date.now();
  for (;;) {
    const articles = (await health(url))?.articles ?? 0;
    if (articles >= expected) return articles;
    if (articles !== last) [last, still] = [articles, Date.now()];
    else if (Date.now() - still > stallMs) return articles;
    await new Promise((done) => setTimeout(done, 300));
  }
}
