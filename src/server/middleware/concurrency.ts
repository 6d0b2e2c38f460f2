/**
 * A ceiling on requests in flight. Past it, a request is answered at once with 503, code
 * `overloaded` and `Retry-After`, instead of waiting in a queue that grows without bound while
 * every waiting reader times out anyway. These 503s are deliberate load shedding, not failures:
 * the soak test counts them apart from other 5xx.
 *
 * Synchronous work (the extractive answerer) queues before the middleware, not inside it: the
 * runtime's `isBusy` probe (Node: event-loop lag, src/node/event-loop.ts) sheds that queue too.
 *
 * A request counts until its answer is over: for a stream of events, until the stream ends;
 * for work the deadline gave up on (timeout.ts), until that work really settles, so abandoned
 * work cannot pile up behind the ceiling's back.
 *
 * @example
 * const shed = shedOverCapacity({ maxInFlight: 32, retryAfterSeconds: 1 });
 * app.use('/api/*', shed);
 * shed.inFlight(); // 0
 */
import type { MiddlewareHandler } from 'hono';
import { errorResponse } from '../errors.js';
import { trackBody } from './body-end.js';
import { PENDING_WORK } from './timeout.js';

export interface ConcurrencyOptions {
  /** Requests in flight at most (at least 1). */
  maxInFlight: number;
  /** What `Retry-After` says to shed clients. */
  retryAfterSeconds: number;
  /** True when the process is saturated whatever the count says (Node: event-loop lag). */
  isBusy?: () => boolean;
}

export type Shedder = MiddlewareHandler & { inFlight: () => number };

export function shedOverCapacity(options: ConcurrencyOptions): Shedder {
  const max = Math.max(1, options.maxInFlight);
  let inFlight = 0;
  const middleware: MiddlewareHandler = async (c, next) => {
    if (inFlight >= max || options.isBusy?.()) {
      c.header('Retry-After', String(options.retryAfterSeconds));
      return errorResponse(c, 503, 'overloaded', { seconds: options.retryAfterSeconds });
    }
    inFlight++;
    let released = false;
    const release = () => {
      if (!released) {
        released = true;
        inFlight--;
      }
    };
    try {
      await next();
    } catch (error) {
      release();
      throw error;
    }
    const pending = c.get(PENDING_WORK);
    void Promise.all([trackBody(c).done, pending]).finally(release);
  };
  return Object.assign(middleware, { inFlight: () => inFlight });
}
