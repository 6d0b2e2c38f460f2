/**
 * The widget's calls to the service, all plain CORS-friendly requests: GET for an article's
 * suggestions, and JSON POSTs read with fetch (the answer stream through a body reader).
 *
 * @example
 * const api = new ApiClient('https://hoidap.example.vn');
 * await api.askStream({ question: 'Ai?', articleId: 'bai-1' }, { onText: (t) => show(t) }, signal);
 */
import type { AskResponse, Citation, ShortAnswer, StreamEvent, Turn } from '../contract.js';
import type { FeedbackInput } from '../contract.js';
import { SseParser } from './sse.js';
import { T } from './strings.js';

export interface ArticleInfo {
  id: string;
  title: string;
  url: string;
  publishedAt: string;
  suggestions: string[];
}

export interface AskBody {
  question: string;
  articleId?: string;
  history?: Turn[];
}

/** How the question was understood and where the answer comes from: the stream's first event. */
export type StreamMeta = Omit<Extract<StreamEvent, { type: 'meta' }>, 'type'>;

export interface StreamHandlers {
  onMeta?: (meta: StreamMeta) => void;
  onCitations?: (citations: Citation[]) => void;
  /** The short answer, before the text, when the answerer knows it then (the extractive one does). */
  onShort?: (shortAnswer: ShortAnswer, confidence?: number) => void;
  onText?: (text: string) => void;
}

/**
 * A failure with a message a reader can be shown (Vietnamese, from the server when it sent one).
 * Codes of the widget's own: `offline` (the reader's device has no network), `unreachable`
 * (it has, but the service did not answer), `interrupted` (the stream ended before `done`),
 * `http_<status>` (an error without the service's JSON body, e.g. a proxy's 502 page).
 */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export class ApiClient {
  /** `base` is the service's origin (or origin and path prefix), without a trailing slash. */
  constructor(readonly base: string) {}

  async article(id: string, signal?: AbortSignal): Promise<ArticleInfo> {
    const res = await call(`${this.base}/api/widget/${encodeURIComponent(id)}`, { signal: signal ?? null });
    if (!res.ok) throw await errorOf(res);
    return (await res.json()) as ArticleInfo;
  }

  /** Streams an answer; resolves with the final response (the `done` event), rejects with ApiError. */
  async askStream(body: AskBody, handlers: StreamHandlers, signal?: AbortSignal): Promise<AskResponse> {
    const res = await call(`${this.base}/api/ask/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify(body),
      signal: signal ?? null,
    });
    if (!res.ok) throw await errorOf(res);
    if (!res.body) throw new ApiError('', 'no_body');
    const parser = new SseParser();
    const reader = res.body.getReader();
    // TextDecoder in stream mode keeps a Vietnamese character split across two reads whole.
    const decoder = new TextDecoder();
    let response: AskResponse | undefined;
    for (;;) {
      const { done, value } = await reader.read().catch((error: unknown) => {
        // The connection dropped mid-answer: the answer was coming, so it is not "unavailable".
        throw signal?.aborted ? error : new ApiError('', isOffline() ? 'offline' : 'interrupted');
      });
      // The server closes the stream right after `done`; reading to its end (instead of
      // cancelling) lets the request finish cleanly rather than show up as aborted.
      if (done) break;
      for (const message of parser.push(decoder.decode(value, { stream: true }))) {
        const data = JSON.parse(message.data) as Record<string, unknown>;
        switch (message.event) {
          case 'meta':
            handlers.onMeta?.(data as StreamMeta);
            break;
          case 'citations':
            handlers.onCitations?.(data.citations as Citation[]);
            break;
          case 'short':
            if (data.shortAnswer) {
              handlers.onShort?.(data.shortAnswer as ShortAnswer, typeof data.confidence === 'number' ? data.confidence : undefined);
            }
            break;
          case 'text':
            handlers.onText?.(stringOr(data.text, ''));
            break;
          case 'done':
            response = data.response as AskResponse;
            break;
          case 'error':
            throw new ApiError(stringOr(data.message, ''), stringOr(data.code, 'error'));
        }
      }
    }
    if (response) return response;
    throw new ApiError('', 'interrupted');
  }

  async feedback(body: Omit<FeedbackInput, 'reasons'> & { reasons?: FeedbackInput['reasons'] }): Promise<void> {
    const res = await call(`${this.base}/api/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw await errorOf(res);
  }
}

/**
 * fetch, with its one failure mode (a TypeError, whether the network is down, the service is
 * down or CORS refused) told apart as well as a page can: the browser knows whether it is offline.
 */
async function call(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new ApiError('', isOffline() ? 'offline' : 'unreachable');
  }
}

function isOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}

/**
 * What to tell the reader about a failure: the service's own Vietnamese message when it sent
 * one; else whose fault it is. Only a device without a network is the reader's to fix; a
 * service that does not answer, or answers 5xx without a message, is ours ("unavailable").
 */
export function readerMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return T.errorGeneric;
  if (error.message) return error.message;
  if (error.code === 'offline') return T.errorNetwork;
  if (error.code === 'unreachable' || /^http_5\d\d$/.test(error.code)) return T.errorUnavailable;
  if (error.code === 'interrupted') return T.errorInterrupted;
  return T.errorGeneric;
}

/** The server's {error: {code, message}}, or a bare status when the body is something else. */
async function errorOf(res: Response): Promise<ApiError> {
  try {
    const json = (await res.json()) as { error?: { code?: string; message?: string } };
    return new ApiError(json.error?.message ?? '', json.error?.code ?? `http_${res.status}`);
  } catch {
    return new ApiError('', `http_${res.status}`);
  }
}

/** A field of a stream event that should be a string: anything else is treated as missing. */
function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}
