/**
 * The project's own server and index builder, run as child processes exactly as an operator
 * runs them (`src/node/cli.ts serve`, `src/node/cli.ts index`), measured from outside.
 *
 * @example
 * const build = await buildIndexChild({ corpus, indexDir, retriever: 'hybrid' });
 * const server = await startServer({ corpus, indexDir, retriever: 'hybrid' });
 * ... server.base ...
 * await server.stop();
 */
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { captureStderr, exited, readMemory, spawnCli, watchMemory } from './proc.js';
import { diskBytes } from './paths.js';
import { waitForFirstAnswer } from './http.js';

export type Retriever = 'hybrid' | 'lexical' | 'vector';

export interface IndexTarget {
  corpus: string[];
  indexDir: string;
  retriever: Retriever;
  /** More environment for the child (HOIDAP_*). */
  env?: NodeJS.ProcessEnv;
}

export interface BuildResult {
  /** Wall time of `index --force`: process start, model load, read, embed, index, save. */
  seconds: number;
  articles: number;
  chunks: number;
  chunksPerSecond: number;
  peakRssMb: number;
  indexMb: number;
}

function childEnv(target: IndexTarget): NodeJS.ProcessEnv {
  return { HOIDAP_RETRIEVER: target.retriever, HOIDAP_INDEX_DIR: target.indexDir, HOIDAP_CORPUS: target.corpus.join(','), ...target.env };
}

/** `index --force` (or an incremental `index` with force: false) in a child, timed and memory-sampled. */
export async function buildIndexChild(
  target: IndexTarget,
  options: { force?: boolean; nodeArgs?: string[]; /** Gets the child's log (stderr) at exit. */ onStderr?: (text: string) => void } = {},
): Promise<BuildResult> {
  const started = performance.now();
  const child = spawnCli(
    ['index', '--corpus', ...target.corpus, '--index', target.indexDir, ...(options.force === false ? [] : ['--force'])],
    {
      env: childEnv(target),
      ...(options.nodeArgs ? { nodeArgs: options.nodeArgs } : {}),
    },
  );
  const memory = watchMemory(child.pid!);
  const stderr = captureStderr(child);
  const code = await exited(child);
  const seconds = (performance.now() - started) / 1000;
  const { peakMb } = memory.stop();
  options.onStderr?.(stderr());
  if (code !== 0) throw new Error(`index exited with ${code}:\n${stderr()}`);
  const manifest = JSON.parse(readFileSync(join(target.indexDir, 'manifest.json'), 'utf8')) as {
    counts: { articles: number; chunks: number };
  };
  return {
    seconds,
    articles: manifest.counts.articles,
    chunks: manifest.counts.chunks,
    chunksPerSecond: manifest.counts.chunks / seconds,
    peakRssMb: peakMb,
    indexMb: diskBytes(target.indexDir) / 2 ** 20,
  };
}

/** A free TCP port on the loopback. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

export interface RunningServer {
  base: string;
  pid: number;
  /** Spawn to first 200 on POST /api/ask, in ms. */
  coldStartMs: number;
  memory: () => { rssMb: number; peakMb: number } | undefined;
  stderr: () => string;
  stop: () => Promise<void>;
}

/**
 * Limits raised for measuring: the per-client rate limit (30/min by default) would turn a load
 * test into a test of the limiter, and the shedder (32 in flight) would refuse part of c50.
 */
export const BENCH_LIMITS_ENV = { HOIDAP_RATE_LIMIT: '0', HOIDAP_MAX_CONCURRENT: '10000' };

/** `serve` on 127.0.0.1 over an existing index; resolves at its first answer. */
export async function startServer(target: IndexTarget, options: { nodeArgs?: string[]; timeoutMs?: number } = {}): Promise<RunningServer> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawnCli(['serve'], {
    env: { ...BENCH_LIMITS_ENV, ...childEnv(target), PORT: String(port), HOST: '127.0.0.1' },
    ...(options.nodeArgs ? { nodeArgs: options.nodeArgs } : {}),
  });
  const stderr = captureStderr(child);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited(child);
    clearTimeout(timer);
  };
  let coldStartMs: number;
  try {
    coldStartMs = await waitForFirstAnswer(base, started, options.timeoutMs ?? 600_000, () => child.exitCode === null);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${stderr()}`, { cause: error });
  }
  // A stale index is rebuilt by `serve`: that would be a build, not a cold start.
  if (/^(Indexing|Updating) /m.test(stderr())) {
    await stop();
    throw new Error(`The server rebuilt the index in ${target.indexDir} instead of loading it (stale?):\n${stderr()}`);
  }
  return { base, pid: child.pid!, coldStartMs, memory: () => readMemory(child.pid!), stderr, stop };
}
