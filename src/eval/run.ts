/**
 * The eval runner: asks every question of a set through {@link QaService.askWithHits} — the code
 * path of POST /api/ask — and scores what comes back. It needs nothing but the service, so it
 * runs the same over the shipped corpus, a 37k-article dataset, or a fake in a test.
 *
 * Modes (each a question asked differently, never a different pipeline):
 * - stripDiacritics: the question is asked with its diacritics removed, as typed on a phone;
 * - noise 'typing': the question is asked as a hurried reader types it on a phone — abbreviated,
 *   without diacritics, a few words in Telex/VNI keystrokes (src/eval/noise.ts), seeded per question
 *   by noiseSeed and its id, so every run asks the same noisy set;
 * - unanswerable: the question's expected articles are left out of retrieval (as if removed from
 *   the index), so every question should get "not found";
 * - outOfCorpus: every question is one the corpus cannot answer (another set's questions, e.g.
 *   XQuAD-vi's Wikipedia topics over the news): each must be refused;
 * - scoped: the question is asked the way the widget asks under an article (articleId = the
 *   expected article), with the whole site as the service's own fallback.
 *
 * @example
 * const run = await runEval(runtime.qa, set.questions, { stripDiacritics: false, unanswerable: false, scoped: false });
 * run.metrics['articleHit@5'] // 0.93
 */
import type { Hit } from '../index/retriever.js';
import type { AskRequest } from '../contract.js';
import type { AskResult } from '../qa.js';
import { foldDiacritics } from '../text/normalize.js';
import { tradeoffCurve, type CurvePoint } from './curve.js';
import { DEFAULT_NOISE_SEED, questionSeed, typingNoise, type NoiseMode } from './noise.js';
import {
  RANK_DEPTH,
  answerContains,
  distinctArticles,
  round,
  scoreQuestion,
  shortAnswerScores,
  summarize,
  type Metrics,
  type QuestionOutcome,
} from './metrics.js';
import type { EvalQuestion } from './set.js';

export interface EvalOptions {
  stripDiacritics: boolean;
  /** Ask every question as typed on a phone (src/eval/noise.ts); cannot be combined with stripDiacritics. */
  noise?: NoiseMode;
  /** The global seed of the noise (default {@link DEFAULT_NOISE_SEED}); each question's is this and its id. */
  noiseSeed?: number;
  unanswerable: boolean;
  /** Every question is out of the corpus: each must be refused (refusalRate measures it). */
  outOfCorpus?: boolean;
  scoped: boolean;
  /**
   * Passages retrieved per question. 20 lets 10 distinct articles be counted for articleHit@10;
   * the extractive answerer reads only the top 5 and the fused ranking does not depend on k, so
   * the answer is the one the API gives with its default k.
   */
  k?: number;
  /** Passages kept per question in the report (the ones the answerer read). */
  passagesKept?: number;
  /** Called after each question with the scores so far. */
  onProgress?: (done: number, total: number, results: readonly QuestionResult[]) => void;
}

export const EVAL_K = 20;
const PASSAGES_READ = 5;
const PASSAGE_PREVIEW_CHARS = 400;

/**
 * Why a question came out as it did, from the retrieved passages and the answer: enough for an
 * editor to see whether retrieval or the choice of sentence went wrong.
 */
export type Verdict =
  | 'right' // the answer contains an expected answer
  | 'refused' // a question the corpus cannot answer was refused: right
  | 'should-refuse' // a question the corpus cannot answer got an answer
  | 'not-retrieved' // refused, and the expected article was not among the retrieved
  | 'refused-retrieved' // refused although the expected article was retrieved
  | 'wrong-article' // answered from other articles; the expected one was not retrieved
  | 'passage-missed' // the expected article was retrieved, but no passage read holds the answer
  | 'wrong-sentence'; // a passage read holds the answer, another sentence was chosen

export interface QuestionResult {
  id: string;
  question: string;
  /** What was actually asked (without diacritics under --strip-diacritics, as typed on a phone under --noise typing). */
  asked: string;
  understoodAs?: string;
  /** Whether the corpus, as searched in this mode, can answer: false for answerable:false, under --unanswerable and --out-of-corpus. */
  shouldAnswer: boolean;
  expectedAnswers: string[];
  expectedArticles: string[];
  /** The article the question was asked under (--scoped). */
  articleId?: string;
  /** Under --unanswerable: near duplicates of the expected articles left out with them. */
  nearDuplicatesLeftOut?: number;
  found: boolean;
  answer: string;
  /** The short answer's text (the exact span that answers), when the answerer gave one. */
  shortAnswer?: string;
  /** The reader's confidence, 0–1, when the answerer gives one (on refusals too, when it had a candidate). */
  confidence?: number;
  scope?: 'article' | 'site';
  citations: { n: number; articleId: string; title: string }[];
  /** The first 10 distinct articles retrieved, in rank order. */
  retrieved: { articleId: string; title: string }[];
  /** The passages the answerer read, shortened. */
  passages: { articleId: string; title: string; text: string; score: number }[];
  /** Whether one of the passages read contains an expected answer. */
  answerInPassages: boolean | null;
  articleRank: number | null;
  answerHit: boolean | null;
  answerF1: number | null;
  answerLength: number | null;
  /**
   * The short answer against the gold answers (null: a question to refuse). runEval always sets
   * them; optional for reports saved before they existed.
   */
  shortAnswerEM?: boolean | null;
  shortAnswerF1?: number | null;
  /** Citations on an expected article, of this answer's citations (null without citations). */
  citationPrecision: number | null;
  /** Wall-clock time around askWithHits, in this process. */
  latencyMs: number;
  /** The service's own measure (response.tookMs). */
  tookMs: number;
  verdict: Verdict;
}

/** Under --scoped: where the answers came from, and how right they were from each place. */
export interface ScopeBreakdown {
  /** Answered from the expected article itself. */
  article: { questions: number; answerHit: number | null };
  /** Not answerable inside the article; answered from the whole site. */
  site: { questions: number; answerHit: number | null; fromExpectedArticle: number };
  /** Not answered at all. */
  notFound: number;
}

export interface EvalRun {
  metrics: Metrics;
  perQuestion: QuestionResult[];
  counts: { answerable: number; refusable: number };
  /** found(t) and refusal(t) over confidence thresholds 0, 0.05, …, 1 (src/eval/curve.ts). */
  curve: CurvePoint[];
  scope?: ScopeBreakdown;
  /** Under --unanswerable: articles left out besides the expected ones (their near duplicates), and for how many questions. */
  nearDuplicates?: { articles: number; questions: number };
}

/**
 * The service as the runner needs it: the API's own entry point. --unanswerable also needs
 * `leaveOut`, which src/eval/exclude.ts adds to a real service.
 */
export interface AskService {
  askWithHits(request: AskRequest): Promise<AskResult>;
  /** Leave these articles out of retrieval for the next questions, as if they were not indexed; returns all left out. */
  leaveOut?(articleIds: ReadonlySet<string>): ReadonlySet<string>;
}

export async function runEval(qa: AskService, questions: readonly EvalQuestion[], options: EvalOptions): Promise<EvalRun> {
  if (options.scoped && options.unanswerable) {
    throw new Error('--scoped and --unanswerable cannot be combined: the article a question is asked under would be the one removed.');
  }
  if (options.outOfCorpus && (options.scoped || options.unanswerable)) {
    throw new Error('--out-of-corpus asks on the whole site with nothing removed: it cannot be combined with --scoped or --unanswerable.');
  }
  if (options.noise && options.stripDiacritics)
    throw new Error(
      `--noise ${options.noise} already drops the diacritics (and abbreviates): it cannot be combined with --strip-diacritics. Give one of them.`,
    );
  if (options.unanswerable && !qa.leaveOut)
    throw new Error('--unanswerable needs a service that can leave articles out: pass leavingOut(qa) (src/eval/exclude.ts).');
  const k = options.k ?? EVAL_K;
  const results: QuestionResult[] = [];
  for (const q of questions) {
    results.push(await askOne(qa, q, options, k, options.passagesKept ?? PASSAGES_READ));
    options.onProgress?.(results.length, questions.length, results);
  }
  return finish(results, options.scoped, options.unanswerable);
}

/** Metrics, counts and scope breakdown of already-scored questions. */
export function finish(results: QuestionResult[], scoped: boolean, unanswerable = false): EvalRun {
  const metrics = summarize(
    results.map((r) => {
      const outcome = outcomeOf(r);
      return { outcome, score: scoreQuestion(outcome) };
    }),
  );
  const counts = { answerable: results.filter((r) => r.shouldAnswer).length, refusable: results.filter((r) => !r.shouldAnswer).length };
  const copies = results.map((r) => r.nearDuplicatesLeftOut ?? 0);
  return {
    metrics,
    perQuestion: results,
    counts,
    curve: tradeoffCurve(results),
    ...(scoped ? { scope: scopeBreakdown(results) } : {}),
    ...(unanswerable
      ? { nearDuplicates: { articles: copies.reduce((a, b) => a + b, 0), questions: copies.filter((n) => n > 0).length } }
      : {}),
  };
}

async function askOne(qa: AskService, q: EvalQuestion, options: EvalOptions, k: number, keep: number): Promise<QuestionResult> {
  const asked = askedText(q, options);
  const articleId = options.scoped ? q.articleIds[0] : undefined;
  const leftOut = options.unanswerable ? qa.leaveOut!(new Set(q.articleIds)) : undefined;
  const started = performance.now();
  const { response, hits } = await qa.askWithHits({ question: asked, k, ...(articleId ? { articleId } : {}) });
  const latencyMs = performance.now() - started;

  const shouldAnswer = q.answerable && !options.unanswerable && !options.outOfCorpus;
  const outcome: QuestionOutcome = {
    shouldAnswer,
    expectedAnswers: q.answers,
    expectedArticles: q.articleIds,
    found: response.found,
    answer: response.answer,
    citedArticles: response.citations.map((c) => c.articleId),
    retrievedArticles: hits.map((h) => h.article.id),
    latencyMs,
    ...(response.shortAnswer ? { shortAnswer: response.shortAnswer.text } : {}),
    ...(typeof response.confidence === 'number' ? { confidence: response.confidence } : {}),
  };
  const score = scoreQuestion(outcome);
  const short = shortAnswerScores(outcome);
  const read = hits.slice(0, PASSAGES_READ);
  const answerInPassages = shouldAnswer ? read.some((h) => answerContains(h.chunk.text, q.answers)) : null;
  return {
    id: q.id,
    question: q.question,
    asked,
    ...(response.understoodAs ? { understoodAs: response.understoodAs } : {}),
    shouldAnswer,
    expectedAnswers: q.answers,
    expectedArticles: q.articleIds,
    ...(articleId ? { articleId } : {}),
    ...(leftOut ? { nearDuplicatesLeftOut: [...leftOut].filter((id) => !q.articleIds.includes(id)).length } : {}),
    found: response.found,
    answer: response.answer,
    ...(response.shortAnswer ? { shortAnswer: response.shortAnswer.text } : {}),
    ...(typeof response.confidence === 'number' ? { confidence: response.confidence } : {}),
    ...(response.scope ? { scope: response.scope } : {}),
    citations: response.citations.map((c) => ({ n: c.n, articleId: c.articleId, title: c.title })),
    retrieved: retrievedArticles(hits),
    passages: read.slice(0, keep).map((h) => ({
      articleId: h.article.id,
      title: h.article.title,
      text: preview(h.chunk.text),
      score: round(h.score, 6),
    })),
    answerInPassages,
    articleRank: score.articleRank,
    answerHit: score.answerHit,
    answerF1: score.answerF1 === null ? null : round(score.answerF1, 4),
    answerLength: score.answerLength,
    shortAnswerEM: short.em,
    shortAnswerF1: short.f1 === null ? null : round(short.f1, 4),
    citationPrecision: score.citations === 0 ? null : round(score.citationsOnTarget / score.citations, 4),
    latencyMs: round(latencyMs, 2),
    tookMs: response.tookMs,
    verdict: verdictOf(shouldAnswer, response.found, score.answerHit, score.articleRank, answerInPassages),
  };
}

export function verdictOf(
  shouldAnswer: boolean,
  found: boolean,
  answerHit: boolean | null,
  articleRank: number | null,
  answerInPassages: boolean | null,
): Verdict {
  if (!shouldAnswer) return found ? 'should-refuse' : 'refused';
  if (answerHit) return 'right';
  if (!found) return articleRank === null ? 'not-retrieved' : 'refused-retrieved';
  if (articleRank === null) return 'wrong-article';
  return answerInPassages ? 'wrong-sentence' : 'passage-missed';
}

/** True for the questions a report lists as failed. */
export function failed(r: QuestionResult): boolean {
  return r.verdict !== 'right' && r.verdict !== 'refused';
}

/** The question as this mode asks it. */
function askedText(q: EvalQuestion, options: EvalOptions): string {
  if (options.noise === 'typing') return typingNoise(q.question, questionSeed(options.noiseSeed ?? DEFAULT_NOISE_SEED, q.id));
  return options.stripDiacritics ? foldDiacritics(q.question) : q.question;
}

function outcomeOf(r: QuestionResult): QuestionOutcome {
  return {
    shouldAnswer: r.shouldAnswer,
    expectedAnswers: r.expectedAnswers,
    expectedArticles: r.expectedArticles,
    found: r.found,
    answer: r.answer,
    citedArticles: r.citations.map((c) => c.articleId),
    retrievedArticles: r.retrieved.map((a) => a.articleId),
    latencyMs: r.latencyMs,
    ...(r.shortAnswer !== undefined ? { shortAnswer: r.shortAnswer } : {}),
    ...(r.confidence !== undefined ? { confidence: r.confidence } : {}),
    // Asked otherwise than written: typed without diacritics (--strip-diacritics) or as on a phone (--noise typing).
    ...(r.asked !== r.question ? { understood: { written: r.question, as: r.understoodAs ?? r.asked } } : {}),
  };
}

function retrievedArticles(hits: readonly Hit[]): { articleId: string; title: string }[] {
  const titles = new Map(hits.map((h) => [h.article.id, h.article.title]));
  return distinctArticles(
    hits.map((h) => h.article.id),
    RANK_DEPTH,
  ).map((id) => ({ articleId: id, title: titles.get(id) ?? '' }));
}

function preview(text: string): string {
  return text.length <= PASSAGE_PREVIEW_CHARS ? text : `${text.slice(0, PASSAGE_PREVIEW_CHARS).trimEnd()}…`;
}

function scopeBreakdown(results: readonly QuestionResult[]): ScopeBreakdown {
  const scored = results.filter((r) => r.shouldAnswer && r.articleId);
  const rate = (list: QuestionResult[]) => (list.length === 0 ? null : list.filter((r) => r.answerHit).length / list.length);
  const inArticle = scored.filter((r) => r.found && r.scope === 'article');
  const onSite = scored.filter((r) => r.found && r.scope === 'site');
  return {
    article: { questions: inArticle.length, answerHit: rate(inArticle) },
    site: {
      questions: onSite.length,
      answerHit: rate(onSite),
      fromExpectedArticle: onSite.filter((r) => r.citations.some((c) => r.expectedArticles.includes(c.articleId))).length,
    },
    notFound: scored.filter((r) => !r.found).length,
  };
}
