/**
 * The Workers lexical index (D1 FTS5 candidates + the project's BM25, src/workers/d1-lexical.ts)
 * against the Node index (src/index/lexical.ts) on the same articles and questions: how often
 * they agree, how well each finds the question's article, and what a question costs D1.
 *
 * For each corpus and question form (as written; diacritics stripped) and each MATCH postings
 * budget it prints:
 * - raw parity: D1Lexical.search vs LexicalIndex.search with all the question's terms (top-10
 *   overlap, share of questions with identical top 10 and scores);
 * - retriever parity: FusedRetriever over D1 vs over memory (both leave out terms under
 *   minTermImpact, D1 then MATCHes only its rarest), top-10 overlap and articleHit@5 of each;
 * - D1 rows read per question (statistics + candidates), and the Worker-side compute per question
 *   (statistics and scoring, no I/O), median and p90.
 *
 * The D1 databases are real (workerd through Miniflare) and kept in $HOIDAP_BENCH_WORK/d1-* so a
 * second run skips the load (--fresh reloads).
 *
 * @example
 * npx tsx bench/workers-lexical.ts
 * npx tsx bench/workers-lexical.ts --corpus news --news 10000 --questions 500 --budgets 100000,20000,5000
 * npx tsx bench/workers-lexical.ts --corpus xquad --concurrency 1 --fresh
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { D1Database } from '@cloudflare/workers-types/index.ts';
import type { Article } from '../src/corpus/article.js';
import { chunkArticle } from '../src/corpus/chunk.js';
import { isSkipped } from '../src/corpus/draft.js';
import { parseJsonl } from '../src/corpus/jsonl.js';
import { parseEvalSet, type EvalQuestion } from '../src/eval/set.js';
import { buildIndex } from '../src/index/build.js';
import { FusedRetriever, type Hit } from '../src/index/retriever.js';
import { queryTerms } from '../src/index/terms.js';
import { HybridRetriever } from '../src/node/memory-index.js';
import { foldDiacritics } from '../src/text/normalize.js';
import { writeArticle } from '../src/workers/d1-index.js';
import { D1Lexical, type QueryReport } from '../src/workers/d1-lexical.js';
import { D1Passages } from '../src/workers/d1-passages.js';
import { openRemoteD1 } from '../tests/workers/d1-support.js';
import { BENCH_WORK, REPO_ROOT } from './lib/paths.js';
import { mean, percentile } from './lib/stats.js';

const DATASETS = resolve(REPO_ROOT, '../shared/datasets');

interface Corpus {
  name: string;
  articles: Article[];
  questions: EvalQuestion[];
}

function readArticles(path: string, limit = Infinity): Article[] {
  const parsed = parseJsonl(readFileSync(path, 'utf8'), path).filter((r): r is Article => !isSkipped(r));
  return parsed.slice(0, limit);
}

function readQuestions(path: string, limit: number): EvalQuestion[] {
  return parseEvalSet(readFileSync(path, 'utf8'), path).questions.slice(0, limit);
}

/**
 * XQuAD-vi (240 paragraphs, all 1,190 questions unless `questions` is given), and news: `news`
 * baomoi articles plus every ViNewsQA dev article, with the first `questions` (500) dev questions.
 */
function corpora(news: number, questions: number | undefined, only?: string): Corpus[] {
  const all: Corpus[] = [
    {
      name: 'xquad-vi',
      articles: readArticles(join(DATASETS, 'xquad-vi/passages.jsonl')),
      questions: readQuestions(join(DATASETS, 'xquad-vi/questions.jsonl'), questions ?? Infinity),
    },
    {
      name: `news-${news + 500}`,
      articles: unique([
        ...readArticles(join(DATASETS, 'news-baomoi/articles.jsonl'), news),
        ...readArticles(join(DATASETS, 'uit-vinewsqa/dev.articles.jsonl')),
      ]),
      questions: readQuestions(join(DATASETS, 'uit-vinewsqa/dev.questions.jsonl'), questions ?? 500),
    },
  ];
  return all.filter((c) => only === undefined || c.name.startsWith(only));
}

function unique(articles: Article[]): Article[] {
  return [...new Map(articles.map((a) => [a.id, a])).values()];
}

/**
 * Runs `task` over the items, `concurrency` at a time, results in the items' order. D1 through
 * Miniflare is mostly round trips; 1 gives the cleanest compute timings on a busy machine.
 */
async function pooled<T, R>(items: readonly T[], concurrency: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}

/** The corpus in D1, written article by article as the queue consumer does; reused when already loaded. */
async function loadD1(corpus: Corpus, fresh: boolean, concurrency: number): Promise<{ db: D1Database; dispose: () => Promise<void> }> {
  const folder = join(BENCH_WORK, `d1-${corpus.name}`);
  if (fresh && existsSync(folder)) rmSync(folder, { recursive: true });
  const d1 = await openRemoteD1(folder);
  const loaded = await d1.db.prepare('SELECT count(*) AS n FROM articles').first<{ n: number }>();
  if (loaded?.n === corpus.articles.length) return d1;
  const started = performance.now();
  const indexedAt = new Date(0).toISOString();
  await pooled(corpus.articles, concurrency, async (a) => {
    const chunks = chunkArticle(a);
    if (chunks.length === 0) return;
    const record = { id: a.id, title: a.title, url: a.url, publishedAt: a.publishedAt, hash: 'bench', indexedAt };
    await writeArticle(d1.db, record, chunks);
  });
  console.log(`  loaded ${corpus.articles.length} articles into D1 in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return d1;
}

interface QuestionResult {
  rawOverlap: number;
  rawExact: boolean;
  retrieverOverlap: number;
  d1Hit: boolean;
  nodeHit: boolean;
  rowsRead: number;
  computeMs: number;
  durationMs: number;
  postings: number;
}

function overlap(a: readonly string[], b: readonly string[]): number {
  if (b.length === 0) return a.length === 0 ? 1 : 0;
  const set = new Set(a);
  return b.filter((x) => set.has(x)).length / b.length;
}

function articleHit(hits: readonly Hit[], question: EvalQuestion): boolean {
  return hits.slice(0, 5).some((h) => question.articleIds.includes(h.article.id));
}

interface Sides {
  node: HybridRetriever;
  d1: FusedRetriever;
  lexical: D1Lexical;
  /** Chunk id of every D1 doc: doc numbers differ between the two indexes, chunk ids do not. */
  chunkIds: ReadonlyMap<number, string>;
  /** The D1 queries of the question being asked (one question at a time per Sides). */
  reports: QueryReport[];
}

/** One question on both sides: raw BM25 with every term, then the retriever as the service runs it. */
async function ask(sides: Sides, question: EvalQuestion, text: string): Promise<QuestionResult> {
  const terms = queryTerms(text);
  const node = sides.node.deps;
  const nodeRaw = node.lexical.search(terms, 10).map((h) => ({ chunk: node.store.chunk(h.doc).id, score: h.score }));
  const statistics = await sides.lexical.statistics(terms.map((t) => t.term));
  const d1Raw = (await sides.lexical.search(terms, 10, { statistics })).map((h) => ({
    chunk: sides.chunkIds.get(h.doc) ?? '?',
    score: h.score,
  }));
  sides.reports.length = 0;
  const [nodeHits, d1Hits] = await Promise.all([
    sides.node.search(text, { k: 10, mode: 'lexical' }),
    sides.d1.search(text, { k: 10, mode: 'lexical' }),
  ]);
  return {
    rawOverlap: overlap(
      d1Raw.map((h) => h.chunk),
      nodeRaw.map((h) => h.chunk),
    ),
    rawExact: JSON.stringify(d1Raw) === JSON.stringify(nodeRaw),
    retrieverOverlap: overlap(
      d1Hits.map((h) => h.chunk.id),
      nodeHits.map((h) => h.chunk.id),
    ),
    d1Hit: articleHit(d1Hits, question),
    nodeHit: articleHit(nodeHits, question),
    rowsRead: sides.reports.reduce((sum, r) => sum + r.rowsRead, 0),
    computeMs: sides.reports.reduce((sum, r) => sum + r.computeMs, 0),
    durationMs: sides.reports.reduce((sum, r) => sum + r.durationMs, 0),
    postings: sides.reports.reduce((sum, r) => sum + (r.postings ?? 0), 0),
  };
}

/** Sides per concurrent worker: each keeps its own report list, so a question's rows are its own. */
function makeSides(db: D1Database, node: HybridRetriever, chunkIds: ReadonlyMap<number, string>, matchPostings: number): () => Sides {
  return () => {
    const reports: QueryReport[] = [];
    const lexical = new D1Lexical(db, { matchPostings, onQuery: (r) => reports.push(r) });
    return { node, d1: new FusedRetriever({ lexical, passages: new D1Passages(db) }), lexical, chunkIds, reports };
  };
}

async function chunkIdsOf(db: D1Database): Promise<Map<number, string>> {
  const { results } = await db
    .prepare('SELECT id, article_id, position FROM passages')
    .all<{ id: number; article_id: string; position: number }>();
  return new Map(results.map((r) => [r.id, `${r.article_id}:${r.position}`]));
}

async function measure(
  make: () => Sides,
  questions: EvalQuestion[],
  form: (q: string) => string,
  concurrency: number,
): Promise<QuestionResult[]> {
  const free = Array.from({ length: concurrency }, make);
  return pooled(questions, concurrency, async (q) => {
    const sides = free.pop()!;
    try {
      return await ask(sides, q, form(q.question));
    } finally {
      free.push(sides);
    }
  });
}

function summarize(label: string, results: QuestionResult[]): void {
  const share = (f: (r: QuestionResult) => boolean) => (results.filter(f).length / results.length).toFixed(3);
  const average = (f: (r: QuestionResult) => number) => mean(results.map(f)).toFixed(3);
  const spread = (f: (r: QuestionResult) => number, digits = 0) => {
    const values = results.map(f);
    return `p50 ${percentile(values, 50).toFixed(digits)} p90 ${percentile(values, 90).toFixed(digits)}`;
  };
  console.log(`  ${label} (${results.length} questions)`);
  console.log(
    `    parity    raw top-10 overlap ${average((r) => r.rawOverlap)}, identical top 10 and scores ${share((r) => r.rawExact)}` +
      ` | retriever top-10 overlap ${average((r) => r.retrieverOverlap)}`,
  );
  console.log(`    accuracy  articleHit@5 D1 ${share((r) => r.d1Hit)}, Node ${share((r) => r.nodeHit)}`);
  console.log(
    `    D1 cost   rows read ${spread((r) => r.rowsRead)} | query ms ${spread((r) => r.durationMs)}` +
      ` | MATCH postings ${spread((r) => r.postings)}`,
  );
  console.log(`    Worker    compute ms ${spread((r) => r.computeMs, 2)} (statistics + scoring, no I/O)`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      news: { type: 'string', default: '2000' },
      questions: { type: 'string' },
      budgets: { type: 'string', default: '20000' },
      corpus: { type: 'string' },
      fresh: { type: 'boolean', default: false },
      concurrency: { type: 'string', default: '8' },
    },
  });
  const concurrency = Math.max(1, Number(values.concurrency));
  const budgets = values.budgets.split(',').map(Number);
  for (const corpus of corpora(Number(values.news), values.questions === undefined ? undefined : Number(values.questions), values.corpus)) {
    console.log(`${corpus.name}: ${corpus.articles.length} articles, ${corpus.questions.length} questions`);
    const node = new HybridRetriever(await buildIndex(corpus.articles));
    const d1 = await loadD1(corpus, values.fresh, concurrency);
    try {
      const chunkIds = await chunkIdsOf(d1.db);
      for (const budget of budgets) {
        const make = makeSides(d1.db, node, chunkIds, budget);
        summarize(`as written, MATCH budget ${budget} postings`, await measure(make, corpus.questions, (q) => q, concurrency));
        summarize(
          `diacritics stripped, MATCH budget ${budget} postings`,
          await measure(make, corpus.questions, foldDiacritics, concurrency),
        );
      }
    } finally {
      await d1.dispose();
    }
  }
}

await main();
