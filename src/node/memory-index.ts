/**
 * The Node server's index behind the retrieval ports (src/index/ports.ts): BM25 arrays, the
 * passage store and hnswlib, all in memory, answered without waiting. The ports read the index
 * object on every call, because the index writer swaps its parts (a compaction replaces the
 * lexical index and the vectors) and the next question must search what it wrote.
 *
 * @example
 * const retriever = new HybridRetriever({ store, lexical, vectors, embedder });
 * await retriever.search('Chủ tịch nước thăm Chile', { k: 5, mode: 'hybrid' });
 */
import type { Chunk } from '../corpus/article.js';
import type { LexicalIndex, ScoredDoc, WeightedTerm } from '../index/lexical.js';
import type { ArticleSource, ArticleView, LexicalSource, Passage, PassageSource, TermStatistics, VectorSource } from '../index/ports.js';
import { FusedRetriever, type QuestionEmbedder, type RetrieverSettings } from '../index/retriever.js';
import type { PassageStore, StoredArticle } from '../index/store.js';
import type { VectorIndex } from '../index/vector.js';

/** The in-memory index, as the runtime, the eval and the tests hold it. */
export interface MemoryIndex {
  store: PassageStore;
  lexical: LexicalIndex;
  vectors?: VectorIndex;
  embedder?: QuestionEmbedder;
}

class MemoryLexical implements LexicalSource {
  constructor(private readonly index: MemoryIndex) {}

  /** The lexical index itself: it knows every term's statistics at once. */
  async statistics(): Promise<TermStatistics> {
    return this.index.lexical;
  }

  async search(terms: readonly WeightedTerm[], k: number, options: { articleId?: string }): Promise<ScoredDoc[]> {
    const range = options.articleId !== undefined ? this.index.store.rangeOf(options.articleId) : undefined;
    if (options.articleId !== undefined && !range) return [];
    return this.index.lexical.search(terms, k, range);
  }
}

class MemoryVectors implements VectorSource {
  constructor(private readonly index: MemoryIndex) {}

  async search(query: Float32Array, k: number, articleId?: string): Promise<ScoredDoc[]> {
    const vectors = this.index.vectors!;
    if (articleId === undefined) return vectors.search(query, k);
    const range = this.index.store.rangeOf(articleId);
    return range ? vectors.searchRange(query, range, k) : [];
  }

  async similarity(query: Float32Array, docs: readonly number[]): Promise<Map<number, number>> {
    const cosines = new Map<number, number>();
    for (const doc of docs) {
      const vector = this.index.vectors!.vector(doc);
      if (vector) cosines.set(doc, dot(vector, query));
    }
    return cosines;
  }
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** Passages and articles from the passage store: the retriever's and the pages' source. */
export class MemoryPassages implements PassageSource, ArticleSource {
  constructor(private readonly index: Pick<MemoryIndex, 'store'>) {}

  async passages(docs: readonly number[]): Promise<Passage[]> {
    const { store } = this.index;
    return docs.flatMap((doc) => (store.chunks[doc] ? [{ doc, chunk: store.chunk(doc), article: store.articleOf(doc) }] : []));
  }

  async hasArticle(articleId: string): Promise<boolean> {
    return this.index.store.article(articleId) !== undefined;
  }

  async list(limit: number): Promise<StoredArticle[]> {
    return this.index.store.articles.slice(0, limit);
  }

  async article(articleId: string): Promise<ArticleView | undefined> {
    const { store } = this.index;
    const article = store.article(articleId);
    if (!article) return undefined;
    const chunks: Chunk[] = [];
    for (let doc = article.firstChunk; doc < article.firstChunk + article.chunkCount; doc++) chunks.push(store.chunk(doc));
    return { article, chunks };
  }
}

/** Hybrid retrieval over the in-memory index. */
export class HybridRetriever extends FusedRetriever {
  /** The index searched; the eval reaches into it (src/eval/exclude.ts, near-duplicates.ts). */
  readonly deps: MemoryIndex;
  /** Answered at once from memory: restored names are spelt as the site spells them. */
  readonly docFrequency: (term: string) => number;

  constructor(deps: MemoryIndex, settings: Partial<RetrieverSettings> = {}) {
    super(
      {
        lexical: new MemoryLexical(deps),
        passages: new MemoryPassages(deps),
        // Read at each call: a writer may add the vectors and the embedder after this was made.
        vectors: new MemoryVectors(deps),
        embedder: { embedQuestion: (text) => deps.embedder!.embedQuestion(text) },
      },
      settings,
    );
    this.deps = deps;
    this.docFrequency = (term) => deps.lexical.docFrequency(term);
  }

  /** Whether vectors are there now (the ports above are always given). */
  override supports(mode: Parameters<FusedRetriever['supports']>[0]): boolean {
    return mode === 'lexical' || (this.deps.vectors !== undefined && this.deps.embedder !== undefined);
  }

  /** Inverse document frequency of an index term, for weighting a question's words. */
  idf(term: string): number {
    return this.deps.lexical.idf(term);
  }
}
