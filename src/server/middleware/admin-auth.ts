/**
 * Admin routes (adding and removing articles, the editors' insights page) take the admin token,
 * checked in constant time: without it they answer 401 `unauthorized`. With no token configured
 * they are off: 403 `admin_disabled`, and the server says so in its start-up log.
 *
 * The token comes as `Authorization: Bearer $HOIDAP_ADMIN_TOKEN` (scripts, Prometheus) or as
 * the password of HTTP Basic authentication, any user name: an editor opening
 * `/admin/insights` in a browser gets the browser's own login prompt, since a browser cannot
 * send a bearer header from its address bar. Pages under `/admin/` challenge with Basic so the
 * prompt appears; the API challenges with Bearer.
 *
 * What is admin: every method on every path under `/api/articles` (the newsroom's article API,
 * reads included: they show index internals), `/api/admin` and `/admin` (pages for editors).
 * The widget's public reads live elsewhere (`/api/widget/:id`). `requireAdmin` guards one more
 * route wherever it is mounted (`/metrics` with HOIDAP_METRICS=admin).
 *
 * @example
 * app.use('*', adminAuth({ token: config.adminToken }));
 * app.use('/metrics', requireAdmin(config.adminToken));
 */
import type { Context, MiddlewareHandler } from 'hono';
import { basicAuth } from 'hono/basic-auth';
import { bearerAuth } from 'hono/bearer-auth';
import { HTTPException } from 'hono/http-exception';
import { timingSafeEqual } from 'hono/utils/buffer';
import { errorResponse } from '../errors.js';

/** The path prefixes of admin routes. */
const ADMIN_PREFIXES = ['/api/articles', '/api/admin', '/admin'] as const;
/** Admin pages a person opens in a browser: refused with a Basic challenge, so the browser asks for the token. */
const PAGE_PREFIX = '/admin';
const REALM = 'hoidap-admin';

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

/** Guards the admin routes (see {@link isAdminRequest}); other requests pass untouched. */
export function adminAuth(options: AdminAuthOptions): MiddlewareHandler {
  const guard = requireAdmin(options.token);
  return async (c, next) => (isAdminRequest(c.req.path) ? guard(c, next) : next());
}

/** Lets through only requests carrying the admin token, on whatever route it is mounted. */
export function requireAdmin(token: string | undefined): MiddlewareHandler {
  if (token === undefined) return async (c) => errorResponse(c, 403, 'admin_disabled');
  const bearer: MiddlewareHandler = bearerAuth({ token, realm: REALM });
  const basic: MiddlewareHandler = basicAuth({ realm: REALM, verifyUser: (_user, password) => timingSafeEqual(password, token) });
  return async (c, next) => {
    // Admin answers are never cached, not even the refusals.
    c.header('Cache-Control', 'no-store');
    const header = c.req.header('Authorization') ?? '';
    const auth = /^basic /i.test(header) ? basic : bearer;
    try {
      return await auth(c, next);
    } catch (error) {
      // The auth middleware throws its refusals; they become the API's JSON error with a challenge.
      // A malformed header (its 400) is as unauthorized as a missing one: no detail for a prober.
      if (!(error instanceof HTTPException) || (error.status !== 401 && error.status !== 400)) throw error;
      c.header('WWW-Authenticate', challenge(c));
      return errorResponse(c, 401, 'unauthorized');
    }
  };
}

/** Basic for pages (the browser then asks for the token), Bearer for the API. */
function challenge(c: Context): string {
  return underPrefix(c.req.path, PAGE_PREFIX) ? `Basic realm="${REALM}", charset="UTF-8"` : `Bearer realm="${REALM}"`;
}
