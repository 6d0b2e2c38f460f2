/**
 * Suggested questions checked against the service's own answers: a question the widget
 * suggests must be one the service answers, under that article, with a confident short answer.
 * The index build and the live index get a {@link SuggestionChecker} (runtime.ts makes one from
 * the loaded reader with {@link readerChecker}); without one, suggestions are picked by their
 * wording alone.
 *
 * The check reads the article's own chunks, ranked for the question as a scoped search ranks
 * them, with the index's idf: the same passages the service reads under the article, without a
 * search of the index. So it also runs before a live update is journaled and applied, when the
 * new text is not in the index yet.
 *
 * @example
 * const suggester = new Suggester({ check: readerChecker(reader) });
 * suggester.suggest(article, { article: stored, chunks, idf: (t) => index.lexical.idf(t) });
 * // ['Ai đã tiếp Chủ tịch Đảng Xã hội Chile Paulina Vodanovic?', …]
 */
import type { Article, Chunk } from '../corpus/article.js';
import { DEFAULT_K } from '../contract.js';
import { answerWithReader } from '../answer/read.js';
import type { Reader } from '../answer/reader/reader.js';
import { splitSentences } from '../text/tokenize.js';
import type { Hit } from './retriever.js';
import type { StoredArticle } from './store.js';
import { candidateQuestions, pickSuggestions, type Candidate, type CandidateAnswer, type SuggestOptions } from './suggest.js';
import { passageTerms, queryTerms } from './terms.js';

/** One article as the check reads it: its record, its chunks in order, and the index's idf. */
export interface ArticlePassages {
  article: StoredArticle;
  chunks: readonly Chunk[];
  idf: (term: string) => number;
}

/** Answers a question from one article's passages, as the service would under that article. */
export type SuggestionChecker = (question: string, passages: ArticlePassages) => CandidateAnswer | null;

/**
 * Confidence a suggestion's answer needs. The service answers under an article from half the
 * reader's threshold (0.157 for the shipped reader's 0.314, src/qa.ts; 0.5 even for a configured
 * threshold of 1); a suggestion must clear more than that, because the service's search ranks the
 * passages a little differently than the check (hybrid fusion, idf moving with later articles).
 * The reader's own 0.314 still lets through 28% of held-out passages without the answer
 * (models/hoidap-reader/README.md), and a suggestion is a promise made before anyone asked: 0.5,
 * an answer the reader is more sure of than not. On 1,000 news-baomoi articles 98% of the
 * candidates the reader answers clear it (median 0.95): questions written from a sentence's own
 * words score high, so the answer-position checks of {@link pickSuggestions} do most of the
 * filtering, and this cut-off catches the rest.
 */
export const SUGGESTION_MIN_CONFIDENCE = 0.5;

export interface SuggesterOptions extends SuggestOptions {
  /** Answers candidates; without it they are picked by wording alone. */
  check?: SuggestionChecker;
  /** Confidence an answer needs ({@link SUGGESTION_MIN_CONFIDENCE}). */
  minConfidence?: number;
}

/** Writes an article's suggestions: candidates from its lead, then those that pass the check. */
export class Suggester {
  readonly options: SuggesterOptions;

  constructor(options: SuggesterOptions = {}) {
    this.options = options;
  }

  /** True when suggestions are checked against answers, which needs the article's passages and idf. */
  get checks(): boolean {
    return this.options.check !== undefined;
  }

  candidates(article: Pick<Article, 'title' | 'body'>): Candidate[] {
    return candidateQuestions(article, this.options);
  }

  /** Up to `max` of the candidates: distinct, and answered when there is a check. */
  pick(candidates: readonly Candidate[], passages?: ArticlePassages): string[] {
    const { check, max } = this.options;
    const answers = check && passages ? (question: string) => check(question, passages) : undefined;
    return pickSuggestions(candidates, answers, max, this.options.minConfidence ?? SUGGESTION_MIN_CONFIDENCE);
  }

  suggest(article: Pick<Article, 'title' | 'body'>, passages?: ArticlePassages): string[] {
    return this.pick(this.candidates(article), passages);
  }
}

/**
 * A checker that runs the trained reader over the article's chunks the way the service does
 * under an article: the {@link DEFAULT_K} best-ranked chunks, read by `answerWithReader`.
 */
export function readerChecker(reader: Reader): SuggestionChecker {
  return (question, passages) => {
    const hits = rankChunks(question, passages);
    if (hits.length === 0) return null;
    // Threshold 0: the confidence is compared by the caller, and a refusal would hide it.
    const answer = answerWithReader({ question, hits, idf: passages.idf, reader, threshold: 0, now: new Date() });
    const short = answer.found ? answer.shortAnswer : null;
    if (!short) return { confidence: answer.confidence ?? 0, shortAnswer: null, sentence: null };
    const chunk = hits.find((h) => h.chunk.start <= short.start && short.end <= h.chunk.end)?.chunk;
    const sentence = chunk ? sentenceAround(chunk, short.start) : null;
    return { confidence: answer.confidence ?? 0, shortAnswer: { start: short.start, end: short.end }, sentence };
  };
}

/** Body offsets of the sentence of `chunk` holding body offset `at`. */
function sentenceAround(chunk: Chunk, at: number): { start: number; end: number } | null {
  const s = splitSentences(chunk.text).find((s) => chunk.start + s.start <= at && at < chunk.start + s.end);
  return s ? { start: chunk.start + s.start, end: chunk.start + s.end } : null;
}

/** BM25's usual constants, as the lexical index uses them. */
const K1 = 1.2;
const B = 0.75;

/** Each chunk's index terms (title in front, as the lexical index reads it); computed once per article. */
const termsOf = new WeakMap<ArticlePassages, { terms: string[]; length: number }[]>();

/**
 * The article's chunks ranked for the question by BM25 over the question's terms (the ones a
 * scoped search uses, the article's own lengths for normalization), the chunks without a match
 * after them in order, as the vector side of a hybrid search would add them; at most
 * {@link DEFAULT_K}.
 */
function rankChunks(question: string, passages: ArticlePassages): Hit[] {
  const { article, chunks, idf } = passages;
  let docs = termsOf.get(passages);
  if (!docs) {
    docs = chunks.map((c) => passageTerms(article.title, c.text));
    termsOf.set(passages, docs);
  }
  const weights = new Map(queryTerms(question).map((t) => [t.term, t.weight * idf(t.term)]));
  const avgLength = docs.reduce((n, d) => n + d.length, 0) / Math.max(1, docs.length);
  const scored = chunks.map((chunk, i) => {
    const { terms, length } = docs[i]!;
    const tf = new Map<string, number>();
    for (const term of terms) if (weights.has(term)) tf.set(term, (tf.get(term) ?? 0) + 1);
    const norm = K1 * (1 - B + (B * length) / avgLength);
    let score = 0;
    for (const [term, n] of tf) score += (weights.get(term)! * n * (K1 + 1)) / (n + norm);
    return { chunk, score, i };
  });
  return scored
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, DEFAULT_K)
    .map(({ chunk, score }) => ({ doc: article.firstChunk + chunk.n, chunk, article, score }));
}
