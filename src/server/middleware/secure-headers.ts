/**
 * Security headers on every response, from hono/secure-headers (nosniff, no framing by other
 * sites, no referrer, same-origin resource policy, …), plus two things of our own:
 *
 * - The widget script is loaded by the news site's pages with `<script src>` from another
 *   origin, which `Cross-Origin-Resource-Policy: same-origin` would block. Paths in
 *   `crossOriginPaths` (default `/widget.js`) get `cross-origin` instead.
 * - JSON says its charset (`application/json; charset=UTF-8`), so no client or proxy decodes
 *   Vietnamese as Latin-1.
 *
 * @example
 * app.use('*', securityHeaders({ crossOriginPaths: ['/widget.js'] }));
 */
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

export interface SecurityHeadersOptions {
  /** Paths other sites may embed (scripts, styles): served with CORP cross-origin. */
  crossOriginPaths?: readonly string[];
}

const DEFAULT_CROSS_ORIGIN_PATHS = ['/widget.js'];

export function securityHeaders(options: SecurityHeadersOptions = {}): MiddlewareHandler {
  const crossOriginPaths = new Set(options.crossOriginPaths ?? DEFAULT_CROSS_ORIGIN_PATHS);
  const sameOrigin = secureHeaders();
  const embeddable = secureHeaders({ crossOriginResourcePolicy: 'cross-origin' });
  return async (c, next) => {
    await (crossOriginPaths.has(c.req.path) ? embeddable : sameOrigin)(c, next);
    if (c.res.headers.get('content-type') === 'application/json') c.res.headers.set('content-type', 'application/json; charset=UTF-8');
  };
}
