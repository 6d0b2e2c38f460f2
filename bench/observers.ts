/**
 * `npm run bench:observers`: what watching an answer costs on the request's path — the question
 * log's record (scrubbing, JSON, the in-memory queue: `questionRecord` + `QuestionLog.record`)
 * and the metrics' two calls (`answer` and `request`) — per question, in microseconds, over the
 * fixed ViNewsQA dev questions. The appends themselves run later, off the path (about once a
 * second), so they are timed apart, per flushed batch. `npm run bench:ab -- --env
 * HOIDAP_QUESTION_LOG=…` measures the same from outside, on the whole server.
 *
 * @example
 * npm run bench:observers                    (5 rounds of the 500 dev questions × 18)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AskRequest, AskResponse } from '../src/contract.js';
import { questionRecord } from '../src/insights/record.js';
import { countFlag, parseCommandLine } from '../src/node/args.js';
import { createMetrics } from '../src/node/metrics.js';
import { QuestionLog } from '../src/node/question-log.js';
import { loadQuestions } from './lib/questions.js';
import { runMeta } from './lib/meta.js';
import { percentile } from './lib/stats.js';

const USAGE = 'npm run bench:observers -- [--rounds N] [--repeat N]';

/** An answer of the size readers get: one citation, a short answer, a confidence. */
function answerTo(request: AskRequest, i: number): AskResponse {
  return {
    answer: `${request.question.slice(0, 60)} — Tại Thủ đô Santiago de Chile, Chủ tịch nước Lương Cường đã tiếp bà Paulina Vodanovic. [1]`,
    found: i % 3 !== 0,
    citations: [
      {
        n: 1,
        articleId: `bai-${i % 50}`,
        title: 'Chủ tịch nước tiếp Chủ tịch Đảng Xã hội Chile',
        url: `https://tintuc.vn/bai-${i % 50}`,
        publishedAt: '2024-11-10',
        passage: 'Chủ tịch nước Lương Cường tiếp Chủ tịch Đảng Xã hội Chile. '.repeat(10),
        start: 0,
        end: 600,
        score: 1,
      },
    ],
    shortAnswer: { text: 'Santiago de Chile', n: 1, start: 3, end: 20 },
    confidence: 0.87,
    answerer: 'extractive',
    tookMs: 8.2,
  };
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseCommandLine(argv, {
    options: { rounds: { type: 'string' }, repeat: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) return console.log(USAGE);
  const rounds = countFlag(values.rounds, '--rounds', 5);
  const repeat = countFlag(values.repeat, '--repeat', 18);
  const requests: AskRequest[] = loadQuestions(500).map((q, i) => ({ question: q.question, ...(i % 2 ? { articleId: q.passageId } : {}) }));
  const responses = requests.map(answerTo);
  const dir = mkdtempSync(join(tmpdir(), 'hoidap-bench-observers-'));
  // A long flush interval: the batch is appended when the round ends, timed apart.
  const log = await QuestionLog.open(dir, { days: 30, flushMs: 3_600_000 });
  const metrics = createMetrics({
    access: 'public',
    index: () => ({ articles: 0, chunks: 0, generation: '', savedAt: '', journal: 0 }),
    models: [],
    build: { version: '0' },
  });
  const entry = { time: '', id: '', method: 'POST', route: '/api/ask', status: 200, ms: 9.1 };
  const meta = runMeta();
  const perLog: number[] = [];
  const perMetrics: number[] = [];
  const perFlush: number[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      const n = requests.length * repeat;
      let started = performance.now();
      for (let r = 0; r < repeat; r++)
        for (let i = 0; i < requests.length; i++) log.record(questionRecord(requests[i]!, responses[i]!, new Date()));
      perLog.push(((performance.now() - started) / n) * 1000);
      started = performance.now();
      await log.flush();
      perFlush.push(performance.now() - started);
      started = performance.now();
      for (let r = 0; r < repeat; r++)
        for (let i = 0; i < requests.length; i++) {
          metrics.answer({ route: '/api/ask', request: requests[i]!, response: responses[i]! });
          metrics.request(entry);
        }
      perMetrics.push(((performance.now() - started) / n) * 1000);
    }
  } finally {
    await log.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const stats = log.stats();
  const median = (xs: number[]) => percentile(xs, 50).toFixed(2);
  console.log(
    `question log: questionRecord + record, median of ${rounds} rounds: ${median(perLog)} µs per question (rounds: ${perLog.map((x) => x.toFixed(2)).join(', ')})`,
  );
  console.log(
    `question log: appending a batch of ${requests.length * repeat} records (off the request's path): median ${median(perFlush)} ms`,
  );
  console.log(
    `metrics: answer + request, median of ${rounds} rounds: ${median(perMetrics)} µs per question (rounds: ${perMetrics.map((x) => x.toFixed(2)).join(', ')})`,
  );
  console.log(`records written ${stats.written}, dropped ${stats.dropped}`);
  console.log(
    `\n${meta.date}, commit ${meta.commit}${meta.dirty ? ' + uncommitted src/ changes' : ''}, ${meta.machine}, Node ${meta.node}, load average ${meta.loadAtStart.toFixed(2)}`,
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
