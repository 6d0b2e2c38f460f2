/**
 * The admin API's changes on Workers (src/server/admin.ts validates them exactly as on Node):
 * queued for the consumer (./queue.ts), answered 202 `status: queued`. A Worker cannot embed an
 * archive within one request, and a queue retries what fails.
 *
 * An article too large for one queue message (128 KB) is indexed within the request instead and
 * answered with its real status: rare for news, and better than refusing it.
 *
 * @example
 * createApp({ …, admin: queuedAdmin({ queue: env.ARTICLE_QUEUE, articles, indexNow: (m) => applyChange(deps, m) }) });
 */
import type { Queue } from '@cloudflare/workers-types/index.ts';
import type { Article } from '../corpus/article.js';
import type { UpsertResult } from '../index/live.js';
import type { ArticleSource, PassageSource } from '../index/ports.js';
import type { AdminDeps } from '../server/admin.js';
import type { ArticleMessage } from './env.js';
import type { ChangeResult } from './indexing.js';

/** Queue messages are at most 128 KB; this leaves room for the envelope. */
const MAX_MESSAGE_BYTES = 120 * 1024;

export interface QueuedAdminDeps {
  queue: Queue<ArticleMessage>;
  /** Where a removal checks that the article exists (404 otherwise, as on Node). */
  passages: PassageSource;
  /** What GET /api/articles/:id shows. */
  articles: ArticleSource;
  /** Applies a change within the request: for articles too large for a message. */
  indexNow: (message: ArticleMessage) => Promise<ChangeResult>;
}

export function queuedAdmin(deps: QueuedAdminDeps): AdminDeps {
  return {
    upsert: async (article: Article): Promise<UpsertResult | { status: 'queued' }> => {
      const message: ArticleMessage = { op: 'put', article };
      if (new TextEncoder().encode(JSON.stringify(message)).byteLength > MAX_MESSAGE_BYTES) {
        const result = await deps.indexNow(message);
        if (result.op !== 'put') throw new Error('indexNow answered a put with a delete.');
        return { status: result.status, chunks: result.chunks, embedded: result.embedded, reused: result.chunks - result.embedded };
      }
      await deps.queue.send(message, { contentType: 'json' });
      return { status: 'queued' };
    },
    // A removal of an article that is only queued, not indexed yet, is a 404 like on Node: the
    // caller learns it raced its own PUT and can send the DELETE again once it is indexed.
    remove: async (id: string): Promise<boolean | 'queued'> => {
      if (!(await deps.passages.hasArticle(id))) return false;
      await deps.queue.send({ op: 'delete', id }, { contentType: 'json' });
      return 'queued';
    },
    get: async (id: string) => (await deps.articles.article(id))?.article,
  };
}
