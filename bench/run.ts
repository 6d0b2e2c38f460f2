/**
 * `npm run bench`: how fast and how big, measured from outside on this machine, hybrid retrieval
 * side by side with the lexical-only baseline.
 *
 * For each retriever it builds the index in a child process (`src/node/cli.ts index --force`: wall
 * time, chunks per second, peak RSS from /proc, size on disk), starts `src/node/cli.ts serve` over the
 * persisted index on 127.0.0.1 (cold start = spawn to first 200 on POST /api/ask), asks the 500
 * fixed ViNewsQA dev questions one at a time (client-side latency), then drives the server with
 * autocannon at 1, 10 and 50 connections for a bounded time, and reads the server's peak RSS.
 * Finally it measures the graph's recall@10 against exact search at the configured ef.
 *
 * @example
 * npm run bench                                         (news-37k: ~20 min on 2 cores)
 * npm run bench -- --corpus ../shared/datasets/news-baomoi/articles.sample1000.jsonl --seconds 5
 * npm run bench -- --skip-build --json /tmp/bench.json  (reuse the indexes of the last run)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { countFlag, parseCommandLine, positiveNumberFlag } from '../src/node/args.js';
import { askSequentially, loadTest, type LoadResult, type SequentialResult } from './lib/http.js';
import { currentLoad, runMeta, type RunMeta } from './lib/meta.js';
import { benchIndexDir, NEWS_37K } from './lib/paths.js';
import { loadQuestions } from './lib/questions.js';
import { BENCH_LIMITS_ENV, buildIndexChild, startServer, type BuildResult, type Retriever } from './lib/server.js';
import { percentile, round } from './lib/stats.js';
import { measureRecall } from './recall.js';

const USAGE = `npm run bench -- [--corpus PATH...] [--json FILE] [--seconds N] [--questions N] [--connections N...]
                    [--skip-build] [--no-lexical] [--profile DIR]

  --corpus PATH...     what to index (default: news-37k, see ../shared/datasets/README.md)
  --json FILE          write the figures as JSON
  --seconds N          duration of each autocannon run (default 15)
  --questions N        how many of the ViNewsQA dev questions (default 500)
  --connections N...   autocannon levels (default 1 10 50)
  --warm-up N          questions asked before the sequential run, not measured (default 500: one pass)
  --cold-starts N      server starts measured; the figure is their median (default 5)
  --skip-build         reuse the bench indexes of an earlier run (their build figures are reused too)
  --no-lexical         measure hybrid retrieval only
  --profile DIR        run the hybrid server under --cpu-prof, profiles written to DIR at exit`;

/**
 * Questions asked (not measured) before the sequential run, by default one pass over the list: a
 * server answers thousands of questions between deploys, and V8 needs a few hundred requests to
 * optimize the hot paths (p50 was ~3 ms higher after 50). Nothing in the pipeline caches answers,
 * so a repeated question costs the same work.
 */
const WARM_UP = 500;
/** Server starts measured for the cold start; the figure is their median (one start varies by ±0.5 s). */
const COLD_STARTS = 5;

export interface RetrieverFigures {
  retriever: Retriever;
  build: BuildResult;
  /** Median of the starts in coldStartsMs. */
  coldStartMs: number;
  coldStartsMs: number[];
  /** Peak RSS of the server process (VmHWM) after all load runs. */
  serveRssMb: number;
  /** RSS when the load runs ended. */
  serveRssEndMb: number;
  ask: {
    sequential: Pick<SequentialResult, 'p50' | 'p95' | 'p99' | 'errors'> & { serverP50: number; serverP95: number };
    [level: `c${number}`]: Pick<LoadResult, 'rps' | 'errors' | 'p50' | 'p95' | 'p99' | 'requests'>;
  };
}

export interface BenchReport extends Omit<RetrieverFigures, 'retriever'> {
  vectorRecallAt10: number;
  ef: number;
  lexical?: Omit<RetrieverFigures, 'retriever'>;
  meta: RunMeta & {
    corpus: string[];
    questions: number;
    secondsPerLevel: number;
    serverEnv: Record<string, string>;
    warmUp: number;
    coldStarts: number;
  };
}

async function measure(
  retriever: Retriever,
  corpus: string[],
  questions: string[],
  options: {
    skipBuild: boolean;
    seconds: number;
    connections: number[];
    warmUp: number;
    coldStarts: number;
    profile?: string;
    log: (line: string) => void;
  },
): Promise<RetrieverFigures> {
  const { log } = options;
  const indexDir = benchIndexDir(corpus, retriever);
  const target = { corpus, indexDir, retriever };
  const buildFile = `${indexDir}.build.json`;
  let build: BuildResult;
  if (options.skipBuild && existsSync(buildFile) && existsSync(join(indexDir, 'manifest.json'))) {
    build = JSON.parse(readFileSync(buildFile, 'utf8')) as BuildResult;
    log(`[${retriever}] reusing ${indexDir} (built in ${round(build.seconds)} s)`);
  } else {
    log(`[${retriever}] building ${indexDir} …`);
    build = await buildIndexChild(target);
    writeFileSync(buildFile, JSON.stringify(build, null, 2));
    log(
      `[${retriever}] built ${build.chunks} chunks in ${round(build.seconds)} s, peak ${round(build.peakRssMb)} MB, ${round(build.indexMb)} MB on disk`,
    );
  }

  // Starts before the measured one: the first start after a build also pays for cold page caches.
  const coldStartsMs: number[] = [];
  for (let i = 1; i < options.coldStarts; i++) {
    const probe = await startServer(target);
    coldStartsMs.push(probe.coldStartMs);
    await probe.stop();
  }
  const server = await startServer(target, options.profile ? { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', options.profile] } : {});
  coldStartsMs.push(server.coldStartMs);
  const coldStartMs = percentile(coldStartsMs, 50);
  try {
    log(`[${retriever}] cold start ${round(coldStartMs)} ms (median of ${coldStartsMs.map((t) => round(t)).join(', ')})`);
    for (let asked = 0; asked < options.warmUp; asked += questions.length)
      await askSequentially(server.base, questions.slice(0, options.warmUp - asked));
    const sequential = await askSequentially(server.base, questions);
    const sorted = [...sequential.serverMs].sort((a, b) => a - b);
    const serverP = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
    log(
      `[${retriever}] sequential p50 ${round(sequential.p50)} ms, p95 ${round(sequential.p95)} ms, p99 ${round(sequential.p99)} ms, ${sequential.errors} errors`,
    );
    const ask: RetrieverFigures['ask'] = {
      sequential: {
        p50: sequential.p50,
        p95: sequential.p95,
        p99: sequential.p99,
        errors: sequential.errors,
        serverP50: serverP(50),
        serverP95: serverP(95),
      },
    };
    if (!options.profile) {
      for (const connections of options.connections) {
        const r = await loadTest(server.base, questions, { connections, seconds: options.seconds });
        ask[`c${connections}`] = { rps: r.rps, errors: r.errors, p50: r.p50, p95: r.p95, p99: r.p99, requests: r.requests };
        log(`[${retriever}] c${connections}: ${round(r.rps)} req/s, ${r.errors} errors, p50 ${round(r.p50)} ms, p95 ${round(r.p95)} ms`);
      }
    }
    const memory = server.memory();
    return {
      retriever,
      build,
      coldStartMs,
      coldStartsMs,
      serveRssMb: memory?.peakMb ?? Number.NaN,
      serveRssEndMb: memory?.rssMb ?? Number.NaN,
      ask,
    };
  } finally {
    await server.stop();
  }
}

/** The markdown table: one column per retriever, the targets of issue 8 beside them. */
export function markdownTable(report: BenchReport): string {
  const columns: [string, Omit<RetrieverFigures, 'retriever'>][] = [
    ['hybrid', report],
    ...(report.lexical ? [['lexical only', report.lexical] as [string, Omit<RetrieverFigures, 'retriever'>]] : []),
  ];
  const levels = Object.keys(report.ask).filter((k) => k !== 'sequential') as `c${number}`[];
  const row = (label: string, target: string, cell: (f: Omit<RetrieverFigures, 'retriever'>) => string) =>
    `| ${label} | ${columns.map(([, f]) => cell(f)).join(' | ')} | ${target} |`;
  const ms = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '–' : `${round(v)} ms`);
  const lines = [
    `| | ${columns.map(([name]) => name).join(' | ')} | target |`,
    `| --- | ${columns.map(() => '---:').join(' | ')} | --- |`,
    row('build: wall time', '≤ 600 s', (f) => `${round(f.build.seconds)} s`),
    row('build: chunks (articles)', '', (f) => `${f.build.chunks} (${f.build.articles})`),
    row('build: chunks per second', '', (f) => `${round(f.build.chunksPerSecond)}`),
    row('build: peak RSS', '', (f) => `${round(f.build.peakRssMb)} MB`),
    row('index size on disk', '', (f) => `${round(f.build.indexMb)} MB`),
    row(
      'cold start (spawn → first answer), median',
      '≤ 3000 ms',
      (f) => `${ms(f.coldStartMs)} (${f.coldStartsMs.map((t) => round(t)).join(', ')})`,
    ),
    row('serving: peak RSS', '≤ 1536 MB', (f) => `${round(f.serveRssMb)} MB`),
    row('/api/ask sequential p50', '≤ 25 ms', (f) => ms(f.ask.sequential.p50)),
    row('/api/ask sequential p95', '≤ 60 ms', (f) => ms(f.ask.sequential.p95)),
    row('/api/ask sequential p99', '', (f) => ms(f.ask.sequential.p99)),
    row('(server tookMs p50 / p95)', '', (f) => `${ms(f.ask.sequential.serverP50)} / ${ms(f.ask.sequential.serverP95)}`),
    ...levels.flatMap((level) => [
      row(`${level}: requests/s (errors)`, level === 'c10' ? '≥ 150, 0 errors' : '', (f) =>
        f.ask[level] ? `${round(f.ask[level].rps)} (${f.ask[level].errors})` : '–',
      ),
      row(`${level}: p50 / p95`, '', (f) => (f.ask[level] ? `${ms(f.ask[level].p50)} / ${ms(f.ask[level].p95)}` : '–')),
    ]),
    `| vector recall@10 at ef=${report.ef} | ${report.vectorRecallAt10.toFixed(3)} | ${report.lexical ? '– |' : ''} ≥ 0.98 |`,
  ];
  return lines.join('\n');
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseCommandLine(argv, {
    options: {
      corpus: { type: 'string', multiple: true },
      connections: { type: 'string', multiple: true },
      'skip-build': { type: 'boolean' },
      'no-lexical': { type: 'boolean' },
      json: { type: 'string' },
      seconds: { type: 'string' },
      questions: { type: 'string' },
      profile: { type: 'string' },
      'warm-up': { type: 'string' },
      'cold-starts': { type: 'string' },
      help: { type: 'boolean' },
    },
    lists: ['corpus', 'connections'],
  });
  if (values.help) return void console.log(USAGE);
  const log = (line: string) => console.error(`${new Date().toISOString().slice(11, 19)} ${line}`);
  const corpus = values.corpus ?? NEWS_37K;
  const questions = loadQuestions(countFlag(values.questions, '--questions', 500)).map((q) => q.question);
  const seconds = positiveNumberFlag(values.seconds, '--seconds', 15);
  const connections = values.connections?.map((c) => countFlag(c, '--connections', 1)) ?? [1, 10, 50];
  const meta = runMeta();
  log(
    `bench at ${meta.commit}${meta.dirty ? ' (uncommitted changes in src/)' : ''}, load ${meta.loadAtStart.toFixed(2)} on ${meta.machine}`,
  );
  const warmUp = countFlag(values['warm-up'], '--warm-up', WARM_UP, 0);
  const coldStarts = countFlag(values['cold-starts'], '--cold-starts', COLD_STARTS);
  const common = { skipBuild: values['skip-build'] === true, seconds, connections, warmUp, coldStarts, log };

  const hybrid = await measure('hybrid', corpus, questions, { ...common, ...(values.profile ? { profile: values.profile } : {}) });
  const lexical = values['no-lexical'] ? undefined : await measure('lexical', corpus, questions, common);
  log('recall@10 of the vector index against exact search …');
  const { config } = loadConfig(process.env);
  const manifest = JSON.parse(readFileSync(join(benchIndexDir(corpus, 'hybrid'), 'manifest.json'), 'utf8')) as {
    hnsw: { ef: number } | null;
  };
  const ef = manifest.hnsw?.ef ?? config.hnswEf;
  const recall = await measureRecall(benchIndexDir(corpus, 'hybrid'), { efs: [ef], questions: questions.length });

  const { retriever: _h, ...hybridFigures } = hybrid;
  const report: BenchReport = {
    ...hybridFigures,
    vectorRecallAt10: recall.built.curve[0]!.recallAt10,
    ef,
    ...(lexical ? { lexical: (({ retriever: _l, ...rest }) => rest)(lexical) } : {}),
    meta: {
      ...meta,
      loadAtEnd: currentLoad(),
      corpus,
      questions: questions.length,
      secondsPerLevel: seconds,
      serverEnv: BENCH_LIMITS_ENV,
      warmUp,
      coldStarts,
    },
  };
  console.log(markdownTable(report));
  console.log(
    `\n${meta.date.slice(0, 16)}Z, commit ${meta.commit}${meta.dirty ? ' + uncommitted src/ changes' : ''}, ${meta.machine}, Node ${meta.node}, ` +
      `load average ${meta.loadAtStart.toFixed(2)} → ${report.meta.loadAtEnd!.toFixed(2)}; server env ${Object.entries(BENCH_LIMITS_ENV)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}; ` +
      `${questions.length} questions after ${warmUp} warm-up; cold start = median of ${coldStarts} starts; ${seconds} s per autocannon level.`,
  );
  if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
