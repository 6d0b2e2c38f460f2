/**
 * The Cloudflare Workers entry (wrangler.toml `main`): questions, the widget, the demo page and
 * the admin API over HTTP (./app.ts), and the queue consumer that indexes the articles the admin
 * API queued (./queue.ts).
 */
import type { ExecutionContext, MessageBatch } from '@cloudflare/workers-types/index.ts';
import { workerServices } from './app.js';
import type { ArticleMessage, Env } from './env.js';
import { consumeArticles } from './queue.js';
import { notConfiguredResponse, schemaApplied } from './schema.js';

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    if (!(await schemaApplied(env.DB))) return notConfiguredResponse();
    return workerServices(env).app.fetch(request, env, ctx);
  },

  async queue(batch: MessageBatch<ArticleMessage>, env: Env): Promise<void> {
    await consumeArticles(batch, workerServices(env).indexing);
  },
};
