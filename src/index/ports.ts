/**
 * What the question-answering core reads, as ports: asynchronous, so the same pipeline runs on
 * an index held in memory (Node: BM25 arrays, hnswlib, the passage store; src/node/) and on one
 * held in a platform's storage (Workers: D1 full-text search, Vectorize, Workers AI;
 * src/workers/). Doc numbers are the passages' ids in either: chunk numbers in Node, D1 row ids
 * (and Vectorize ids, as strings) on Workers.
 *
 * @example
 * const retriever = new FusedRetriever({ lexical, vectors, embedder, passages });
 * const qa = new QaService({ retriever });
 */
import type { Chunk } from '../corpus/article.js';
import type { ScoredDoc, WeightedTerm } from './lexical.js';
import type { StoredArticle } from './store.js';

/** Document frequencies and BM25 idf of the terms a question asked about. */
export interface TermStatistics {
  idf(term: string): number;
  docFrequency(term: string): number;
}

/** The lexical half of retrieval: BM25 over the project's own Vietnamese terms (src/index/terms.ts). */
export interface LexicalSource {
  /**
   * Statistics of the given terms (one lookup for a whole question on Workers). In memory the
   * answer also knows every other term; elsewhere a term not asked for counts as unseen.
   */
  statistics(terms: readonly string[]): Promise<TermStatistics>;
  /**
   * The k best passages for the weighted terms by BM25, best first; only the article's when
   * `articleId` is given (none when the article is not indexed). `statistics` are those the
   * caller already looked up for these terms, so a storage-backed source need not ask again.
   */
  search(terms: readonly WeightedTerm[], k: number, options: { articleId?: string; statistics: TermStatistics }): Promise<ScoredDoc[]>;
}

/** The vector half: nearest passages to an embedded question. Vectors are unit length, scores are cosines. */
export interface VectorSource {
  /** The k nearest passages, best first; only the article's when `articleId` is given. */
  search(query: Float32Array, k: number, articleId?: string): Promise<ScoredDoc[]>;
  /**
   * The cosine of each given passage to the query, for candidates only BM25 found (score fusion
   * needs both scores of every candidate). A passage without a vector is left out.
   */
  similarity(query: Float32Array, docs: readonly number[]): Promise<Map<number, number>>;
}

/** A retrieved passage with its article, as the answerer and the citations need them. */
export interface Passage {
  doc: number;
  chunk: Chunk;
  article: StoredArticle;
}

/** Passages and articles by id. */
export interface PassageSource {
  /** The passages of the given docs, in the order given; docs no longer stored are left out. */
  passages(docs: readonly number[]): Promise<Passage[]>;
  /** Whether the index holds the article now (articles come and go while serving). */
  hasArticle(articleId: string): Promise<boolean>;
}

/** A stored article and its passages in order, for the demo page and the widget's suggestions. */
export interface ArticleView {
  article: StoredArticle;
  chunks: Chunk[];
}

/** The indexed articles, for the pages that list or show them (src/server/pages.ts). */
export interface ArticleSource {
  /** The first `limit` articles in the order they were indexed (the demo page lists them). */
  list(limit: number): Promise<StoredArticle[]>;
  /** One article with its passages, or undefined when it is not indexed. */
  article(articleId: string): Promise<ArticleView | undefined>;
}
