/**
 * Hybrid retrieval: BM25 and vector search, fused by score (scaled BM25 + weighted cosine) or by
 * reciprocal rank (RRF). Either side alone
 * is available for comparisons (`--retriever lexical|vector`).
 *
 * @example
 * const retriever = new HybridRetriever({ store, lexical, vectors, embedder });
 * const hits = await retriever.search('Chủ tịch nước thăm Chile', { k: 5 });
 */
import { BaseRetriever } from '@langchain/core/retrievers';
import { Document } from '@langchain/core/documents';
import type { Chunk } from '../corpus/article.js';
import type { LexicalIndex, ScoredDoc, WeightedTerm } from './lexical.js';
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
   * The restorer's runner-up reading (close calls spelt the other way): its accented terms
   * that the restored question lacks are searched at {@link RetrieverSettings.alternativeWeight}.
   */
  restoredAlternative?: string;
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
  /**
   * How the two lists are merged: 'score' (scaled BM25 + weighted cosine) or 'rrf' (reciprocal
   * rank fusion). RRF flattens BM25's margins, which cost 30 points of articleHit@1 on news-37k
   * with our model (evals/RESULTS.md).
   */
  fusion: 'score' | 'rrf';
  /** Weight of the cosine in 'score' fusion (scaled BM25 has 1). */
  scoreVectorWeight: number;
  /** RRF's k: larger flattens the difference between ranks. */
  rrfK: number;
  /** Weight of the vector side in RRF fusion (the lexical side has 1). */
  vectorWeight: number;
  /** Weight of the folded terms of a question whose diacritics were restored. */
  restoredFoldedWeight: number;
  /**
   * Weight of the terms only the runner-up reading of a restored question has. Full weight:
   * the runner-up is only offered for close calls, where the reading is a coin toss (on
   * news-37k without diacritics it lifted articleHit@5 from 0.745 to 0.754, evals/RESULTS.md).
   */
  alternativeWeight: number;
  /**
   * A question's terms that can add less than this share of its total BM25 weight (weight × idf,
   * summed over its terms) are left out of a site-wide search. They are the syllables in most
   * passages ("người", "khi", and their folded twins): ~85% of the postings a question reads on
   * news-37k, for a few percent of any passage's score. A question made only of common words
   * keeps them all (each is then a large share). 0 keeps every term; article-scoped searches
   * always do. 0.005 keeps the words a wrongly restored question still needs (0.02 cost 1.1
   * points of articleHit@5 without diacritics) and leaves out most of the common ones.
   */
  minTermImpact: number;
  terms: QueryTermOptions;
}

export const DEFAULT_RETRIEVER_SETTINGS: RetrieverSettings = {
  candidates: 50,
  fusion: 'score',
  scoreVectorWeight: 0.5,
  rrfK: 60,
  vectorWeight: 1,
  restoredFoldedWeight: 0.5,
  alternativeWeight: 1,
  minTermImpact: 0.005,
  terms: {},
};

function dot(a: Float32Array | undefined, b: Float32Array): number {
  if (!a) return 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

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
    const lexical = (mode === 'vector' ? [] : this.lexicalSearch(question, options.restored, options.restoredAlternative, pool + keep.slack, range)).filter(keep.test);
    const query = mode === 'lexical' ? undefined : await this.deps.embedder!.embedQuestion(options.restored ?? question);
    const vector = (query ? this.vectorSearch(query, pool + keep.slack, range) : []).filter(keep.test);
    const fused = mode === 'hybrid' ? this.fuse(lexical, vector, query!) : mode === 'lexical' ? lexical : vector;
    const lexicalRank = new Map(lexical.map((h, i) => [h.doc, i]));
    const vectorRank = new Map(vector.map((h, i) => [h.doc, i]));
    return fused.slice(0, k).map(({ doc, score }) => ({
      doc,
      chunk: this.deps.store.chunk(doc),
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

  private lexicalSearch(question: string, restored: string | undefined, alternative: string | undefined, k: number, range?: { start: number; end: number }): ScoredDoc[] {
    const { lexical } = this.deps;
    if (restored === undefined) return lexical.search(this.withoutWeakTerms(queryTerms(question, this.settings.terms), range), k, range);
    // The restored question's accented terms lead; the reader's own folded terms stay as a
    // lower-weighted fallback, because a restoration can be wrong.
    const terms = queryTerms(restored, { ...this.settings.terms, foldedWeight: 0 });
    for (const t of queryTerms(question, this.settings.terms)) terms.push({ term: t.term, weight: t.weight * this.settings.restoredFoldedWeight });
    if (alternative !== undefined && this.settings.alternativeWeight > 0) {
      const have = new Set(terms.map((t) => t.term));
      for (const t of queryTerms(alternative, { ...this.settings.terms, foldedWeight: 0 })) {
        if (!have.has(t.term)) terms.push({ term: t.term, weight: t.weight * this.settings.alternativeWeight });
      }
    }
    return lexical.search(this.withoutWeakTerms(terms, range), k, range);
  }

  /** The terms minus those below {@link RetrieverSettings.minTermImpact} (site-wide searches only). */
  private withoutWeakTerms(terms: WeightedTerm[], range?: { start: number; end: number }): WeightedTerm[] {
    const share = this.settings.minTermImpact;
    if (share <= 0 || range) return terms;
    const impacts = terms.map((t) => Math.max(t.weight, 0) * this.deps.lexical.idf(t.term));
    const floor = share * impacts.reduce((a, b) => a + b, 0);
    return terms.filter((_, i) => impacts[i]! >= floor);
  }

  private vectorSearch(query: Float32Array, k: number, range?: { start: number; end: number }): ScoredDoc[] {
    const { vectors } = this.deps;
    return range ? vectors!.searchRange(query, range, k) : vectors!.search(query, k);
  }

  private fuse(lexical: ScoredDoc[], vector: ScoredDoc[], query: Float32Array): ScoredDoc[] {
    return this.settings.fusion === 'rrf' ? this.fuseRanks(lexical, vector) : this.fuseScores(lexical, vector, query);
  }

  /**
   * BM25 scaled by the question's best BM25, plus a weighted cosine. Unlike RRF this keeps
   * BM25's margins: a passage far ahead on the words stays ahead unless the meaning says
   * otherwise. Candidates found by one side only get their exact score from the other.
   */
  private fuseScores(lexical: ScoredDoc[], vector: ScoredDoc[], query: Float32Array): ScoredDoc[] {
    const best = lexical[0]?.score ?? 0;
    const lexicalScore = new Map(lexical.map((h) => [h.doc, best > 0 ? h.score / best : 0]));
    const cosine = new Map(vector.map((h) => [h.doc, h.score]));
    const docs = new Set([...lexicalScore.keys(), ...cosine.keys()]);
    const fused: ScoredDoc[] = [];
    for (const doc of docs) {
      const cos = cosine.get(doc) ?? dot(this.deps.vectors!.vector(doc), query);
      fused.push({ doc, score: (lexicalScore.get(doc) ?? 0) + this.settings.scoreVectorWeight * cos });
    }
    return fused.sort((a, b) => b.score - a.score || a.doc - b.doc);
  }

  private fuseRanks(lexical: ScoredDoc[], vector: ScoredDoc[]): ScoredDoc[] {
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
