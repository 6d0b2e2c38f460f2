/**
 * `npm run bench:ab`: is a change slower, and does it answer the same? Serves the same index from
 * this checkout and from another one (e.g. `git worktree add /tmp/before HEAD~3`), one after the
 * other in alternating rounds (A B A B …: a machine that slows down mid-run slows both), and asks
 * each the same fixed ViNewsQA dev questions over loopback — half under their article as the
 * widget asks, half without diacritics. Prints cold start, client and server (`tookMs`) latency, requests per
 * second at 10 connections and peak RSS per round, and
 * whether every answer was identical across checkouts and rounds.
 *
 * Without `--other`, both sides are this checkout: `--env` and `--other-env` then set what differs
 * (e.g. the question log on one side only).
 *
 * @example
 * git worktree add --detach /tmp/before e89b43c && ln -s "$PWD/node_modules" /tmp/before/
 * npm run bench:ab -- --other /tmp/before --index .index/eval-news37k --corpus ../shared/datasets/…
 * npm run bench:ab -- --env HOIDAP_QUESTION_LOG=/tmp/qlog --index .index/eval-news37k --corpus …
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { countFlag, parseCommandLine } from '../src/node/args.js';
import { foldDiacritics } from '../src/text/normalize.js';
import { loadTest, postJson, waitForFirstAnswer } from './lib/http.js';
import { NEWS_37K, REPO_ROOT } from './lib/paths.js';
import { loadQuestions } from './lib/questions.js';
import { watchMemory } from './lib/proc.js';
import { BENCH_LIMITS_ENV } from './lib/server.js';
import { percentile } from './lib/stats.js';

const USAGE = `npm run bench:ab -- --index DIR [--other DIR] [--env KEY=VALUE...] [--other-env KEY=VALUE...]
                       [--corpus PATH...] [--questions N] [--rounds N] [--port N]`;

interface Round {
  tree: string;
  /** Spawn to the first answer. */
  coldStartMs: number;
  client: number[];
  server: number[];
  answers: string[];
  /** Requests per second and errors at 10 connections (autocannon, C10_SECONDS). */
  c10: { rps: number; errors: number };
  /** The server's peak RSS over the round (VmHWM). */
  peakMb: number;
}

/** Seconds of the 10-connection load per round: long enough to be steady, short enough for 4 rounds of 2 trees. */
const C10_SECONDS = 10;

async function serveAndAsk(tree: string, env: NodeJS.ProcessEnv, port: number, bodies: readonly { question: string }[]): Promise<Round> {
  // The CLI moved under src/node/ with the Workers ports; an older tree has it at src/cli.ts.
  const cli = existsSync(join(tree, 'src/node/cli.ts')) ? 'src/node/cli.ts' : 'src/cli.ts';
  const child = spawn(process.execPath, ['--import', 'tsx', cli, 'serve'], {
    cwd: tree,
    env: { ...process.env, ...env, ...BENCH_LIMITS_ENV, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // The server's start-up lines would bury the figures; they are shown only if it fails.
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const base = `http://127.0.0.1:${port}`;
  const spawned = performance.now();
  const memory = watchMemory(child.pid!);
  try {
    await waitForFirstAnswer(base, spawned, 600_000, () => child.exitCode === null);
    const coldStartMs = performance.now() - spawned;
    for (const body of bodies) await postJson(base, '/api/ask', body); // one pass to warm V8 up, not measured
    const round: Round = { tree, coldStartMs, client: [], server: [], answers: [], c10: { rps: 0, errors: 0 }, peakMb: 0 };
    for (const body of bodies) {
      const started = performance.now();
      const reply = await postJson(base, '/api/ask', body);
      round.client.push(performance.now() - started);
      const json = JSON.parse(reply.body) as { answer: string; tookMs: number };
      round.server.push(json.tookMs);
      round.answers.push(json.answer);
    }
    const load = await loadTest(
      base,
      bodies.map((b) => b.question),
      { connections: 10, seconds: C10_SECONDS },
    );
    round.c10 = { rps: load.rps, errors: load.errors };
    round.peakMb = memory.stop().peakMb;
    return round;
  } catch (error) {
    throw new Error(`${tree}: ${error instanceof Error ? error.message : String(error)}\n${log}`, { cause: error });
  } finally {
    memory.stop();
    child.kill('SIGTERM');
  }
}

const figures = (ms: number[]) => `p50 ${percentile(ms, 50).toFixed(2)} · p95 ${percentile(ms, 95).toFixed(2)} ms`;

async function main(argv: string[]): Promise<void> {
  const { values } = parseCommandLine(argv, {
    options: {
      other: { type: 'string' },
      index: { type: 'string' },
      corpus: { type: 'string', multiple: true },
      questions: { type: 'string' },
      rounds: { type: 'string' },
      port: { type: 'string' },
      env: { type: 'string', multiple: true },
      'other-env': { type: 'string', multiple: true },
    },
    lists: ['corpus', 'env', 'other-env'],
  });
  if (!values.index) throw new Error(`Give the index to serve.\n${USAGE}`);
  if (!values.other && !values.env?.length && !values['other-env']?.length)
    throw new Error(`Give the other checkout, or what differs between the two sides (--env, --other-env).\n${USAGE}`);
  const corpus = (values.corpus ?? NEWS_37K).map((p) => resolve(p));
  const env = { HOIDAP_INDEX_DIR: resolve(values.index), HOIDAP_CORPUS: corpus.join(',') };
  const sides = [
    { tree: REPO_ROOT, env: { ...env, ...assignments(values.env) } },
    { tree: resolve(values.other ?? REPO_ROOT), env: { ...env, ...assignments(values['other-env']) } },
  ];
  const bodies = loadQuestions(countFlag(values.questions, '--questions', 400)).map((q, i) => ({
    question: i % 4 < 2 ? q.question : foldDiacritics(q.question),
    ...(i % 2 ? { articleId: q.passageId } : {}),
  }));
  const rounds: Round[] = [];
  let port = countFlag(values.port, '--port', 3411);
  for (let r = 1; r <= countFlag(values.rounds, '--rounds', 4); r++) {
    for (const [side, { tree, env: sideEnv }] of sides.entries()) {
      const round = await serveAndAsk(tree, sideEnv, port++, bodies);
      rounds.push(round);
      const label = [side ? 'B' : 'A', tree, ...((side ? values['other-env'] : values.env) ?? [])].join(' ');
      console.log(
        `round ${r} ${label}: cold start ${round.coldStartMs.toFixed(0)} ms; client ${figures(round.client)}; ` +
          `server tookMs ${figures(round.server)} (${bodies.length} questions); ` +
          `c10 ${round.c10.rps.toFixed(0)} req/s (${round.c10.errors} errors); peak RSS ${round.peakMb.toFixed(0)} MB`,
      );
    }
  }
  const same = rounds.every((round) => round.answers.every((answer, i) => answer === rounds[0]!.answers[i]));
  console.log(`answers identical across checkouts and rounds: ${same}`);
  if (!same) process.exitCode = 1;
}

/** KEY=VALUE arguments as environment variables. */
function assignments(list: readonly string[] | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const item of list ?? []) {
    const eq = item.indexOf('=');
    if (eq < 1) throw new Error(`Expected KEY=VALUE, not "${item}".\n${USAGE}`);
    env[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return env;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
