/**
 * The question-answering pipeline: normalize → (restore diacritics) → (make a follow-up
 * standalone, with the thread's earlier turns) → retrieve → answer.
 * The server, the CLI and the eval runner all call {@link QaService}, so the eval measures
 * exactly what readers get.
 *
 * @example
 * const qa = new QaService({ retriever });
 * const res = await qa.ask({ question: 'Chủ tịch nước tiếp ai ở Santiago?' });
 * for await (const event of qa.askStream({ question })) send(event);
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ExtractiveAnswerer, type AnswerInput, type Answerer, type AnswerResult, type ReaderSetup } from './answer/answerer.js';
import type { ExtractiveOptions } from './answer/extractive.js';
import { rewriteFollowUp } from './answer/followup.js';
import { DEFAULT_K, MAX_K, type Answer, type AskRequest, type AskResponse, type Notice, type StreamEvent, type Turn } from './contract.js';
import { Question } from './index/question.js';
import type { Hit, Retriever, RetrieverMode } from './index/retriever.js';
import { foldDiacritics, hasDiacritics, normalizeText } from './text/normalize.js';
import { readTyping } from './text/typing/read.js';
import { refineRestored } from './text/restore/refine.js';

/** Restores diacritics of a question typed without them (src/text/restore/). */
export interface Restorer {
  restore(text: string): { text: string; changed: boolean; alternative?: string };
  /** log10 probability of a text as the restorer's language model best reads it: picks between readings of an abbreviation. */
  score?(text: string): number;
  /** Accented spellings of a bare syllable, for spelling names the way the site's articles do. */
  candidates?(bare: string): string[];
}

/** A question restored with diacritics, and the runner-up reading when some syllables were close calls. */
interface Reading {
  text: string;
  alternative?: string;
}

export interface QaOptions {
  retriever: Retriever;
  /** Hybrid when the index has vectors and an embedder, lexical otherwise. */
  mode?: RetrieverMode;
  restorer?: Restorer;
  /** Passages retrieved per question when the request does not say ({@link DEFAULT_K}). */
  k?: number;
  extractive?: Partial<ExtractiveOptions>;
  /**
   * The trained reader (src/answer/reader/): short answers, confidence and refusal. Without it
   * the extractive answerer ranks sentences by hand-set weights and gives no short answer.
   */
  reader?: ReaderSetup;
  /** Writes the answer; the extractive answerer when not given. */
  answerer?: Answerer;
  /**
   * Rewrites follow-up questions into standalone ones (src/answer/followup.ts); without it a
   * rule carries the previous question's terms over.
   */
  rewriter?: BaseChatModel;
  /**
   * Where the service tells its operator about requests that were served, but not as asked: an
   * articleId the index does not hold, once per article (see {@link MISSING_ARTICLES_REMEMBERED}).
   * Nothing is logged without it.
   */
  log?: (line: string) => void;
}

/** An answer with the passages it was chosen from: the eval and the debug view need both. */
export interface AskResult {
  response: AskResponse;
  hits: Hit[];
}

/** Retrieval done, answer not yet written. */
interface Prepared {
  question: Question;
  input: AnswerInput;
  scope?: 'article' | 'site';
  /** The extractive answer the scope decision already computed for `input`: not computed again. */
  decided?: Answer;
  notice?: Notice;
  started: number;
}

/**
 * Under an article the reader most likely asks about it, so the article's own passages answer
 * at half the reader's usual confidence: on ViNewsQA dev (--scoped) the answers the site gave
 * instead, when the article's confidence fell short, were almost never right (0.7%).
 */
const ARTICLE_THRESHOLD_SCALE = 0.5;

/**
 * Article ids reported missing from the index that are remembered, so each is logged once: a
 * widget under an unindexed article asks many times, and made-up ids must not grow memory.
 */
export const MISSING_ARTICLES_REMEMBERED = 1000;

export class QaService {
  readonly options: QaOptions;
  /** Retrieval mode and passages per question, resolved once from the options. */
  readonly mode: RetrieverMode;
  readonly k: number;
  private readonly extractive: ExtractiveAnswerer;
  readonly answerer: Answerer;
  /** Missing article ids already logged, oldest first (at most {@link MISSING_ARTICLES_REMEMBERED}). */
  private readonly reportedMissing = new Set<string>();

  constructor(options: QaOptions) {
    this.options = options;
    this.mode = options.mode ?? (options.retriever.supports('hybrid') ? 'hybrid' : 'lexical');
    this.k = options.k ?? DEFAULT_K;
    this.extractive = new ExtractiveAnswerer(options.extractive, options.reader);
    this.answerer = options.answerer ?? this.extractive;
  }

  async ask(request: AskRequest, signal?: AbortSignal): Promise<AskResponse> {
    return (await this.askWithHits(request, signal)).response;
  }

  async askWithHits(request: AskRequest, signal?: AbortSignal): Promise<AskResult> {
    const prepared = await this.prepare(request, signal);
    const decided = this.decidedAnswer(prepared);
    const result = decided ? { ...decided, answerer: this.extractive.name } : await this.answerer.answer(prepared.input);
    return { response: this.respond(prepared, result), hits: prepared.input.hits };
  }

  /** The same answer as {@link ask}, as events: meta and citations first, then text, then done. */
  async *askStream(request: AskRequest, signal?: AbortSignal): AsyncGenerator<StreamEvent> {
    const prepared = await this.prepare(request, signal);
    const { question, scope, notice } = prepared;
    yield {
      type: 'meta',
      answerer: this.answerer.name,
      ...(question.understoodAs ? { understoodAs: question.understoodAs } : {}),
      ...(question.rewrittenAs ? { rewrittenAs: question.rewrittenAs } : {}),
      ...(scope ? { scope } : {}),
      ...(notice ? { notice } : {}),
    };
    const decided = this.decidedAnswer(prepared);
    const stream = decided ? this.extractive.replay(decided) : this.answerer.stream(prepared.input);
    let step = await stream.next();
    while (!step.done) {
      yield step.value;
      step = await stream.next();
    }
    yield { type: 'done', response: this.respond(prepared, step.value) };
  }

  /**
   * Works out the question, then retrieves. Under an article the reader most likely asks about
   * it: its passages are used when they can answer (judged by the extractive answerer, which is
   * cheap), the whole site otherwise. The answer that decided is kept for the answerer. An
   * article the index does not hold is answered from the whole site too, with a notice saying so.
   */
  private async prepare(request: AskRequest, signal?: AbortSignal): Promise<Prepared> {
    const started = performance.now();
    const question = await this.understand(request, signal);
    const k = Math.min(Math.max(1, request.k ?? this.k), MAX_K);
    const { retriever } = this.options;
    const statistics = await retriever.statistics(question);
    const retrieve = async (articleId?: string): Promise<AnswerInput> => ({
      question,
      hits: await retriever.search(question, { k, mode: this.mode, ...(articleId ? { articleId } : {}) }),
      idf: (term) => statistics.idf(term),
      ...(request.history ? { history: request.history } : {}),
      ...(signal ? { signal } : {}),
    });
    if (!request.articleId) return { question, input: await retrieve(), started };
    if (!(await this.isIndexed(request.articleId))) {
      const site = await retrieve();
      const notice = this.articleNotIndexed(request.articleId);
      return { question, input: site, scope: 'site', decided: this.extractive.answerNow(site), notice, started };
    }

    const article = await retrieve(request.articleId);
    const inArticle = this.extractive.answerNow(article, ARTICLE_THRESHOLD_SCALE);
    if (inArticle.found) return { question, input: article, scope: 'article', decided: inArticle, started };
    const site = await retrieve();
    const onSite = this.extractive.answerNow(site);
    if (onSite.found || article.hits.length === 0) return { question, input: site, scope: 'site', decided: onSite, started };
    return { question, input: article, scope: 'article', decided: inArticle, started };
  }

  /**
   * The question as typed, read back from phone typing (Telex leftovers, abbreviations:
   * src/text/typing/), restored when typed without diacritics, and made standalone when it
   * follows up on the thread ("còn ở Peru thì sao?" is searched as the question it stands for).
   */
  private async understand(request: AskRequest, signal?: AbortSignal): Promise<Question> {
    const typed = normalizeText(request.question).trim();
    const { restorer } = this.options;
    const read = readTyping(typed, restorer?.score ? (candidate) => restorer.score!(candidate) : undefined);
    // Whether to restore is decided on what was typed: "gia xang đc bn" was typed without diacritics,
    // though its expansions "được", "bao nhiêu" have them. Such a question is searched and answered the way
    // one typed without diacritics is (folded, its restored reading leading): half-accented text
    // would be matched accent for accent, and its bare syllables ("cac") would match nothing.
    const { bare } = read;
    const asked = bare && read.changed ? foldDiacritics(read.text) : read.text;
    // The expansions and decoded keystrokes are certain; the restorer fills in the rest around them.
    const understood = bare ? (this.restore(read.text) ?? (read.changed ? { text: read.text } : undefined)) : undefined;
    const rewrittenAs = request.history?.length ? await this.rewrite(understood?.text ?? asked, request.history, signal) : undefined;
    const reading = rewrittenAs ? (!hasDiacritics(rewrittenAs) ? this.restore(rewrittenAs) : undefined) : understood;
    const understoodAs = understood?.text ?? (read.changed ? read.text : undefined);
    return new Question({
      asked,
      ...(understoodAs ? { understoodAs } : {}),
      ...(rewrittenAs ? { rewrittenAs } : {}),
      ...(reading ? { restored: reading.text } : {}),
      ...(reading?.alternative ? { alternative: reading.alternative } : {}),
    });
  }

  /** Whether the index holds the article now (the admin API adds and removes articles while serving). */
  private async isIndexed(articleId: string): Promise<boolean> {
    const indexed = await this.options.retriever.hasArticle(articleId);
    // Indexed since it was reported: if it is removed again, that is news again.
    if (indexed) this.reportedMissing.delete(articleId);
    return indexed;
  }

  /** The notice of an article missing from the index, logged the first time it is asked about. */
  private articleNotIndexed(articleId: string): Notice {
    const { log } = this.options;
    if (log && !this.reportedMissing.has(articleId)) {
      this.reportedMissing.add(articleId);
      if (this.reportedMissing.size > MISSING_ARTICLES_REMEMBERED) {
        this.reportedMissing.delete(this.reportedMissing.values().next().value!);
      }
      // JSON-quoted: the id comes from the request, and must not break the log line.
      log(
        `article ${JSON.stringify(articleId)} is not in the index: questions asked under it are answered from the whole site ` +
          '(index it: npm run index, or PUT /api/articles/:id). Logged once per article.',
      );
    }
    return { code: 'article_not_indexed', message: `Bài viết "${articleId}" chưa có trong chỉ mục: câu trả lời được tìm trên toàn trang.` };
  }

  /** The answer the scope decision computed, when the extractive answerer is also the one answering. */
  private decidedAnswer(prepared: Prepared): Answer | undefined {
    return this.answerer === this.extractive ? prepared.decided : undefined;
  }

  private respond(prepared: Prepared, result: AnswerResult): AskResponse {
    const { question, scope, notice } = prepared;
    return {
      answer: result.answer,
      found: result.found,
      citations: result.citations,
      ...(result.shortAnswer !== undefined ? { shortAnswer: result.shortAnswer } : {}),
      ...(result.confidence !== undefined ? { confidence: result.confidence } : {}),
      ...(result.uncitedSentences?.length ? { uncitedSentences: result.uncitedSentences } : {}),
      ...(question.understoodAs ? { understoodAs: question.understoodAs } : {}),
      ...(question.rewrittenAs ? { rewrittenAs: question.rewrittenAs } : {}),
      answerer: result.answerer,
      ...(scope ? { scope } : {}),
      ...(notice ? { notice } : {}),
      tookMs: Number((performance.now() - prepared.started).toFixed(2)),
    };
  }

  /** The standalone form of a follow-up, or undefined when the question stands on its own. */
  private async rewrite(question: string, history: Turn[], signal?: AbortSignal): Promise<string | undefined> {
    const standalone = normalizeText(await rewriteFollowUp(question, history, this.options.rewriter, signal ? { signal } : {})).trim();
    return standalone && standalone !== question ? standalone : undefined;
  }

  /** The restored question (and its runner-up reading), or undefined when nothing changed. */
  private restore(question: string): Reading | undefined {
    const { restorer, retriever } = this.options;
    if (!restorer) return undefined;
    const { text, changed, alternative } = restorer.restore(question);
    if (!changed) return undefined;
    // Names the restorer's model never saw are spelt the way the site's own articles spell them,
    // where the index answers frequencies at once (in memory; not from D1, one query per pair).
    const frequency = retriever.docFrequency;
    const refined =
      restorer.candidates && frequency
        ? refineRestored(question, text, { candidates: (bare) => restorer.candidates!(bare), frequency })
        : text;
    return alternative ? { text: refined, alternative } : { text: refined };
  }
}
