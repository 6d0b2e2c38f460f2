/**
 * `npm run eval`: asks an eval set through the pipeline readers get and prints its metrics;
 * optionally writes the JSON and HTML reports and checks the CI thresholds.
 *
 * @example
 * npm run eval -- --set evals/own.jsonl --html /tmp/own.html
 * npm run eval -- --set evals/own.jsonl --noise typing --noise-seed 2   (asked as typed on a phone)
 * npm run eval -- --set ../shared/datasets/xquad-vi/questions.jsonl --corpus ../shared/datasets/xquad-vi/passages.jsonl --json /tmp/x.json
 * npm run eval:ci            (the own set against evals/thresholds.json; exits 1 when a metric falls below)
 * npm run eval -- --tradeoff /tmp/vinewsqa.json /tmp/xquad-ooc.json --html /tmp/tradeoff.html
 */
import { readFileSync } from 'node:fs';
import { ConfigError, DEFAULT_CONFIG, loadConfig, type Config } from '../config.js';
import { CONFIG_OPTIONS, configFlags, countFlag, parseCommandLine, runEntry, UsageError } from './args.js';
import {
  EvalInputError,
  evalIndexDir,
  fingerprint,
  gitCommit,
  machine,
  readBaseline,
  readEvalSet,
  readThresholds,
  writeReport,
  type ThresholdsFile,
} from './eval-files.js';
import { IndexLoadError } from './persist.js';
import { Progress } from './progress.js';
import { startRuntime, type Runtime } from './runtime.js';
import { combineTradeoff, formatTradeoff, TradeoffError, type TradeoffSource } from '../eval/curve.js';
import { leavingOut } from '../eval/exclude.js';
import { checkThresholds } from '../eval/metrics.js';
import { DEFAULT_NOISE_SEED, NOISE_MODES, type NoiseMode } from '../eval/noise.js';
import { buildReport, formatTable, type EvalReport } from '../eval/report.js';
import { renderHtml, renderTradeoffHtml } from '../eval/report-html.js';
import { EVAL_K, runEval, type EvalRun, type QuestionResult } from '../eval/run.js';
import type { EvalQuestion } from '../eval/set.js';

const USAGE = `Hỏi đáp thông minh — eval: how well the pipeline of /api/ask answers a set of questions

Usage:
  npm run eval -- --set FILE [--corpus PATH...] [--index DIR] [--retriever hybrid|lexical|vector]
                  [--strip-diacritics | --noise typing [--noise-seed N]] [--unanswerable | --out-of-corpus]
                  [--scoped] [--limit N]
                  [--json FILE] [--html FILE] [--baseline FILE] [--ci THRESHOLDS]
  npm run eval -- --tradeoff ANSWERABLE.json REFUSABLE.json [--html FILE] [--json FILE]

  --set FILE           JSONL questions: {id, question, answers[], articleIds[], answerable?} or the
                       datasets' {id, question, passage_id, answer_texts} (detected per line)
  --corpus PATH...     index these files/folders first (reused while they are unchanged); default corpus/.
                       Without --index (or HOIDAP_INDEX_DIR) the index goes to .index/eval-<hash of the paths>
  --index DIR          index folder (default: .index/default for corpus/, see above otherwise)
  --retriever MODE     hybrid (default) | lexical | vector
  --answerer NAME      extractive (default) | llm (the chat model of HOIDAP_LLM_BASE_URL, HOIDAP_LLM_MODEL):
                       the same metrics, so both answerers can be compared on one set (--baseline)
  --strip-diacritics   ask every question without diacritics (NFD, drop U+0300–U+036F, đ→d)
  --noise typing       ask every question as a hurried reader types it on a phone: abbreviated (ko, dc, bn,
                       ntn, j, HN, 5tr…), without diacritics, a few words in Telex/VNI keystrokes, mostly lower
                       case, "?" often dropped (rates in src/eval/noise.ts); the same noisy set on every run.
                       See it with npm run noisy-questions -- --set FILE. Not with --strip-diacritics
  --noise-seed N       the noise's global seed, a whole number (default ${DEFAULT_NOISE_SEED}); each question's is N and its id
  --unanswerable       leave each question's expected articles, and their near duplicates (≥ 50% of 5-syllable
                       shingles shared), out of retrieval — the same as removing them from the index — so the
                       right answer is "not found": measures refusing vs guessing
  --out-of-corpus      every question of the set is one the corpus cannot answer (e.g. XQuAD-vi's Wikipedia
                       questions over the news): all must be refused; refusalRate is the share that were
  --scoped             ask under the expected article, as the widget does (articleId = first articleId);
                       reports answers found in the article vs on the whole site
  --limit N            only the first N questions
  --json FILE          write the full report (metrics and every question)
  --html FILE          write a self-contained HTML report: charts and the failed questions with what was retrieved
  --baseline FILE      a JSON report of an earlier run: the table shows the change of every metric
  --ci FILE            thresholds {set?, min: {metric: value}, max: {...}}: exit 1 naming each metric out of bounds
  --tradeoff A B       asks nothing: combines two saved --json reports into one found-vs-refusal trade-off over
                       confidence thresholds 0, 0.05, …, 1 — found(t) from A's answerable questions (e.g. ViNewsQA),
                       refusal(t) from B's questions to refuse (e.g. XQuAD-vi with --out-of-corpus). Prints the
                       table; --html writes the curves, --json the combined trade-off

Metrics are over answerable questions (refusalRate over those that must be refused); latency is
wall-clock time around QaService.askWithHits in this process. shortAnswerEM/F1 score the short answer
(the exact span) against the gold answers; answerHit/answerF1 score the quoted sentence.`;

/** The eval's flags: its own, and the configuration flags that make sense for an eval. */
const OPTIONS = {
  set: { type: 'string' },
  'strip-diacritics': { type: 'boolean' },
  noise: { type: 'string' },
  'noise-seed': { type: 'string' },
  unanswerable: { type: 'boolean' },
  'out-of-corpus': { type: 'boolean' },
  scoped: { type: 'boolean' },
  limit: { type: 'string' },
  // A file name here, where the other commands' --json is a switch.
  json: { type: 'string' },
  html: { type: 'string' },
  baseline: { type: 'string' },
  ci: { type: 'string' },
  // The first name of --ci, still accepted.
  thresholds: { type: 'string' },
  corpus: CONFIG_OPTIONS.corpus,
  index: CONFIG_OPTIONS.index,
  retriever: CONFIG_OPTIONS.retriever,
  answerer: CONFIG_OPTIONS.answerer,
  model: CONFIG_OPTIONS.model,
  tradeoff: { type: 'string', multiple: true },
  help: { type: 'boolean' },
} as const;

/** The flags --tradeoff takes besides its two reports: it asks nothing, so the others do not apply. */
const TRADEOFF_FLAGS: readonly (keyof typeof OPTIONS)[] = ['tradeoff', 'json', 'html', 'help'];

interface EvalFlags {
  set?: string | undefined;
  stripDiacritics: boolean;
  /** --noise and its seed (the default when --noise-seed is not given). */
  noise?: { mode: NoiseMode; seed: number } | undefined;
  unanswerable: boolean;
  outOfCorpus: boolean;
  scoped: boolean;
  limit?: number | undefined;
  json?: string | undefined;
  html?: string | undefined;
  baseline?: string | undefined;
  ci?: string | undefined;
}

/** An eval to run: its flags and the configuration of the pipeline it asks. */
interface EvalCommand {
  flags: EvalFlags;
  config: Config;
}

/** --tradeoff: two saved reports to combine, and where to write the result. */
interface TradeoffCommand {
  tradeoff: { answerable: string; refusable: string };
  json?: string | undefined;
  html?: string | undefined;
}

const log = (line: string) => console.error(line);

/** The command line, or 'help'. */
function readCommandLine(argv: readonly string[]): EvalCommand | TradeoffCommand | 'help' {
  const { values } = parseCommandLine(argv, { options: OPTIONS, lists: ['corpus', 'tradeoff'] });
  if (values.help) return 'help';
  if (values.tradeoff) {
    if (values.tradeoff.length !== 2)
      throw new UsageError(
        `--tradeoff needs exactly two --json reports: --tradeoff ANSWERABLE.json REFUSABLE.json (got ${values.tradeoff.length}).`,
        'value',
      );
    const others = (Object.keys(values) as (keyof typeof OPTIONS)[]).filter((name) => !TRADEOFF_FLAGS.includes(name));
    if (others.length)
      throw new EvalInputError(
        `--tradeoff combines two saved reports and asks nothing: ${others.map((name) => `--${name}`).join(', ')} cannot be combined with it.`,
      );
    const [answerable, refusable] = values.tradeoff as [string, string];
    return { tradeoff: { answerable, refusable }, json: values.json, html: values.html };
  }
  const flags: EvalFlags = {
    set: values.set,
    stripDiacritics: values['strip-diacritics'] === true,
    noise: noiseFlags(values.noise, values['noise-seed'], values['strip-diacritics'] === true),
    unanswerable: values.unanswerable === true,
    outOfCorpus: values['out-of-corpus'] === true,
    scoped: values.scoped === true,
    limit: values.limit === undefined ? undefined : countFlag(values.limit, '--limit', 0),
    json: values.json,
    html: values.html,
    baseline: values.baseline,
    ci: values.ci ?? values.thresholds,
  };
  if (flags.scoped && flags.unanswerable)
    throw new EvalInputError(
      '--scoped and --unanswerable cannot be combined: the article a question is asked under would be the one removed.',
    );
  if (flags.outOfCorpus && (flags.scoped || flags.unanswerable))
    throw new EvalInputError(
      '--out-of-corpus asks on the whole site with nothing removed: it cannot be combined with --scoped or --unanswerable.',
    );
  const { config } = loadConfig(process.env, configFlags(values));
  // A corpus of its own gets an index folder of its own, unless one is named (--index, HOIDAP_INDEX_DIR).
  if (values.corpus && values.index === undefined && config.indexDir === DEFAULT_CONFIG.indexDir)
    config.indexDir = evalIndexDir(config.corpus);
  return { flags, config };
}

/** --noise and --noise-seed, checked: a known mode, a whole-number seed, never with --strip-diacritics. */
function noiseFlags(mode: string | undefined, seed: string | undefined, stripDiacritics: boolean): EvalFlags['noise'] {
  if (mode === undefined) {
    if (seed !== undefined) throw new EvalInputError('--noise-seed only applies with --noise typing: give both, or neither.');
    return undefined;
  }
  if (!(NOISE_MODES as readonly string[]).includes(mode))
    throw new UsageError(`--noise must be ${NOISE_MODES.join(' or ')}, not "${mode}".`, 'value');
  if (stripDiacritics)
    throw new EvalInputError(
      `--noise ${mode} already drops the diacritics (and abbreviates): it cannot be combined with --strip-diacritics. Give one of them.`,
    );
  return { mode: mode as NoiseMode, seed: countFlag(seed, '--noise-seed', DEFAULT_NOISE_SEED, 0) };
}

/** The set's questions (the first --limit of them), its bad lines reported. */
function loadQuestions(setPath: string, limit: number | undefined): EvalQuestion[] {
  const set = readEvalSet(setPath);
  for (const error of set.errors.slice(0, 10)) log(`skipped ${error}`);
  if (set.errors.length > 10) log(`… and ${set.errors.length - 10} more bad lines.`);
  if (set.questions.length === 0) throw new EvalInputError(`${setPath} holds no usable question.`);
  return limit ? set.questions.slice(0, limit) : set.questions;
}

/** The pipeline over the eval's index, built when its corpus changed; warns when questions expect articles it lacks. */
async function openRuntime(config: Config, questions: readonly EvalQuestion[], outOfCorpus: boolean): Promise<Runtime> {
  const runtime = await startRuntime(config, { rebuild: true, log });
  if (runtime.report.built) log(`Built the index in ${config.indexDir} in ${runtime.report.seconds.toFixed(1)} s.`);
  else log(`Reusing the index in ${config.indexDir} (corpus unchanged): no re-embedding.`);
  const store = runtime.index.store;
  // Out of corpus, the expected articles are absent by design.
  const missing = outOfCorpus ? [] : questions.filter((q) => q.answerable && !q.articleIds.some((id) => store.article(id)));
  if (missing.length) {
    log(
      `Warning: ${missing.length} of ${questions.length} questions expect articles that are not in the index ` +
        `(e.g. ${missing
          .slice(0, 3)
          .map((q) => `${q.id} → ${q.articleIds.join(', ')}`)
          .join('; ')}). Is --corpus the right one?`,
    );
  }
  return runtime;
}

/** Asks every question, showing the running hit rates. */
async function askAll(runtime: Runtime, questions: readonly EvalQuestion[], flags: EvalFlags): Promise<EvalRun> {
  const progress = new Progress({ label: 'eval', unit: 'questions', total: questions.length });
  const tally = { answerable: 0, hit5: 0, answerHit: 0 };
  const run = await runEval(flags.unanswerable ? leavingOut(runtime.qa) : runtime.qa, questions, {
    stripDiacritics: flags.stripDiacritics,
    ...(flags.noise ? { noise: flags.noise.mode, noiseSeed: flags.noise.seed } : {}),
    unanswerable: flags.unanswerable,
    outOfCorpus: flags.outOfCorpus,
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
  return run;
}

/** The report of a run, with what it was made with: set, modes, corpus, index, commit, models, machine. */
function reportOf(run: EvalRun, { flags, config }: EvalCommand, setPath: string, runtime: Runtime, started: number): EvalReport {
  const { manifest } = runtime.index;
  return buildReport(run, {
    set: setPath,
    retriever: config.retriever,
    answerer: config.answerer,
    stripDiacritics: flags.stripDiacritics,
    ...(flags.noise ? { noise: flags.noise } : {}),
    unanswerable: flags.unanswerable,
    outOfCorpus: flags.outOfCorpus,
    scoped: flags.scoped,
    corpus: { articles: manifest.counts.articles, chunks: manifest.counts.chunks, paths: config.corpus },
    index: { dir: config.indexDir, reused: !runtime.report.built },
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
}

/** The table on stdout (against --baseline), and the --json and --html files. */
function publish(report: EvalReport, flags: EvalFlags): void {
  const baseline = flags.baseline ? readBaseline(flags.baseline) : undefined;
  console.log(formatTable(report, baseline));
  if (flags.json) {
    writeReport(flags.json, `${JSON.stringify(report, null, 2)}\n`);
    log(`Wrote ${flags.json}`);
  }
  if (flags.html) {
    writeReport(flags.html, renderHtml(report));
    log(`Wrote ${flags.html}`);
  }
}

/** A saved --json report, for --tradeoff. */
function readReport(path: string, role: string): TradeoffSource {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new EvalInputError(
      `Cannot read ${path} (${role}: a --json report of an earlier run): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const report = value as Partial<EvalReport> | null;
  if (typeof report !== 'object' || report === null || !Array.isArray(report.perQuestion))
    throw new EvalInputError(`${path} is not an eval report (${role}): write one with npm run eval -- --set FILE --json ${path}.`);
  return { set: String(report.set ?? path), answerer: String(report.answerer ?? '?'), perQuestion: report.perQuestion };
}

/** --tradeoff: the combined table on stdout, and the --json and --html files. */
function tradeoff(command: TradeoffCommand): number {
  const { answerable, refusable } = command.tradeoff;
  const combined = combineTradeoff(
    readReport(answerable, 'found(t) from its answerable questions'),
    readReport(refusable, 'refusal(t) from its questions to refuse'),
    {
      answerable,
      refusable,
    },
  );
  console.log(formatTradeoff(combined));
  if (command.json) {
    writeReport(command.json, `${JSON.stringify(combined, null, 2)}\n`);
    log(`Wrote ${command.json}`);
  }
  if (command.html) {
    writeReport(command.html, renderTradeoffHtml(combined));
    log(`Wrote ${command.html}`);
  }
  return 0;
}

/** eval:ci: 1 naming every metric out of bounds, else 0. */
function checkCi(report: EvalReport, thresholds: ThresholdsFile, file: string): number {
  const failures = checkThresholds(report.metrics, thresholds);
  const count = Object.keys(thresholds.min ?? {}).length + Object.keys(thresholds.max ?? {}).length;
  if (failures.length) {
    console.error(`\neval:ci failed — ${failures.length} of ${count} thresholds (${file}):`);
    for (const f of failures) console.error(`  ✗ ${f}`);
    return 1;
  }
  console.log(`\neval:ci passed: all ${count} thresholds in ${file} met.`);
  return 0;
}

async function main(argv: readonly string[]): Promise<number> {
  const command = readCommandLine(argv);
  if (command === 'help') {
    console.log(USAGE);
    return 0;
  }
  if ('tradeoff' in command) return tradeoff(command);
  const { flags, config } = command;
  const thresholds = flags.ci ? readThresholds(flags.ci) : undefined;
  const setPath = flags.set ?? thresholds?.set;
  if (!setPath) {
    console.error(`Give the questions with --set FILE.\n\n${USAGE}`);
    return 2;
  }
  const questions = loadQuestions(setPath, flags.limit);
  const started = performance.now();
  const runtime = await openRuntime(config, questions, flags.outOfCorpus);
  const report = reportOf(await askAll(runtime, questions, flags), command, setPath, runtime, started);
  publish(report, flags);
  return thresholds ? checkCi(report, thresholds, flags.ci!) : 0;
}

runEntry(() => main(process.argv.slice(2)), USAGE, [ConfigError, IndexLoadError, EvalInputError, TradeoffError]);
