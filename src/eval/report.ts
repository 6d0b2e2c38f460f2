/**
 * The eval report: the JSON document `--json` writes (and `--baseline` reads back), and the
 * terminal table printed after every run — one line per metric, with the change against a
 * baseline run when one is given.
 *
 * @example
 * const report = buildReport(run, { set: 'evals/own.jsonl', retriever: 'hybrid', … });
 * console.log(formatTable(report, baseline));
 * // articleHit@1       0.953   (41/43)   +0.023
 */
import { CURVE_THRESHOLDS, hasConfidences, tradeoffCurve, type CurvePoint } from './curve.js';
import { METRIC_NAMES, round, type Metrics } from './metrics.js';
import type { NoiseMode } from './noise.js';
import type { EvalRun, QuestionResult, ScopeBreakdown, Verdict } from './run.js';

export interface EvalReport {
  /** The eval set file. */
  set: string;
  /** Questions asked. */
  questions: number;
  retriever: string;
  /** Who wrote the answers: extractive, or the generative answerer's name. */
  answerer: string;
  stripDiacritics: boolean;
  /** Questions asked as typed on a phone (--noise typing), with the global seed (absent: asked as written or stripped). */
  noise?: { mode: NoiseMode; seed: number };
  unanswerable: boolean;
  /** Every question out of the corpus (absent from reports made before the flag existed). */
  outOfCorpus?: boolean;
  scoped: boolean;
  corpus: { articles: number; chunks: number; paths: string[] };
  index: { dir: string; reused: boolean };
  metrics: Metrics;
  counts: EvalRun['counts'];
  /**
   * found(t) over the answerable questions and refusal(t) over those to refuse, at confidence
   * thresholds 0, 0.05, …, 1 (absent from reports made before it existed: see {@link curveOf}).
   */
  curve?: CurvePoint[];
  verdicts: Partial<Record<Verdict, number>>;
  scope?: ScopeBreakdown;
  nearDuplicates?: EvalRun['nearDuplicates'];
  /** How latencyMs was measured. */
  latency: string;
  run: {
    date: string;
    /** Short commit, with "+changes" when tracked files differ from it. */
    commit: string | null;
    /** Fingerprints of the embedding model and the diacritic restorer used (null: none). */
    models: { embedder: string | null; restorer: string | null };
    machine: { cpus: number; memoryGb: number; node: string };
    seconds: number;
  };
  perQuestion: QuestionResult[];
}

export type ReportMeta = Omit<EvalReport, 'questions' | 'metrics' | 'counts' | 'curve' | 'verdicts' | 'scope' | 'perQuestion' | 'latency'>;

const LATENCY_NOTE =
  'wall-clock milliseconds around QaService.askWithHits (the /api/ask code path), measured in the eval process, one question at a time';

export function buildReport(run: EvalRun, meta: ReportMeta): EvalReport {
  const verdicts: Partial<Record<Verdict, number>> = {};
  for (const r of run.perQuestion) verdicts[r.verdict] = (verdicts[r.verdict] ?? 0) + 1;
  return {
    set: meta.set,
    questions: run.perQuestion.length,
    retriever: meta.retriever,
    answerer: meta.answerer,
    stripDiacritics: meta.stripDiacritics,
    ...(meta.noise ? { noise: meta.noise } : {}),
    unanswerable: meta.unanswerable,
    ...(meta.outOfCorpus ? { outOfCorpus: true } : {}),
    scoped: meta.scoped,
    corpus: meta.corpus,
    index: meta.index,
    metrics: run.metrics,
    counts: run.counts,
    curve: run.curve,
    verdicts,
    ...(run.scope ? { scope: run.scope } : {}),
    ...(run.nearDuplicates ? { nearDuplicates: run.nearDuplicates } : {}),
    latency: LATENCY_NOTE,
    run: meta.run,
    perQuestion: run.perQuestion,
  };
}

/** The report's trade-off curve, recomputed from its questions when it was saved without one. */
export function curveOf(report: Pick<EvalReport, 'curve' | 'perQuestion'>): CurvePoint[] {
  return report.curve ?? tradeoffCurve(report.perQuestion);
}

/** Thresholds the terminal table shows the curve at (the JSON and HTML reports have all 21). */
const TABLE_THRESHOLDS = [0, 0.2, 0.4, 0.5, 0.6, 0.8, 1];

/** What each verdict means, for the table and the HTML report (Vietnamese: editors read it). */
export const VERDICT_LABELS: Record<Verdict, string> = {
  right: 'Trả lời đúng',
  refused: 'Từ chối đúng (không có trong bài)',
  'should-refuse': 'Trả lời câu lẽ ra phải từ chối',
  'not-retrieved': 'Từ chối; không tìm thấy bài đúng',
  'refused-retrieved': 'Từ chối dù đã tìm thấy bài đúng',
  'wrong-article': 'Trả lời từ bài khác; không tìm thấy bài đúng',
  'passage-missed': 'Tìm thấy bài đúng nhưng không đọc đoạn chứa đáp án',
  'wrong-sentence': 'Đoạn đã đọc có đáp án nhưng chọn nhầm câu',
};

/** The mode in words, for headers. */
function describeMode(
  r: Pick<EvalReport, 'retriever' | 'answerer' | 'stripDiacritics' | 'noise' | 'unanswerable' | 'outOfCorpus' | 'scoped'>,
): string {
  return [
    `retriever ${r.retriever}`,
    `answerer ${r.answerer}`,
    r.noise
      ? `questions typed on a phone (--noise ${r.noise.mode}, seed ${r.noise.seed})`
      : r.stripDiacritics
        ? 'questions without diacritics'
        : 'questions as written',
    r.unanswerable ? 'expected articles removed (should refuse)' : '',
    r.outOfCorpus ? 'questions the corpus cannot answer (should refuse)' : '',
    r.scoped ? 'asked under the expected article' : 'asked on the whole site',
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The terminal table; with a baseline report, a column of differences. */
export function formatTable(report: EvalReport, baseline?: EvalReport): string {
  const m = report.metrics;
  const { answerable, refusable } = report.counts;
  const lines = [
    `Eval: ${report.set} — ${report.questions} questions (${answerable} answerable, ${refusable} to refuse)`,
    `Corpus: ${report.corpus.articles} articles, ${report.corpus.chunks} chunks · index ${report.index.dir}${report.index.reused ? ' (reused)' : ' (built)'}`,
    `Mode: ${describeMode(report)}`,
    '',
    `${'metric'.padEnd(20)}${'value'.padStart(9)}   ${'of'.padEnd(12)}${baseline ? `${'baseline'.padStart(9)}${'change'.padStart(9)}` : ''}`,
  ];
  const base = baseline?.metrics;
  for (const name of METRIC_NAMES) {
    if (name === 'latencyMs') continue;
    const value = m[name];
    const of = countOf(report, name);
    const before = base ? base[name] : undefined;
    const digits = name === 'answerLength' || name === 'shortAnswerLength' ? 1 : 3;
    lines.push(
      `${name.padEnd(20)}${fmt(value, digits).padStart(9)}   ${of.padEnd(12)}${base ? `${fmt(before ?? null, digits).padStart(9)}${delta(value, before ?? null, digits).padStart(9)}` : ''}`,
    );
  }
  for (const q of ['p50', 'p95'] as const) {
    const value = m.latencyMs[q];
    const before = base?.latencyMs[q];
    lines.push(
      `${`latencyMs ${q}`.padEnd(20)}${fmt(value, 1).padStart(9)}   ${'ms'.padEnd(12)}${base ? `${fmt(before ?? null, 1).padStart(9)}${delta(value, before ?? null, 1).padStart(9)}` : ''}`,
    );
  }
  const verdicts = Object.entries(report.verdicts)
    .sort((a, b) => b[1] - a[1])
    .map(([v, n]) => `${v} ${n}`)
    .join(' · ');
  lines.push('', `Outcomes: ${verdicts}`);
  lines.push(...curveLines(report));
  if (report.nearDuplicates) {
    const d = report.nearDuplicates;
    lines.push(
      `Left out with the expected articles: ${d.articles} near-duplicate articles, for ${d.questions} questions (5-syllable shingles, ≥ 50% shared).`,
    );
  }
  if (report.scope) {
    const s = report.scope;
    lines.push(
      `Scoped: answered in the article ${s.article.questions} (answerHit ${fmt(s.article.answerHit)}) · ` +
        `fell back to the site ${s.site.questions} (answerHit ${fmt(s.site.answerHit)}, ${s.site.fromExpectedArticle} citing the expected article) · ` +
        `not found ${s.notFound}`,
    );
  }
  return lines.map((l) => l.trimEnd()).join('\n');
}

/** "41/43" for shares whose denominator is known from the counts. */
function countOf(report: EvalReport, name: (typeof METRIC_NAMES)[number]): string {
  const value = report.metrics[name];
  if (typeof value !== 'number') return '';
  const { answerable, refusable } = report.counts;
  if (name === 'refusalRate') return refusable ? `${Math.round(value * refusable)}/${refusable}` : '';
  if (name === 'answerLength' || name === 'shortAnswerLength') return 'syllables';
  // Over the questions asked otherwise than written, which the counts do not hold.
  if (name === 'understoodRight') return report.noise ? 'typed on a phone' : 'typed without diacritics';
  if (name === 'citationPrecision' || name === 'mrr@10' || name === 'answerF1' || name === 'shortAnswerF1')
    return answerable ? `n=${answerable}` : '';
  return answerable ? `${Math.round(value * answerable)}/${answerable}` : '';
}

/** The trade-off at a few thresholds, when some answer carries a confidence (else the curve is flat: nothing to show). */
function curveLines(report: EvalReport): string[] {
  if (!hasConfidences(report.perQuestion)) return [];
  const curve = curveOf(report);
  const withConfidence = report.perQuestion.filter((q) => typeof q.confidence === 'number').length;
  const points = curve.filter((p) => TABLE_THRESHOLDS.some((t) => Math.abs(t - p.threshold) < 1e-9));
  const shown = (key: 'found' | 'refusal') => points.map((p) => `${p.threshold.toFixed(2)} ${fmt(p[key])}`).join(' · ');
  const lines = [
    '',
    `Confidence thresholds (${withConfidence} of ${report.questions} answers carry a confidence; ${CURVE_THRESHOLDS.length} thresholds in --json):`,
  ];
  if (report.counts.answerable) lines.push(`  found    ${shown('found')}`);
  if (report.counts.refusable) lines.push(`  refusal  ${shown('refusal')}`);
  return lines;
}

function fmt(value: number | null, digits = 3): string {
  return value === null ? '—' : round(value, digits).toFixed(digits);
}

function delta(now: number | null, before: number | null, digits = 3): string {
  if (now === null || before === null) return '';
  const d = round(now - before, digits);
  return d === 0 ? '=' : `${d > 0 ? '+' : ''}${d.toFixed(digits)}`;
}
