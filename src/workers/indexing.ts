/**
 * One article change applied to the Workers index, as the queue consumer runs it: chunk, write
 * D1 in one batch (old rows out, new rows in), embed the new passages and upsert their vectors,
 * delete the vectors of the passages that went. The same steps as the Node index
 * (src/index/live.ts): the same chunks, content hash, embedded text and suggested questions.
 *
 * Every step can be run again: a retried message finds the article unchanged in D1 and only
 * embeds the passages whose vectors are missing, so a failure between D1 and Vectorize heals on
 * the retry. A deletion whose vector call failed leaves orphan vectors, which retrieval ignores
 * (their passages are gone from D1).
 *
 * @example
 * await applyChange({ db: env.DB, vectors: env.VECTORIZE, embedder }, { op: 'put', article });
 */
import type { D1Database, Vectorize } from '@cloudflare/workers-types/index.ts';
import type { Article } from '../corpus/article.js';
import { chunkArticle } from '../corpus/chunk.js';
import { articleHash } from '../index/article-hash.js';
import { passageEmbeddingText, type PassageEmbedder } from '../index/build.js';
import { articleRecord, type ArticleRecord } from '../index/live.js';
import { Suggester } from '../index/suggest-check.js';
import { deleteArticle, writeArticle } from './d1-index.js';
import type { ArticleMessage } from './env.js';
import { deletePassageVectors, storedVectorIds, upsertPassageVectors } from './vectorize.js';

export interface IndexingDeps {
  db: D1Database;
  /** Absent when the Worker runs lexical only: nothing is embedded. */
  vectors?: Vectorize;
  embedder?: PassageEmbedder;
  /** The clock, for indexedAt; tests fix it. */
  now?: () => Date;
}

export type ChangeResult =
  | { op: 'put'; id: string; status: 'added' | 'updated' | 'unchanged'; chunks: number; embedded: number }
  | { op: 'delete'; id: string; deleted: boolean };

/**
 * Suggested questions are picked by wording alone: checking them with the reader needs the
 * whole index's idf, which the Node build has in memory and D1 would have to be asked for term
 * by term.
 */
const suggester = new Suggester();

export async function applyChange(deps: IndexingDeps, message: ArticleMessage): Promise<ChangeResult> {
  if (message.op === 'delete') {
    const removed = await deleteArticle(deps.db, message.id);
    if (removed?.length && deps.vectors) await deletePassageVectors(deps.vectors, removed);
    return { op: 'delete', id: message.id, deleted: removed !== undefined };
  }
  // Awaited here, not passed on: workerd reports a rejection handed up a promise chain as unhandled.
  return await putArticle(deps, message.article);
}

async function putArticle(deps: IndexingDeps, article: Article): Promise<ChangeResult> {
  const chunks = chunkArticle(article);
  if (chunks.length === 0) throw new Error(`Article ${article.id} has no text to index.`);
  const record: ArticleRecord = {
    ...articleRecord(article, await articleHash(article), deps.now?.() ?? new Date()),
    suggestions: suggester.suggest(article),
  };
  const written = await writeArticle(deps.db, record, chunks);
  let embedded = 0;
  if (deps.vectors && deps.embedder) {
    // Unchanged in D1 may still lack vectors: a retry of a change whose upsert failed.
    const have = written.status === 'unchanged' ? await storedVectorIds(deps.vectors, written.docs) : new Set<number>();
    const missing = written.docs.flatMap((doc, i) => (have.has(doc) ? [] : [{ doc, chunk: chunks[i]! }]));
    if (missing.length) {
      const vectors = await deps.embedder.embedPassages(missing.map((m) => passageEmbeddingText(article.title, m.chunk.text)));
      await upsertPassageVectors(
        deps.vectors,
        article.id,
        missing.map((m) => m.doc),
        vectors,
      );
      embedded = missing.length;
    }
    if (written.removed.length) await deletePassageVectors(deps.vectors, written.removed);
  }
  return { op: 'put', id: article.id, status: written.status, chunks: chunks.length, embedded };
}
