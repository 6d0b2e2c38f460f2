/**
 * `npm run bench:recall`: recall@10 of the hnswlib graph against exact (brute-force) search over
 * the index's own vectors, for the 500 fixed ViNewsQA dev questions, at several `ef`; with
 * --settings, also graphs rebuilt with other M / efConstruction from the same vectors.
 *
 * @example
 * npm run bench:recall                                    (the news-37k bench index, built by npm run bench)
 * npm run bench:recall -- --index /tmp/idx --ef 16 32 64 --settings 16/200 12/100 24/200 --json /tmp/recall.json
 */
import { writeFileSync } from 'node:fs';
import { loadConfig } from '../src/config.js';
import { createEmbedder } from '../src/node/runtime.js';
import { normalizeText } from '../src/text/normalize.js';
import { countFlag, parseCommandLine } from '../src/node/args.js';
import { benchIndexDir, NEWS_37K } from './lib/paths.js';
import { loadQuestions } from './lib/questions.js';
import { exactTopK, loadVectorSpace, rebuildGraph, recallCurve, type RecallPoint } from './lib/recall.js';
import { round } from './lib/stats.js';

const USAGE = `npm run bench:recall -- [--index DIR] [--ef N...] [--settings M/EFC...] [--questions N] [--json FILE]`;

export const DEFAULT_EFS = [16, 32, 64, 100, 200, 400];

export interface RecallReport {
  indexDir: string;
  vectors: number;
  questions: number;
  /** Milliseconds of one exact search over all vectors (the baseline hnswlib saves). */
  exactMs: number;
  built: { m: number; efConstruction: number; curve: RecallPoint[] };
  rebuilt: { m: number; efConstruction: number; buildSeconds: number; curve: RecallPoint[] }[];
}

/** Embeds the questions as the retriever does (normalized text, the model's query prefix). */
export async function embedQuestions(questions: readonly string[]): Promise<Float32Array[]> {
  const { config } = loadConfig(process.env);
  const embedder = createEmbedder(config);
  const out: Float32Array[] = [];
  for (const q of questions) out.push(await embedder.embedQuestion(normalizeText(q).trim()));
  return out;
}

export async function measureRecall(
  indexDir: string,
  options: { efs?: readonly number[]; settings?: [number, number][]; questions?: number; log?: (line: string) => void } = {},
): Promise<RecallReport> {
  const log = options.log ?? (() => {});
  const space = loadVectorSpace(indexDir);
  const questions = loadQuestions(options.questions ?? 500).map((q) => q.question);
  const queries = await embedQuestions(questions);
  const started = performance.now();
  const exact = queries.map((q) => exactTopK(space, q, 10));
  const exactMs = (performance.now() - started) / queries.length;
  log(`${space.labels.length} vectors, ${queries.length} questions; exact search ${exactMs.toFixed(1)} ms per question.`);
  const efs = options.efs ?? DEFAULT_EFS;
  const built = { m: space.hnsw.m, efConstruction: space.hnsw.efConstruction, curve: recallCurve(space.graph, queries, exact, efs) };
  const rebuilt: RecallReport['rebuilt'] = [];
  for (const [m, efConstruction] of options.settings ?? []) {
    log(`Rebuilding the graph with M=${m}, efConstruction=${efConstruction}…`);
    const { graph, seconds } = rebuildGraph(space, m, efConstruction);
    rebuilt.push({ m, efConstruction, buildSeconds: seconds, curve: recallCurve(graph, queries, exact, efs) });
  }
  return { indexDir, vectors: space.labels.length, questions: queries.length, exactMs, built, rebuilt };
}

export function recallTable(report: RecallReport): string {
  const rows = [
    { label: `M=${report.built.m}, efC=${report.built.efConstruction} (as built)`, build: '', curve: report.built.curve },
    ...report.rebuilt.map((r) => ({ label: `M=${r.m}, efC=${r.efConstruction}`, build: `${round(r.buildSeconds)} s`, curve: r.curve })),
  ];
  const lines = [
    '| graph | graph build | ef | recall@10 | ms/search (mean) | ms/search (p95) |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    row.curve.forEach((p, i) =>
      lines.push(
        `| ${i === 0 ? row.label : ''} | ${i === 0 ? row.build : ''} | ${p.ef} | ${p.recallAt10.toFixed(4)} | ${round(p.meanMs)} | ${round(p.p95Ms)} |`,
      ),
    );
  }
  lines.push('', `Exact search over ${report.vectors} vectors: ${round(report.exactMs)} ms per question (${report.questions} questions).`);
  return lines.join('\n');
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseCommandLine(argv, {
    options: {
      ef: { type: 'string', multiple: true },
      settings: { type: 'string', multiple: true },
      index: { type: 'string' },
      questions: { type: 'string' },
      json: { type: 'string' },
      help: { type: 'boolean' },
    },
    lists: ['ef', 'settings'],
  });
  if (values.help) return void console.log(USAGE);
  const indexDir = values.index ?? benchIndexDir(NEWS_37K, 'hybrid');
  const efs = values.ef?.map((ef) => countFlag(ef, '--ef', 1)) ?? DEFAULT_EFS;
  const settings = (values.settings ?? []).map((s) => {
    const [m, efc] = s.split('/').map(Number) as [number, number];
    if (!(m > 1 && efc > 0)) throw new Error(`--settings takes M/efConstruction pairs such as 16/200, not "${s}".`);
    return [m, efc] as [number, number];
  });
  const report = await measureRecall(indexDir, {
    efs,
    settings,
    questions: countFlag(values.questions, '--questions', 500),
    log: (l) => console.error(l),
  });
  console.log(recallTable(report));
  if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
