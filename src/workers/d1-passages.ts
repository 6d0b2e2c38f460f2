/**
 * Passages and articles from D1 (migrations/0001_index.sql), as retrieval, citations and the
 * pages read them: the Workers side of {@link PassageSource} and {@link ArticleSource}.
 *
 * @example
 * const passages = new D1Passages(env.DB);
 * await passages.passages([42, 7]); // in that order, with their articles
 * await passages.list(20); // the first 20 articles in the order they were indexed
 */
import type { D1Database } from '@cloudflare/workers-types/index.ts';
import type { Chunk } from '../corpus/article.js';
import type { ArticleSource, ArticleView, Passage, PassageSource } from '../index/ports.js';
import type { StoredArticle } from '../index/store.js';

interface ArticleRow {
  id: string;
  title: string;
  url: string;
  published_at: string;
  category: string | null;
  hash: string | null;
  indexed_at: string | null;
  suggestions: string | null;
  first_doc: number;
  chunk_count: number;
}

interface PassageRow {
  doc: number;
  article_id: string;
  position: number;
  text: string;
  start: number;
  end: number;
}

const ARTICLE_COLUMNS = 'a.id, a.title, a.url, a.published_at, a.category, a.hash, a.indexed_at, a.suggestions, a.first_doc, a.chunk_count';
const PASSAGE_COLUMNS = 'p.id AS doc, p.article_id, p.position, p.text, p.start, p."end"';

export class D1Passages implements PassageSource, ArticleSource {
  constructor(private readonly db: D1Database) {}

  /** One query for all the docs (their ids as one JSON parameter: no limit on how many). */
  async passages(docs: readonly number[]): Promise<Passage[]> {
    if (docs.length === 0) return [];
    const { results } = await this.db
      .prepare(
        `SELECT ${PASSAGE_COLUMNS}, ${ARTICLE_COLUMNS}
         FROM passages p JOIN articles a ON a.id = p.article_id
         WHERE p.id IN (SELECT value FROM json_each(?1))`,
      )
      .bind(JSON.stringify(docs))
      .all<PassageRow & ArticleRow>();
    const byDoc = new Map(results.map((row) => [row.doc, row]));
    const articles = new Map<string, StoredArticle>();
    return docs.flatMap((doc) => {
      const row = byDoc.get(doc);
      if (!row) return [];
      let article = articles.get(row.article_id);
      if (!article) articles.set(row.article_id, (article = storedArticle(row)));
      return [{ doc, chunk: chunkOf(row), article }];
    });
  }

  async hasArticle(articleId: string): Promise<boolean> {
    return (await this.db.prepare('SELECT 1 AS found FROM articles WHERE id = ?1').bind(articleId).first()) !== null;
  }

  async list(limit: number): Promise<StoredArticle[]> {
    if (limit <= 0) return [];
    const { results } = await this.db
      .prepare(`SELECT ${ARTICLE_COLUMNS} FROM articles a ORDER BY a.first_doc LIMIT ?1`)
      .bind(Math.floor(limit))
      .all<ArticleRow>();
    return results.map(storedArticle);
  }

  /** The article and its passages in one round trip. */
  async article(articleId: string): Promise<ArticleView | undefined> {
    const [articles, passages] = await this.db.batch<ArticleRow | PassageRow>([
      this.db.prepare(`SELECT ${ARTICLE_COLUMNS} FROM articles a WHERE a.id = ?1`).bind(articleId),
      this.db.prepare(`SELECT ${PASSAGE_COLUMNS} FROM passages p WHERE p.article_id = ?1 ORDER BY p.position`).bind(articleId),
    ]);
    const row = articles?.results[0] as ArticleRow | undefined;
    if (!row) return undefined;
    return { article: storedArticle(row), chunks: (passages?.results as PassageRow[]).map(chunkOf) };
  }
}

function storedArticle(row: ArticleRow): StoredArticle {
  return {
    id: row.id,
    title: row.title,
    url: row.url,
    publishedAt: row.published_at,
    ...(row.category !== null ? { category: row.category } : {}),
    firstChunk: row.first_doc,
    chunkCount: row.chunk_count,
    ...(row.hash !== null ? { hash: row.hash } : {}),
    ...(row.indexed_at !== null ? { indexedAt: row.indexed_at } : {}),
    ...(row.suggestions !== null ? { suggestions: JSON.parse(row.suggestions) as string[] } : {}),
  };
}

function chunkOf(row: PassageRow): Chunk {
  return {
    id: `${row.article_id}:${row.position}`,
    articleId: row.article_id,
    n: row.position,
    text: row.text,
    start: row.start,
    end: row.end,
  };
}
