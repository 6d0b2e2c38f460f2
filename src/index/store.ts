/**
 * The passages the indexes point into: chunk number → text, offsets and article. Citations
 * are built from here, never from generated text.
 */
import type { Article, Chunk } from '../corpus/article.js';

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
}

export interface PassageStoreData {
  articles: StoredArticle[];
  chunks: Chunk[];
}

export class PassageStore {
  readonly articles: StoredArticle[];
  readonly chunks: Chunk[];
  private readonly articleIndex: Map<string, number>;
  /** Chunk number → article number. */
  private readonly chunkArticle: Uint32Array;

  constructor(data: PassageStoreData) {
    this.articles = data.articles;
    this.chunks = data.chunks;
    this.articleIndex = new Map(data.articles.map((a, i) => [a.id, i]));
    this.chunkArticle = new Uint32Array(data.chunks.length);
    data.articles.forEach((a, i) => this.chunkArticle.fill(i, a.firstChunk, a.firstChunk + a.chunkCount));
  }

  articleOf(chunk: number): StoredArticle {
    return this.articles[this.chunkArticle[chunk]!]!;
  }

  article(id: string): StoredArticle | undefined {
    const i = this.articleIndex.get(id);
    return i === undefined ? undefined : this.articles[i];
  }

  /** The chunk-number range of an article, for searches scoped to it. */
  rangeOf(articleId: string): { start: number; end: number } | undefined {
    const a = this.article(articleId);
    return a && { start: a.firstChunk, end: a.firstChunk + a.chunkCount };
  }

  toJSON(): PassageStoreData {
    return { articles: this.articles, chunks: this.chunks };
  }
}

/** Appends articles and their chunks in order, so each article's chunks stay contiguous. */
export class PassageStoreBuilder {
  private readonly articles: StoredArticle[] = [];
  private readonly chunks: Chunk[] = [];

  add(article: Article, chunks: Chunk[]): number {
    const firstChunk = this.chunks.length;
    this.articles.push({
      id: article.id,
      title: article.title,
      url: article.url,
      publishedAt: article.publishedAt,
      ...(article.category ? { category: article.category } : {}),
      firstChunk,
      chunkCount: chunks.length,
    });
    this.chunks.push(...chunks);
    return firstChunk;
  }

  get chunkCount(): number {
    return this.chunks.length;
  }

  finish(): PassageStore {
    return new PassageStore({ articles: this.articles, chunks: this.chunks });
  }
}
