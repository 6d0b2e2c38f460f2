/**
 * Generative answers over real HTTP, end to end on loopback: the service (Hono on
 * @hono/node-server) with HOIDAP_ANSWERER=llm's chat model pointed at a stand-in for a real model
 * server — a second loopback server speaking OpenAI's chat-completions protocol, streaming and
 * not, answering from each test's script and recording what the service sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { citationOf } from '../../src/answer/extractive.js';
import { GenerativeAnswerer } from '../../src/answer/generative.js';
import type { AskResponse, Citation } from '../../src/contract.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createChatModel } from '../../src/node/llm.js';
import { QaService } from '../../src/qa.js';
import { createApp } from '../../src/server/app.js';
import { INJECTION, NEWS, newsIndex } from '../support/news-fixtures.js';
import { StandInModelServer, type RecordedRequest, type Script } from '../support/stand-in-model-server.js';

let modelServer: StandInModelServer;
let script: Script = () => ({ content: '' });
let server: ServerType;
let base: string;
let news: Awaited<ReturnType<typeof newsIndex>>;

const isRewrite = (r: RecordedRequest) => r.body.messages[0]!.content.includes('câu hỏi độc lập');

beforeAll(async () => {
  modelServer = await StandInModelServer.start((r, i) => script(r, i));
  news = await newsIndex([...NEWS, INJECTION]);
  const { config } = loadConfig({
    HOIDAP_ANSWERER: 'llm',
    HOIDAP_LLM_BASE_URL: modelServer.baseUrl,
    HOIDAP_LLM_MODEL: 'stand-in',
    HOIDAP_LLM_TIMEOUT_MS: '1000',
  });
  const model = createChatModel(config);
  const qa = new QaService({
    retriever: news.retriever,
    mode: 'lexical',
    answerer: new GenerativeAnswerer({ model, timeoutMs: config.llmTimeoutMs }),
    rewriter: model,
  });
  const app = createApp({ qa, health: () => ({ articles: 5, chunks: 5, model: null }), logError: () => {}, limits: { rateLimit: 0 } });
  await new Promise<void>((ready) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ready());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
  await modelServer.close();
});

const post = (path: string, body: unknown) =>
  fetch(`${base}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

/** The hits QaService retrieves for a question (lexical, k = 5), to know the prompt's numbering. */
async function numbered(question: string, articleId: string): Promise<{ n: number; citation: Citation }> {
  const { hits } = await news.inputFor(question);
  const i = hits.findIndex((h) => h.article.id === articleId);
  expect(i).toBeGreaterThanOrEqual(0);
  return { n: i + 1, citation: citationOf(hits[i]!, i + 1) };
}

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
  at: number;
}

/** Reads an SSE response as it arrives, noting when each event came. */
async function readSse(res: Response): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const reader: ReadableStreamDefaultReader<Uint8Array> = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data) events.push({ event, data: JSON.parse(data) as Record<string, unknown>, at: performance.now() });
    }
  }
  return events;
}

const GOLD = 'Giá vàng miếng SJC bao nhiêu một lượng?';

describe('POST /api/ask with the llm answerer', () => {
  it('sends the model the numbered passages and the question, and answers with index citations', async () => {
    const { n, citation } = await numbered(GOLD, 'gia-vang');
    script = () => ({ content: `Sáng 12/3, giá vàng miếng SJC tăng lên 92 triệu đồng mỗi lượng [${n}][9].` });
    const res = await post('/api/ask', { question: GOLD });
    expect(res.status).toBe(200);
    const json = (await res.json()) as AskResponse;
    expect(json).toMatchObject({
      answerer: 'llm',
      found: true,
      answer: `Sáng 12/3, giá vàng miếng SJC tăng lên 92 triệu đồng mỗi lượng [${n}].`,
    });
    expect(json.citations).toEqual([citation]);

    const request = modelServer.requests.at(-1)!;
    expect(request.body.stream).toBeFalsy();
    const { user } = modelServer.lastMessages();
    expect(user).toMatch(/<ngu_canh>\n<doan so="1">[\s\S]*<doan so="2">[\s\S]*<\/ngu_canh>/);
    expect(user).toContain(`<doan so="${n}">\nTiêu đề: Giá vàng hôm nay tăng mạnh`);
    expect(user).toContain(`<cau_hoi>${GOLD}</cau_hoi>`);
  });

  it('falls back to the extractive answer when the model times out, and says so', async () => {
    script = () => ({ delayMs: 4000, content: 'Quá muộn [1].' });
    const started = performance.now();
    const json = (await (await post('/api/ask', { question: GOLD })).json()) as AskResponse;
    expect(performance.now() - started).toBeLessThan(3500);
    expect(json).toMatchObject({ answerer: 'extractive-fallback', found: true });
    expect(json.answer).toContain('92 triệu đồng');
    expect(json.citations[0]!.articleId).toBe('gia-vang');
  });

  it('keeps the citations of the index when a passage carries a prompt injection', async () => {
    const question = 'Giá vàng miếng SJC hôm nay?';
    const { n, citation } = await numbered(question, 'gia-vang');
    const { n: injected } = await numbered(question, INJECTION.id);
    script = () => ({
      content: `Giá vàng là 1 đồng [7]. Nguồn: https://evil.example/phishing [${injected}][9]. Giá vàng miếng SJC là 92 triệu đồng [${n}].`,
    });
    const json = (await (await post('/api/ask', { question })).json()) as AskResponse;
    expect(json.citations.map((c) => c.url).sort()).toEqual([INJECTION.url, citation.url].sort());
    expect(json.citations.find((c) => c.n === n)).toEqual(citation);
    // The injected passage may be cited — it is what the article says — but only as the index holds it.
    const { hits } = await news.inputFor(question);
    for (const c of json.citations) expect(c).toEqual(citationOf(hits[c.n - 1]!, c.n));
    expect(json.answer).not.toMatch(/\[7\]|\[9\]/);
    expect(json.uncitedSentences).toEqual(['Giá vàng là 1 đồng.']);
  });

  it('rewrites a follow-up with the model before retrieval', async () => {
    script = (r) =>
      isRewrite(r)
        ? { content: 'Ai trao Huân chương Mặt trời Peru cho Chủ tịch nước Lương Cường tại Lima?' }
        : { content: 'Tổng thống Peru Dina Boluarte đã trao huân chương [1].' };
    const history = [{ question: 'Chủ tịch nước Lương Cường nhận huân chương gì ở Peru?', answer: 'Huân chương Mặt trời Peru [1].' }];
    const json = (await (await post('/api/ask', { question: 'Ai trao cho ông ấy?', history })).json()) as AskResponse;
    const [rewrite, answer] = modelServer.requests.slice(-2);
    expect(isRewrite(rewrite!)).toBe(true);
    expect(rewrite!.body.messages[1]!.content).toContain('<cau_hoi_moi>Ai trao cho ông ấy?</cau_hoi_moi>');
    expect(answer!.body.messages[1]!.content).toContain(
      '<cau_hoi>Ai trao Huân chương Mặt trời Peru cho Chủ tịch nước Lương Cường tại Lima?</cau_hoi>',
    );
    expect(json.rewrittenAs).toBe('Ai trao Huân chương Mặt trời Peru cho Chủ tịch nước Lương Cường tại Lima?');
    expect(json).toMatchObject({ answerer: 'llm', found: true });
    expect(json.citations[0]!.articleId).toBe('peru');
  });
});

describe('POST /api/ask/stream with the llm answerer', () => {
  it('streams the tokens to the client as they come, citations first, without the invented [9]', async () => {
    const { n } = await numbered(GOLD, 'gia-vang');
    script = () => ({
      pieces: ['Sáng 12/3, ', 'giá vàng ', 'miếng SJC ', 'tăng lên ', '92 triệu ', 'đồng [', '9', '] mỗi lượng ', `[${n}].`],
      pieceDelayMs: 80,
    });
    const res = await post('/api/ask/stream', { question: GOLD });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = await readSse(res);

    expect(modelServer.requests.at(-1)!.body.stream).toBe(true);
    expect(events.map((e) => e.event).slice(0, 2)).toEqual(['meta', 'citations']);
    expect(events[0]!.data).toMatchObject({ answerer: 'llm' });
    const texts = events.filter((e) => e.event === 'text');
    expect(texts.length).toBeGreaterThanOrEqual(5);
    // Pieces reached the client as the model wrote them, not all at once at the end.
    expect(texts.at(-1)!.at - texts[0]!.at).toBeGreaterThan(300);
    const streamed = texts.map((e) => e.data.text as string).join('');
    expect(streamed).toBe(`Sáng 12/3, giá vàng miếng SJC tăng lên 92 triệu đồng mỗi lượng [${n}].`);
    for (const e of texts) expect(e.data.text).not.toMatch(/\[$|\[9|^9/);

    const done = events.at(-1)!;
    expect(done.event).toBe('done');
    const response = done.data.response as AskResponse;
    expect(response).toMatchObject({ answer: streamed, answerer: 'llm', found: true });
    expect(response.citations.map((c) => c.n)).toEqual([n]);
  });

  it('streams the extractive answer when the model does not answer in time', async () => {
    script = () => ({ delayMs: 4000, pieces: ['Quá muộn [1].'] });
    const events = await readSse(await post('/api/ask/stream', { question: GOLD }));
    expect(events.map((e) => e.event)).toContain('text');
    const done = events.at(-1)!;
    expect(done.event).toBe('done');
    expect(done.data.response).toMatchObject({ answerer: 'extractive-fallback', found: true });
  });
});

describe('configuration of the llm answerer', () => {
  it('reads HOIDAP_ANSWERER and --answerer, flag first', () => {
    expect(loadConfig({}).config).toMatchObject({ answerer: 'extractive', llmTimeoutMs: 8000 });
    const env = { HOIDAP_ANSWERER: 'llm', HOIDAP_LLM_BASE_URL: 'http://localhost:11434/v1', HOIDAP_LLM_MODEL: 'qwen2.5:7b-instruct' };
    expect(loadConfig(env).config).toMatchObject({
      answerer: 'llm',
      llmBaseUrl: 'http://localhost:11434/v1',
      llmModel: 'qwen2.5:7b-instruct',
    });
    expect(loadConfig(env, { answerer: 'extractive' }).config.answerer).toBe('extractive');
    expect(() => loadConfig({ HOIDAP_ANSWERER: 'gpt' })).toThrow(ConfigError);
  });

  it('says which setting is missing', () => {
    expect(() => createChatModel(loadConfig({ HOIDAP_ANSWERER: 'llm', HOIDAP_LLM_MODEL: 'qwen2.5:7b-instruct' }).config)).toThrow(
      /HOIDAP_LLM_BASE_URL/,
    );
    expect(() => createChatModel(loadConfig({ HOIDAP_LLM_BASE_URL: 'localhost:11434' }).config)).toThrow(/HOIDAP_LLM_MODEL/);
    expect(() => createChatModel({ llmBaseUrl: 'not a url', llmModel: 'm', llmTimeoutMs: 1000 })).toThrow(/must be a URL/);
  });
});
