/**
 * A reader's question as the pipeline understands it, worked out once and handed down: what the
 * reader typed, how it was restored and rewritten, and — computed on first use, then kept — its
 * query terms and its embedding. Under an article the service searches twice (the article, then
 * the whole site); both searches and the answerer read the same value instead of redoing the
 * work.
 *
 * @example
 * const q = new Question({ asked: 'chu tich nuoc tham chile', restored: 'chủ tịch nước thăm Chile' });
 * q.text // 'chu tich nuoc tham chile' (searched, with the restored reading leading)
 * await retriever.search(q, { k: 5, mode: 'hybrid', articleId });
 * await retriever.search(q, { k: 5, mode: 'hybrid' }); // no second embedding, no second term list
 */
import type { WeightedTerm } from './lexical.js';
import type { TermStatistics } from './ports.js';

export interface QuestionForms {
  /** As the reader typed it: NFC-normalized and trimmed. */
  asked: string;
  /** `asked` with its diacritics restored, when it was typed without (the response's `understoodAs`). */
  understoodAs?: string;
  /** The standalone question a follow-up stands for, rewritten with the thread's earlier turns. */
  rewrittenAs?: string;
  /** What is searched and answered ({@link rewrittenAs} or {@link asked}) with its diacritics restored. */
  restored?: string;
  /** The restorer's runner-up reading of the same text, spelling its close calls the other way. */
  alternative?: string;
}

export class Question implements QuestionForms {
  readonly asked: string;
  readonly understoodAs?: string;
  readonly rewrittenAs?: string;
  readonly restored?: string;
  readonly alternative?: string;
  private terms?: WeightedTerm[];
  private embedding?: Promise<Float32Array>;
  private statistics?: Promise<TermStatistics>;

  constructor(forms: QuestionForms) {
    this.asked = forms.asked;
    if (forms.understoodAs !== undefined) this.understoodAs = forms.understoodAs;
    if (forms.rewrittenAs !== undefined) this.rewrittenAs = forms.rewrittenAs;
    if (forms.restored !== undefined) this.restored = forms.restored;
    if (forms.alternative !== undefined) this.alternative = forms.alternative;
  }

  /** The text searched and answered: the standalone form of a follow-up, else what was asked. */
  get text(): string {
    return this.rewrittenAs ?? this.asked;
  }

  /**
   * The weighted query terms, built by `build` on the first call and kept. One retriever builds
   * them (its term rules decide them); a question is not shared between retrievers.
   */
  termsOnce(build: (question: Question) => WeightedTerm[]): WeightedTerm[] {
    this.terms ??= build(this);
    return this.terms;
  }

  /** Its terms' statistics, looked up by `lookup` on the first call and kept (the promise, so concurrent callers share it). */
  statisticsOnce(lookup: (question: Question) => Promise<TermStatistics>): Promise<TermStatistics> {
    this.statistics ??= lookup(this);
    return this.statistics;
  }

  /** The question's embedding, computed by `embed` on the first call and kept (the promise, so concurrent callers share it). */
  embeddingOnce(embed: (question: Question) => Promise<Float32Array>): Promise<Float32Array> {
    this.embedding ??= embed(this);
    return this.embedding;
  }
}
