/**
 * The reader: finds, in the retrieved passages, the sentence that answers the question and the
 * span inside it that is the answer, and says how sure it is that the passages answer at all.
 * Three small boosted-tree models, trained on UIT-ViQuAD 1.0 train by training/reader/:
 * 1. the sentence model scores every sentence of the passages read;
 * 2. the span model predicts the F1 of every span (up to `maxWords` words) of the best sentences;
 * 3. the answerable model turns the best scores into a confidence (0–1) that the passages hold
 *    an answer (trained with ViQuAD questions over passages of other articles as negatives).
 *
 * @example
 * const reader = new Reader(model);
 * const r = reader.read('Chủ tịch nước thăm Chile khi nào?', passages, idf);
 * r?.span // tokens of "ngày 10/11"; r?.confidence // 0.93
 */
import { viewQuestion, type QuestionView } from './question-view.js';
import { SENTENCE_FEATURES, sentenceCandidates, type PassageInput, type SentenceCandidate } from './sentence-features.js';
import { SPAN_FEATURES, cohesionOf, forEachSpan, type Cohesion, type SpanCandidate } from './span-features.js';
import { Forest, sigmoid, type ForestJson } from './trees.js';

export interface ReaderModel {
  format: 'hoidap-reader/1';
  /** Words in a span at most. */
  maxWords: number;
  /** Best sentences whose spans are scored. */
  sentencesRead: number;
  /** Confidence under which the service refuses, chosen on held-out training questions. */
  threshold: number;
  sentence: ForestJson;
  span: ForestJson;
  answerable: ForestJson;
  /** PMI of adjacent syllable pairs, "a b" → value: which pairs are words (training/reader/cohesion.ts). */
  cohesion: Record<string, number>;
  /** How it was trained and measured: for the model card, not read by the code. */
  training?: Record<string, unknown>;
}

export const ANSWERABLE_FEATURES = [
  'bestSentence',
  'secondSentence',
  'bestSpan',
  'spanSentence',
  'coverage',
  'passageCoverage',
  'missingRare',
  'questionWords',
  'answerType',
  'passageRank',
  'bigramShare',
  'bestCoverage',
  'spanWords',
  'titleCoverage',
  'nameCoverage',
  'bestNameCoverage',
  'bestPassageCoverage',
  'questionNames',
] as const;

/** A sentence after the best has its spans scored only when it scores at least this share of the best. */
const FURTHER_SENTENCE_SHARE = 0.5;

export interface Reading {
  view: QuestionView;
  /** Sentences with their sentence-model scores, best first. */
  sentences: { candidate: SentenceCandidate; score: number }[];
  /** The best span and its predicted F1; null when no sentence has a word. */
  span: SpanCandidate | null;
  spanScore: number;
  confidence: number;
}

export class Reader {
  private readonly sentence: Forest;
  private readonly span: Forest;
  private readonly answerable: Forest;
  readonly cohesion: Cohesion;

  constructor(readonly model: ReaderModel) {
    if (model.format !== 'hoidap-reader/1')
      throw new Error(`Unknown reader model format "${String(model.format)}": expected hoidap-reader/1.`);
    this.sentence = new Forest(model.sentence, SENTENCE_FEATURES, 'sentence');
    this.span = new Forest(model.span, SPAN_FEATURES, 'span');
    this.answerable = new Forest(model.answerable, ANSWERABLE_FEATURES, 'answerable');
    this.cohesion = cohesionOf(model.cohesion);
  }

  get threshold(): number {
    return this.model.threshold;
  }

  /** Null when the passages have no sentence at all. */
  read(question: string, passages: readonly PassageInput[], idf: (term: string) => number): Reading | null {
    const view = viewQuestion(question, idf);
    const sentences = this.scoreSentences(view, passages);
    if (sentences.length === 0) return null;
    let best: SpanCandidate | null = null;
    let bestScore = -Infinity;
    // A further sentence far behind the best seldom holds the best span; skipping its spans
    // halves the reader's time on most questions.
    const read = sentences
      .slice(0, this.model.sentencesRead)
      .filter((s, i) => i === 0 || s.score >= sentences[0]!.score * FURTHER_SENTENCE_SHARE);
    for (let rank = 0; rank < read.length; rank++) {
      const s = read[rank]!;
      forEachSpan(view, s.candidate, s.score, rank, this.model.maxWords, this.cohesion, (first, last, features) => {
        const score = this.span.predict(features);
        if (score > bestScore) {
          bestScore = score;
          best = { sentence: s.candidate, first, last, features: features.slice() };
        }
      });
    }
    const confidence = sigmoid(this.answerable.predict(answerableFeatures(view, sentences, best, bestScore)));
    return { view, sentences, span: best, spanScore: best ? bestScore : 0, confidence };
  }

  scoreSentences(view: QuestionView, passages: readonly PassageInput[]): { candidate: SentenceCandidate; score: number }[] {
    return sentenceCandidates(view, passages)
      .map((candidate) => ({ candidate, score: sigmoid(this.sentence.predict(candidate.features)) }))
      .sort((a, b) => b.score - a.score || a.candidate.passage - b.candidate.passage || a.candidate.start - b.candidate.start);
  }
}

export function answerableFeatures(
  view: QuestionView,
  sentences: readonly { candidate: SentenceCandidate; score: number }[],
  span: SpanCandidate | null,
  spanScore: number,
): Float32Array {
  const top = sentences[0]!;
  const f = new Float32Array(ANSWERABLE_FEATURES.length);
  const chosen = span?.sentence ?? top.candidate;
  f[0] = top.score;
  f[1] = sentences[1]?.score ?? 0;
  f[2] = span ? spanScore : 0;
  f[3] = sentences.find((s) => s.candidate === chosen)?.score ?? 0;
  f[4] = chosen.coverage;
  f[5] = chosen.features[2]!;
  f[6] = chosen.features[7]!;
  f[7] = view.weights.size;
  f[8] = view.typeIndex;
  f[9] = chosen.passage;
  f[10] = chosen.features[4]!;
  f[11] = Math.max(...sentences.map((s) => s.candidate.coverage));
  f[12] = span ? span.features[4]! : 0;
  f[13] = chosen.features[20]!;
  f[14] = chosen.features[21]!;
  f[15] = Math.max(...sentences.map((s) => s.candidate.features[21]!));
  f[16] = Math.max(...sentences.map((s) => s.candidate.features[2]!));
  f[17] = view.names.size;
  return f;
}
