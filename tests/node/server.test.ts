/**
 * The server as `npm start` wires it (src/node/server.ts), over a real index of corpus/ and
 * real HTTP: the question log records what readers asked and nothing that identifies them,
 * the editors' page shows it behind the admin token, and /metrics counts it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { readQuestionLog } from '../../src/node/question-log.js';
import { REPO_ROOT, startRuntime } from '../../src/node/runtime.js';
import { createNodeApp, type NodeServer } from '../../src/node/server.js';
import { listen, type Listening } from '../server/harness.js';

const TOKEN = 'test-admin-token-0123456789';
const CHILE = 'Chủ tịch nước Lương Cường tiếp Chủ tịch Đảng Xã hội Chile ở đâu?';
const XANG = 'Giá xăng hôm nay bao nhiêu? Tôi ở số 0912 345 678';

let dir: string;
let server: NodeServer;
let http: Listening;
const said: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hoidap-server-'));
  const { config } = loadConfig({
    HOIDAP_INDEX_DIR: join(dir, 'index'),
    HOIDAP_CORPUS: join(REPO_ROOT, 'corpus'),
    HOIDAP_RETRIEVER: 'lexical',
    HOIDAP_RESTORER: 'off',
    HOIDAP_FEEDBACK_FILE: join(dir, 'feedback.jsonl'),
    HOIDAP_QUESTION_LOG: join(dir, 'questions'),
    HOIDAP_ADMIN_TOKEN: TOKEN,
  });
  const runtime = await startRuntime(config, { rebuild: true, log: () => {} });
  server = await createNodeApp(runtime, { log: (line) => said.push(line), logRequest: () => {} });
  http = await listen(server.app);
}, 120_000);

afterAll(async () => {
  await http?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const ask = (path: string, body: object) =>
  fetch(`${http.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('the Node server with the question log on', () => {
  it('says at start where questions go and how long they stay', () => {
    expect(server.describe.join('\n')).toMatch(
      /Question log: .*questions, kept 30 days; phone numbers, e-mail addresses and ID numbers are scrubbed/,
    );
    expect(server.describe.join('\n')).toMatch(/Metrics: GET \/metrics with the admin token/);
  });

  it('logs each answered question, scrubbed, from both routes', async () => {
    expect((await ask('/api/ask', { question: CHILE, articleId: 'chile-paulina-vodanovic-2024-11-10' })).status).toBe(200);
    expect((await ask('/api/ask', { question: XANG })).status).toBe(200);
    const stream = await ask('/api/ask/stream', { question: 'Giá xăng tuần này tăng hay giảm?' });
    expect(await stream.text()).toContain('event: done');
    // A refused request is not a question answered.
    expect((await ask('/api/ask', { question: '' })).status).toBe(400);
    await server.questionLog!.flush();
    const { records } = await readQuestionLog(join(dir, 'questions'));
    expect(records.map((r) => [r.question, r.found, r.articleId ?? null])).toEqual([
      [CHILE, true, 'chile-paulina-vodanovic-2024-11-10'],
      ['Giá xăng hôm nay bao nhiêu? Tôi ở số [số điện thoại]', false, null],
      ['Giá xăng tuần này tăng hay giảm?', false, null],
    ]);
    expect(records[0]!.top?.articleId).toBe('chile-paulina-vodanovic-2024-11-10');
    expect(records[0]!.ms).toBeGreaterThan(0);
    // Nothing that tells readers apart: no address, request id or client id.
    expect(Object.keys(records[0]!).sort()).toEqual(['articleId', 'at', 'confidence', 'found', 'ms', 'question', 'short', 'top']);
  });

  it('serves the insights page to the admin token only, as a Basic password a browser can send', async () => {
    const page = `${http.base}/admin/insights`;
    const refused = await fetch(page);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Basic realm="hoidap-admin"/);
    expect((await fetch(page, { headers: { authorization: `Basic ${btoa('editor:wrong-token-000000000')}` } })).status).toBe(401);
    for (const authorization of [`Basic ${btoa(`bientap:${TOKEN}`)}`, `Bearer ${TOKEN}`]) {
      const res = await fetch(page, { headers: { authorization } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const html = await res.text();
      expect(html).toContain('xăng');
      expect(html).not.toContain('0912 345 678');
    }
  });

  it('counts the answers on /metrics behind the admin token', async () => {
    expect((await fetch(`${http.base}/metrics`)).status).toBe(401);
    const res = await fetch(`${http.base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/^hoidap_answers_total\{route="\/api\/ask",outcome="found",scope="article"\} 1$/m);
    expect(text).toMatch(/^hoidap_answers_total\{route="\/api\/ask",outcome="refused",scope="none"\} 1$/m);
    expect(text).toMatch(/^hoidap_index_articles 2$/m);
    expect(text).toMatch(/^hoidap_model_info\{role="reader",name="reader.json",fingerprint="[0-9a-f]{16}"\} 1$/m);
  });
});
