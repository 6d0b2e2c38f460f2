/**
 * `npm run bench:updates` (issue 7): how fast a newsroom's changes reach readers.
 *
 * 1. Re-indexing: the corpus is copied to a scratch folder as JSONL and indexed from scratch
 *    (`index --force`, timed); then 1% of the articles (every 100th, so the choice is fixed) get
 *    a correction appended to their body, and `index` (incremental) runs again, timed.
 * 2. Publishing: the server is started over that index with an admin token; each round PUTs an
 *    article carrying an invented fact through the admin API, then asks about the fact until an
 *    answer cites the article. The figure is the time from the PUT's response to that answer.
 *
 * @example
 * npm run bench:updates                         (news-37k: two builds, ~15 min on 2 cores)
 * npm run bench:updates -- --corpus ../shared/datasets/news-baomoi/articles.sample1000.jsonl --puts 5
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { countFlag, parseCommandLine, positiveNumberFlag } from '../src/node/args.js';
import { postJson } from './lib/http.js';
import { runMeta } from './lib/meta.js';
import { BENCH_WORK, NEWS_37K, corpusLabel } from './lib/paths.js';
import { buildIndexChild, startServer, type BuildResult } from './lib/server.js';
import { mean, percentile, round } from './lib/stats.js';

const USAGE = `npm run bench:updates -- [--corpus PATH...] [--puts N] [--share F] [--json FILE] [--keep]

  --corpus PATH...   JSONL files (default: news-37k)
  --puts N           articles published through the admin API (default 20)
  --share F          share of articles changed before the incremental re-index (default 0.01)
  --keep             keep the scratch folder (corpus copy and index)`;

interface ReindexResult {
  articles: number;
  changed: number;
  full: BuildResult;
  incremental: BuildResult & { log: string };
}

interface PublishResult {
  puts: number;
  /** ms from the PUT's response to the first answer citing the article. */
  answerableMs: { median: number; p95: number; max: number; mean: number };
  /** Questions asked until one cited the article (1 = the first one did). */
  asksNeeded: { max: number; mean: number };
  /** ms of the PUT itself: parse, chunk, embed, journal (fsync), apply. */
  putMs: { median: number; p95: number };
}

/** Copies the corpus as JSONL, one file per input, into `dir`; returns the new paths. */
function copyCorpus(corpus: string[], dir: string): { paths: string[]; lines: string[][] } {
  mkdirSync(dir, { recursive: true });
  const lines = corpus.map((path) =>
    readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l.trim()),
  );
  const paths = corpus.map((path, i) => join(dir, `${i}-${basename(path).replace(/\.jsonl$/, '')}.jsonl`));
  paths.forEach((path, i) => writeFileSync(path, `${lines[i]!.join('\n')}\n`));
  return { paths, lines };
}

/** Appends a correction to the body of every `step`-th article (counted across files); returns how many. */
function changeArticles(paths: string[], lines: string[][], step: number): number {
  let n = 0;
  let changed = 0;
  paths.forEach((path, f) => {
    const out = lines[f]!.map((line) => {
      if (n++ % step !== 0) return line;
      const record = JSON.parse(line) as { body?: string };
      if (typeof record.body !== 'string') return line;
      changed++;
      record.body += `\n\nĐính chính: bài viết được cập nhật lúc ${(n % 24).toString().padStart(2, '0')} giờ, số liệu đã được tòa soạn kiểm tra lại.`;
      return JSON.stringify(record);
    });
    writeFileSync(path, `${out.join('\n')}\n`);
  });
  return changed;
}

async function reindex(
  corpus: string[],
  work: string,
  share: number,
  log: (l: string) => void,
): Promise<{ result: ReindexResult; paths: string[]; indexDir: string }> {
  const { paths, lines } = copyCorpus(corpus, join(work, 'corpus'));
  const articles = lines.reduce((a, l) => a + l.length, 0);
  const indexDir = join(work, 'index');
  const target = { corpus: paths, indexDir, retriever: 'hybrid' as const };
  log(`full build of ${articles} articles …`);
  const full = await buildIndexChild(target);
  log(`full build: ${round(full.seconds)} s`);
  const changed = changeArticles(paths, lines, Math.round(1 / share));
  log(`changed ${changed} articles; incremental index …`);
  let stderr = '';
  const incremental = await buildIndexChild(target, { force: false, onStderr: (text) => (stderr = text) });
  const summary = /^Updated the index: .*$/m.exec(stderr)?.[0] ?? stderr.trim().split('\n').at(-1) ?? '';
  log(`incremental: ${round(incremental.seconds)} s — ${summary}`);
  return { result: { articles, changed, full, incremental: { ...incremental, log: summary } }, paths, indexDir };
}

async function publish(paths: string[], indexDir: string, puts: number, log: (l: string) => void): Promise<PublishResult> {
  const token = randomBytes(24).toString('hex');
  const server = await startServer({ corpus: paths, indexDir, retriever: 'hybrid', env: { HOIDAP_ADMIN_TOKEN: token } });
  const auth = { authorization: `Bearer ${token}` };
  const answerable: number[] = [];
  const putTimes: number[] = [];
  const asks: number[] = [];
  try {
    for (let i = 0; i < puts; i++) {
      // An invented word, so only the new article can answer: letters only, lower case.
      const word = `zorv${randomBytes(4)
        .toString('hex')
        .replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!)}`;
      const id = `bench-update-${i}-${word}`;
      const article = {
        title: `Phát hiện loài ếch ${word} ở Cúc Phương`,
        body:
          `Các nhà khoa học vừa công bố loài ếch mới mang tên ${word}, tìm thấy trong rừng nguyên sinh của Vườn quốc gia Cúc Phương. ` +
          `Loài ếch ${word} dài khoảng ${20 + i} milimét và chỉ kêu vào ban đêm.\n\nNhóm nghiên cứu cho biết sẽ tiếp tục khảo sát trong mùa mưa năm sau.`,
        url: `https://example.vn/${id}`,
        publishedAt: '2026-11-23T08:00:00+07:00',
      };
      const putStarted = performance.now();
      const put = await postJson(server.base, `/api/articles/${id}`, article, auth, 'PUT');
      const putDone = performance.now();
      if (put.status !== 201 && put.status !== 200) throw new Error(`PUT ${id} answered ${put.status}: ${put.body}`);
      putTimes.push(putDone - putStarted);
      for (let attempt = 1; ; attempt++) {
        const reply = await postJson(server.base, '/api/ask', { question: `Loài ếch ${word} được tìm thấy ở đâu?` });
        const cited =
          reply.status === 200 &&
          (JSON.parse(reply.body) as { citations: { articleId: string }[] }).citations.some((c) => c.articleId === id);
        if (cited) {
          answerable.push(performance.now() - putDone);
          asks.push(attempt);
          break;
        }
        if (performance.now() - putDone > 30_000) throw new Error(`${id} was not answerable 30 s after its PUT.`);
      }
    }
  } finally {
    await server.stop();
  }
  log(`publish: median ${round(percentile(answerable, 50))} ms from PUT to an answer citing it`);
  return {
    puts,
    answerableMs: {
      median: percentile(answerable, 50),
      p95: percentile(answerable, 95),
      max: Math.max(...answerable),
      mean: mean(answerable),
    },
    asksNeeded: { max: Math.max(...asks), mean: mean(asks) },
    putMs: { median: percentile(putTimes, 50), p95: percentile(putTimes, 95) },
  };
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseCommandLine(argv, {
    options: {
      corpus: { type: 'string', multiple: true },
      puts: { type: 'string' },
      share: { type: 'string' },
      json: { type: 'string' },
      keep: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    lists: ['corpus'],
  });
  if (values.help) return void console.log(USAGE);
  const log = (line: string) => console.error(`${new Date().toISOString().slice(11, 19)} ${line}`);
  const corpus = values.corpus ?? NEWS_37K;
  const share = positiveNumberFlag(values.share, '--share', 0.01);
  const puts = countFlag(values.puts, '--puts', 20);
  const meta = runMeta();
  const work = join(BENCH_WORK, `updates-${corpusLabel(corpus)}`);
  rmSync(work, { recursive: true, force: true });
  try {
    const { result: re, paths, indexDir } = await reindex(corpus, work, share, log);
    const pub = await publish(paths, indexDir, puts, log);
    const report = { meta: { ...meta, corpus, share }, reindex: re, publish: pub };
    console.log(
      [
        '| figure | value |',
        '| --- | ---: |',
        `| full build (${re.articles} articles, \`index --force\`) | ${round(re.full.seconds)} s |`,
        `| incremental re-index after ${re.changed} articles changed (${round((100 * re.changed) / re.articles)}%) | ${round(re.incremental.seconds)} s (${round(re.full.seconds / re.incremental.seconds)}× faster) |`,
        `| PUT → answerable, median of ${pub.puts} (p95, max) | ${round(pub.answerableMs.median)} ms (${round(pub.answerableMs.p95)}, ${round(pub.answerableMs.max)} ms) |`,
        `| questions asked until cited (mean, max) | ${round(pub.asksNeeded.mean)}, ${pub.asksNeeded.max} |`,
        `| PUT itself, median (p95) | ${round(pub.putMs.median)} ms (${round(pub.putMs.p95)} ms) |`,
        '',
        `Incremental run: ${re.incremental.log}`,
        `${meta.date.slice(0, 16)}Z, commit ${meta.commit}${meta.dirty ? ' + uncommitted src/ changes' : ''}, ${meta.machine}, load average ${meta.loadAtStart.toFixed(2)} at start.`,
      ].join('\n'),
    );
    if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
  } finally {
    if (!values.keep) rmSync(work, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
