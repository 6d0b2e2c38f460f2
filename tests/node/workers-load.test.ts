/**
 * npm run workers:load against a real HTTP server on loopback that plays the Worker's batch route:
 * batches carry the token and JSON Lines, a passing outage is retried, and after a failure
 * `--resume` sends only what the Worker had not acknowledged.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../scripts/workers-load.js';
import { listen, type Listening } from '../server/harness.js';

const TOKEN = 'token-cua-toa-soan';
const ARTICLES = Array.from({ length: 7 }, (_, i) => ({
  id: `bai-${i + 1}`,
  title: `Bản tin số ${i + 1}: Hà Nội đón đợt không khí lạnh`,
  body: `Sáng nay, nhiệt độ tại Hà Nội giảm xuống ${12 + i} độ C. Người dân được khuyến cáo giữ ấm.`,
  url: `https://bao.example.vn/bai-${i + 1}`,
  published_date: '2026-11-30T07:00:00+07:00',
}));

/** The batch route's behaviour for the next requests, one entry per request (then 200). */
let script: number[] = [];
let received: string[][] = [];
let server: Listening;
let dir: string;

beforeAll(async () => {
  const app = new Hono();
  app.post('/api/articles/batch', async (c) => {
    if (c.req.header('authorization') !== `Bearer ${TOKEN}`) return c.json({ error: { code: 'unauthorized' } }, 401);
    expect(c.req.header('content-type')).toBe('application/x-ndjson');
    const status = script.shift() ?? 200;
    if (status !== 200) return c.json({ error: { code: 'scripted' } }, status as 400 | 503);
    const ids = (await c.req.text())
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { id: string }).id);
    received.push(ids);
    return c.json({ read: ids.length, added: 0, updated: 0, unchanged: 0, queued: ids.length, skipped: 0, skippedLines: [] });
  });
  server = await listen(app);
  dir = mkdtempSync(join(tmpdir(), 'hoidap-load-'));
  writeFileSync(join(dir, 'bai.jsonl'), ARTICLES.map((a) => JSON.stringify(a)).join('\n') + '\n');
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const load = (extra: { resume?: boolean; token?: string } = {}) =>
  loadCorpus({
    url: server.base,
    corpus: [join(dir, 'bai.jsonl')],
    token: extra.token ?? TOKEN,
    batch: 2,
    stateFile: join(dir, 'state.json'),
    log: () => {},
    ...(extra.resume ? { resume: true } : {}),
  });

describe('workers:load', () => {
  it('sends every article once, in batches, and retries a passing outage', async () => {
    [script, received] = [[503], []];
    const report = await load();
    expect(received).toEqual([['bai-1', 'bai-2'], ['bai-3', 'bai-4'], ['bai-5', 'bai-6'], ['bai-7']]);
    expect(report).toMatchObject({ sent: 7, queued: 7, skipped: 0, resumed: 0 });
  });

  it('stops at a refusal, and --resume sends only what was not acknowledged', async () => {
    [script, received] = [[200, 200, 400], []];
    await expect(load()).rejects.toThrow(/answered 400/);
    expect(received.flat()).toEqual(['bai-1', 'bai-2', 'bai-3', 'bai-4']);
    expect((JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { sent: number }).sent).toBe(4);

    received = [];
    const report = await load({ resume: true });
    expect(received.flat()).toEqual(['bai-5', 'bai-6', 'bai-7']);
    expect(report).toMatchObject({ sent: 3, resumed: 4 });
  });

  it('says to check the token when the Worker refuses it', async () => {
    [script, received] = [[], []];
    await expect(load({ token: 'sai' })).rejects.toThrow(/check --token/);
    expect(received).toEqual([]);
  });
});
