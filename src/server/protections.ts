/**
 * Everything that keeps the public API standing on a busy news site, composed in one place and
 * in one order. Each concern is a module in `middleware/`; this file decides where each applies:
 *
 * | order | what | where | answers |
 * | --- | --- | --- | --- |
 * | 1 | request id, request log | everything | `X-Request-Id`; one JSON line per request |
 * | 2 | security headers | everything | nosniff, CORP (cross-origin for /widget.js), … |
 * | 3 | method check | everything | 405 `method_not_allowed` + `Allow` |
 * | 4 | CORS | /api/* | 403 `origin_not_allowed` for other sites; admin: never CORS |
 * | 5 | rate limit per client | /api/ask + /api/ask/stream, /api/feedback | 429 `rate_limited` + `Retry-After` |
 * | 6 | concurrency ceiling, event-loop lag | /api/* | 503 `overloaded` + `Retry-After` (deliberate shedding) |
 * | 7 | admin token | admin routes | 401 `unauthorized`, 403 `admin_disabled` |
 * | 8 | body size | everything (feedback, admin: larger) | 413 `body_too_large` |
 * | 9 | deadline | /api/ask, /api/ask/stream | 504 `timeout`; the handler's signal aborts |
 *
 * Cheap refusals come first, so a flood costs as little as possible: a rate-limited client never
 * takes a concurrency slot, an unauthenticated one never uploads a byte into memory.
 *
 * The limits are one typed object with defaults merged once here ({@link DEFAULT_LIMITS});
 * src/config.ts fills it from HOIDAP_* variables.
 *
 * @example
 * const app = new Hono();
 * useProtections(app, { limits: { rateLimit: 3 }, clientIp: nodeClientIp(1), allowedOrigins: ['https://tintuc.vn'] });
 * app.post('/api/ask', …);
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { requestId } from 'hono/request-id';
import { DEFAULT_MAX_INPUT_BYTES } from '../corpus/limits.js';
import { errorResponse } from './errors.js';
import { FEEDBACK_LIMITS } from './feedback.js';
import { adminAuth, isAdminRequest } from './middleware/admin-auth.js';
import { shedOverCapacity, type Shedder } from './middleware/concurrency.js';
import { apiCors } from './middleware/cors.js';
import { limitBody } from './middleware/limits.js';
import { rateLimit, type RateLimitStore } from './middleware/rate-limit.js';
import { requestLog, type RequestLogEntry } from './middleware/request-log.js';
import { securityHeaders } from './middleware/secure-headers.js';
import { askDeadline } from './middleware/timeout.js';

export interface Limits {
  /** Largest request body of a question (and of any other non-admin route), in bytes (HOIDAP_MAX_BODY_BYTES). */
  maxBodyBytes: number;
  /** Largest body of a feedback request, in bytes: it carries the answer and its citations back. */
  maxFeedbackBodyBytes: number;
  /**
   * Largest request body of admin routes (an article, a JSONL batch), in bytes: the corpus
   * readers' limit of one input (HOIDAP_MAX_FILE_BYTES). The admin routes rely on this check alone.
   */
  maxAdminBodyBytes: number;
  /**
   * Requests per client address per window (HOIDAP_RATE_LIMIT): questions (/api/ask and
   * /api/ask/stream together) and feedback each have their own budget. 0 turns it off.
   */
  rateLimit: number;
  /** The rate limit's window, in milliseconds (HOIDAP_RATE_LIMIT_WINDOW_MS). */
  rateLimitWindowMs: number;
  /** Requests in flight on /api/* at most; more are shed with 503 (HOIDAP_MAX_CONCURRENT). */
  maxConcurrent: number;
  /** `Retry-After` of a shed request, in seconds. */
  shedRetryAfterSeconds: number;
  /** Deadline of one question, JSON or stream, in milliseconds (HOIDAP_ASK_TIMEOUT_MS). */
  askTimeoutMs: number;
}

export const DEFAULT_LIMITS: Limits = {
  // The largest valid question: 1,000 characters plus 5 turns of history of 2,000 + 2,000
  // characters, at most 3 bytes each in UTF-8: ~63 KB of JSON. Anything bigger is not a question.
  maxBodyBytes: 64 * 1024,
  maxFeedbackBodyBytes: FEEDBACK_LIMITS.body,
  maxAdminBodyBytes: DEFAULT_MAX_INPUT_BYTES,
  // A reader asks a few questions a minute; 30 lets a newsroom demo run, stops a script.
  rateLimit: 30,
  rateLimitWindowMs: 60_000,
  // On 2 cores an extractive answer takes ~5–20 ms: 32 in flight is already a queue of ~0.5 s.
  maxConcurrent: 32,
  shedRetryAfterSeconds: 1,
  askTimeoutMs: 10_000,
};

export interface ProtectionOptions {
  /** Overrides of {@link DEFAULT_LIMITS}. */
  limits?: Partial<Limits>;
  /**
   * The client's address, from the runtime (Node: src/node/client-ip.ts, which applies
   * HOIDAP_TRUST_PROXY). Without it clients cannot be told apart, so there is no rate limit
   * (one shared budget would let one bot lock every reader out).
   */
  clientIp?: (c: Context) => string | undefined;
  /**
   * The runtime's shared rate-limit counter (Workers: the rate-limiting binding, whose own limit
   * and period apply); without it each process counts in memory with `limits.rateLimit`.
   */
  rateLimitStore?: RateLimitStore;
  /** Site origins allowed to call the API from a browser (HOIDAP_ALLOWED_ORIGINS); none by default. */
  allowedOrigins?: readonly string[];
  /** Token of the admin routes (HOIDAP_ADMIN_TOKEN); without it they are disabled. */
  adminToken?: string | undefined;
  /** Paths other sites may embed (served with CORP cross-origin); default ['/widget.js']. */
  crossOriginPaths?: readonly string[];
  /** Where the per-request log lines go; no request log without it. */
  logRequest?: (entry: RequestLogEntry) => void;
  /**
   * The runtime's saturation probe (Node: event-loop lag over HOIDAP_MAX_LAG_MS): when true,
   * /api/* requests are shed like over the ceiling.
   */
  isBusy?: () => boolean;
}

/** The public routes under the rate limit and the deadline. */
const ASK_ROUTES = ['/api/ask', '/api/ask/stream'] as const;
const FEEDBACK_ROUTE = '/api/feedback';

export interface Protections {
  limits: Limits;
  /** Requests in flight now (for health checks and tests). */
  inFlight: () => number;
}

/** Installs the middleware on `app`. Call it before adding routes: Hono runs middleware in registration order. */
export function useProtections(app: Hono, options: ProtectionOptions = {}): Protections {
  const limits = resolveLimits(options.limits);
  const clientIp = options.clientIp ?? (() => undefined);

  app.use('*', requestId());
  if (options.logRequest) app.use('*', requestLog({ write: options.logRequest, clientIp }));
  app.use('*', securityHeaders(options.crossOriginPaths ? { crossOriginPaths: options.crossOriginPaths } : {}));
  app.use(
    '*',
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) => {
        c.header('Allow', methods.join(', '));
        return errorResponse(c, 405, 'method_not_allowed', { method: c.req.method.slice(0, 16) });
      },
    }),
  );
  app.use('/api/*', apiCors({ allowedOrigins: options.allowedOrigins ?? [] }));

  if (options.clientIp) {
    const shared = (scope: string) => (options.rateLimitStore ? { store: options.rateLimitStore, scope } : {});
    const askLimit = rateLimit({ limit: limits.rateLimit, windowMs: limits.rateLimitWindowMs, clientIp, ...shared('ask') });
    for (const route of ASK_ROUTES) app.use(route, askLimit);
    app.use(FEEDBACK_ROUTE, rateLimit({ limit: limits.rateLimit, windowMs: limits.rateLimitWindowMs, clientIp, ...shared('feedback') }));
  }

  const shedder: Shedder = shedOverCapacity({
    maxInFlight: limits.maxConcurrent,
    retryAfterSeconds: limits.shedRetryAfterSeconds,
    ...(options.isBusy ? { isBusy: options.isBusy } : {}),
  });
  app.use('/api/*', shedder);
  app.use('*', adminAuth({ token: options.adminToken }));

  const publicBody = limitBody(limits.maxBodyBytes);
  const feedbackBody = limitBody(limits.maxFeedbackBodyBytes);
  const adminBody = limitBody(limits.maxAdminBodyBytes);
  const limitByRoute: MiddlewareHandler = (c, next) => {
    const limit = isAdminRequest(c.req.path) ? adminBody : c.req.path === FEEDBACK_ROUTE ? feedbackBody : publicBody;
    return limit(c, next);
  };
  app.use('*', limitByRoute);

  const deadline = askDeadline({ ms: limits.askTimeoutMs });
  for (const route of ASK_ROUTES) app.use(route, deadline);

  return { limits, inFlight: shedder.inFlight };
}

/** The defaults with the given overrides (undefined ones ignored), checked once. */
export function resolveLimits(overrides: Partial<Limits> = {}): Limits {
  const limits = { ...DEFAULT_LIMITS };
  for (const [key, value] of Object.entries(overrides) as [keyof Limits, number | undefined][]) {
    if (value !== undefined) limits[key] = value;
  }
  for (const [key, value] of Object.entries(limits)) {
    const min = key === 'rateLimit' ? 0 : 1;
    if (!Number.isInteger(value) || value < min) throw new RangeError(`limits.${key} must be a whole number ≥ ${min}, not ${value}`);
  }
  return limits;
}
