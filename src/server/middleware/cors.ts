/**
 * Who may call the API from a browser. The news site's pages (the origins listed in
 * HOIDAP_ALLOWED_ORIGINS) get CORS headers from hono/cors; any other page is refused outright
 * with 403 `origin_not_allowed`: without CORS headers a browser would only hide the answer from
 * that page, while the question would still be asked on our time. Requests without `Origin`
 * (curl, server-to-server) and same-origin requests (the demo page served by this server) are
 * not browser cross-origin calls and pass.
 *
 * Admin routes (see admin-auth.ts) never get CORS headers: their preflights and any
 * cross-origin request are refused, so an admin token can only be used from a script or from
 * this server's own pages.
 *
 * @example
 * app.use('/api/*', apiCors({ allowedOrigins: ['https://tintuc.example.vn'] }));
 */
import type { Context, MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { errorResponse } from '../errors.js';
import { isAdminRequest } from './admin-auth.js';

export interface CorsOptions {
  /** Exact origins ("https://tintuc.example.vn"); empty: no cross-origin browser access. */
  allowedOrigins: readonly string[];
}

/** Headers a page on an allowed origin may read: limits and the id to quote in a bug report. */
const EXPOSED = ['Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'X-Request-Id'];

export function apiCors(options: CorsOptions): MiddlewareHandler {
  const allowed = new Set(options.allowedOrigins);
  const honoCors = cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Content-Type', 'Accept', 'Last-Event-ID'],
    exposeHeaders: EXPOSED,
    maxAge: 600,
  });
  return async (c, next) => {
    const origin = c.req.header('origin');
    const crossOrigin = origin !== undefined && !isSameOrigin(c, origin);
    if (isAdminRequest(c.req.path)) {
      if (crossOrigin || c.req.method === 'OPTIONS') return errorResponse(c, 403, 'origin_not_allowed');
      return next();
    }
    if (crossOrigin && !allowed.has(origin)) {
      c.header('Vary', 'Origin');
      return errorResponse(c, 403, 'origin_not_allowed');
    }
    return honoCors(c, next);
  };
}

/**
 * A request from a page of this server: browsers say so in `Sec-Fetch-Site`, and older ones
 * send an `Origin` whose host is the `Host` they connected to.
 */
function isSameOrigin(c: Context, origin: string): boolean {
  if (c.req.header('sec-fetch-site') === 'same-origin') return true;
  const host = c.req.header('host');
  if (host === undefined) return false;
  try {
    return new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}

/**
 * HOIDAP_ALLOWED_ORIGINS: comma-separated origins, each normalized ("https://Tintuc.vn/" →
 * "https://tintuc.vn"). Throws with the offending entry when one is not an http(s) origin.
 */
export function parseAllowedOrigins(value: string): string[] {
  const out: string[] = [];
  for (const raw of value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new Error(`"${raw}" is not an origin; write it like https://tintuc.example.vn`);
    }
    if (
      (url.protocol !== 'https:' && url.protocol !== 'http:') ||
      (url.pathname !== '/' && url.pathname !== '') ||
      url.search ||
      url.hash
    ) {
      throw new Error(`"${raw}" is not an origin (scheme://host[:port], no path); write it like https://tintuc.example.vn`);
    }
    if (!out.includes(url.origin)) out.push(url.origin);
  }
  return out;
}
