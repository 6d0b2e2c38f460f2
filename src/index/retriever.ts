/**
 * Hybrid retrieval: BM25 and vector search, fused by reciprocal rank (RRF). Either side alone
 * is available for comparisons (`--retriever lexical|vector`).
 *
 * @example
 * const retriever = new HybridRetriever({ store, lexical, vectors, embedder });
 * const hits = await retriever.search('Chủ tịch nước thăm Chile', { k: 5 });
 */
import { BaseRetriever } from '@langchain/core/retrievers';
import { Document } from '@langchain/core/documents';
import type { Chunk } from '../corpus/article.js';
import type { LexicalIndex, ScoredDoc } from './lexical.js';
import type { PassageStore, StoredArticle } from './store.js';
import { queryTerms, type QueryTermOptions } from './terms.js';
import type { VectorIndex } from './vector.js';

export type RetrieverMode = 'hybrid' | 'lexical' | 'vector';

/** Embeds a question; the Embedder does this, and tests can pass any function. */
export interface QuestionEmbedder {
  embedQuestion(text: string): Promise<Float32Array>;
}

export interface RetrievalOptions {
  /** Passages to return. */
  k?: number;
  /** Only passages of this article. */
  articleId?: string;
  mode?: RetrieverMode;
  /**
   * The question as restored with diacritics, when the reader typed without: the accented
   * terms and the embedding use it, the folded terms of the original stay as a fallback.
   */
  restored?: string;
  /**
   * Articles to leave out, as if they were not in the index: the eval's --unanswerable mode
   * removes each question's expected articles this way instead of rebuilding the index.
   */
  excludeArticles?: ReadonlySet<string>;
}

export interface Hit {
  /** Chunk number in the store. */
  doc: number;
  chunk: Chunk;
  article: StoredArticle;
  /** The fused score (RRF) or the single retriever's score. */
  score: number;
  lexicalRank?: number;
  vectorRank?: number;
}

export interface RetrieverDeps {
  store: PassageStore;
  lexical: LexicalIndex;
  vectors?: VectorIndex;
  embedder?: QuestionEmbedder;
}

export interface RetrieverSettings {
  /** Candidates taken from each side before fusion. */
  candidates: number;
  /** RRF's k: larger flattens the difference between ranks. */
  rrfK: number;
  /** Weight of the vector side in the fusion (the lexical side has 1). */
  vectorWeight: number;
  /** Weight of the folded terms of a question whose diacritics were restored. */
  restoredFoldedWeight: number;
  terms: QueryTermOptions;
}

export const DEFAULT_RETRIEVER_SETTINGS: RetrieverSettings = {
  candidates: 50,
  rrfK: 60,
  vectorWeight: 1,
  restoredFoldedWeight: 0.5,
  terms: {},
};

export class HybridRetriever {
  readonly deps: RetrieverDeps;
  readonly settings: RetrieverSettings;

  constructor(deps: RetrieverDeps, settings: Partial<RetrieverSettings> = {}) {
    this.deps = deps;
    this.settings = { ...DEFAULT_RETRIEVER_SETTINGS, ...settings };
  }

  /** Which modes this index can serve: vector search needs vectors and an embedder. */
  supports(mode: RetrieverMode): boolean {
    return mode === 'lexical' || (this.deps.vectors !== undefined && this.deps.embedder !== undefined);
  }

  async search(question: string, options: RetrievalOptions = {}): Promise<Hit[]> {
    const k = options.k ?? 5;
    const mode = options.mode ?? (this.supports('hybrid') ? 'hybrid' : 'lexical');
    if (!this.supports(mode)) {
      throw new Error(`Retriever "${mode}" needs a vector index and an embedder; this index has none. Use --retriever lexical.`);
    }
    const range = options.articleId ? this.deps.store.rangeOf(options.articleId) : undefined;
    if (options.articleId && !range) return [];
    const pool = Math.max(k, this.settings.candidates);
    const keep = this.exclusionFilter(options.excludeArticles);
    const lexical = (mode === 'vector' ? [] : this.lexicalSearch(question, options.restored, pool + keep.slack, range)).filter(keep.test);
    const vector = (mode === 'lexical' ? [] : await this.vectorSearch(options.restored ?? question, pool + keep.slack, range)).filter(keep.test);
    const fused = mode === 'hybrid' ? this.fuse(lexical, vector) : mode === 'lexical' ? lexical : vector;
    const lexicalRank = new Map(lexical.map((h, i) => [h.doc, i]));
    const vectorRank = new Map(vector.map((h, i) => [h.doc, i]));
    return fused.slice(0, k).map(({ doc, score }) => ({
      doc,
      chunk: this.deps.store.chunks[doc]!,
      article: this.deps.store.articleOf(doc),
      score,
      ...(lexicalRank.has(doc) ? { lexicalRank: lexicalRank.get(doc)! } : {}),
      ...(vectorRank.has(doc) ? { vectorRank: vectorRank.get(doc)! } : {}),
    }));
  }

  /** Drops hits of excluded articles; `slack` is how many more candidates to fetch to make up for them. */
  private exclusionFilter(exclude?: ReadonlySet<string>): { test: (h: ScoredDoc) => boolean; slack: number } {
    if (!exclude || exclude.size === 0) return { test: () => true, slack: 0 };
    const { store } = this.deps;
    let slack = 0;
    for (const id of exclude) slack += store.article(id)?.chunkCount ?? 0;
    return { test: (h) => !exclude.has(store.articleOf(h.doc).id), slack };
  }

  private lexicalSearch(question: string, restored: string | undefined, k: number, range?: { start: number; end: number }): ScoredDoc[] {
    const { lexical } = this.deps;
    if (restored === undefined) return lexical.search(queryTerms(question, this.settings.terms), k, range);
    // The restored question's accented terms lead; the reader's own folded terms stay as a
    // lower-weighted fallback, because a restoration can be wrong.
    const terms = queryTerms(restored, { ...this.settings.terms, foldedWeight: 0 });
    for (const t of queryTerms(question, this.settings.terms)) terms.push({ term: t.term, weight: t.weight * this.settings.restoredFoldedWeight });
    return lexical.search(terms, k, range);
  }

  private async vectorSearch(text: string, k: number, range?: { start: number; end: number }): Promise<ScoredDoc[]> {
    const { vectors, embedder } = this.deps;
    const query = await embedder!.embedQuestion(text);
    return range ? vectors!.searchRange(query, range, k) : vectors!.search(query, k);
  }

  private fuse(lexical: ScoredDoc[], vector: ScoredDoc[]): ScoredDoc[] {
    const scores = new Map<number, number>();
    const add = (list: ScoredDoc[], weight: number) =>
      list.forEach((h, rank) => scores.set(h.doc, (scores.get(h.doc) ?? 0) + weight / (this.settings.rrfK + rank + 1)));
    add(lexical, 1);
    add(vector, this.settings.vectorWeight);
    return [...scores]
      .map(([doc, score]) => ({ doc, score }))
      .sort((a, b) => b.score - a.score || a.doc - b.doc);
  }

  /** The same search behind LangChain's retriever interface, for chains built on @langchain/core. */
  asLangChainRetriever(options: Omit<RetrievalOptions, 'restored'> = {}): BaseRetriever {
    return new PassageRetriever(this, options);
  }
}

/** Hits as LangChain Documents: pageContent is the passage, metadata says where it came from. */
export class PassageRetriever extends BaseRetriever {
  lc_namespace = ['hoidap', 'retrievers'];

  constructor(
    private readonly retriever: HybridRetriever,
    private readonly options: Omit<RetrievalOptions, 'restored'>,
  ) {
    super();
  }

  override async _getRelevantDocuments(query: string): Promise<Document[]> {
    const hits = await this.retriever.search(query, this.options);
    return hits.map(
      (h) =>
        new Document({
          pageContent: h.chunk.text,
          id: h.chunk.id,
          metadata: {
            articleId: h.article.id,
            title: h.article.title,
            url: h.article.url,
            publishedAt: h.article.publishedAt,
            start: h.chunk.start,
            end: h.chunk.end,
            score: h.score,
          },
        }),
    );
  }
}
