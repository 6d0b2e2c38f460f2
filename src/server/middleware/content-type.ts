/**
 * A route that reads a body says which media types it reads; any other `Content-Type`, or none,
 * is refused with 415 `unsupported_media_type` before a byte of the body is parsed, and the
 * error says which header to send. Without it a `text/plain` or form-encoded body that happened
 * to hold JSON was answered, so a client that forgot the header worked by accident and broke on
 * the first proxy or framework that did not guess. It also keeps the public POSTs out of the
 * browser's "simple requests": a page must ask for `application/json`, which takes a CORS
 * preflight, so another site's page cannot post to them unseen.
 *
 * A `charset` other than UTF-8 is refused too: the body is decoded as UTF-8 whatever it says,
 * and Vietnamese text in a legacy encoding would be answered as mojibake.
 *
 * @example
 * app.post('/api/ask', requireContentType(JSON_TYPES), handler);
 * app.post('/api/articles/batch', requireContentType(JSONL_TYPES), handler);
 */
import type { MiddlewareHandler } from 'hono';
import { errorResponse } from '../errors.js';

/** A JSON body. */
export const JSON_TYPES = ['application/json'] as const;

/**
 * JSON Lines: the names in use (none is registered), and plain JSON, which a one-line batch is
 * and which clients that know no other name send.
 */
export const JSONL_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/x-jsonlines', 'application/json'] as const;

/** The media type (lower case, no parameters) and whether its charset, if it names one, is UTF-8. */
export function parseContentType(header: string): { type: string; utf8: boolean } {
  const [type = '', ...params] = header.split(';');
  let utf8 = true;
  for (const param of params) {
    const [name = '', value = ''] = param.split('=');
    if (name.trim().toLowerCase() !== 'charset') continue;
    const charset = value
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
    utf8 = charset === 'utf-8' || charset === 'utf8';
  }
  return { type: type.trim().toLowerCase(), utf8 };
}

/** Refuses requests whose `Content-Type` is not one of `accepted` (the first is the one the error asks for). */
export function requireContentType(accepted: readonly [string, ...string[]]): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header('content-type');
    const parsed = header === undefined ? undefined : parseContentType(header);
    if (parsed && parsed.utf8 && accepted.includes(parsed.type)) return next();
    // What was sent is echoed (shortened) so the engineer sees the mismatch; it is a header the client wrote.
    const got = header === undefined ? 'no Content-Type' : `"Content-Type: ${header.slice(0, 100)}"`;
    return errorResponse(c, 415, 'unsupported_media_type', { expected: accepted[0], got });
  };
}
