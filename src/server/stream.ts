/**
 * POST /api/ask/stream: the answer as Server-Sent Events, in the order the widget renders it.
 *
 *   event: meta        data: {"answerer":"extractive","scope":"article"}           (understoodAs when restored)
 *   event: citations   data: {"citations":[{"n":1,"articleId":…,"passage":…},…]}
 *   event: short       data: {"shortAnswer":{"text":"10/11","n":1,…},"confidence":0.82}  (extractive: before the text)
 *   event: text        data: {"text":"Tại Thủ đô Santiago de Chile, "}            (one per piece, in order)
 *   event: done        data: {"response":{"answer":…,"found":true,"citations":[…],…}}  (same as POST /api/ask)
 *   event: error       data: {"code":"internal","message":"…","messageEn":"…"}      (instead of done)
 *
 * The body is the one POST /api/ask takes, validated the same way before the stream opens,
 * so a bad request still gets a JSON 400. A POST (not EventSource, which can only GET) lets
 * the widget send the question and history as JSON; it reads the stream with fetch.
 * When the reader goes away, the generation is aborted: an LLM answerer stops spending tokens.
 *
 * @example
 * app.post('/api/ask/stream', (c) => streamAnswer(c, qa.askStream.bind(qa), request, console.error));
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AskRequest, StreamEvent } from '../contract.js';
import { apiError } from './errors.js';

export type AskStream = (request: AskRequest, signal?: AbortSignal) => AsyncGenerator<StreamEvent>;

export function streamAnswer(
  c: Context,
  askStream: AskStream,
  request: AskRequest,
  logError: (error: unknown) => void,
  /** Fires when the reader leaves or a deadline passes (a TimeoutError reason); the request's own by default. */
  signal: AbortSignal = c.req.raw.signal,
): Response {
  const abort = new AbortController();
  const stop = () => abort.abort(signal.reason);
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });
  // Proxies such as nginx buffer responses by default, which would deliver the pieces all at once.
  c.header('X-Accel-Buffering', 'no');
  return streamSSE(c, async (stream) => {
    // The stream is cancelled when the connection closes, sometimes before the request signal fires.
    stream.onAbort(() => abort.abort());
    try {
      for await (const event of askStream(request, abort.signal)) {
        // Leaving the loop closes the generator, which ends the answerer's work.
        if (abort.signal.aborted) break;
        const { type, ...data } = event;
        await stream.writeSSE({ event: type, data: JSON.stringify(data) });
      }
    } catch (error) {
      if (!abort.signal.aborted) {
        logError(error);
        await stream.writeSSE({ event: 'error', data: JSON.stringify(apiError('internal').error) });
      }
    } finally {
      signal.removeEventListener('abort', stop);
    }
    // A deadline, unlike a reader who left, still has someone listening: tell them why it ended.
    const reason: unknown = abort.signal.reason;
    if (abort.signal.aborted && reason instanceof Error && reason.name === 'TimeoutError' && !stream.aborted) {
      const ms = (reason as Error & { ms?: number }).ms ?? 0;
      await stream.writeSSE({ event: 'error', data: JSON.stringify(apiError('timeout', { ms }).error) });
    }
  });
}
