/**
 * The found-vs-refusal trade-off over confidence thresholds: what share of the answerable questions
 * would still be answered, and what share of the ones to refuse would be refused, had the service
 * refused every answer whose confidence is under t. Pure functions over scored questions, so a
 * curve can be worked out by hand in tests and recomputed from any saved --json report.
 *
 * A question counts as answered at t when the service had a candidate (confidence defined) and
 * confidence ≥ t. A response without a confidence (an answerer that gives none) has no candidate
 * to weigh: it counts as answered at every t when found, and refused at every t when not.
 *
 * A set is usually all answerable (ViNewsQA) or all to refuse (XQuAD-vi with --out-of-corpus), so
 * {@link combineTradeoff} takes found(t) from one report and refusal(t) from another.
 *
 * @example
 * tradeoffCurve(run.perQuestion)[6] // { threshold: 0.3, found: 0.81, refusal: null }
 * formatTradeoff(combineTradeoff(vinewsqa, xquadOutOfCorpus))
 */
import { round } from './metrics.js';

/** What the curve needs of a question (a QuestionResult has it all). */
export interface ConfidenceOutcome {
  shouldAnswer: boolean;
  found: boolean;
  confidence?: number | undefined;
}

export interface CurvePoint {
  threshold: number;
  /** Share of the answerable questions answered at this threshold (null: the run has none). */
  found: number | null;
  /** Share of the questions to refuse that are refused at this threshold (null: the run has none). */
  refusal: number | null;
}

/** 0, 0.05, …, 1: 21 thresholds. */
export const CURVE_THRESHOLDS: readonly number[] = Array.from({ length: 21 }, (_, i) => i / 20);

function hasConfidence(q: ConfidenceOutcome): q is ConfidenceOutcome & { confidence: number } {
  return typeof q.confidence === 'number' && Number.isFinite(q.confidence);
}

/** Whether the question would be answered had the service's threshold been t. */
export function answeredAt(q: ConfidenceOutcome, t: number): boolean {
  return hasConfidence(q) ? q.confidence >= t : q.found;
}

/** True when at least one question carries a confidence: without any, the curve is flat. */
export function hasConfidences(questions: readonly ConfidenceOutcome[]): boolean {
  return questions.some(hasConfidence);
}

function shareOf(questions: readonly ConfidenceOutcome[], test: (q: ConfidenceOutcome) => boolean): number | null {
  return questions.length === 0 ? null : round(questions.filter(test).length / questions.length, 4);
}

/** found(t) over the answerable questions, refusal(t) over those to refuse, at every threshold. */
export function tradeoffCurve(questions: readonly ConfidenceOutcome[]): CurvePoint[] {
  return curveOf(
    questions.filter((q) => q.shouldAnswer),
    questions.filter((q) => !q.shouldAnswer),
  );
}

function curveOf(answerable: readonly ConfidenceOutcome[], refusable: readonly ConfidenceOutcome[]): CurvePoint[] {
  return CURVE_THRESHOLDS.map((threshold) => ({
    threshold,
    found: shareOf(answerable, (q) => answeredAt(q, threshold)),
    refusal: shareOf(refusable, (q) => !answeredAt(q, threshold)),
  }));
}

/** The service's own outcome, at whatever threshold it used: found and refused as it answered. */
function actualOutcome(questions: readonly ConfidenceOutcome[]): { found: number | null; refusal: number | null } {
  return {
    found: shareOf(
      questions.filter((q) => q.shouldAnswer),
      (q) => q.found,
    ),
    refusal: shareOf(
      questions.filter((q) => !q.shouldAnswer),
      (q) => !q.found,
    ),
  };
}

/** What the trade-off needs of a saved report (an EvalReport has it all). */
export interface TradeoffSource {
  set: string;
  answerer: string;
  perQuestion: readonly ConfidenceOutcome[];
}

/** One side of a combined trade-off: the report it came from and how many of its questions count. */
export interface TradeoffSide {
  /** The report file (or its set when no file is known). */
  source: string;
  set: string;
  answerer: string;
  questions: number;
  /** Questions of this side that carry a confidence. */
  withConfidence: number;
}

export interface Tradeoff {
  /** Where found(t) comes from: the answerable questions of the first report. */
  foundFrom: TradeoffSide;
  /** Where refusal(t) comes from: the questions to refuse of the second report. */
  refusalFrom: TradeoffSide;
  curve: CurvePoint[];
  /** The two runs' actual outcomes: found of the first, refusal rate of the second. */
  actual: { found: number | null; refusal: number | null };
}

/** A mistake in what was given to combine: the message says what to give instead. */
export class TradeoffError extends Error {
  override name = 'TradeoffError';
}

/**
 * found(t) from `answerable`'s answerable questions and refusal(t) from `refusable`'s questions to
 * refuse, recomputed from their questions (so reports saved before the curve existed work too).
 */
export function combineTradeoff(
  answerable: TradeoffSource,
  refusable: TradeoffSource,
  files: { answerable?: string; refusable?: string } = {},
): Tradeoff {
  const a = answerable.perQuestion.filter((q) => q.shouldAnswer);
  const b = refusable.perQuestion.filter((q) => !q.shouldAnswer);
  const aSource = files.answerable ?? answerable.set;
  const bSource = files.refusable ?? refusable.set;
  if (a.length === 0) {
    throw new TradeoffError(
      `${aSource} has no answerable question: the first report gives found(t), so it must be a run of answerable questions (e.g. ViNewsQA).`,
    );
  }
  if (b.length === 0) {
    throw new TradeoffError(
      `${bSource} has no question to refuse: the second report gives refusal(t), so it must be a run like --out-of-corpus or --unanswerable.`,
    );
  }
  const side = (source: string, r: TradeoffSource, questions: readonly ConfidenceOutcome[]): TradeoffSide => ({
    source,
    set: r.set,
    answerer: r.answerer,
    questions: questions.length,
    withConfidence: questions.filter(hasConfidence).length,
  });
  return {
    foundFrom: side(aSource, answerable, a),
    refusalFrom: side(bSource, refusable, b),
    curve: curveOf(a, b),
    actual: { found: actualOutcome(a).found, refusal: actualOutcome(b).refusal },
  };
}

/** The trade-off as a terminal table: threshold / found / refusal, then the actual outcome. */
export function formatTradeoff(t: Tradeoff): string {
  const f = (v: number | null) => (v === null ? '—' : v.toFixed(3));
  const lines = [
    `Trade-off over confidence thresholds`,
    `found   from ${t.foundFrom.source}: ${t.foundFrom.questions} answerable questions (${t.foundFrom.withConfidence} with a confidence), answerer ${t.foundFrom.answerer}`,
    `refusal from ${t.refusalFrom.source}: ${t.refusalFrom.questions} questions to refuse (${t.refusalFrom.withConfidence} with a confidence), answerer ${t.refusalFrom.answerer}`,
  ];
  if (t.foundFrom.answerer !== t.refusalFrom.answerer)
    lines.push(`Warning: the two reports come from different answerers (${t.foundFrom.answerer}, ${t.refusalFrom.answerer}).`);
  if (t.foundFrom.withConfidence + t.refusalFrom.withConfidence === 0)
    lines.push('Note: no answer carries a confidence, so the curve is flat (found answers count as answered at every threshold).');
  lines.push('', `${'threshold'.padEnd(12)}${'found'.padStart(8)}${'refusal'.padStart(10)}`);
  for (const p of t.curve) lines.push(`${p.threshold.toFixed(2).padEnd(12)}${f(p.found).padStart(8)}${f(p.refusal).padStart(10)}`);
  lines.push('', `${'actual'.padEnd(12)}${f(t.actual.found).padStart(8)}${f(t.actual.refusal).padStart(10)}`);
  return lines.join('\n');
}
