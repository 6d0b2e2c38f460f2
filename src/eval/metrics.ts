/**
 * The eval's metrics, as small pure functions: how one answer is scored, and how the scores of
 * a set add up. No I/O and no pipeline here, so every number can be checked by hand in tests.
 *
 * Text is compared after the same normalization everywhere: [n] markers stripped, NFC with one
 * tone-mark convention (normalizeForMatch), lower case, white space collapsed.
 *
 * @example
 * answerContains('Tại Thủ đô Santiago de Chile, … [1]', ['santiago']) // true
 * tokenF1('Thủ đô Santiago de Chile', 'Santiago de Chile')        // 0.75 (3 of its 5 syllables, all 3 of the gold's)
 * shortAnswerScores({ …outcome, shortAnswer: 'ngày 10/11', expectedAnswers: ['10/11'] }) // { em: false, f1: 0.8 }
 * summarize(scores).metrics['articleHit@5']                          // share of answerable questions
 */
import { normalizeForMatch } from '../text/normalize.js';
import { syllables } from '../text/tokenize.js';

/** Removes the answer's citation markers, "[1]", "[2]": they are not part of what the reader is told. */
export function stripMarkers(answer: string): string {
  return answer
    .replace(/\s*\[\d+\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The form answers are compared in: no markers, normalized, lower case, single spaces. */
export function normalizeAnswer(text: string): string {
  return normalizeForMatch(stripMarkers(text)).replace(/\s+/gu, ' ').trim();
}

/** True when the answer text contains one of the expected answers (after normalization). */
export function answerContains(answer: string, expected: readonly string[]): boolean {
  const haystack = normalizeAnswer(answer);
  return expected.some((e) => {
    const needle = normalizeAnswer(e);
    return needle !== '' && haystack.includes(needle);
  });
}

/**
 * SQuAD-style token F1 over syllables (punctuation dropped): the harmonic mean of the share of
 * the answer's syllables that are in the gold answer and the share of the gold's in the answer,
 * counting repeats as many times as they occur in both.
 */
export function tokenF1(prediction: string, gold: string): number {
  const predicted = syllables(stripMarkers(prediction));
  const expected = syllables(gold);
  if (predicted.length === 0 || expected.length === 0) return predicted.length === expected.length ? 1 : 0;
  const counts = new Map<string, number>();
  for (const t of expected) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of predicted) {
    const left = counts.get(t) ?? 0;
    if (left > 0) {
      common++;
      counts.set(t, left - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / predicted.length;
  const recall = common / expected.length;
  return (2 * precision * recall) / (precision + recall);
}

/** F1 against the best of several gold answers (0 when there are none). */
export function bestF1(prediction: string, golds: readonly string[]): number {
  let best = 0;
  for (const g of golds) best = Math.max(best, tokenF1(prediction, g));
  return best;
}

/**
 * SQuAD-style exact match over syllables: the same syllables in the same order after NFC, case
 * folding and dropping punctuation ("Lima." matches "lima"). An empty gold matches nothing.
 */
export function exactMatch(prediction: string, gold: string): boolean {
  const expected = syllables(gold).join(' ');
  return expected !== '' && syllables(stripMarkers(prediction)).join(' ') === expected;
}

/** Answer length in syllables, markers excluded. */
export function answerLength(answer: string): number {
  return syllables(stripMarkers(answer)).length;
}

/** Article ids in first-seen order: passages of one article count once. */
export function distinctArticles(articleIds: Iterable<string>, limit = Infinity): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const id of articleIds) {
    if (out.length >= limit) break;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
  }
  return out;
}

/** 1-based rank of the first expected article in a ranked list of distinct articles, or null. */
export function firstRank(ranked: readonly string[], expected: readonly string[]): number | null {
  const wanted = new Set(expected);
  const i = ranked.findIndex((id) => wanted.has(id));
  return i < 0 ? null : i + 1;
}

/**
 * The p-quantile (0..1) with linear interpolation between the closest ranks, as numpy's default:
 * quantile([1, 2, 3, 4], 0.5) = 2.5. Null for no values.
 */
export function quantile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = Math.min(Math.max(p, 0), 1) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function median(values: readonly number[]): number | null {
  return quantile(values, 0.5);
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

function share(flags: readonly boolean[]): number | null {
  return flags.length === 0 ? null : flags.filter(Boolean).length / flags.length;
}

/** What the metrics need to know about one asked question. */
export interface QuestionOutcome {
  /** Whether the corpus (as searched) can answer: false for answerable:false and in --unanswerable mode. */
  shouldAnswer: boolean;
  expectedAnswers: readonly string[];
  expectedArticles: readonly string[];
  found: boolean;
  /** The answer text as the reader sees it, [n] markers included. */
  answer: string;
  /** Article ids of the citations, in citation order. */
  citedArticles: readonly string[];
  /** Article ids of the retrieved passages, in rank order (repeats allowed). */
  retrievedArticles: readonly string[];
  latencyMs: number;
  /** The short answer's text (ShortAnswer.text); absent or null when the answerer gave none. */
  shortAnswer?: string | null;
  /** The reader's confidence, 0–1; absent when the answerer does not give one. */
  confidence?: number;
  /**
   * Asked without diacritics: the question as written, and as the service understood it (its
   * `understoodAs`, or what was typed when it restored nothing), the line the widget shows.
   */
  understood?: { written: string; as: string };
}

/** One question's scores; null where the metric does not apply to it. */
export interface QuestionScore {
  /** 1-based rank of the expected article among the first 10 distinct retrieved ones. */
  articleRank: number | null;
  answerHit: boolean | null;
  answerF1: number | null;
  /** Syllables of the answer; null when it was "not found". */
  answerLength: number | null;
  /** Citations pointing to an expected article, of all citations. */
  citationsOnTarget: number;
  citations: number;
}

export const RANK_DEPTH = 10;

export function scoreQuestion(o: QuestionOutcome): QuestionScore {
  const ranked = distinctArticles(o.retrievedArticles, RANK_DEPTH);
  const expected = new Set(o.expectedArticles);
  return {
    articleRank: o.shouldAnswer ? firstRank(ranked, o.expectedArticles) : null,
    // A refusal is scored as a miss, not on the wording of the refusal message.
    answerHit: o.shouldAnswer ? o.found && answerContains(o.answer, o.expectedAnswers) : null,
    answerF1: o.shouldAnswer ? (o.found ? bestF1(o.answer, o.expectedAnswers) : 0) : null,
    answerLength: o.found ? answerLength(o.answer) : null,
    citationsOnTarget: o.shouldAnswer ? o.citedArticles.filter((id) => expected.has(id)).length : 0,
    citations: o.shouldAnswer ? o.citedArticles.length : 0,
  };
}

/** A question's short-answer scores; em and f1 are null for a question the corpus cannot answer. */
export interface ShortAnswerScore {
  em: boolean | null;
  f1: number | null;
  /** Syllables of the short answer given with an answer; null when none was. */
  length: number | null;
}

/**
 * Scores the short answer (the exact span) against the gold answers, the best of them: 0 when the
 * question was not found or came without a short answer. Kept apart from {@link scoreQuestion},
 * whose scores are about the quoted sentence.
 */
export function shortAnswerScores(o: QuestionOutcome): ShortAnswerScore {
  const given = o.found && typeof o.shortAnswer === 'string' ? o.shortAnswer : null;
  const golds = o.expectedAnswers.filter((g) => syllables(g).length > 0);
  return {
    em: o.shouldAnswer ? given !== null && golds.some((g) => exactMatch(given, g)) : null,
    f1: o.shouldAnswer ? (given === null ? 0 : bestF1(given, golds)) : null,
    length: given === null ? null : syllables(given).length,
  };
}

/** Every syllable of the question as written, in order, is one the service understood (case and marks' placement aside). */
export function understoodRight(u: { written: string; as: string }): boolean {
  const written = syllables(u.written);
  const as = syllables(u.as);
  return written.length === as.length && written.every((w, i) => w === as[i]);
}

/** The set's metrics, under exactly the names the issue gives. Null: no question it applies to. */
export interface Metrics {
  'articleHit@1': number | null;
  'articleHit@5': number | null;
  'articleHit@10': number | null;
  'mrr@10': number | null;
  answerHit: number | null;
  answerF1: number | null;
  /** Median answer length in syllables, over the answers given (refusals excluded). */
  answerLength: number | null;
  citationPrecision: number | null;
  /** Short answers (the exact span) matching a gold answer exactly, over answerable questions. */
  shortAnswerEM: number | null;
  /** Mean syllable F1 of the short answers against the best gold answer, over answerable questions. */
  shortAnswerF1: number | null;
  /** Median short-answer length in syllables, over the short answers given (null: none given). */
  shortAnswerLength: number | null;
  found: number | null;
  refusalRate: number | null;
  /** Questions asked without diacritics and understood with every syllable as written (case aside). */
  understoodRight: number | null;
  latencyMs: { p50: number | null; p95: number | null };
}

export const METRIC_NAMES = [
  'articleHit@1',
  'articleHit@5',
  'articleHit@10',
  'mrr@10',
  'answerHit',
  'answerF1',
  'answerLength',
  'citationPrecision',
  'shortAnswerEM',
  'shortAnswerF1',
  'shortAnswerLength',
  'found',
  'refusalRate',
  'understoodRight',
  'latencyMs',
] as const satisfies readonly (keyof Metrics)[];

/** Adds up the questions' scores. */
export function summarize(items: readonly { outcome: QuestionOutcome; score: QuestionScore }[]): Metrics {
  const answerable = items.filter((i) => i.outcome.shouldAnswer);
  const refusable = items.filter((i) => !i.outcome.shouldAnswer);
  const hitAt = (k: number) => share(answerable.map((i) => i.score.articleRank !== null && i.score.articleRank <= k));
  const citations = answerable.reduce((n, i) => n + i.score.citations, 0);
  const onTarget = answerable.reduce((n, i) => n + i.score.citationsOnTarget, 0);
  const short = items.map((i) => ({ shouldAnswer: i.outcome.shouldAnswer, ...shortAnswerScores(i.outcome) }));
  const shortAnswerable = short.filter((s) => s.shouldAnswer);
  return {
    'articleHit@1': hitAt(1),
    'articleHit@5': hitAt(5),
    'articleHit@10': hitAt(10),
    'mrr@10': mean(answerable.map((i) => (i.score.articleRank === null ? 0 : 1 / i.score.articleRank))),
    answerHit: share(answerable.map((i) => i.score.answerHit === true)),
    answerF1: mean(answerable.map((i) => i.score.answerF1 ?? 0)),
    answerLength: median(items.flatMap((i) => (i.score.answerLength === null ? [] : [i.score.answerLength]))),
    citationPrecision: citations === 0 ? null : onTarget / citations,
    shortAnswerEM: share(shortAnswerable.map((s) => s.em === true)),
    shortAnswerF1: mean(shortAnswerable.map((s) => s.f1 ?? 0)),
    shortAnswerLength: median(short.flatMap((s) => (s.length === null ? [] : [s.length]))),
    found: share(answerable.map((i) => i.outcome.found)),
    refusalRate: share(refusable.map((i) => !i.outcome.found)),
    understoodRight: share(items.flatMap((i) => (i.outcome.understood ? [understoodRight(i.outcome.understood)] : []))),
    latencyMs: {
      p50: quantile(
        items.map((i) => i.outcome.latencyMs),
        0.5,
      ),
      p95: quantile(
        items.map((i) => i.outcome.latencyMs),
        0.95,
      ),
    },
  };
}

/** A metric's value by name; "latencyMs.p95" reaches into latency. */
function metricValue(metrics: Metrics, name: string): number | null | undefined {
  if (name === 'latencyMs.p50') return metrics.latencyMs.p50;
  if (name === 'latencyMs.p95') return metrics.latencyMs.p95;
  if (name === 'latencyMs' || !(name in metrics)) return undefined;
  return metrics[name as Exclude<keyof Metrics, 'latencyMs'>];
}

/** Thresholds kept in the repository: a metric must stay at or above `min`, at or below `max`. */
export interface Thresholds {
  min?: Record<string, number>;
  max?: Record<string, number>;
}

/** Every threshold the metrics break, as readable lines; empty when the gate passes. */
export function checkThresholds(metrics: Metrics, thresholds: Thresholds): string[] {
  const failures: string[] = [];
  const check = (bounds: Record<string, number> | undefined, kind: 'min' | 'max') => {
    for (const [name, bound] of Object.entries(bounds ?? {})) {
      const value = metricValue(metrics, name);
      if (value === undefined)
        failures.push(`${name}: no such metric (thresholds name ${METRIC_NAMES.join(', ')}, latencyMs.p50, latencyMs.p95)`);
      else if (value === null)
        failures.push(`${name}: not measured on this set, but the thresholds require ${kind === 'min' ? '≥' : '≤'} ${bound}`);
      else if (kind === 'min' ? value < bound : value > bound) {
        failures.push(`${name} = ${round(value)} is ${kind === 'min' ? 'below' : 'above'} its threshold ${bound}`);
      }
    }
  };
  check(thresholds.min, 'min');
  check(thresholds.max, 'max');
  return failures;
}

export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
