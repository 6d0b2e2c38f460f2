/**
 * POST /api/ask/stream over real HTTP on loopback: the event order the widget relies on
 * (meta, citations before any text, text pieces, done with the whole response), pieces that
 * arrive as they are produced, the same 400s as /api/ask, errors as an `error` event, and the
 * answer's generation stopped when the reader disconnects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { AskRequest, Citation, StreamEvent } from '../../src/contract.js';
import type { Article } from '../../src/corpus/article.js';
import { buildIndex } from '../../src/index/build.js';
import { HybridRetriever } from '../../src/node/memory-index.js';
import { QaService } from '../../src/qa.js';
import { createApp } from '../../src/server/app.js';
import { GIA_VANG, MUA_HA_NOI } from '../support/news-fixtures.js';
import { SseParser, type SseMessage } from '../../src/widget/sse.js';
import { loadReader } from '../../src/node/reader.js';
import type { AskResponse, ShortAnswer } from '../../src/contract.js';

const articles: Article[] = [GIA_VANG, MUA_HA_NOI];

const QUESTION = 'Giá vàng miếng SJC tăng lên bao nhiêu một lượng?';
type Request = AskRequest;

let server: ServerType;
let base: string;
let qa: QaService;
/** What the wrapped service saw: requests, and whether each generation was stopped early. */
const seen: { request: Request; aborted: boolean; finished: boolean }[] = [];
const errors: unknown[] = [];
/** Test knobs: a delay before each text piece, and a failure after the citations. */
const knobs = { paceMs: 0, failAfterCitations: false };

beforeAll(async () => {
  const index = await buildIndex(articles);
  qa = new QaService({ retriever: new HybridRetriever({ store: index.store, lexical: index.lexical }) });
  const wrapped = {
    ask: qa.ask.bind(qa),
    async *askStream(request: Request, signal?: AbortSignal): AsyncGenerator<StreamEvent> {
      const record = { request, aborted: false, finished: false };
      seen.push(record);
      signal?.addEventListener('abort', () => (record.aborted = true));
      try {
        for await (const event of qa.askStream(request, signal)) {
          if (event.type === 'text' && knobs.paceMs) await new Promise((done) => setTimeout(done, knobs.paceMs));
          yield event;
          if (event.type === 'citations' && knobs.failAfterCitations) throw new Error('the answerer fell over');
        }
      } finally {
        record.finished = true;
      }
    },
  };
  const app = createApp({
    qa: wrapped,
    health: () => ({ articles: 2, chunks: 2, model: null }),
    limits: { rateLimit: 0 },
    logError: (e) => errors.push(e),
  });
  await new Promise<void>((ready) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ready());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(
  () =>
    new Promise<void>((done) => {
      server.close(() => done());
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    }),
);

const post = (body: unknown, signal?: AbortSignal) =>
  fetch(`${base}/api/ask/stream`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });

interface Received extends SseMessage {
  /** Which network read delivered it, and when (ms since the request). */
  read: number;
  at: number;
}

/** Reads the whole stream, noting in which read each event arrived. */
async function readEvents(res: Response, stopAfter?: (e: Received) => boolean): Promise<Received[]> {
  const started = performance.now();
  const parser = new SseParser();
  const reader: ReadableStreamDefaultReader<Uint8Array> = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: Received[] = [];
  for (let read = 0; ; read++) {
    const { done, value } = await reader.read();
    if (done) return events;
    for (const message of parser.push(decoder.decode(value, { stream: true }))) {
      const event = { ...message, read, at: performance.now() - started };
      events.push(event);
      if (stopAfter?.(event)) {
        await reader.cancel();
        return events;
      }
    }
  }
}

describe('POST /api/ask/stream', () => {
  it('sends meta, citations, text pieces and done, in that order, and done is the whole answer', async () => {
    const res = await post({ question: QUESTION });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const events = await readEvents(res);
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('meta');
    expect(names[1]).toBe('citations');
    expect(names.at(-1)).toBe('done');
    expect(names.slice(2, -1).every((n) => n === 'text')).toBe(true);
    expect(names.filter((n) => n === 'text').length).toBeGreaterThan(1);

    const { citations } = JSON.parse(events[1]!.data) as { citations: Citation[] };
    expect(citations[0]).toMatchObject({ n: 1, articleId: 'gia-vang' });
    const text = events
      .filter((e) => e.event === 'text')
      .map((e) => (JSON.parse(e.data) as { text: string }).text)
      .join('');
    const { response } = JSON.parse(events.at(-1)!.data) as { response: { answer: string; citations: unknown[]; found: boolean } };
    expect(text).toBe(response.answer);
    expect(response.answer).toContain('92 triệu đồng');
    expect(response.citations).toEqual(citations);
    // The same answer /api/ask gives.
    const { tookMs: _a, ...whole } = (await (
      await fetch(`${base}/api/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question: QUESTION }),
      })
    ).json()) as Record<string, unknown>;
    const { tookMs: _b, ...streamed } = response as unknown as Record<string, unknown>;
    expect(streamed).toEqual(whole);
  });

  it('delivers each piece when it is produced, not all at the end', async () => {
    knobs.paceMs = 80;
    try {
      const events = await readEvents(await post({ question: QUESTION }));
      const texts = events.filter((e) => e.event === 'text');
      const done = events.find((e) => e.event === 'done')!;
      expect(texts.length).toBeGreaterThan(2);
      // Separate network reads, spread over time: the first piece arrives well before the end.
      expect(new Set(texts.map((e) => e.read)).size).toBe(texts.length);
      expect(done.at - texts[0]!.at).toBeGreaterThanOrEqual(80 * (texts.length - 1) * 0.8);
      // Citations come before the first piece, and separately from it.
      const citations = events.find((e) => e.event === 'citations')!;
      expect(citations.read).toBeLessThan(texts[0]!.read);
    } finally {
      knobs.paceMs = 0;
    }
  });

  it('stops generating when the reader disconnects', async () => {
    knobs.paceMs = 100;
    try {
      const controller = new AbortController();
      const res = await post({ question: QUESTION }, controller.signal);
      await readEvents(res, (e) => e.event === 'text');
      controller.abort();
      const record = seen.at(-1)!;
      await expect.poll(() => record.finished, { timeout: 3000 }).toBe(true);
      expect(record.aborted).toBe(true);
    } finally {
      knobs.paceMs = 0;
    }
  });

  it('ends with an error event, not done, when answering fails midway', async () => {
    knobs.failAfterCitations = true;
    try {
      const events = await readEvents(await post({ question: QUESTION }));
      expect(events.map((e) => e.event)).toEqual(['meta', 'citations', 'error']);
      const error = JSON.parse(events[2]!.data) as { code: string; message: string; messageEn: string };
      expect(error.code).toBe('internal');
      expect(error.message).toMatch(/lỗi/);
      expect(JSON.stringify(error)).not.toContain('fell over');
      expect(String(errors.at(-1))).toContain('fell over');
    } finally {
      knobs.failAfterCitations = false;
    }
  });

  it('passes the conversation history on for follow-up questions', async () => {
    const history = [{ question: 'Giá vàng hôm nay thế nào?', answer: 'Giá vàng miếng SJC tăng lên 92 triệu đồng mỗi lượng. [1]' }];
    await readEvents(await post({ question: 'Vì sao tăng?', history, articleId: 'gia-vang' }));
    expect(seen.at(-1)!.request).toEqual({ question: 'Vì sao tăng?', articleId: 'gia-vang', history });
  });

  it.each([
    ['a body that is not JSON', '{"question": ', 'invalid_json'],
    ['a missing question', '{}', 'missing_question'],
    ['a k out of range', '{"question": "Giá vàng?", "k": 0}', 'invalid_k'],
    ['history that is not a list', '{"question": "Giá vàng?", "history": "trước đó"}', 'invalid_history'],
    [
      'more than 5 turns of history',
      JSON.stringify({ question: 'Giá vàng?', history: Array(6).fill({ question: 'a', answer: 'b' }) }),
      'invalid_history',
    ],
    [
      'a history answer over 2,000 characters',
      JSON.stringify({ question: 'Giá vàng?', history: [{ question: 'a', answer: 'b'.repeat(2001) }] }),
      'invalid_history',
    ],
    ['a history turn without an answer', JSON.stringify({ question: 'Giá vàng?', history: [{ question: 'a' }] }), 'invalid_history'],
  ])('answers 400 JSON, before any stream, for %s', async (_, body, code) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
  });
});

describe('POST /api/ask/stream with the trained reader', () => {
  it('sends the short answer after the citations and before any text, as in done', async () => {
    // The shipped reader model: what `npm start` answers with by default.
    const reader = await loadReader('models/hoidap-reader/reader.json');
    const index = await buildIndex(articles);
    const withReader = new QaService({
      retriever: new HybridRetriever({ store: index.store, lexical: index.lexical }),
      reader: { reader },
    });
    const app = createApp({ qa: withReader, health: () => ({ articles: 2, chunks: 2, model: null }), logError: (e) => errors.push(e) });
    const res = await app.request('/api/ask/stream', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: QUESTION, articleId: 'gia-vang' }),
    });
    const events = await readEvents(res);
    const names = events.map((e) => e.event);
    // The widget shows the fact first: it must come before the sentence's first piece.
    expect(names.slice(0, 3)).toEqual(['meta', 'citations', 'short']);
    expect(names.slice(3, -1).every((n) => n === 'text')).toBe(true);
    const short = JSON.parse(events[2]!.data) as { shortAnswer: ShortAnswer; confidence: number };
    const { response } = JSON.parse(events.at(-1)!.data) as { response: AskResponse };
    expect(short.shortAnswer).toEqual(response.shortAnswer);
    expect(short.confidence).toBe(response.confidence);
    expect(short.shortAnswer.text).toContain('92 triệu');
    // Body offsets: the words are the article's, inside the cited passage.
    const cited = response.citations.find((c) => c.n === short.shortAnswer.n)!;
    expect(GIA_VANG.body.slice(short.shortAnswer.start, short.shortAnswer.end)).toBe(short.shortAnswer.text);
    expect(short.shortAnswer.start).toBeGreaterThanOrEqual(cited.start);
    expect(short.shortAnswer.end).toBeLessThanOrEqual(cited.end);
  });
});
