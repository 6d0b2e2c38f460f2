/**
 * `npm run eval`: asks an eval set through the pipeline readers get and prints its metrics;
 * optionally writes the JSON and HTML reports and checks the CI thresholds.
 *
 * @example
 * npm run eval -- --set evals/own.jsonl --html /tmp/own.html
 * npm run eval -- --set ../shared/datasets/xquad-vi/questions.jsonl --corpus ../shared/datasets/xquad-vi/passages.jsonl --json /tmp/x.json
 * npm run eval:ci            (the own set against evals/thresholds.json; exits 1 when a metric falls below)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError, DEFAULT_CONFIG, loadConfig, type Config } from '../config.js';
import { IndexLoadError } from '../node/persist.js';
import { Progress } from '../node/progress.js';
import { startRuntime } from '../node/runtime.js';
import { checkThresholds } from './metrics.js';
import { EvalInputError, evalIndexDir, fingerprint, gitCommit, machine, readEvalSet, readThresholds } from './node.js';
import { buildReport, formatTable, type EvalReport } from './report.js';
import { renderHtml } from './report-html.js';
import { EVAL_K, runEval, type QuestionResult } from './run.js';

const USAGE = `Hỏi đáp thông minh — eval: how well the pipeline of /api/ask answers a set of questions

Usage:
  npm run eval -- --set FILE [--corpus PATH...] [--index DIR] [--retriever hybrid|lexical|vector]
                  [--strip-diacritics] [--unanswerable] [--scoped] [--limit N]
                  [--json FILE] [--html FILE] [--baseline FILE] [--ci THRESHOLDS]

  --set FILE           JSONL questions: {id, question, answers[], articleIds[], answerable?} or the
                       datasets' {id, question, passage_id, answer_texts} (detected per line)
  --corpus PATH...     index these files/folders first (reused while they are unchanged); default corpus/.
                       Without --index (or HOIDAP_INDEX_DIR) the index goes to .index/eval-<hash of the paths>
  --index DIR          index folder (default: .index/default for corpus/, see above otherwise)
  --retriever MODE     hybrid (default) | lexical | vector
  --answerer NAME      extractive (default) | llm (the chat model of HOIDAP_LLM_BASE_URL, HOIDAP_LLM_MODEL):
                       the same metrics, so both answerers can be compared on one set (--baseline)
  --strip-diacritics   ask every question without diacritics (NFD, drop U+0300–U+036F, đ→d)
  --unanswerable       leave each question's expected articles out of retrieval — the same as removing
                       them from the index — so the right answer is "not found": measures refusing vs guessing
  --scoped             ask under the expected article, as the widget does (articleId = first articleId);
                       reports answers found in the article vs on the whole site
  --limit N            only the first N questions
  --json FILE          write the full report (metrics and every question)
  --html FILE          write a self-contained HTML report: charts and the failed questions with what was retrieved
  --baseline FILE      a JSON report of an earlier run: the table shows the change of every metric
  --ci FILE            thresholds {set?, min: {metric: value}, max: {...}}: exit 1 naming each metric out of bounds

Metrics are over answerable questions (refusalRate over those that must be refused); latency is
wall-clock time around QaService.askWithHits in this process.`;

/** The eval's own flags and whether they take a value; every other flag goes to loadConfig. */
const EVAL_FLAGS = new Map<string, boolean>([
  ['set', true],
  ['strip-diacritics', false],
  ['unanswerable', false],
  ['scoped', false],
  ['limit', true],
  ['json', true],
  ['html', true],
  ['baseline', true],
  ['ci', true],
  ['thresholds', true],
]);
/** Configuration flags that make sense for an eval. */
const CONFIG_FLAGS = new Set(['corpus', 'index', 'retriever', 'answerer', 'model', 'help']);

interface EvalFlags {
  set?: string;
  stripDiacritics: boolean;
  unanswerable: boolean;
  scoped: boolean;
  limit?: number;
  json?: string;
  html?: string;
  baseline?: string;
  ci?: string;
}

const log = (line: string) => console.error(line);

/**
 * Takes the eval's flags out of argv. They are parsed here, not by loadConfig, because `--json`
 * is a switch there and a file name here.
 */
function splitArgs(argv: readonly string[]): { flags: EvalFlags; rest: string[] } {
  const values = new Map<string, string>();
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const match = /^--([^=]+)(?:=(.*))?$/s.exec(arg);
    const takesValue = match ? EVAL_FLAGS.get(match[1]!) : undefined;
    if (!match || takesValue === undefined) {
      rest.push(arg);
      continue;
    }
    const name = match[1]!;
    let value = match[2];
    if (takesValue && value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new EvalInputError(`--${name} needs a value.`);
      value = next;
      i++;
    }
    values.set(name, value ?? 'true');
  }
  const bool = (name: string) => {
    const v = values.get(name);
    if (v === undefined) return false;
    if (!/^(true|false|1|0)$/.test(v)) throw new EvalInputError(`--${name} is a switch: give it without a value.`);
    return v === 'true' || v === '1';
  };
  const limit = values.get('limit');
  if (limit !== undefined && !/^[1-9]\d*$/.test(limit)) throw new EvalInputError(`--limit must be a positive whole number, not "${limit}".`);
  const optional = (name: string) => (values.has(name) ? { [name]: values.get(name)! } : {});
  const ci = values.get('ci') ?? values.get('thresholds');
  return {
    flags: {
      ...optional('set'),
      ...optional('json'),
      ...optional('html'),
      ...optional('baseline'),
      ...(ci ? { ci } : {}),
      stripDiacritics: bool('strip-diacritics'),
      unanswerable: bool('unanswerable'),
      scoped: bool('scoped'),
      ...(limit ? { limit: Number(limit) } : {}),
    },
    rest,
  };
}

async function main(argv: string[]): Promise<number> {
  const { flags, rest } = splitArgs(argv);
  const { config, args } = loadConfig(process.env, rest);
  if (args.flags.has('help')) {
    console.log(USAGE);
    return 0;
  }
  const unknown = [...args.flags.keys()].filter((f) => !CONFIG_FLAGS.has(f));
  if (unknown.length || args.positionals.length) {
    console.error(`Unexpected ${[...unknown.map((f) => `--${f}`), ...args.positionals.map((p) => `"${p}"`)].join(', ')}.\n\n${USAGE}`);
    return 2;
  }
  const thresholds = flags.ci ? readThresholds(flags.ci) : undefined;
  const setPath = flags.set ?? thresholds?.set;
  if (!setPath) {
    console.error(`Give the questions with --set FILE.\n\n${USAGE}`);
    return 2;
  }
  if (flags.scoped && flags.unanswerable) throw new EvalInputError('--scoped and --unanswerable cannot be combined: the article a question is asked under would be the one removed.');

  const set = readEvalSet(setPath);
  for (const error of set.errors.slice(0, 10)) log(`skipped ${error}`);
  if (set.errors.length > 10) log(`… and ${set.errors.length - 10} more bad lines.`);
  if (set.questions.length === 0) throw new EvalInputError(`${setPath} holds no usable question.`);
  const questions = flags.limit ? set.questions.slice(0, flags.limit) : set.questions;

  // A corpus of its own gets an index folder of its own, unless one is named (--index, HOIDAP_INDEX_DIR).
  const evalConfig: Config = { ...config };
  if (args.flags.has('corpus') && !args.flags.has('index') && config.indexDir === DEFAULT_CONFIG.indexDir) evalConfig.indexDir = evalIndexDir(config.corpus);

  const started = performance.now();
  const runtime = await startRuntime(evalConfig, { rebuild: true, log });
  const { manifest } = runtime.index;
  if (runtime.report.built) log(`Built the index in ${evalConfig.indexDir} in ${runtime.report.seconds.toFixed(1)} s.`);
  else log(`Reusing the index in ${evalConfig.indexDir} (corpus unchanged): no re-embedding.`);

  const store = runtime.index.store;
  const missing = questions.filter((q) => q.answerable && !q.articleIds.some((id) => store.article(id)));
  if (missing.length) {
    log(
      `Warning: ${missing.length} of ${questions.length} questions expect articles that are not in the index ` +
        `(e.g. ${missing.slice(0, 3).map((q) => `${q.id} → ${q.articleIds.join(', ')}`).join('; ')}). Is --corpus the right one?`,
    );
  }

  const progress = new Progress({ label: 'eval', unit: 'questions', total: questions.length });
  const tally = { answerable: 0, hit5: 0, answerHit: 0 };
  const run = await runEval(runtime.qa, questions, {
    stripDiacritics: flags.stripDiacritics,
    unanswerable: flags.unanswerable,
    scoped: flags.scoped,
    k: EVAL_K,
    onProgress: (done, total, results) => {
      const last = results[results.length - 1] as QuestionResult;
      if (last.shouldAnswer) {
        tally.answerable++;
        if (last.articleRank !== null && last.articleRank <= 5) tally.hit5++;
        if (last.answerHit) tally.answerHit++;
      }
      const share = (n: number) => (tally.answerable ? (n / tally.answerable).toFixed(3) : '—');
      progress.update(done, tally.answerable ? `articleHit@5 ${share(tally.hit5)} · answerHit ${share(tally.answerHit)}` : '', total);
    },
  });
  progress.finish(questions.length);

  const report = buildReport(run, {
    set: setPath,
    retriever: config.retriever,
    answerer: config.answerer,
    stripDiacritics: flags.stripDiacritics,
    unanswerable: flags.unanswerable,
    scoped: flags.scoped,
    corpus: { articles: manifest.counts.articles, chunks: manifest.counts.chunks, paths: config.corpus },
    index: { dir: evalConfig.indexDir, reused: !runtime.report.built },
    run: {
      date: new Date().toISOString(),
      commit: gitCommit(),
      models: {
        embedder: config.retriever === 'lexical' ? null : fingerprint(config.model),
        restorer: config.restorer === 'off' ? null : fingerprint(config.restorer),
      },
      machine: machine(),
      seconds: (performance.now() - started) / 1000,
    },
  });
  const baseline = flags.baseline ? readBaseline(flags.baseline) : undefined;
  console.log(formatTable(report, baseline));

  if (flags.json) {
    write(flags.json, `${JSON.stringify(report, null, 2)}\n`);
    log(`Wrote ${flags.json}`);
  }
  if (flags.html) {
    write(flags.html, renderHtml(report));
    log(`Wrote ${flags.html}`);
  }
  if (thresholds) {
    const failures = checkThresholds(report.metrics, thresholds);
    const count = Object.keys(thresholds.min ?? {}).length + Object.keys(thresholds.max ?? {}).length;
    if (failures.length) {
      console.error(`\neval:ci failed — ${failures.length} of ${count} thresholds (${flags.ci}):`);
      for (const f of failures) console.error(`  ✗ ${f}`);
      return 1;
    }
    console.log(`\neval:ci passed: all ${count} thresholds in ${flags.ci} met.`);
  }
  return 0;
}

function readBaseline(path: string): EvalReport {
  try {
    return JSON.parse(readFileSync(resolve(path), 'utf8')) as EvalReport;
  } catch (error) {
    throw new EvalInputError(`Cannot read the baseline ${path} (a --json report of an earlier run): ${error instanceof Error ? error.message : String(error)}`);
  }
}

function write(path: string, text: string): void {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  writeFileSync(path, text);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Expected failures get their message alone: it says what to do. Anything else is a bug.
    if (error instanceof ConfigError || error instanceof IndexLoadError || error instanceof EvalInputError) console.error(error.message);
    else console.error(error);
    process.exitCode = 1;
  },
);
