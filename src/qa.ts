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
import { ExtractiveAnswerer, type AnswerInput, type Answerer, type AnswerResult } from './answer/answerer.js';
import type { ExtractiveOptions } from './answer/extractive.js';
import { rewriteFollowUp } from './answer/followup.js';
import type { AskRequest, AskResponse, StreamEvent, Turn } from './answer/types.js';
import type { Hit, HybridRetriever, RetrieverMode } from './index/retriever.js';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { hasDiacritics, normalizeText } from './text/normalize.js';
import { refineRestored } from './text/refine-restored.js';

/** Restores diacritics of a question typed without them (src/text/restore.ts). */
export interface Restorer {
  restore(text: string): { text: string; changed: boolean; alternative?: string };
  /** Accented spellings of a bare syllable, for spelling names the way the site's articles do. */
  candidates?(bare: string): string[];
}

/** A question restored with diacritics, and the runner-up reading when some syllables were close calls. */
interface Reading {
  text: string;
  alternative?: string;
}

export interface QaOptions {
  retriever: HybridRetriever;
  mode?: RetrieverMode;
  restorer?: Restorer;
  /** Passages retrieved per question when the request does not say. */
  k?: number;
  extractive?: Partial<ExtractiveOptions>;
  /** Writes the answer; the extractive answerer when not given. */
  answerer?: Answerer;
  /**
   * Rewrites follow-up questions into standalone ones (src/answer/followup.ts); without it a
   * rule carries the previous question's terms over.
   */
  rewriter?: BaseChatModel;
}

/** An answer with the passages it was chosen from: the eval and the debug view need both. */
export interface AskResult {
  response: AskResponse;
  hits: Hit[];
}

/** Options only the eval uses. */
export interface EvalAskOptions {
  /** Leave these articles out, as if they were not indexed (--unanswerable). */
  excludeArticles?: ReadonlySet<string>;
}

export const MAX_QUESTION_CHARS = 1000;
export const MAX_K = 20;

/** Retrieval done, answer not yet written. */
interface Prepared {
  input: AnswerInput;
  understoodAs?: string;
  rewrittenAs?: string;
  scope?: 'article' | 'site';
  started: number;
}

export class QaService {
  readonly options: QaOptions;
  private readonly extractive: ExtractiveAnswerer;
  readonly answerer: Answerer;

  constructor(options: QaOptions) {
    this.options = options;
    this.extractive = new ExtractiveAnswerer(options.extractive);
    this.answerer = options.answerer ?? this.extractive;
  }

  get mode(): RetrieverMode {
    return this.options.mode ?? (this.options.retriever.supports('hybrid') ? 'hybrid' : 'lexical');
  }

  async ask(request: AskRequest & { history?: Turn[] }, signal?: AbortSignal): Promise<AskResponse> {
    return (await this.askWithHits(request, {}, signal)).response;
  }

  async askWithHits(request: AskRequest & { history?: Turn[] }, evalOptions: EvalAskOptions = {}, signal?: AbortSignal): Promise<AskResult> {
    const prepared = await this.prepare(request, evalOptions, signal);
    const result = await this.answerer.answer(prepared.input);
    return { response: this.respond(prepared, result), hits: prepared.input.hits };
  }

  /** The same answer as {@link ask}, as events: meta and citations first, then text, then done. */
  async *askStream(request: AskRequest & { history?: Turn[] }, signal?: AbortSignal): AsyncGenerator<StreamEvent> {
    const prepared = await this.prepare(request, {}, signal);
    yield {
      type: 'meta',
      answerer: this.answerer.name,
      ...(prepared.understoodAs ? { understoodAs: prepared.understoodAs } : {}),
      ...(prepared.rewrittenAs ? { rewrittenAs: prepared.rewrittenAs } : {}),
      ...(prepared.scope ? { scope: prepared.scope } : {}),
    };
    const stream = this.answerer.stream(prepared.input);
    let step = await stream.next();
    while (!step.done) {
      yield step.value;
      step = await stream.next();
    }
    yield { type: 'done', response: this.respond(prepared, step.value) };
  }

  /**
   * Normalizes and restores the question, then retrieves. Under an article the reader most
   * likely asks about it: its passages are used when they can answer (judged by the
   * extractive answerer, which is cheap), the whole site otherwise.
   */
  private async prepare(request: AskRequest & { history?: Turn[] }, evalOptions: EvalAskOptions, signal?: AbortSignal): Promise<Prepared> {
    const started = performance.now();
    const asked = normalizeText(request.question).trim();
    const k = Math.min(Math.max(1, request.k ?? this.options.k ?? 5), MAX_K);
    const restoredAsked = this.restore(asked);
    const understoodAs = restoredAsked?.text;
    // A follow-up ("còn ở Peru thì sao?") is retrieved and answered as the standalone question it stands for.
    const rewrittenAs = request.history?.length ? await this.rewrite(understoodAs ?? asked, request.history, signal) : undefined;
    const question = rewrittenAs ?? asked;
    const reading = rewrittenAs ? this.restore(rewrittenAs) : restoredAsked;
    const restored = reading?.text;
    const lexical = this.options.retriever.deps.lexical;
    const inputFor = (hits: Hit[]): AnswerInput => ({
      question,
      ...(restored ? { restored } : {}),
      hits,
      idf: (term) => lexical.idf(term),
      ...(request.history ? { history: request.history } : {}),
      ...(signal ? { signal } : {}),
    });

    const retrieve = async (articleId?: string) =>
      inputFor(await this.retrieve(question, reading, k, evalOptions.excludeArticles, articleId));
    let input: AnswerInput;
    let scope: Prepared['scope'];
    if (!request.articleId) {
      input = await retrieve();
    } else {
      input = await retrieve(request.articleId);
      scope = 'article';
      if (!this.extractive.answerNow(input).found) {
        const site = await retrieve();
        if (this.extractive.answerNow(site).found || input.hits.length === 0) {
          input = site;
          scope = 'site';
        }
      }
    }
    return {
      input,
      started,
      ...(understoodAs ? { understoodAs } : {}),
      ...(rewrittenAs ? { rewrittenAs } : {}),
      ...(scope ? { scope } : {}),
    };
  }

  private respond(prepared: Prepared, result: AnswerResult): AskResponse {
    return {
      answer: result.answer,
      found: result.found,
      citations: result.citations,
      ...(result.uncitedSentences?.length ? { uncitedSentences: result.uncitedSentences } : {}),
      ...(prepared.understoodAs ? { understoodAs: prepared.understoodAs } : {}),
      ...(prepared.rewrittenAs ? { rewrittenAs: prepared.rewrittenAs } : {}),
      answerer: result.answerer,
      ...(prepared.scope ? { scope: prepared.scope } : {}),
      tookMs: Number((performance.now() - prepared.started).toFixed(2)),
    };
  }

  /** The standalone form of a follow-up, or undefined when the question stands on its own. */
  private async rewrite(question: string, history: Turn[], signal?: AbortSignal): Promise<string | undefined> {
    const standalone = normalizeText(await rewriteFollowUp(question, history, this.options.rewriter, signal ? { signal } : {})).trim();
    return standalone && standalone !== question ? standalone : undefined;
  }

  /** The restored question (and its runner-up reading), or undefined when it had diacritics or nothing changed. */
  private restore(question: string): Reading | undefined {
    if (!this.options.restorer || hasDiacritics(question)) return undefined;
    const { text, changed, alternative } = this.options.restorer.restore(question);
    if (!changed) return undefined;
    const { restorer } = this.options;
    const lexical = this.options.retriever.deps.lexical;
    // Names the restorer's model never saw are spelt the way the site's own articles spell them.
    const refined = restorer.candidates
      ? refineRestored(question, text, { candidates: (bare) => restorer.candidates!(bare), frequency: (term) => lexical.docFrequency(term) })
      : text;
    return alternative ? { text: refined, alternative } : { text: refined };
  }

  private retrieve(question: string, reading: Reading | undefined, k: number, excludeArticles?: ReadonlySet<string>, articleId?: string): Promise<Hit[]> {
    return this.options.retriever.search(question, {
      k,
      mode: this.mode,
      ...(reading ? { restored: reading.text } : {}),
      ...(reading?.alternative ? { restoredAlternative: reading.alternative } : {}),
      ...(excludeArticles ? { excludeArticles } : {}),
      ...(articleId ? { articleId } : {}),
    });
  }
}
