/**
 * A real D1 database (SQLite in workerd, through Miniflare) with migrations/0001_index.sql
 * applied, for the tests of src/workers/d1-*.ts and bench/workers-lexical.ts.
 */
import { readFileSync } from 'node:fs';
import { Miniflare } from 'miniflare';
import type { D1Database } from '@cloudflare/workers-types/index.ts';

const MIGRATION = new URL('../../migrations/0001_index.sql', import.meta.url);

/** The migration's statements: comment lines dropped, split at the semicolons that end a line. */
function migrationStatements(sql = readFileSync(MIGRATION, 'utf8')): string[] {
  return sql
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n')
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter(Boolean);
}

export interface TestD1 {
  db: D1Database;
  dispose(): Promise<void>;
}

/** A fresh in-memory database with the index's tables, through Miniflare's own D1 binding. */
export async function openD1(): Promise<TestD1> {
  const mf = new Miniflare({ modules: true, script: 'export default {}', d1Databases: ['DB'] });
  const db = await mf.getD1Database('DB');
  await db.batch(migrationStatements().map((s) => db.prepare(s)));
  return { db, dispose: () => mf.dispose() };
}

/**
 * Runs inside workerd: executes statements sent as JSON on the real D1 binding and answers D1's
 * own result objects (results and meta), so nothing is simulated in Node.
 */
const D1_SERVER = `export default {
  async fetch(request, env) {
    const { op, statements } = await request.json();
    const prepared = statements.map((s) => env.DB.prepare(s.sql).bind(...s.params));
    try {
      if (op === 'batch') return Response.json(await env.DB.batch(prepared));
      if (op === 'first') return Response.json({ row: await prepared[0].first() });
      return Response.json(await prepared[0].all());
    } catch (error) {
      return Response.json({ error: String(error) }, { status: 500 });
    }
  },
};`;

interface Sent {
  sql: string;
  params: unknown[];
}

/**
 * A D1Database whose calls travel as one asynchronous request each. Miniflare's proxy of the
 * binding makes every `prepare` and `bind` a synchronous round trip (~10 ms here), and under
 * concurrent use it fails an internal assertion: fine for tests, not for loading thousands of
 * articles. Only what src/workers uses is implemented: prepare, bind, all, first, run, batch.
 */
function remoteD1(mf: Miniflare): D1Database {
  const send = async (op: 'all' | 'first' | 'batch', statements: Sent[]): Promise<unknown> => {
    const response = await mf.dispatchFetch('http://d1.local/', { method: 'POST', body: JSON.stringify({ op, statements }) });
    const body = (await response.json()) as { error?: string };
    if (!response.ok) throw new Error(body.error ?? `D1 server answered ${response.status}`);
    return body;
  };
  const statement = (sql: string, params: unknown[] = []) => ({
    sql,
    params,
    bind: (...values: unknown[]) => statement(sql, values),
    all: () => send('all', [{ sql, params }]),
    run: () => send('all', [{ sql, params }]),
    first: async () => ((await send('first', [{ sql, params }])) as { row: unknown }).row,
  });
  const db = {
    prepare: (sql: string) => statement(sql),
    batch: (statements: Sent[]) =>
      send(
        'batch',
        statements.map(({ sql, params }) => ({ sql, params })),
      ),
  };
  return db as unknown as D1Database;
}

/**
 * {@link openD1} for benchmarks: the same database in workerd, reached through {@link remoteD1}.
 * `persist`: a folder keeping the database between runs.
 */
export async function openRemoteD1(persist?: string): Promise<TestD1> {
  const mf = new Miniflare({ modules: true, script: D1_SERVER, d1Databases: ['DB'], ...(persist ? { d1Persist: persist } : {}) });
  const db = remoteD1(mf);
  const exists = await db.prepare("SELECT 1 AS found FROM sqlite_master WHERE name = 'stats'").first();
  if (!exists) await db.batch(migrationStatements().map((s) => db.prepare(s)));
  return { db, dispose: () => mf.dispose() };
}

/** A statement as bound: its SQL, its parameters, and its size in UTF-8 bytes (SQL and string values). */
export interface BoundStatement {
  sql: string;
  params: unknown[];
  bytes: number;
}

/** The database, recording every statement bound through it (for checks of D1's per-statement limits). */
export function recording(db: D1Database): { db: D1Database; bound: BoundStatement[] } {
  const bound: BoundStatement[] = [];
  const size = (v: unknown) => (typeof v === 'string' ? Buffer.byteLength(v) : 8);
  const wrapped = new Proxy(db, {
    get(target, key) {
      if (key !== 'prepare') return Reflect.get(target, key, target) as unknown;
      return (sql: string) => {
        const statement = target.prepare(sql);
        return new Proxy(statement, {
          get(inner, name) {
            if (name !== 'bind') {
              const value = Reflect.get(inner, name, inner) as unknown;
              return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(inner) : value;
            }
            return (...params: unknown[]) => {
              bound.push({ sql, params, bytes: Buffer.byteLength(sql) + params.reduce<number>((s, v) => s + size(v), 0) });
              return inner.bind(...params);
            };
          },
        });
      };
    },
  });
  return { db: wrapped, bound };
}
