/**
 * CPU time per question in workerd: the Worker on this machine (`wrangler dev --local`, the
 * stand-in environment) over a news corpus loaded as a newsroom would load it (the batch route,
 * then the queue consumer), asked ViNewsQA dev questions one at a time. Workers bill and limit
 * CPU time, not wall time, and inside workerd a Worker cannot time itself (its clock stops while
 * it computes), so the CPU is read from outside: the nanoseconds every thread of the workerd
 * process spent on a CPU (/proc/PID/task/TID/schedstat), before and after each question.
 *
 * The retriever is lexical (HOIDAP_RETRIEVER=lexical): the issue's budget excludes the Workers
 * AI and Vectorize calls, which are stand-ins here anyway. What is counted is lexical retrieval,
 * fusion and the answer, plus D1's own SQLite work, which runs inside workerd locally but on
 * Cloudflare's database servers in production: the figure is an upper bound of the Worker's CPU.
 *
 * @example
 * npm run bench:workers-cpu                          # 1,500 baomoi + 500 ViNewsQA dev articles, 200 questions
 * npm run bench:workers-cpu -- --news 500 --questions 50
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { countFlag, parseCommandLine } from '../src/node/args.js';
import { startLocalWorker, STANDIN_ADMIN_TOKEN, waitForIndexed } from '../scripts/lib/local-worker.js';
import { loadCorpus } from '../scripts/workers-load.js';
import { BENCH_WORK, REPO_ROOT } from './lib/paths.js';
import { percentile } from './lib/stats.js';

const DATASETS = resolve(REPO_ROOT, '../shared/datasets');

/** The first `limit` lines of a JSONL file. */
function lines(path: string, limit: number): string[] {
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).slice(0, limit);
}

/** The workerd process under wrangler: the one whose command line names workerd. */
function workerdPid(parent: number): number {
  const children = (pid: number) =>
    readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
      .filter((child) => {
        try {
          return readFileSync(`/proc/${child}/stat`, 'utf8').split(') ')[1]!.split(' ')[1] === String(pid);
        } catch {
          return false;
        }
      });
  const queue = [parent];
  while (queue.length) {
    const pid = queue.shift()!;
    for (const child of children(pid)) {
      if (readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('workerd')) return child;
      queue.push(child);
    }
  }
  throw new Error(`No workerd process under ${parent}.`);
}

/** Nanoseconds all threads of the process have run on a CPU. */
function cpuNs(pid: number): number {
  let total = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // A thread that ended between the listing and the read.
    }
  }
  return total;
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseCommandLine(argv, { options: { news: { type: 'string' }, questions: { type: 'string' } } });
  const news = countFlag(values.news, '--news', 1500);
  const questionCount = countFlag(values.questions, '--questions', 200);
  const work = join(BENCH_WORK, 'workers-cpu');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const corpus = join(work, 'corpus.jsonl');
  const articles = [
    ...lines(join(DATASETS, 'news-baomoi/articles.jsonl'), news),
    ...lines(join(DATASETS, 'uit-vinewsqa/dev.articles.jsonl'), 500),
  ];
  writeFileSync(corpus, articles.join('\n') + '\n');
  const questions = lines(join(DATASETS, 'uit-vinewsqa/dev.questions.jsonl'), questionCount).map(
    (line) => (JSON.parse(line) as { question: string }).question,
  );

  const worker = await startLocalWorker({
    port: 0,
    stateDir: join(work, 'state'),
    output: 'capture',
    vars: { HOIDAP_RETRIEVER: 'lexical' },
  });
  try {
    const started = performance.now();
    const report = await loadCorpus({ url: worker.url, corpus: [corpus], token: STANDIN_ADMIN_TOKEN, log: (line) => console.error(line) });
    const indexed = await waitForIndexed(worker.url, report.queued, 60_000);
    console.log(`loaded ${indexed} of ${report.queued} articles in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    const pid = workerdPid(worker.pid);
    const ask = (question: string, n: number) =>
      fetch(`${worker.url}/api/ask`, {
        method: 'POST',
        // Each question from its own address: the stand-in environment's rate limit is 10 a minute.
        headers: { 'content-type': 'application/json', 'cf-connecting-ip': `198.51.100.${n % 250}` },
        body: JSON.stringify({ question }),
      }).then((res) => res.json() as Promise<{ found: boolean }>);
    for (const [i, q] of questions.slice(0, 20).entries()) await ask(q, i); // warm-up: JIT, D1 page cache
    const cpu: number[] = [];
    const wall: number[] = [];
    let found = 0;
    for (const [i, q] of questions.entries()) {
      const [c0, t0] = [cpuNs(pid), performance.now()];
      if ((await ask(q, i + 20)).found) found++;
      cpu.push((cpuNs(pid) - c0) / 1e6);
      wall.push(performance.now() - t0);
    }
    const ms = (values: number[], p: number) => percentile(values, p).toFixed(1);
    console.log(
      `workerd CPU per question (lexical + fusion + answer + local D1), ${questions.length} questions over ${indexed} articles: ` +
        `median ${ms(cpu, 50)} ms, p90 ${ms(cpu, 90)} ms, max ${Math.max(...cpu).toFixed(1)} ms; ` +
        `wall median ${ms(wall, 50)} ms, p90 ${ms(wall, 90)} ms; found ${found}/${questions.length}`,
    );
  } finally {
    await worker.stop();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
