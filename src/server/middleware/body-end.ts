/**
 * When is a request over? For a JSON answer, when the handler returns its Response. For a
 * stream of events (`text/event-stream`, /api/ask/stream), only when the last byte is sent or
 * the reader leaves: the handler returns at once and the answer is written afterwards. The
 * concurrency ceiling, the deadline and the request log all need the real end, so they ask here.
 *
 * @example
 * await next();
 * const body = trackBody(c);
 * void body.done.then(release);          // after the stream, or at once for JSON
 * setTimeout(() => body.cancel(), 1000); // a stream that ignores its deadline is cut
 */
import type { Context } from 'hono';

export interface TrackedBody {
  /** Settles once the body has been sent in full, cancelled by the reader, or failed. Never rejects. */
  done: Promise<void>;
  /** Ends the stream now (the reader sees it close). No-op for bodies that are not streams. */
  cancel: (reason?: unknown) => void;
}

const FINISHED: TrackedBody = { done: Promise.resolve(), cancel: () => {} };

/** True for responses whose body is written after the handler returned. */
function isEventStream(res: Response): boolean {
  return res.body !== null && (res.headers.get('content-type') ?? '').startsWith('text/event-stream');
}

/**
 * Wraps `c.res`'s body when it is an event stream, so its end can be observed and forced. Each
 * caller wraps once; wrappers nest (the outermost is the one the server reads).
 */
export function trackBody(c: Context): TrackedBody {
  const res = c.res;
  if (!isEventStream(res)) return FINISHED;
  const reader: ReadableStreamDefaultReader<Uint8Array> = res.body!.getReader();
  let settle!: () => void;
  const done = new Promise<void>((resolve) => (settle = resolve));
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let over = false;
  const finish = () => {
    if (over) return false;
    over = true;
    settle();
    return true;
  };
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    async pull(c) {
      try {
        const step = await reader.read();
        if (over) return;
        if (step.done) {
          finish();
          c.close();
        } else c.enqueue(step.value);
      } catch (error) {
        if (finish()) c.error(error);
      }
    },
    async cancel(reason) {
      finish();
      await reader.cancel(reason).catch(() => {});
    },
  });
  c.res = new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  return {
    done,
    cancel: (reason) => {
      if (!finish()) return;
      controller.close();
      void reader.cancel(reason).catch(() => {});
    },
  };
}
