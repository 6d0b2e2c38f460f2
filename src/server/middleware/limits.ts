/**
 * Request body size limit, on hono/body-limit: a body over the limit is refused with 413
 * `body_too_large` before anything parses it. A declared `Content-Length` over the limit is
 * refused without reading a byte; a chunked body is counted as it arrives and refused at the
 * first byte past the limit, so at most `maxBytes` is ever held per request.
 *
 * The answer asks the client to close the connection: the rest of an oversized upload is not
 * worth reading just to keep the connection alive.
 *
 * (The question length limit is checked on the parsed body, in `validateAskBody`.)
 *
 * @example
 * app.use('/api/ask', limitBody(16 * 1024));
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorResponse } from '../errors.js';

export function limitBody(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) => {
      c.header('Connection', 'close');
      return errorResponse(c, 413, 'body_too_large', { max: maxBytes });
    },
  });
}
