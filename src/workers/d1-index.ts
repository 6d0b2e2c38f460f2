/**
 * Writing the Workers index: an article's row, its passages and their FTS5 terms in D1
 * (migrations/0001_index.sql). A change is one `db.batch` (one transaction): the old version's
 * rows out, the new rows in, the corpus statistics moved by the difference, so a question never
 * sees half an article nor statistics that disagree with the passages.
 *
 * Doc numbers are the passages' row ids (AUTOINCREMENT: never reused), assigned by D1 inside the
 * batch; the queue consumer (./indexing.ts) upserts the new docs' vectors and deletes the removed ones.
 *
 * @example
 * const { status, docs, removed } = await writeArticle(env.DB, record, chunkArticle(article));
 * const gone = await deleteArticle(env.DB, 'bai-viet-1'); // doc numbers, or undefined
 */
import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types/index.ts';
import type { Chunk } from '../corpus/article.js';
import type { ArticleRecord } from '../index/live.js';
import { ftsDocument, type FtsDocument } from './fts-terms.js';

/** D1's limits per statement: bound parameters, and bytes (SQL and values; kept below 100 KB with room to spare). */
export const D1_LIMITS = { parameters: 100, statementBytes: 90_000 } as const;

export interface WriteResult {
  status: 'added' | 'updated' | 'unchanged';
  /** The article's doc numbers now, in chunk order. */
  docs: number[];
  /** Doc numbers of the replaced version (empty when added or unchanged). */
  removed: number[];
}

/** Adds or replaces an article with its chunks; an article whose stored hash equals `article.hash` is left as it is. */
export async function writeArticle(db: D1Database, article: ArticleRecord, chunks: Chunk[]): Promise<WriteResult> {
  if (chunks.length === 0) throw new Error(`Article ${article.id} has no chunks: delete it instead of writing it empty.`);
  const stored = await db
    .prepare('SELECT a.hash, p.id FROM articles a JOIN passages p ON p.article_id = a.id WHERE a.id = ?1 ORDER BY p.position')
    .bind(article.id)
    .all<{ hash: string | null; id: number }>();
  const before = stored.results;
  if (before.length > 0 && article.hash !== undefined && before[0]!.hash === article.hash) {
    return { status: 'unchanged', docs: before.map((r) => r.id), removed: [] };
  }
  const documents = chunks.map((chunk) => ({ chunk, ...ftsDocument(article.title, chunk.text) }));
  const passageInserts = passageStatements(db, article.id, documents);
  const statements = [
    ...removalStatements(db, article.id),
    ...passageInserts,
    ...termStatements(db, article.id, documents),
    articleStatement(db, article, chunks.length),
    db.prepare('UPDATE stats SET passages = passages + ?1, total_length = total_length + ?2 WHERE id = 1').bind(
      documents.length,
      documents.reduce((sum, d) => sum + d.length, 0),
    ),
  ];
  const results = await db.batch<{ id: number }>(statements);
  const removed = results[REMOVED_PASSAGES]!.results.map((r) => r.id);
  const inserted = results.slice(REMOVAL_COUNT, REMOVAL_COUNT + passageInserts.length).flatMap((r) => r.results.map((row) => row.id));
  return { status: removed.length > 0 ? 'updated' : 'added', docs: inserted.sort((a, b) => a - b), removed: removed.sort((a, b) => a - b) };
}

/** Removes an article and its passages; their doc numbers, or undefined when the article was not indexed. */
export async function deleteArticle(db: D1Database, id: string): Promise<number[] | undefined> {
  const results = await db.batch<{ id: number | string }>(removalStatements(db, id));
  if (results[REMOVED_ARTICLE]!.results.length === 0) return undefined;
  return results[REMOVED_PASSAGES]!.results.map((r) => Number(r.id)).sort((a, b) => a - b);
}

/** Live articles and passages, for /healthz. */
export async function indexStats(db: D1Database): Promise<{ articles: number; chunks: number }> {
  const row = await db
    .prepare('SELECT (SELECT count(*) FROM articles) AS articles, passages AS chunks FROM stats WHERE id = 1')
    .first<{ articles: number; chunks: number }>();
  return { articles: row?.articles ?? 0, chunks: row?.chunks ?? 0 };
}

/** Positions in the batch of {@link removalStatements}' results that are read back. */
const REMOVED_PASSAGES = 2;
const REMOVED_ARTICLE = 3;
const REMOVAL_COUNT = 4;

/** The article's current rows out, statistics first (they are computed from the rows about to go). */
function removalStatements(db: D1Database, id: string): D1PreparedStatement[] {
  return [
    db
      .prepare(
        `UPDATE stats SET
           passages = passages - (SELECT count(*) FROM passages WHERE article_id = ?1),
           total_length = total_length - (SELECT coalesce(sum(length), 0) FROM passages WHERE article_id = ?1)
         WHERE id = 1`,
      )
      .bind(id),
    db.prepare('DELETE FROM passage_terms WHERE rowid IN (SELECT id FROM passages WHERE article_id = ?1)').bind(id),
    db.prepare('DELETE FROM passages WHERE article_id = ?1 RETURNING id').bind(id),
    db.prepare('DELETE FROM articles WHERE id = ?1 RETURNING id').bind(id),
  ];
}

interface PassageDocument extends FtsDocument {
  chunk: Chunk;
}

/** INSERTs of the passages, as many rows per statement as D1's limits allow; each returns its new doc numbers. */
function passageStatements(db: D1Database, articleId: string, documents: PassageDocument[]): D1PreparedStatement[] {
  const head = 'INSERT INTO passages (article_id, position, text, tokens, start, "end", length) VALUES ';
  const rows = documents.map(({ chunk, tokens, length }) => [chunk.n, chunk.text, tokens, chunk.start, chunk.end, length]);
  return groupRows(head, rows, { shared: 1, tail: ' RETURNING id', rowPrefix: '?1, ' }).map(({ sql, values }) =>
    db.prepare(sql).bind(articleId, ...values),
  );
}

/**
 * INSERTs of the passages' terms under their new doc numbers, found by position: the numbers
 * are D1's, assigned earlier in the same batch.
 */
function termStatements(db: D1Database, articleId: string, documents: PassageDocument[]): D1PreparedStatement[] {
  const head = 'INSERT INTO passage_terms (rowid, terms) SELECT p.id, v.column2 FROM (VALUES ';
  const tail = ') AS v JOIN passages p ON p.article_id = ?1 AND p.position = v.column1';
  const rows = documents.map(({ chunk, terms }) => [chunk.n, terms]);
  return groupRows(head, rows, { shared: 1, tail }).map(({ sql, values }) => db.prepare(sql).bind(articleId, ...values));
}

function articleStatement(db: D1Database, article: ArticleRecord, chunkCount: number): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO articles (id, title, url, published_at, category, hash, indexed_at, suggestions, first_doc, chunk_count)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, (SELECT min(id) FROM passages WHERE article_id = ?1), ?9)`,
    )
    .bind(
      article.id,
      article.title,
      article.url,
      article.publishedAt,
      article.category ?? null,
      article.hash ?? null,
      article.indexedAt ?? null,
      article.suggestions ? JSON.stringify(article.suggestions) : null,
      chunkCount,
    );
}

type Value = string | number;

interface GroupOptions {
  /** Parameters ?1…?shared every statement binds before the rows' values. */
  shared: number;
  /** SQL after the last row. */
  tail?: string;
  /** SQL at the start of every row's tuple, such as a shared parameter. */
  rowPrefix?: string;
}

/** Multi-row VALUES statements within {@link D1_LIMITS}: `head` + "(?, ?…), (…)" + `tail`. */
function groupRows(head: string, rows: Value[][], options: GroupOptions): { sql: string; values: Value[] }[] {
  const { shared: fixed, tail = '', rowPrefix = '' } = options;
  const groups: { sql: string; values: Value[] }[] = [];
  let tuples: string[] = [];
  let values: Value[] = [];
  let bytes = 0;
  const flush = () => {
    if (tuples.length > 0) groups.push({ sql: `${head}${tuples.join(', ')}${tail}`, values });
    tuples = [];
    values = [];
  };
  for (const row of rows) {
    const rowBytes = row.reduce<number>((sum, v) => sum + utf8Bytes(v) + 8, rowPrefix.length + 4);
    const tooMany = fixed + values.length + row.length > D1_LIMITS.parameters;
    const tooLarge = head.length + tail.length + bytes + rowBytes > D1_LIMITS.statementBytes;
    if (tuples.length > 0 && (tooMany || tooLarge)) flush();
    if (tuples.length === 0) bytes = 0;
    const first = fixed + values.length + 1;
    tuples.push(`(${rowPrefix}${row.map((_, i) => `?${first + i}`).join(', ')})`);
    values.push(...row);
    bytes += rowBytes;
  }
  flush();
  return groups;
}

/** UTF-8 length of a value as bound (numbers: a generous 8). */
function utf8Bytes(value: Value): number {
  if (typeof value === 'number') return 8;
  let bytes = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
  }
  return bytes;
}
