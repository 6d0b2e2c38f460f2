/**
 * A Worker deployed before its D1 migrations were applied says what to run, instead of a 500 per
 * request, and serves as soon as the tables exist. The real Worker in workerd (wrangler dev).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, startLocalWorker, type LocalWorker } from '../../scripts/lib/local-worker.js';

let worker: LocalWorker;
let stateDir: string;

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'hoidap-unmigrated-'));
  worker = await startLocalWorker({ port: 0, stateDir, output: 'capture', migrate: false });
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('a Worker whose D1 database has no tables', () => {
  it('answers 503 not_configured with the command that fixes it, then serves once it is applied', async () => {
    for (const [path, init] of [
      ['/healthz', {}],
      ['/api/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"question":"Giá vàng?"}' }],
    ] as const) {
      const res = await fetch(`${worker.url}${path}`, init);
      expect(res.status, path).toBe(503);
      const { error } = (await res.json()) as { error: { code: string; message: string; messageEn: string } };
      expect(error.code).toBe('not_configured');
      expect(error.messageEn).toContain('npx wrangler d1 migrations apply hoidap --remote');
      expect(error.message).toMatch(/chưa được cấu hình/);
    }
    migrate(stateDir, 'capture');
    // The kept-alive connection may have been closed while wrangler applied the migrations.
    const res = await fetch(`${worker.url}/healthz`).catch(() => fetch(`${worker.url}/healthz`));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, articles: 0, runtime: 'workers' });
  });
});
