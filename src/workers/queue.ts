/**
 * The queue consumer: applies the article changes the admin routes queued, one message at a
 * time in arrival order (two changes of one article in a batch must not interleave). A message
 * that fails is retried (Queues redelivers it later, then to the dead-letter queue after
 * `max_retries`, wrangler.toml); the others of the batch are acknowledged.
 *
 * @example
 * export default { fetch, queue: (batch, env) => consumeArticles(batch, indexingDeps(env)) };
 */
import type { MessageBatch } from '@cloudflare/workers-types/index.ts';
import type { ArticleMessage } from './env.js';
import { applyChange, type ChangeResult, type IndexingDeps } from './indexing.js';

export async function consumeArticles(
  batch: MessageBatch<ArticleMessage>,
  deps: IndexingDeps,
  log: (line: string) => void = console.log,
): Promise<ChangeResult[]> {
  const results: ChangeResult[] = [];
  for (const message of batch.messages) {
    try {
      const result = await applyChange(deps, message.body);
      results.push(result);
      message.ack();
      log(JSON.stringify({ queue: batch.queue, ...result }));
    } catch (error) {
      message.retry();
      const reason = error instanceof Error ? error.message : String(error);
      const id = message.body.op === 'delete' ? message.body.id : message.body.article.id;
      console.error(
        JSON.stringify({ queue: batch.queue, op: message.body.op, id, attempts: message.attempts, retry: true, error: reason }),
      );
    }
  }
  return results;
}
