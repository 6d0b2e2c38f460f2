/**
 * The passages the indexes point into: doc number → chunk text, offsets and article. Citations
 * are built from here, never from generated text.
 *
 * Doc numbers are shared with the lexical and vector indexes. An updated article gets new doc
 * numbers at the end (its chunks stay contiguous); the old ones become holes (null) until the
 * index is compacted, so no other article's numbers move.
 *
 * @example
 * const store = new PassageStore({ articles: [], chunks: [] });
 * const { first } = store.put(record, chunks);
 * store.articleOf(first).title;
 */
import type { Chunk } from '../corpus/article.js';

/** What a citation needs of an article, kept once per article. */
export interface StoredArticle {
  id: string;
  title: string;
  url: string;
  publishedAt: string;
  category?: string;
  /** Chunks of an article are contiguous: firstChunk .. firstChunk + chunkCount - 1. */
  firstChunk: number;
  chunkCount: number;
  /** Content hash of the article as ingested: an unchanged article is not re-indexed. */
  hash?: string;
  /** When this version was indexed (ISO 8601). */
  indexedAt?: string;
  /** Questions the widget suggests under this article, derived from it at index time. */
  suggestions?: string[];
}

export interface PassageStoreData {
  articles: StoredArticle[];
  /** null: the chunk of a deleted or replaced article version. */
  chunks: (Chunk | null)[];
}

export class PassageStore {
  readonly chunks: (Chunk | null)[];
  private readonly byId: Map<string, StoredArticle>;

  constructor(data: PassageStoreData) {
    this.chunks = data.chunks;
    this.byId = new Map(data.articles.map((a) => [a.id, a]));
  }

  /** Live articles, in insertion order. */
  get articles(): StoredArticle[] {
    return [...this.byId.values()];
  }

  get articleCount(): number {
    return this.byId.size;
  }

  /** Doc numbers in use, holes included. */
  get docCount(): number {
    return this.chunks.length;
  }

  /** Live chunks. */
  get chunkCount(): number {
    let n = 0;
    for (const a of this.byId.values()) n += a.chunkCount;
    return n;
  }

  chunk(doc: number): Chunk {
    const chunk = this.chunks[doc];
    if (!chunk) throw new Error(`Doc ${doc} is not a live chunk.`);
    return chunk;
  }

  articleOf(doc: number): StoredArticle {
    return this.byId.get(this.chunk(doc).articleId)!;
  }

  article(id: string): StoredArticle | undefined {
    return this.byId.get(id);
  }

  /** The doc-number range of an article, for searches scoped to it. */
  rangeOf(articleId: string): { start: number; end: number } | undefined {
    const a = this.byId.get(articleId);
    return a && { start: a.firstChunk, end: a.firstChunk + a.chunkCount };
  }

  /**
   * Adds or replaces an article: its chunks get doc numbers from the end. Returns the first new
   * doc number and the replaced version's range (now holes), for the other indexes to follow.
   */
  put(
    article: Omit<StoredArticle, 'firstChunk' | 'chunkCount'>,
    chunks: Chunk[],
  ): { first: number; replaced?: { start: number; end: number } } {
    const replaced = this.remove(article.id);
    const first = this.chunks.length;
    this.chunks.push(...chunks);
    this.byId.set(article.id, { ...article, firstChunk: first, chunkCount: chunks.length });
    return { first, ...(replaced ? { replaced } : {}) };
  }

  /**
   * Sets the questions suggested under an article. The index build checks them against answers
   * from the finished index, after the article was added.
   */
  setSuggestions(id: string, suggestions: string[]): void {
    const article = this.byId.get(id);
    if (!article) throw new Error(`No article ${id} to suggest questions for.`);
    article.suggestions = suggestions;
  }

  /** Removes an article; its doc range becomes holes. */
  remove(id: string): { start: number; end: number } | undefined {
    const range = this.rangeOf(id);
    if (!range) return undefined;
    this.byId.delete(id);
    this.chunks.fill(null, range.start, range.end);
    return range;
  }

  toJSON(): PassageStoreData {
    return { articles: this.articles, chunks: this.chunks };
  }
}

/** Builds a store from articles in order, so each article's chunks stay contiguous. */
export class PassageStoreBuilder {
  private readonly store = new PassageStore({ articles: [], chunks: [] });

  add(
    article: Omit<StoredArticle, 'firstChunk' | 'chunkCount'> & { sapo?: string; body?: string; origin?: string },
    chunks: Chunk[],
  ): number {
    const { id, title, url, publishedAt, category, hash, indexedAt, suggestions } = article;
    return this.store.put(
      {
        id,
        title,
        url,
        publishedAt,
        ...(category ? { category } : {}),
        ...(hash ? { hash } : {}),
        ...(indexedAt ? { indexedAt } : {}),
        ...(suggestions ? { suggestions } : {}),
      },
      chunks,
    ).first;
  }

  get chunkCount(): number {
    return this.store.docCount;
  }

  finish(): PassageStore {
    return this.store;
  }
}
