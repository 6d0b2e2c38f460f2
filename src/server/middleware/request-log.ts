/**
 * One JSON line per request, written when the answer is over (for a stream, when it ends):
 *
 * ```json
 * {"time":"2025-06-01T08:00:00.000Z","id":"5f0c…","method":"POST","route":"/api/ask","status":200,"ms":12.4,"ip":"9c1d54a0e3b7f218"}
 * ```
 *
 * `id` is the request id (hono/request-id: the client's `X-Request-Id` when well formed, else a
 * new UUID; echoed in the response). `route` is the matched route pattern ("/api/articles/:id"),
 * not the path, so logs group well and carry no reader input; unmatched requests log "(none)".
 * `ip` is a salted hash of the client address, not the address: enough to see that one client
 * is hammering, not who it is. The salt is random per process. Questions are never logged.
 *
 * @example
 * app.use('*', requestLog({ write: (e) => process.stdout.write(`${JSON.stringify(e)}\n`), clientIp }));
 */
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { trackBody } from './body-end.js';

export interface RequestLogEntry {
  time: string;
  id: string;
  method: string;
  route: string;
  status: number;
  /** From the first byte in to the last byte out, in milliseconds. */
  ms: number;
  /** Salted hash of the client address; absent when the address is unknown. */
  ip?: string;
  /** Error code of an error answer ("rate_limited", "overloaded", …). */
  code?: string;
}

export interface RequestLogOptions {
  write: (entry: RequestLogEntry) => void;
  clientIp?: (c: Context) => string | undefined;
}

export function requestLog(options: RequestLogOptions): MiddlewareHandler {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hashes = new Map<string, Promise<string>>();
  const hashIp = (ip: string): Promise<string> => {
    let hash = hashes.get(ip);
    if (hash === undefined) {
      hash = digest(salt, ip);
      // A small cache: a client sends many requests in a row; the map must not grow without bound.
      if (hashes.size >= 1024) hashes.clear();
      hashes.set(ip, hash);
    }
    return hash;
  };
  return async (c, next) => {
    const started = performance.now();
    const ip = options.clientIp?.(c);
    await next();
    const status = c.res.status;
    const code = status >= 400 ? c.get('errorCode') : undefined;
    const route = routeOf(c);
    const ipHash = ip === undefined ? undefined : hashIp(ip);
    void trackBody(c).done.then(async () => {
      const entry: RequestLogEntry = {
        time: new Date().toISOString(),
        id: c.get('requestId') ?? '',
        method: c.req.method,
        route,
        status,
        ms: Number((performance.now() - started).toFixed(1)),
      };
      if (ipHash !== undefined) entry.ip = await ipHash;
      if (code) entry.code = code;
      options.write(entry);
    });
  };
}

/** The pattern of the route that answered: the last matched route that is not middleware. */
function routeOf(c: Context): string {
  try {
    const routes = matchedRoutes(c).filter((r) => r.method !== 'ALL');
    return routes.at(-1)?.path ?? '(none)';
  } catch {
    return '(none)';
  }
}

async function digest(salt: Uint8Array, ip: string): Promise<string> {
  const bytes = new TextEncoder().encode(ip);
  const data = new Uint8Array(salt.length + bytes.length);
  data.set(salt);
  data.set(bytes, salt.length);
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return [...hash.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
