/**
 * A deadline on every ask. The handler gets an AbortSignal ({@link requestSignal}) that fires at
 * the deadline or when the reader disconnects, and passes it to `qa.ask(request, signal)` /
 * `qa.askStream(request, signal)` so retrieval and generation stop. If the handler has not
 * answered by the deadline, the client gets 504 `timeout` at once, whatever the handler does.
 *
 * Streams: the deadline covers the whole stream. At the deadline the signal fires and the
 * route should end the stream with an `error` event; a stream still open `graceMs` later is cut.
 *
 * Unlike hono/timeout (which only races the handler), the abandoned work is aborted and handed
 * to the concurrency ceiling as pending, so it keeps its slot until it really stops.
 *
 * @example
 * app.use('/api/ask', askDeadline({ ms: 10_000 }));
 * app.post('/api/ask', async (c) => c.json(await qa.ask(request, requestSignal(c))));
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { errorResponse } from '../errors.js';
import { trackBody } from './body-end.js';

declare module 'hono' {
  interface ContextVariableMap {
    /** Fires at the request's deadline or when the client leaves (see timeout.ts). */
    deadlineSignal: AbortSignal;
    /** Work the deadline gave up waiting for; it still holds its concurrency slot until it settles. */
    pendingWork: Promise<unknown>;
  }
}

export const PENDING_WORK = 'pendingWork';
const CLIENT_CLOSED = 499 as ContentfulStatusCode;

export interface DeadlineOptions {
  ms: number;
  /** How long a stream may take to close itself after its deadline before it is cut. */
  graceMs?: number;
}

/** Why a deadline signal fired, as `signal.reason`. */
class DeadlineError extends Error {
  override name = 'TimeoutError';
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

/**
 * The signal a handler passes on to the work it starts: the deadline's when this route has one,
 * else the request's own (which fires when the client disconnects).
 */
export function requestSignal(c: Context): AbortSignal {
  return c.get('deadlineSignal') ?? c.req.raw.signal;
}

/**
 * The answer to a request whose deadline passed (504 `timeout`) or whose client left (499
 * `client_closed`, nginx's "client closed request", so it is not mistaken for a failure of ours;
 * nobody reads it, the log does); undefined while the request is live. The app's error handler
 * uses it too: work that fails because it was aborted is not a bug to log.
 */
export function abandonedResponse(c: Context): Response | undefined {
  const signal = c.get('deadlineSignal');
  if (!signal?.aborted) return undefined;
  if (signal.reason instanceof DeadlineError) return errorResponse(c, 504, 'timeout', { ms: signal.reason.ms });
  return errorResponse(c, CLIENT_CLOSED, 'client_closed');
}

export function askDeadline(options: DeadlineOptions): MiddlewareHandler {
  const graceMs = options.graceMs ?? 1000;
  return async (c, next) => {
    const controller = new AbortController();
    const clientSignal = c.req.raw.signal;
    const onClientGone = () => controller.abort(clientSignal.reason);
    if (clientSignal.aborted) onClientGone();
    else clientSignal.addEventListener('abort', onClientGone, { once: true });
    const timer = setTimeout(() => controller.abort(new DeadlineError(options.ms)), options.ms);
    let cutTimer: ReturnType<typeof setTimeout> | undefined;
    const cleanup = () => {
      clearTimeout(timer);
      clearTimeout(cutTimer);
      clientSignal.removeEventListener('abort', onClientGone);
    };
    c.set('deadlineSignal', controller.signal);

    const work = next();
    const aborted = new Promise<'aborted'>((resolve) => {
      if (controller.signal.aborted) resolve('aborted');
      else controller.signal.addEventListener('abort', () => resolve('aborted'), { once: true });
    });
    const outcome = await Promise.race([work.then(() => 'answered' as const), aborted]);
    if (outcome === 'aborted') {
      cleanup();
      c.set(
        PENDING_WORK,
        work.catch(() => {}),
      );
      return abandonedResponse(c)!;
    }
    const body = trackBody(c);
    controller.signal.addEventListener('abort', () => (cutTimer = setTimeout(() => body.cancel(), graceMs)), { once: true });
    void body.done.then(cleanup);
  };
}
