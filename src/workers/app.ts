/**
 * The Hono app on Workers: the same `createApp` as the Node server (src/server/app.ts), wired to
 * D1 (passages, full-text search, feedback), Vectorize and Workers AI (the vector half), the
 * Queue (article changes) and the rate-limiting binding, with the diacritic restorer and the
 * reader bundled as modules. Built once per isolate and environment.
 *
 * @example
 * const { app } = workerServices(env);
 * return app.fetch(request, env, ctx);
 */
import type { Hono } from 'hono';
import { ExtractiveAnswerer } from '../answer/answerer.js';
import { GenerativeAnswerer } from '../answer/generative.js';
import { Reader, type ReaderModel } from '../answer/reader/reader.js';
import { FusedRetriever } from '../index/retriever.js';
import { QaService, type QaOptions } from '../qa.js';
import { createApp, type Health } from '../server/app.js';
import type { ProtectionOptions } from '../server/protections.js';
import { DiacriticRestorer } from '../text/restore/restorer.js';
import { D1FeedbackStore } from './d1-feedback.js';
import { indexStats } from './d1-index.js';
import { D1Lexical, matchBudget } from './d1-lexical.js';
import { D1Passages } from './d1-passages.js';
import type { Env } from './env.js';
import { applyChange, type IndexingDeps } from './indexing.js';
import { queuedAdmin } from './queued-admin.js';
import { VectorizeSource } from './vectorize.js';
import { BGE_M3, WorkersAiEmbedder } from './workers-ai.js';
import { asChatModel, WorkersAiChatModel } from './workers-ai-chat.js';
// Bundled by wrangler.toml's rules: the restorer as a Data module, the widget (built by
// `[build]`) and the reader's model as Text modules.
import restorerBytes from '../../models/hoidap-vi-restore/restorer.bin';
import widgetSource from '../../dist/widget.js';
import readerModel from '../../models/hoidap-reader/reader.json?raw';

/**
 * Decoded at global scope, once per isolate: the 14.8 MB restorer (~0.1 s) and the reader (~0.15 s) are most of a cold start,
 * and Workers give global scope its own startup budget instead of the first request's.
 */
const restorer = DiacriticRestorer.fromBytes(new Uint8Array(restorerBytes));
const reader = new Reader(JSON.parse(readerModel) as ReaderModel);

export interface WorkerServices {
  app: Hono;
  /** What the queue consumer needs to apply a change. */
  indexing: IndexingDeps;
}

/** One set per `env` object: the runtime hands the same one to every request of an isolate. */
const built = new WeakMap<Env, WorkerServices>();

export function workerServices(env: Env): WorkerServices {
  let services = built.get(env);
  if (!services) {
    services = buildServices(env);
    built.set(env, services);
  }
  return services;
}

function buildServices(env: Env): WorkerServices {
  const passages = new D1Passages(env.DB);
  const hybrid = env.HOIDAP_RETRIEVER !== 'lexical';
  const embedder = new WorkersAiEmbedder(env.AI);
  const vectors = hybrid ? { vectors: new VectorizeSource(env.VECTORIZE), embedder } : {};
  const retriever = new FusedRetriever({
    lexical: new D1Lexical(
      env.DB,
      matchBudget(env.HOIDAP_MATCH_POSTINGS, (line) => console.error(line)),
    ),
    passages,
    ...vectors,
  });
  const qa = new QaService({ retriever, restorer, reader: { reader }, log: (line) => console.log(line), ...answering(env) });
  const indexing: IndexingDeps = { db: env.DB, ...(hybrid ? { vectors: env.VECTORIZE, embedder } : {}) };
  const model = hybrid ? (env.HOIDAP_MODEL_LABEL ?? BGE_M3) : null;
  const app = createApp({
    qa,
    health: async (): Promise<Health & { runtime: 'workers' }> => ({ ...(await indexStats(env.DB)), model, runtime: 'workers' }),
    feedback: new D1FeedbackStore(env.DB),
    widget: async () => widgetSource,
    articles: passages,
    admin: queuedAdmin({ queue: env.ARTICLE_QUEUE, passages, articles: passages, indexNow: (m) => applyChange(indexing, m) }),
    ...workerProtections(env),
  });
  return { app, indexing };
}

/**
 * With `HOIDAP_ANSWERER=llm`: a Workers AI model writes the answers and rewrites follow-ups, as
 * on Node (src/node/runtime.ts), with the extractive answer whenever it fails or cites nothing.
 */
function answering(env: Env): Pick<QaOptions, 'answerer' | 'rewriter'> {
  if (env.HOIDAP_ANSWERER !== 'llm') return {};
  const model = new WorkersAiChatModel(env.AI, env.HOIDAP_LLM_MODEL || undefined);
  const answerer = new GenerativeAnswerer({
    model: asChatModel(model),
    fallback: new ExtractiveAnswerer({}, { reader }),
    onFallback: (reason, error) =>
      console.log(JSON.stringify({ llm: model.model, fallback: reason, ...(error instanceof Error ? { error: error.message } : {}) })),
  });
  return { answerer, rewriter: asChatModel(model) };
}

/** Limits, CORS origins, admin token and logs, from the Worker's variables and bindings. */
function workerProtections(env: Env): ProtectionOptions & { logError: (error: unknown) => void } {
  const limiter = env.RATE_LIMITER;
  return {
    // Cloudflare's edge sets it on every request; a client cannot.
    clientIp: (c) => c.req.header('cf-connecting-ip'),
    ...(limiter ? { rateLimitStore: async (key: string) => (await limiter.limit({ key })).success } : {}),
    // The binding's own limit applies (wrangler.toml); this window is its period, for Retry-After.
    limits: { rateLimit: limiter ? 1 : 0, rateLimitWindowMs: 60_000 },
    allowedOrigins: (env.HOIDAP_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    adminToken: env.HOIDAP_ADMIN_TOKEN || undefined,
    // Workers Logs keeps what the Worker writes to the console: one JSON object per line.
    logRequest: (entry) => console.log(JSON.stringify(entry)),
    logError: (error) => {
      const err = error instanceof Error ? error : new Error(String(error));
      console.error(JSON.stringify({ level: 'error', name: err.name, message: err.message, stack: err.stack }));
    },
  };
}
