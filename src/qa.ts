/**
 * The question-answering pipeline: normalize → (restore diacritics) → retrieve → answer.
 * The server, the CLI and the eval runner all call {@link QaService.ask}, so the eval
 * measures exactly what readers get.
 *
 * @example
 * const qa = new QaService({ retriever, answerer: 'extractive' });
 * const res = await qa.ask({ question: 'Chủ tịch nước tiếp ai ở Santiago?' });
 */
import { answerExtractive, type ExtractiveOptions } from './answer/extractive.js';
import type { AskRequest, AskResponse } from './answer/types.js';
import type { Hit, HybridRetriever, RetrieverMode } from './index/retriever.js';
import { hasDiacritics, normalizeText } from './text/normalize.js';

/** Restores diacritics of a question typed without them (src/text/restore.ts). */
export interface Restorer {
  restore(text: string): { text: string; changed: boolean };
}

export interface QaOptions {
  retriever: HybridRetriever;
  mode?: RetrieverMode;
  restorer?: Restorer;
  /** Passages retrieved per question when the request does not say. */
  k?: number;
  extractive?: Partial<ExtractiveOptions>;
}

/** An answer with the passages it was chosen from: the eval and the debug view need both. */
export interface AskResult {
  response: AskResponse;
  hits: Hit[];
}

export const MAX_QUESTION_CHARS = 1000;
export const MAX_K = 20;

export class QaService {
  readonly options: QaOptions;

  constructor(options: QaOptions) {
    this.options = options;
  }

  get mode(): RetrieverMode {
    return this.options.mode ?? (this.options.retriever.supports('hybrid') ? 'hybrid' : 'lexical');
  }

  async ask(request: AskRequest): Promise<AskResponse> {
    return (await this.askWithHits(request)).response;
  }

  /** Like {@link ask}, with the retrieved passages; `excludeArticles` is for the eval's --unanswerable mode. */
  async askWithHits(request: AskRequest, evalOptions: { excludeArticles?: ReadonlySet<string> } = {}): Promise<AskResult> {
    const started = performance.now();
    const question = normalizeText(request.question).trim();
    const k = Math.min(Math.max(1, request.k ?? this.options.k ?? 5), MAX_K);
    const restored = this.restore(question);

    let scope: AskResponse['scope'];
    let hits: Hit[] = [];
    let answer = { answer: '', found: false, citations: [] as AskResponse['citations'] };
    if (request.articleId) {
      // Under an article the reader most likely asks about it; the whole site is the fallback.
      hits = await this.retrieve(question, restored, k, evalOptions.excludeArticles, request.articleId);
      answer = this.answer(question, restored, hits);
      scope = 'article';
    }
    if (!answer.found) {
      const siteHits = await this.retrieve(question, restored, k, evalOptions.excludeArticles);
      const siteAnswer = this.answer(question, restored, siteHits);
      if (siteAnswer.found || hits.length === 0) {
        hits = siteHits;
        answer = siteAnswer;
        if (request.articleId) scope = 'site';
      }
    }
    const response: AskResponse = {
      ...answer,
      ...(restored ? { understoodAs: restored } : {}),
      answerer: 'extractive',
      ...(scope ? { scope } : {}),
      tookMs: Number((performance.now() - started).toFixed(2)),
    };
    return { response, hits };
  }

  /** The restored question, or undefined when it had diacritics or nothing changed. */
  private restore(question: string): string | undefined {
    if (!this.options.restorer || hasDiacritics(question)) return undefined;
    const { text, changed } = this.options.restorer.restore(question);
    return changed ? text : undefined;
  }

  private retrieve(question: string, restored: string | undefined, k: number, excludeArticles?: ReadonlySet<string>, articleId?: string): Promise<Hit[]> {
    return this.options.retriever.search(question, {
      k,
      mode: this.mode,
      ...(excludeArticles ? { excludeArticles } : {}),
      ...(restored ? { restored } : {}),
      ...(articleId ? { articleId } : {}),
    });
  }

  private answer(question: string, restored: string | undefined, hits: Hit[]) {
    const lexical = this.options.retriever.deps.lexical;
    return answerExtractive({
      question,
      ...(restored ? { restored } : {}),
      hits,
      idf: (term) => lexical.idf(term),
      ...(this.options.extractive ? { options: this.options.extractive } : {}),
    });
  }
}
