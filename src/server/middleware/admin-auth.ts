/**
 * Admin routes (adding and removing articles) take a bearer token, checked by
 * hono/bearer-auth in constant time: without `Authorization: Bearer $HOIDAP_ADMIN_TOKEN` they
 * answer 401 `unauthorized`. With no token configured they are off: 403 `admin_disabled`, and
 * the server says so in its start-up log.
 *
 * What is admin: every method on every path under `/api/articles` (the newsroom's article API,
 * reads included: they show index internals) and `/api/admin`. The widget's public reads live
 * elsewhere (`/api/widget/:id`).
 *
 * @example
 * app.use('/api/*', adminAuth({ token: config.adminToken }));
 */
import type { MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { HTTPException } from 'hono/http-exception';
import { errorResponse } from '../errors.js';

/** The path prefixes of admin routes. */
const ADMIN_PREFIXES = ['/api/articles', '/api/admin'] as const;

/**
 * True for requests to admin routes: they get a token check and never CORS. Matched on the
 * decoded path Hono routes by, so `/api/%61rticles` is caught too.
 */
export function isAdminRequest(path: string): boolean {
  return ADMIN_PREFIXES.some((prefix) => underPrefix(path, prefix));
}

function underPrefix(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

export interface AdminAuthOptions {
  /** The admin token; undefined disables admin routes. */
  token: string | undefined;
}

export function adminAuth(options: AdminAuthOptions): MiddlewareHandler {
  const { token } = options;
  if (token === undefined) return async (c, next) => (isAdminRequest(c.req.path) ? errorResponse(c, 403, 'admin_disabled') : next());
  const auth: MiddlewareHandler = bearerAuth({ token, realm: 'hoidap-admin' });
  return async (c, next) => {
    if (!isAdminRequest(c.req.path)) return next();
    // Admin answers are never cached, not even the refusals.
    c.header('Cache-Control', 'no-store');
    try {
      return await auth(c, next);
    } catch (error) {
      // bearer-auth throws its refusals; they become the API's JSON error, keeping the challenge.
      // A malformed header (its 400) is as unauthorized as a missing one: no detail for a prober.
      if (!(error instanceof HTTPException) || (error.status !== 401 && error.status !== 400)) throw error;
      const challenge = error.getResponse().headers.get('WWW-Authenticate');
      if (challenge) c.header('WWW-Authenticate', challenge);
      return errorResponse(c, 401, 'unauthorized');
    }
  };
}
