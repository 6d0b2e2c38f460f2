/**
 * Whether the Worker's D1 database has its tables. A deployment whose migrations were never
 * applied would otherwise answer every request with 500 and log "no such table"; it answers 503
 * `not_configured` saying which command fixes it. Checked once per isolate and database until it
 * passes (one cheap query), then never again.
 *
 * @example
 * if (!(await schemaApplied(env.DB))) return notConfiguredResponse();
 */
import type { D1Database } from '@cloudflare/workers-types/index.ts';
import { apiError } from '../server/errors.js';

const applied = new WeakSet<D1Database>();

export async function schemaApplied(db: D1Database): Promise<boolean> {
  if (applied.has(db)) return true;
  try {
    await db.prepare('SELECT passages FROM stats WHERE id = 1').first();
  } catch (error) {
    // Any other failure (D1 unreachable, a bad query) is not this one: the app reports it.
    if (error instanceof Error && /no such table/i.test(error.message)) return false;
    throw error;
  }
  applied.add(db);
  return true;
}

/** 503 in the API's error shape, with the command that creates the tables. */
export function notConfiguredResponse(): Response {
  const body = apiError('not_configured', { fix: 'npx wrangler d1 migrations apply hoidap --remote' });
  return Response.json(body, { status: 503, headers: { 'retry-after': '60' } });
}
