/**
 * What a request must say about itself, and what an answer says back, over real HTTP with the
 * real service (a lexical index, a live index for the admin API, feedback written to a file):
 * every route that reads a body reads only the media type it declares (415 otherwise, with the
 * header to send); an articleId the index does not hold is answered from the whole site with a
 * notice, in the JSON answer and in the stream, and logged once for the operator.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { LiveIndex } from '../../src/index/live.js';
import { HybridRetriever } from '../../src/node/memory-index.js';
import { JsonlFeedbackStore } from '../../src/node/feedback-store.js';
import { QaService } from '../../src/qa.js';
import { liveAdmin } from '../../src/server/admin.js';
import { createApp } from '../../src/server/app.js';
import { parseContentType } from '../../src/server/middleware/content-type.js';
import { GIA_VANG, MUA_HA_NOI } from '../support/news-fixtures.js';
import { listen, type ApiErrorBody, type Listening } from './harness.js';

const TOKEN = 'bi-mat-cua-toa-soan-2026';
const QUESTION = 'Giá vàng miếng SJC bao nhiêu một lượng?';
const ASK = JSON.stringify({ question: QUESTION });
const FEEDBACK = JSON.stringify({ rating: 'up', question: QUESTION, answer: 'Giá vàng miếng SJC tăng lên 92 triệu đồng mỗi lượng. [1]' });
const ARTICLE = { title: 'Khánh thành cầu Tứ Liên', body: 'Sáng 20/11, Hà Nội khánh thành cầu Tứ Liên dài 5,2 km bắc qua sông Hồng.' };

let server: Listening;
let dir: string;
const logged: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hoidap-requests-'));
  const index = await buildIndex([GIA_VANG, MUA_HA_NOI]);
  const qa = new QaService({ retriever: new HybridRetriever(index), log: (line) => logged.push(line) });
  const app = createApp({
    qa,
    health: () => ({ articles: index.store.articleCount, chunks: index.store.chunkCount, model: null }),
    feedback: new JsonlFeedbackStore(join(dir, 'feedback.jsonl')),
    admin: liveAdmin(new LiveIndex(index)),
    adminToken: TOKEN,
    logError: () => {},
  });
  server = await listen(app);
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const send = (path: string, body: string | Uint8Array, headers: Record<string, string>, method = 'POST') =>
  fetch(`${server.base}${path}`, { method, body, headers });
const admin = (contentType?: string) => ({ authorization: `Bearer ${TOKEN}`, ...(contentType ? { 'content-type': contentType } : {}) });

async function expect415(res: Response, expected: string, got: string): Promise<void> {
  expect(res.status).toBe(415);
  const { error } = (await res.json()) as ApiErrorBody;
  expect(error.code).toBe('unsupported_media_type');
  expect(error.message).toBe(`Định dạng nội dung không được hỗ trợ: hãy gửi nội dung UTF-8 kèm tiêu đề "Content-Type: ${expected}".`);
  expect(error.messageEn).toBe(
    `Send the body as UTF-8 ${expected}, with the header "Content-Type: ${expected}" (this request had ${got}).`,
  );
}

/** The events of a Server-Sent Events body, parsed. */
async function events(res: Response): Promise<{ event: string; data: Record<string, unknown> }[]> {
  return (await res.text())
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const field = (name: string) => block.match(new RegExp(`^${name}: ?(.*)$`, 'm'))?.[1] ?? '';
      return { event: field('event'), data: JSON.parse(field('data')) as Record<string, unknown> };
    });
}

describe('Content-Type of request bodies (415)', () => {
  it.each(['/api/ask', '/api/ask/stream', '/api/feedback'])(
    '%s refuses text/plain and a body without a type, naming the header',
    async (path) => {
      const body = path === '/api/feedback' ? FEEDBACK : ASK;
      // A string body makes fetch send "text/plain;charset=UTF-8": the request a forgotten header makes.
      await expect415(await send(path, body, {}), 'application/json', '"Content-Type: text/plain;charset=UTF-8"');
      // Bytes get no Content-Type at all.
      await expect415(await send(path, new TextEncoder().encode(body), {}), 'application/json', 'no Content-Type');
      await expect415(
        await send(path, body, { 'content-type': 'application/x-www-form-urlencoded' }),
        'application/json',
        '"Content-Type: application/x-www-form-urlencoded"',
      );
    },
  );

  it.each(['/api/ask', '/api/ask/stream', '/api/feedback'])('%s takes application/json with or without a UTF-8 charset', async (path) => {
    const body = path === '/api/feedback' ? FEEDBACK : ASK;
    for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset="UTF-8"']) {
      const res = await send(path, body, { 'content-type': type });
      expect(res.status, type).toBe(path === '/api/feedback' ? 201 : 200);
      await res.arrayBuffer();
    }
  });

  it('refuses JSON in another charset: it would be read as UTF-8 and answered as mojibake', async () => {
    const res = await send('/api/ask', ASK, { 'content-type': 'application/json; charset=windows-1258' });
    await expect415(res, 'application/json', '"Content-Type: application/json; charset=windows-1258"');
  });

  it('still answers a malformed JSON body with 400, once the type is right', async () => {
    const res = await send('/api/ask', '{"question": "Giá vàng', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ApiErrorBody).error.code).toBe('invalid_json');
  });

  it('keeps feedback sent with the wrong type out of the store', async () => {
    await send('/api/feedback', JSON.stringify({ rating: 'down', reasons: ['other'], question: 'Không lưu?', answer: '-' }), {});
    const file = join(dir, 'feedback.jsonl');
    expect(existsSync(file) ? readFileSync(file, 'utf8') : '').not.toContain('Không lưu?');
  });

  it('PUT /api/articles/:id takes JSON only, and indexes nothing sent otherwise', async () => {
    const body = JSON.stringify(ARTICLE);
    await expect415(
      await send('/api/articles/cau-tu-lien', body, admin('text/plain'), 'PUT'),
      'application/json',
      '"Content-Type: text/plain"',
    );
    await expect415(
      await send('/api/articles/cau-tu-lien', body, admin('text/html; charset=utf-8'), 'PUT'),
      'application/json',
      '"Content-Type: text/html; charset=utf-8"',
    );
    expect((await fetch(`${server.base}/api/articles/cau-tu-lien`, { headers: admin() })).status).toBe(404);
    const res = await send('/api/articles/cau-tu-lien', body, admin('application/json; charset=utf-8'), 'PUT');
    expect(res.status).toBe(201);
    expect(await (await fetch(`${server.base}/api/articles/cau-tu-lien`, { method: 'DELETE', headers: admin() })).json()).toEqual({
      id: 'cau-tu-lien',
      deleted: true,
    });
  });

  it('POST /api/articles/batch takes the JSON Lines types and JSON, not curl --data-binary’s form type', async () => {
    const line = (id: string) => JSON.stringify({ id, ...ARTICLE });
    await expect415(
      await send('/api/articles/batch', line('lo-1'), admin('application/x-www-form-urlencoded')),
      'application/x-ndjson',
      '"Content-Type: application/x-www-form-urlencoded"',
    );
    for (const [i, type] of ['application/x-ndjson', 'application/jsonl', 'application/x-jsonlines', 'application/json'].entries()) {
      const res = await send('/api/articles/batch', `${line(`lo-${i}`)}\n`, admin(type));
      expect(res.status, type).toBe(200);
      expect(await res.json()).toMatchObject({ read: 1, added: 1, skipped: 0 });
    }
  });

  it('is checked after the admin token: no token, 401 whatever the type', async () => {
    const res = await send('/api/articles/x', 'x', { 'content-type': 'text/plain' }, 'PUT');
    expect(res.status).toBe(401);
  });

  it('parses media types as RFC 9110 writes them: case-insensitive, parameters after ";", quoted values', () => {
    expect(parseContentType('application/json')).toEqual({ type: 'application/json', utf8: true });
    expect(parseContentType(' Application/JSON ; Charset="utf-8"')).toEqual({ type: 'application/json', utf8: true });
    expect(parseContentType('application/json;charset=utf8;foo=bar')).toEqual({ type: 'application/json', utf8: true });
    expect(parseContentType('application/json; charset=iso-8859-1')).toEqual({ type: 'application/json', utf8: false });
    expect(parseContentType('')).toEqual({ type: '', utf8: true });
  });
});

describe('an articleId the index does not hold', () => {
  const question = { question: QUESTION, articleId: 'bai-chua-co' };
  const json = { 'content-type': 'application/json' };

  it('is answered from the whole site with a notice in POST /api/ask, in the stream’s meta and done, logged once', async () => {
    const before = logged.length;
    const res = await send('/api/ask', JSON.stringify(question), json);
    expect(res.status).toBe(200);
    const answer = (await res.json()) as Record<string, unknown>;
    const notice = {
      code: 'article_not_indexed',
      message: 'Bài viết "bai-chua-co" chưa có trong chỉ mục: câu trả lời được tìm trên toàn trang.',
    };
    expect(answer).toMatchObject({ found: true, scope: 'site', notice });

    const streamed = await events(await send('/api/ask/stream', JSON.stringify(question), json));
    expect(streamed[0]).toEqual({ event: 'meta', data: { answerer: 'extractive', scope: 'site', notice } });
    expect(streamed.at(-1)).toMatchObject({ event: 'done', data: { response: { found: true, scope: 'site', notice } } });

    expect(logged.slice(before)).toHaveLength(1);
    expect(logged.at(-1)).toMatch(/^article "bai-chua-co" is not in the index/);
  });

  it('stops once the newsroom indexes the article, and is news again when it is deleted', async () => {
    const ask = async () =>
      (await (
        await send('/api/ask', JSON.stringify({ question: 'Cầu Tứ Liên dài bao nhiêu?', articleId: 'cau-moi' }), json)
      ).json()) as Record<string, unknown>;
    const before = logged.length;
    expect((await ask()).notice).toMatchObject({ code: 'article_not_indexed' });
    expect((await send('/api/articles/cau-moi', JSON.stringify(ARTICLE), admin('application/json'), 'PUT')).status).toBe(201);
    const indexed = await ask();
    expect(indexed).toMatchObject({ found: true, scope: 'article' });
    expect(indexed.notice).toBeUndefined();
    expect((await fetch(`${server.base}/api/articles/cau-moi`, { method: 'DELETE', headers: admin() })).status).toBe(200);
    expect((await ask()).notice).toMatchObject({ code: 'article_not_indexed' });
    expect(logged.slice(before).filter((line) => line.startsWith('article "cau-moi"'))).toHaveLength(2);
  });
});
