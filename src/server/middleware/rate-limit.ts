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
 * @example
 * app.use('/api/ask', rateLimit({ limit: 30, windowMs: 60_000, clientIp: (c) => '203.0.113.9' }));
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
}

export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  if (options.limit <= 0) return async (_c, next) => next();
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
