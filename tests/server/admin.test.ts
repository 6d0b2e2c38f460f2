/**
 * The newsroom's admin API over real HTTP, with the shipped model: an article PUT is cited at
 * once, a correction replaces it, a DELETE removes it from answers; bad input gets 400/413/422
 * with the reason, never a 500; no token, no access.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCorpus } from '../../src/node/corpus-files.js';
import { buildIndex } from '../../src/index/build.js';
import { LiveIndex } from '../../src/index/live.js';
import { HybridRetriever } from '../../src/node/memory-index.js';
import { QaService } from '../../src/qa.js';
import { liveAdmin } from '../../src/server/admin.js';
import { createApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/config.js';
import { createEmbedder } from '../../src/node/runtime.js';
import { HnswVectorIndex } from '../../src/node/hnsw.js';
import { listen, type Listening } from './harness.js';

const TOKEN = 'bi-mat-cua-toa-soan-2026';
const ADMIN_LIMIT = 256 * 1024;
let server: Listening;

beforeAll(async () => {
  const embedder = createEmbedder(loadConfig({}).config);
  const createVectorIndex = (d: number) => HnswVectorIndex.create(d);
  const { articles } = await readCorpus(['corpus']);
  const index = Object.assign(await buildIndex(articles, { embedder, createVectorIndex }), { embedder });
  const live = new LiveIndex(index, { embedder, createVectorIndex });
  const qa = new QaService({ retriever: new HybridRetriever(index) });
  const app = createApp({
    qa,
    health: () => ({ articles: index.store.articleCount, chunks: index.store.chunkCount, model: embedder.model }),
    admin: liveAdmin(live),
    adminToken: TOKEN,
    // Above the public 64 KiB, so the tests below tell the admin limit from the public one.
    limits: { maxAdminBodyBytes: ADMIN_LIMIT },
    logError: () => {},
  });
  server = await listen(app);
});
afterAll(() => server.close());

const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
const put = (id: string, body: unknown, headers: Record<string, string> = auth) =>
  fetch(`${server.base}/api/articles/${id}`, { method: 'PUT', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
const ask = async (question: string) =>
  (await (
    await fetch(`${server.base}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question }),
    })
  ).json()) as {
    found: boolean;
    answer: string;
    citations: { articleId: string; title: string }[];
  };

const bridge = (length: string) => ({
  title: 'Khánh thành cầu Tứ Liên bắc qua sông Hồng',
  body: `Sáng 20/11, Hà Nội khánh thành cầu Tứ Liên dài ${length} với tổng vốn 19.000 tỷ đồng.\n\nCầu có sáu làn xe, nối quận Tây Hồ với huyện Đông Anh.`,
  url: 'https://example.vn/cau-tu-lien',
  publishedAt: '2026-11-20T09:00:00+07:00',
});

describe('admin API', () => {
  it('publishes, corrects and deletes an article, and answers follow at once', async () => {
    const question = 'Cầu Tứ Liên dài bao nhiêu km?';
    expect((await ask(question)).found).toBe(false);

    const added = await put('cau-tu-lien', bridge('5,2 km'));
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({ id: 'cau-tu-lien', status: 'added', chunks: 1, embedded: 1 });
    let res = await ask(question);
    expect(res.found).toBe(true);
    expect(res.citations[0]).toMatchObject({ articleId: 'cau-tu-lien', title: 'Khánh thành cầu Tứ Liên bắc qua sông Hồng' });
    expect(res.answer).toContain('5,2 km');

    const info = (await (await fetch(`${server.base}/api/articles/cau-tu-lien`, { headers: auth })).json()) as Record<string, unknown>;
    expect(info).toMatchObject({ id: 'cau-tu-lien', chunks: 1, url: 'https://example.vn/cau-tu-lien' });
    expect(info.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(String(info.indexedAt))).toBeGreaterThan(0);

    const corrected = await put('cau-tu-lien', bridge('5,4 km'));
    expect(((await corrected.json()) as { status: string }).status).toBe('updated');
    res = await ask(question);
    expect(res.answer).toContain('5,4 km');
    expect(res.answer).not.toContain('5,2 km');
    expect(((await (await put('cau-tu-lien', bridge('5,4 km'))).json()) as { status: string }).status).toBe('unchanged');

    const deleted = await fetch(`${server.base}/api/articles/cau-tu-lien`, { method: 'DELETE', headers: auth });
    expect(await deleted.json()).toEqual({ id: 'cau-tu-lien', deleted: true });
    expect((await ask(question)).found).toBe(false);
    expect((await fetch(`${server.base}/api/articles/cau-tu-lien`, { method: 'DELETE', headers: auth })).status).toBe(404);
  });

  it('indexes a JSONL batch and accounts for every line', async () => {
    const lines = [
      JSON.stringify({ id: 'lua-an-giang', title: 'Giá lúa An Giang', body: 'Giá lúa tươi tại An Giang tăng lên 8.200 đồng mỗi kg.' }),
      'không phải JSON',
      JSON.stringify({ id: 'rong', title: 'Bài rỗng', body: '   ' }),
      JSON.stringify({ title: 'Thiếu id', body: 'Nội dung.' }),
      '',
      JSON.stringify({
        id: 'ca-phe',
        title: 'Giá cà phê',
        body: 'Giá cà phê nhân xô ở Đắk Lắk đạt 120.000 đồng mỗi kg.',
        published_date: '2026-11-21',
      }),
    ].join('\n');
    const res = await fetch(`${server.base}/api/articles/batch`, { method: 'POST', headers: auth, body: lines });
    expect(res.status).toBe(200);
    const json = (await res.json()) as { read: number; added: number; skipped: number; skippedLines: { line: number; reason: string }[] };
    expect(json).toMatchObject({ read: 5, added: 2, skipped: 3 });
    expect(json.skippedLines.map((s) => s.line)).toEqual([2, 3, 4]);
    expect((await ask('Giá cà phê nhân xô ở Đắk Lắk bao nhiêu?')).citations[0]?.articleId).toBe('ca-phe');
  });

  it.each([
    ['not JSON', '{"title": ', 400, 'invalid_json'],
    ['a missing title', { body: 'Nội dung bài.' }, 422, 'invalid_article'],
    ['an empty body', { title: 'Tiêu đề', body: '' }, 422, 'invalid_article'],
    ['a date that is not a date', { title: 'Tiêu đề', body: 'Nội dung.', publishedAt: 'hôm qua' }, 422, 'invalid_article'],
    ['a url that is not http', { title: 'Tiêu đề', body: 'Nội dung.', url: 'javascript:alert(1)' }, 422, 'invalid_article'],
    ['a body over the limit', { title: 'Dài', body: 'chữ '.repeat(50_000) }, 413, 'body_too_large'],
  ])('refuses %s with %i, never 500', async (_, body, status, code) => {
    const res = await put('bai-loi', body);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
  });

  it('refuses a JSONL batch over the admin limit with 413, declared or chunked, and indexes nothing of it', async () => {
    const line = JSON.stringify({ id: 'qua-lon', title: 'Lô quá lớn', body: 'Giá tiêu Đắk Nông lên 150.000 đồng mỗi kg. '.repeat(40) });
    const batch = Array.from({ length: Math.ceil(ADMIN_LIMIT / line.length) + 1 }, () => line).join('\n');
    expect(Buffer.byteLength(batch)).toBeGreaterThan(ADMIN_LIMIT);
    const declared = await fetch(`${server.base}/api/articles/batch`, { method: 'POST', headers: auth, body: batch });
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: { code: string } }).error.code).toBe('body_too_large');

    const bytes = new TextEncoder().encode(batch);
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 16 * 1024) controller.enqueue(bytes.subarray(i, i + 16 * 1024));
        controller.close();
      },
    });
    const res = await fetch(`${server.base}/api/articles/batch`, { method: 'POST', headers: auth, body: chunked, duplex: 'half' });
    expect(res.status).toBe(413);
    expect((await fetch(`${server.base}/api/articles/qua-lon`, { headers: auth })).status).toBe(404);
  });

  it('takes an article larger than a question may be, up to the admin limit', async () => {
    const body = 'Giá lúa tươi tại An Giang tăng lên 8.200 đồng mỗi kg. '.repeat(1_500);
    const size = Buffer.byteLength(JSON.stringify({ title: 'Bài dài', body }));
    expect(size).toBeGreaterThan(64 * 1024);
    expect(size).toBeLessThan(ADMIN_LIMIT);
    const res = await put('bai-dai', { title: 'Bài dài', body });
    expect(res.status).toBe(201);
    expect((await fetch(`${server.base}/api/articles/bai-dai`, { method: 'DELETE', headers: auth })).status).toBe(200);
  });

  it('refuses invalid UTF-8 bytes with 400', async () => {
    const res = await fetch(`${server.base}/api/articles/bai-loi`, {
      method: 'PUT',
      headers: auth,
      body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    });
    expect(res.status).toBe(400);
  });

  it('answers 401 without the token, and changes nothing', async () => {
    const res = await put('cau-moi', bridge('1 km'), { 'content-type': 'application/json' });
    expect(res.status).toBe(401);
    expect((await put('cau-moi', bridge('1 km'), { ...auth, authorization: 'Bearer sai-ma' })).status).toBe(401);
    expect((await fetch(`${server.base}/api/articles/cau-moi`, { headers: auth })).status).toBe(404);
  });
});
