/**
 * npm run workers:load — streams a corpus to a deployed (or local) Worker's batch route,
 * `POST /api/articles/batch`, in JSONL batches with the admin token, and shows progress (done/total,
 * %, time left). The Worker queues every article; its queue consumer indexes them (D1, Workers AI,
 * Vectorize) in the minutes after.
 *
 * After each batch the Worker acknowledged, the state file records how many articles of this
 * corpus were sent: after a failure (network, 5xx, 429 beyond the retries), `--resume` skips them.
 * Sending an article twice costs little anyway: the consumer finds it unchanged.
 *
 *   npm run workers:load -- --url https://hoidap.example.workers.dev --corpus news.jsonl [--token …]
 *                           [--batch 100] [--resume] [--state .data/workers-load.json]
 *
 * The token defaults to HOIDAP_ADMIN_TOKEN.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Article } from '../src/corpus/article.js';
import { countFlag, parseCommandLine, UsageError } from '../src/node/args.js';
import { streamCorpus } from '../src/node/corpus-files.js';
import { countCorpusInputs, Progress } from '../src/node/progress.js';

export interface LoadOptions {
  /** The Worker's origin, e.g. https://hoidap.example.workers.dev. */
  url: string;
  corpus: string[];
  token: string;
  /** Articles per request. */
  batch?: number;
  /** Where the count of acknowledged articles is kept; none: no resuming. */
  stateFile?: string;
  resume?: boolean;
  log?: (line: string) => void;
}

export interface LoadReport {
  sent: number;
  queued: number;
  skipped: number;
  /** Articles skipped because an earlier run had sent them (--resume). */
  resumed: number;
  seconds: number;
}

/** Articles per request: ~100 queue sends per request keeps a batch well within a Worker's limits. */
const DEFAULT_BATCH = 100;
/** Bytes of JSONL per request at most, below the admin body limit (5 MB) with room to spare. */
const MAX_BATCH_BYTES = 4 * 1024 * 1024;
/** Attempts per batch before giving up (with --resume to continue), waiting 1, 2, 4, 8 s between them. */
const ATTEMPTS = 5;

interface LoadState {
  url: string;
  corpus: string[];
  /** Articles of the corpus, in reading order, that the Worker acknowledged. */
  sent: number;
  at: string;
}

/** Sends the corpus in batches; resolves with what the Worker acknowledged. */
export async function loadCorpus(options: LoadOptions): Promise<LoadReport> {
  const log = options.log ?? ((line: string) => console.error(line));
  const corpus = options.corpus.map((p) => resolve(p));
  const resumeFrom = options.resume && options.stateFile ? readState(options.stateFile, options.url, corpus, log) : 0;
  const progress = new Progress({ label: 'load', unit: 'articles' });
  countCorpusInputs(corpus).then(
    (total) => progress.setTotal(Math.max(0, total - resumeFrom)),
    () => {}, // the reader reports what it cannot read
  );
  const started = performance.now();
  const report: LoadReport = { sent: 0, queued: 0, skipped: 0, resumed: 0, seconds: 0 };
  const send = async (lines: string[]) => {
    const counts = await postBatch(options, lines, log);
    report.sent += lines.length;
    report.queued += counts.queued + counts.added + counts.updated + counts.unchanged;
    report.skipped += counts.skipped;
    if (options.stateFile)
      writeState(options.stateFile, { url: options.url, corpus, sent: resumeFrom + report.sent, at: new Date().toISOString() });
    progress.update(report.sent, `${report.queued} queued${report.skipped ? `, ${report.skipped} refused` : ''}`);
  };
  let pending: string[] = [];
  let bytes = 0;
  let index = 0;
  const onSkip = (s: { origin: string; reason: string }) => {
    progress.skip();
    log(`skipped ${s.origin}: ${s.reason}`);
  };
  for await (const article of streamCorpus(corpus, { onSkip })) {
    if (index++ < resumeFrom) {
      report.resumed++;
      continue;
    }
    const line = JSON.stringify(apiArticle(article));
    if (pending.length > 0 && (pending.length >= (options.batch ?? DEFAULT_BATCH) || bytes + line.length > MAX_BATCH_BYTES)) {
      await send(pending);
      pending = [];
      bytes = 0;
    }
    pending.push(line);
    bytes += Buffer.byteLength(line) + 1;
  }
  if (pending.length) await send(pending);
  progress.finish(report.sent, `${report.queued} queued${report.skipped ? `, ${report.skipped} refused` : ''}`);
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

/** The article as the admin API reads it (src/server/admin.ts). */
function apiArticle(article: Article) {
  return {
    id: article.id,
    title: article.title,
    body: article.body,
    url: article.url,
    publishedAt: article.publishedAt,
    ...(article.category ? { category: article.category } : {}),
    ...(article.sapo ? { sapo: article.sapo } : {}),
  };
}

interface BatchCounts {
  read: number;
  added: number;
  updated: number;
  unchanged: number;
  queued: number;
  skipped: number;
  skippedLines: { line: number; id?: string; reason: string }[];
}

/** One batch, retried on network errors, 429 and 5xx; other refusals stop the load with what to do. */
async function postBatch(options: LoadOptions, lines: string[], log: (line: string) => void): Promise<BatchCounts> {
  const endpoint = new URL('/api/articles/batch', options.url);
  for (let attempt = 1; ; attempt++) {
    let failure: string;
    try {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/x-ndjson' },
        body: `${lines.join('\n')}\n`,
      });
      if (res.status === 200 || res.status === 422) {
        const counts = (await res.json()) as BatchCounts;
        for (const s of counts.skippedLines) log(`refused ${s.id ?? `line ${s.line}`}: ${s.reason}`);
        return counts;
      }
      const text = (await res.text()).slice(0, 300);
      if (res.status === 401 || res.status === 403) {
        throw new UsageError(`${endpoint.href} answered ${res.status}: check --token (HOIDAP_ADMIN_TOKEN). ${text}`, 'value');
      }
      if (res.status !== 429 && res.status < 500) throw new Error(`${endpoint.href} answered ${res.status}: ${text}`);
      failure = `${res.status} ${text}`;
    } catch (error) {
      if (error instanceof UsageError || (error instanceof Error && error.message.startsWith(endpoint.href))) throw error;
      failure = error instanceof Error ? error.message : String(error);
    }
    if (attempt >= ATTEMPTS) {
      throw new Error(
        `A batch failed ${ATTEMPTS} times (${failure}). Run the same command with --resume to continue after the last batch sent.`,
      );
    }
    log(`batch failed (${failure}); attempt ${attempt + 1} of ${ATTEMPTS} in ${2 ** (attempt - 1)} s`);
    await new Promise((done) => setTimeout(done, 1000 * 2 ** (attempt - 1)));
  }
}

function readState(file: string, url: string, corpus: string[], log: (line: string) => void): number {
  if (!existsSync(file)) {
    log(`No state in ${file}: loading from the start.`);
    return 0;
  }
  const state = JSON.parse(readFileSync(file, 'utf8')) as LoadState;
  if (state.url !== url || state.corpus.join('\n') !== corpus.join('\n')) {
    throw new UsageError(
      `${file} is the state of another load (${state.url}, ${state.corpus.join(', ')}): pass --state with another file, or leave out --resume.`,
      'value',
    );
  }
  log(`Resuming after ${state.sent} articles already sent (${state.at}).`);
  return state.sent;
}

function writeState(file: string, state: LoadState): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  // A rename is atomic: a crash mid-write never leaves a half state.
  renameSync(`${file}.tmp`, file);
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseCommandLine(argv, {
    options: {
      url: { type: 'string' },
      corpus: { type: 'string', multiple: true },
      token: { type: 'string' },
      batch: { type: 'string' },
      state: { type: 'string' },
      resume: { type: 'boolean' },
    },
    lists: ['corpus'],
  });
  if (!values.url || !/^https?:\/\//.test(values.url)) throw new UsageError('Give the Worker’s address: --url https://…', 'value');
  if (!values.corpus?.length) throw new UsageError('Give the corpus: --corpus news.jsonl (files or folders)', 'value');
  const token = values.token ?? process.env.HOIDAP_ADMIN_TOKEN;
  if (!token) throw new UsageError('Give the admin token: --token … or HOIDAP_ADMIN_TOKEN.', 'value');
  const report = await loadCorpus({
    url: values.url,
    corpus: values.corpus,
    token,
    batch: countFlag(values.batch, '--batch', DEFAULT_BATCH),
    stateFile: resolve(values.state ?? '.data/workers-load.json'),
    resume: values.resume ?? false,
  });
  console.log(
    `Sent ${report.sent} articles in ${report.seconds.toFixed(1)} s: ${report.queued} queued, ${report.skipped} refused` +
      `${report.resumed ? `, ${report.resumed} sent by an earlier run` : ''}. The Worker indexes them from its queue; /healthz counts them.`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof UsageError || error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
