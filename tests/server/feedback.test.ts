/**
 * POST /api/feedback over real HTTP on loopback: records land in the JSONL file with the
 * question, answer, citations and time, one per line even under concurrent posts; every bad
 * body gets a 400 that names the field; `npm run feedback` summarizes the file for editors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type ServerType } from '@hono/node-server';
import { execFile } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { JsonlFeedbackStore, readFeedback } from '../../src/node/feedback-store.js';
import { createApp } from '../../src/server/app.js';
import { formatSummary, summarizeFeedback } from '../../scripts/feedback-summary.js';

let dir: string;
let file: string;
let server: ServerType;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hoidap-feedback-'));
  // A folder that does not exist yet: the store creates it.
  file = join(dir, 'data', 'feedback.jsonl');
  const qa = { ask: async () => ({ answer: '', found: false, citations: [], answerer: 'test', tookMs: 0 }) };
  const app = createApp({
    qa,
    health: () => ({ articles: 0, chunks: 0, model: null }),
    feedback: new JsonlFeedbackStore(file),
    // Many posts in one test: the per-client rate limit is tested elsewhere.
    limits: { rateLimit: 0 },
    logError: () => {},
  });
  await new Promise<void>((ready) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ready());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
  rmSync(dir, { recursive: true, force: true });
});

const post = (body: unknown) =>
  fetch(`${base}/api/feedback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const citation = {
  n: 1,
  articleId: 'chile-paulina-vodanovic-2024-11-10',
  title: 'Việt Nam mong muốn hợp tác với các nước bạn bè truyền thống ở Mỹ Latinh',
  url: '',
  start: 0,
  end: 562,
  quote: 'Trong khuôn khổ chuyến thăm chính thức Cộng hòa Chile, chiều 10/11 theo giờ địa phương, tại Thủ đô Santiago de Chile, …',
};
const down = {
  rating: 'down',
  reasons: ['wrong_info', 'missing_source'],
  note: 'Thiếu năm diễn ra cuộc gặp.',
  question: 'Chủ tịch nước Lương Cường tiếp Chủ tịch Đảng Xã hội Chile ở đâu?',
  answer: 'Tại Thủ đô Santiago de Chile, Chủ tịch nước Lương Cường đã tiếp Chủ tịch Đảng Xã hội Chile Paulina Vodanovic. [1]',
  citations: [citation],
  articleId: 'chile-paulina-vodanovic-2024-11-10',
  scope: 'article',
  answerer: 'extractive',
  page: 'https://bao.example.vn/the-gioi/chile',
};

describe('POST /api/feedback', () => {
  it('stores 👎 with reasons, note, question, answer, citations and time, and answers 201', async () => {
    const before = Date.now();
    const res = await post(down);
    expect(res.status).toBe(201);
    const { ok, id } = (await res.json()) as { ok: boolean; id: string };
    expect(ok).toBe(true);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(record).toEqual({ id, at: expect.any(String) as string, ...down });
    expect(Date.parse(record.at as string)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('stores 👍 without reasons, and drops fields it does not know', async () => {
    const res = await post({
      rating: 'up',
      question: 'Ai?',
      answer: 'Ông A. [1]',
      citations: [{ ...citation, passage: 'x'.repeat(50) }],
      extra: 'bỏ',
    });
    expect(res.status).toBe(201);
    const last = readFeedback(file).records.at(-1)!;
    expect(last).toMatchObject({ rating: 'up', reasons: [], question: 'Ai?' });
    expect(last).not.toHaveProperty('extra');
    expect(last.citations[0]).not.toHaveProperty('passage');
  });

  it('keeps one whole record per line when many arrive at once', async () => {
    const before = readFeedback(file).records.length;
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => post({ ...down, note: `Góp ý số ${i} `.repeat(40) })));
    expect(results.every((r) => r.status === 201)).toBe(true);
    const { records, damaged } = readFeedback(file);
    expect(damaged).toBe(0);
    expect(records.length).toBe(before + 25);
  });

  it.each([
    ['a body that is not JSON', '{"rating": "up"', 'invalid_json', undefined],
    ['a list', '[]', 'invalid_feedback', 'body'],
    ['no rating', { ...down, rating: undefined }, 'invalid_feedback', 'rating'],
    ['an unknown rating', { ...down, rating: 'meh' }, 'invalid_feedback', 'rating'],
    ['an unknown reason', { ...down, reasons: ['chán'] }, 'invalid_feedback', 'reasons'],
    ['reasons on 👍', { ...down, rating: 'up' }, 'invalid_feedback', 'reasons'],
    ['a note over 1,000 characters', { ...down, note: 'a'.repeat(1001) }, 'invalid_feedback', 'note'],
    ['no question', { ...down, question: '' }, 'invalid_feedback', 'question'],
    ['an answer that is not text', { ...down, answer: 42 }, 'invalid_feedback', 'answer'],
    ['citations that are not a list', { ...down, citations: 'nguồn 1' }, 'invalid_feedback', 'citations'],
    ['a citation without offsets', { ...down, citations: [{ ...citation, start: -1 }] }, 'invalid_feedback', 'citations'],
    ['more than 20 citations', { ...down, citations: Array(21).fill(citation) }, 'invalid_feedback', 'citations'],
    ['an unknown scope', { ...down, scope: 'web' }, 'invalid_feedback', 'scope'],
  ])('answers 400 for %s, and stores nothing', async (_, body, code, field) => {
    const before = readFileSync(file, 'utf8');
    const res = await post(body);
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; message: string; messageEn: string } };
    expect(error.code).toBe(code);
    if (field) expect(error.messageEn).toBe(`Invalid feedback: ${field}.`);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('refuses a body over 128 KB and stores nothing', async () => {
    const before = readFileSync(file, 'utf8');
    const res = await post({ ...down, answer: 'a'.repeat(200_000) });
    // The size limit in front of every route (413) or the route's own check (400), whichever runs first.
    expect([400, 413]).toContain(res.status);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('reads back past a torn last line (a crash mid-write), counting it', () => {
    const copy = join(dir, 'torn.jsonl');
    appendFileSync(copy, readFileSync(file, 'utf8'));
    appendFileSync(copy, '{"id":"x","rating":"do');
    const { records, damaged } = readFeedback(copy);
    expect(damaged).toBe(1);
    expect(records.length).toBe(readFeedback(file).records.length);
  });
});

describe('npm run feedback', () => {
  it('summarizes for editors: counts, reasons, articles, the latest 👎 in full', () => {
    const { records } = readFeedback(file);
    const summary = summarizeFeedback(records, { limit: 3 });
    expect(summary).toMatchObject({ total: records.length, up: 1, down: records.length - 1 });
    expect(summary.reasons).toEqual({
      wrong_info: records.length - 1,
      off_topic: 0,
      missing_source: records.length - 1,
      other: 0,
      missed_answer: 0,
    });
    expect(summary.articles[0]).toMatchObject({ articleId: citation.articleId, title: citation.title, down: records.length - 1 });
    expect(summary.recentDown).toHaveLength(3);
    const text = formatSummary(summary, file);
    expect(text).toContain(`Tổng cộng: ${records.length} góp ý`);
    expect(text).toContain('Sai thông tin');
    expect(text).toContain(`Câu hỏi: ${down.question}`);
    expect(text).toContain('Nguồn [1]: Việt Nam mong muốn');
  });

  it('runs as a script on the configured file', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', resolve('scripts/feedback-summary.ts'), '--limit', '1'],
      { env: { ...process.env, HOIDAP_FEEDBACK_FILE: file }, encoding: 'utf8' },
    );
    expect(stdout).toContain('Góp ý của bạn đọc');
    expect(stdout).toContain('👎');
    expect(stdout).toContain('1 góp ý 👎 gần nhất');
  });
});

describe('a refusal the reader says the article answers', () => {
  it('is stored as 👎 "missed_answer" with the question and no citations, and counted in the summary', async () => {
    // What the widget sends from "Bài viết này có câu trả lời" under a "not found".
    const missed = {
      rating: 'down',
      reasons: ['missed_answer'],
      question: 'Chủ tịch nước gặp ai ở Santiago?',
      answer: 'Chưa tìm thấy thông tin trả lời câu hỏi này trong các bài viết của trang.',
      citations: [],
      articleId: 'chile-paulina-vodanovic-2024-11-10',
      scope: 'article',
    };
    const res = await post(missed);
    expect(res.status).toBe(201);
    const last = readFeedback(file).records.at(-1)!;
    expect(last).toMatchObject(missed);
    const summary = summarizeFeedback([last], { limit: 1 });
    expect(summary.reasons.missed_answer).toBe(1);
    expect(formatSummary(summary, file)).toContain('Bỏ sót câu trả lời');
  });

  it('is still refused with a reason the list does not have', async () => {
    const res = await post({ rating: 'down', reasons: ['not_found'], question: 'Ai?', answer: '', citations: [] });
    expect(res.status).toBe(400);
  });
});
