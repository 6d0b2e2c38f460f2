/**
 * Measures a trained reader on the held-out training questions (articles never trained on) and
 * picks the refusal threshold there: the confidence that keeps 95% of answerable passage sets
 * answered. ViNewsQA and ViQuAD dev measure the shipped service later; they pick nothing.
 */
import { bestF1, normalizeAnswer } from '../../src/eval/metrics.js';
import type { Reader } from '../../src/answer/reader/reader.js';
import type { SpanCandidate } from '../../src/answer/reader/span-features.js';
import type { Example } from './train.js';

const KEEP_ANSWERED = 0.95;

export function spanText(span: SpanCandidate): string {
  return span.sentence.tokens
    .slice(span.first, span.last + 1)
    .map((t) => t.text)
    .join(' ');
}

/** F1 of a span against the gold answers, over syllables as the eval scores it. */
export function spanF1(span: SpanCandidate, answers: readonly string[]): number {
  return bestF1(spanText(span), answers);
}

export function heldOutReport(reader: Reader, heldOut: readonly Example[], idf: (t: string) => number) {
  let sentenceRight = 0;
  let f1 = 0;
  let em = 0;
  let goldOnlyF1 = 0;
  let goldOnlyEm = 0;
  const positive: number[] = [];
  const negative: number[] = [];
  const started = performance.now();
  for (const e of heldOut) {
    const r = reader.read(e.asked, e.sets.positive, idf);
    const gold = e.sentences[e.gold]!;
    if (r?.span) {
      if (r.span.sentence.passage === gold.passage && r.span.sentence.start === gold.start) sentenceRight++;
      f1 += spanF1(r.span, e.q.answers);
      em += e.q.answers.some((a) => normalizeAnswer(a) === normalizeAnswer(spanText(r.span!))) ? 1 : 0;
    }
    positive.push(r?.confidence ?? 0);
    negative.push(reader.read(e.asked, e.sets.negative, idf)?.confidence ?? 0);
    const alone = reader.read(e.asked, [e.sets.positive[e.sets.goldIndex]!], idf);
    if (alone?.span) {
      goldOnlyF1 += spanF1(alone.span, e.q.answers);
      goldOnlyEm += e.q.answers.some((a) => normalizeAnswer(a) === normalizeAnswer(spanText(alone.span!))) ? 1 : 0;
    }
  }
  const ms = (performance.now() - started) / (heldOut.length * 3);
  const sorted = [...positive].sort((a, b) => a - b);
  const threshold = sorted[Math.floor((1 - KEEP_ANSWERED) * sorted.length)] ?? 0.5;
  const n = heldOut.length || 1;
  const figures = {
    questions: heldOut.length,
    'fivePassages.sentenceAccuracy': round(sentenceRight / n),
    'fivePassages.shortAnswerF1': round(f1 / n),
    'fivePassages.shortAnswerEM': round(em / n),
    'goldPassage.shortAnswerF1': round(goldOnlyF1 / n),
    'goldPassage.shortAnswerEM': round(goldOnlyEm / n),
    threshold: round(threshold),
    answeredWithAnswer: round(positive.filter((c) => c >= threshold).length / n),
    refusedWithoutAnswer: round(negative.filter((c) => c < threshold).length / n),
    msPerRead: round(ms, 2),
  };
  return { threshold: round(threshold), figures };
}

function round(v: number, digits = 3): number {
  return Number(v.toFixed(digits));
}
