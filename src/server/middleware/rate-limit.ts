/**
 * Per-client rate limit for the public endpoints, on hono-rate-limiter with its in-memory store:
 * a fixed window per client address (IPv6 by /64, see client-ip.ts). Over the limit the answer is
 * 429 with `Retry-After` (seconds until the window resets) and the `RateLimit-*` headers, in the
 * API's JSON error shape.
 *
 * The memory store is per process: with several server processes each counts on its own, so the
 * effective limit is the configured one times the process count. It forgets a client one to two
 * windows after its last request, so memory stays proportional to the clients of the last minute.
 *
 * A runtime with a shared counter passes it as `store` instead (Workers: the rate-limiting
 * binding, see src/workers/app.ts). Such a counter only says whether a request is within the
 * limit, so the answer over it has `Retry-After` of one window and no `RateLimit-*` headers.
 *
 * @example
 * app.use('/api/ask', rateLimit({ limit: 30, windowMs: 60_000, clientIp: (c) => '203.0.113.9' }));
 * app.use('/api/ask', rateLimit({ limit: 30, windowMs: 60_000, clientIp, store: async (key) => (await env.RATE_LIMITER.limit({ key })).success }));
 */
import type { Context, MiddlewareHandler } from 'hono';
import { MemoryStore, rateLimiter } from 'hono-rate-limiter';
import { errorResponse } from '../errors.js';
import { rateLimitKey } from './client-ip.js';

export interface RateLimitOptions {
  /** Requests per client per window; 0 turns the limit off. */
  limit: number;
  windowMs: number;
  /** The client's address; when it returns undefined the request goes to one shared "unknown" bucket. */
  clientIp: (c: Context) => string | undefined;
  /**
   * A counter shared outside this process, asked once per request: true while the key is within
   * its limit. Without it, hono-rate-limiter's in-memory store counts (the limit and window above).
   */
  store?: RateLimitStore;
  /** Prefix of the keys given to `store`, so routes with budgets of their own do not share one. */
  scope?: string;
}

/** Counts one request of `key`; resolves true while the key is within its limit. */
export type RateLimitStore = (key: string) => Promise<boolean>;

export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  if (options.limit <= 0) return async (_c, next) => next();
  if (options.store) return sharedRateLimit(options, options.store);
  return rateLimiter({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-6',
    store: new MemoryStore(),
    keyGenerator: (c) => rateLimitKey(options.clientIp(c)),
    handler: (c) => {
      const reset = (c.get('rateLimit') as { resetTime?: Date } | undefined)?.resetTime;
      const seconds = Math.max(1, Math.ceil(((reset?.getTime() ?? Date.now() + options.windowMs) - Date.now()) / 1000));
      c.header('Retry-After', String(seconds));
      return errorResponse(c, 429, 'rate_limited', { seconds });
    },
  });
}

/** The limit kept by a shared counter: over it, 429 with `Retry-After` of one window (its reset time is not known). */
function sharedRateLimit(options: RateLimitOptions, store: RateLimitStore): MiddlewareHandler {
  const seconds = Math.max(1, Math.ceil(options.windowMs / 1000));
  return async (c, next) => {
    const key = `${options.scope ? `${options.scope}:` : ''}${rateLimitKey(options.clientIp(c))}`;
    if (await store(key)) return next();
    c.header('Retry-After', String(seconds));
    return errorResponse(c, 429, 'rate_limited', { seconds });
  };
}
