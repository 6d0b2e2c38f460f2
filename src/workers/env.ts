/**
 * The Worker's bindings and variables, as wrangler.toml declares them. Production binds Workers
 * AI, Vectorize, D1, a Queue and the rate-limiting binding; the test environment (`[env.test]`)
 * binds the same names to stand-ins (./standins/) where Cloudflare offers no local simulation.
 */
import type { D1Database, Queue, RateLimit, Vectorize } from '@cloudflare/workers-types/index.ts';
import type { Article } from '../corpus/article.js';

/** One message of a Workers AI text-generation call. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/**
 * What the Worker asks of Workers AI: text embeddings (`@cf/baai/bge-m3`: `{ shape, data }`),
 * and with `HOIDAP_ANSWERER=llm` answers from a text-generation model, whole or streamed.
 */
export interface WorkersAi {
  run(model: string, inputs: { text: string | string[] }): Promise<{ shape?: number[]; data?: number[][] }>;
  run(model: string, inputs: { messages: ChatMessage[]; max_tokens?: number; stream?: false }): Promise<{ response?: unknown }>;
  run(model: string, inputs: { messages: ChatMessage[]; max_tokens?: number; stream: true }): Promise<ReadableStream<Uint8Array>>;
}

/** One change for the queue consumer (src/workers/queue.ts); the admin routes validated it already. */
export type ArticleMessage = { op: 'put'; article: Article } | { op: 'delete'; id: string };

export interface Env {
  /** Passages, articles, their full-text index and feedback (migrations/). */
  DB: D1Database;
  /** Question and passage embeddings; a stand-in in `[env.test]`. */
  AI: WorkersAi;
  /** Passage vectors with an `articleId` metadata index; a stand-in in `[env.test]`. */
  VECTORIZE: Vectorize;
  /** Article changes from the admin routes to the queue consumer. */
  ARTICLE_QUEUE: Queue<ArticleMessage>;
  /** Per-client limit of /api/ask and /api/feedback (its limit and period are in wrangler.toml). */
  RATE_LIMITER?: RateLimit;
  /** Bearer token of the admin routes (`wrangler secret put HOIDAP_ADMIN_TOKEN`); admin routes are off without it. */
  HOIDAP_ADMIN_TOKEN?: string;
  /** Site origins whose pages may call the API from a browser, comma-separated. */
  HOIDAP_ALLOWED_ORIGINS?: string;
  /** "lexical" turns the vector half off (no Workers AI call per question); hybrid by default. */
  HOIDAP_RETRIEVER?: string;
  /** "llm": answers written by a Workers AI text-generation model (extractive when it fails); extractive by default. */
  HOIDAP_ANSWERER?: string;
  /** The text-generation model of `HOIDAP_ANSWERER=llm` (default in src/workers/workers-ai-chat.ts). */
  HOIDAP_LLM_MODEL?: string;
  /** What /healthz names as the embedding model; the stand-in environment says it is one. */
  HOIDAP_MODEL_LABEL?: string;
  /**
   * Postings a question's full-text MATCH may read (src/workers/d1-lexical.ts; default 20,000).
   * Larger keeps the ranking identical to Node's on large archives, at more D1 time (bench/RESULTS.md).
   */
  HOIDAP_MATCH_POSTINGS?: string;
}
