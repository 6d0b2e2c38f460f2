/**
 * The widget's pure helpers for what the reader sees: where the short answer sits in the quoted
 * sentence (to mark it), the site's search link offered after "not found", and which failure
 * message a reader gets, from real HTTP failures (a service that refuses connections, a proxy's 502).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Citation, ShortAnswer } from '../../src/contract.js';
import { ApiClient, ApiError, readerMessage } from '../../src/widget/api.js';
import { searchHref, shortSpanIn } from '../../src/widget/render.js';
import { T } from '../../src/widget/strings.js';

// Body offsets as the service gives them: the passage starts at 500 of its article.
const passage =
  'Chủ tịch Đảng Xã hội Chile cho biết ngay sau khi đắc cử vào năm 1971, Tổng thống Salvador Allende đã quyết định thiết lập quan hệ ngoại giao với Việt Nam. Chile là quốc gia Nam Mỹ đầu tiên.';
const citation: Citation = {
  n: 1,
  articleId: 'chile',
  title: 'T',
  url: '',
  publishedAt: '',
  passage,
  start: 500,
  end: 500 + passage.length,
  quote: { start: 500, end: 500 + passage.indexOf('. Chile') + 1 },
  score: 1,
};
const at = (text: string, from = 0): ShortAnswer => {
  const i = passage.indexOf(text, from);
  return { text, n: 1, start: 500 + i, end: 500 + i + text.length };
};

describe('shortSpanIn', () => {
  const answer = `${passage.slice(0, passage.indexOf('. Chile') + 1)} [1]`;

  it('finds the short answer in the quoted sentence', () => {
    const span = shortSpanIn(answer, [citation], at('năm 1971'))!;
    expect(answer.slice(span.from, span.to)).toBe('năm 1971');
  });

  it('picks the occurrence the passage means when the words occur twice', () => {
    // "Chile" is in the sentence twice in the answer below; the short answer is the second one.
    const twice = 'Chile, Chile là quốc gia Nam Mỹ đầu tiên.';
    const p2 = `Ông nói về Chile. ${twice}`;
    const c2: Citation = { ...citation, passage: p2, end: 500 + p2.length, quote: { start: 518, end: 500 + p2.length } };
    const i = p2.lastIndexOf('Chile là');
    const span = shortSpanIn(`${twice} [1]`, [c2], { text: 'Chile', n: 1, start: 500 + i, end: 505 + i })!;
    expect(span).toEqual({ from: 7, to: 12 });
  });

  it('falls back to the first occurrence when the offsets do not match the passage, and gives up when absent', () => {
    const wrong = { ...at('năm 1971'), start: 1, end: 9 };
    expect(shortSpanIn(answer, [citation], wrong)).toEqual({ from: answer.indexOf('năm 1971'), to: answer.indexOf('năm 1971') + 8 });
    expect(shortSpanIn('Một câu khác. [1]', [citation], at('năm 1971'))).toBeUndefined();
    expect(shortSpanIn(answer, [citation], { text: '', n: 1, start: 0, end: 0 })).toBeUndefined();
  });

  it('marks what has arrived of a sentence still streaming', () => {
    const partial = answer.slice(0, answer.indexOf('năm 1971') + 8);
    expect(shortSpanIn(partial, [citation], at('năm 1971'))).toEqual({ from: partial.length - 8, to: partial.length });
  });
});

describe('searchHref', () => {
  const page = 'https://bao.example.vn/the-gioi/bai-1.html';

  it('puts the question’s words, encoded, where {q} is', () => {
    const href = searchHref('https://bao.example.vn/tim-kiem?q={q}', ' Giá vàng & USD hôm nay? ', page)!;
    expect(href).toBe('https://bao.example.vn/tim-kiem?q=Gi%C3%A1%20v%C3%A0ng%20%26%20USD%20h%C3%B4m%20nay%3F');
    expect(new URL(href).searchParams.get('q')).toBe('Giá vàng & USD hôm nay?');
  });

  it('resolves a path against the page', () => {
    expect(searchHref('/tim-kiem/{q}', 'Lima', page)).toBe('https://bao.example.vn/tim-kiem/Lima');
  });

  it('gives no link without {q}, without words, or for anything but http(s)', () => {
    expect(searchHref('https://bao.example.vn/tim-kiem', 'Lima', page)).toBeUndefined();
    expect(searchHref(undefined, 'Lima', page)).toBeUndefined();
    expect(searchHref('/tim-kiem?q={q}', '  ', page)).toBeUndefined();
    expect(searchHref('javascript:alert({q})', 'Lima', page)).toBeUndefined();
    expect(searchHref('data:text/html,{q}', 'Lima', page)).toBeUndefined();
  });
});

describe('readerMessage', () => {
  let server: Server;
  let base: string;
  let dead: string;

  beforeAll(async () => {
    // A proxy in front of a service that is down: an HTML 502, readable cross-origin.
    server = createServer((req, res) => {
      if (req.url?.startsWith('/het-tai')) {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'overloaded', message: 'Hệ thống đang quá tải, vui lòng thử lại sau 5 giây.' } }));
        return;
      }
      res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>502 Bad Gateway</h1>');
    });
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const closed = createServer();
    await new Promise<void>((ready) => closed.listen(0, '127.0.0.1', ready));
    dead = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((done) => closed.close(done));
  });
  afterAll(() => new Promise((done) => server.close(done)));

  const failure = async (client: ApiClient): Promise<unknown> => {
    try {
      await client.askStream({ question: 'Ai?' }, {});
    } catch (error) {
      return error;
    }
    throw new Error('expected the call to fail');
  };

  it('blames the service, not the reader’s network, when it refuses the connection', async () => {
    const error = await failure(new ApiClient(dead));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('unreachable');
    expect(readerMessage(error)).toBe(T.errorUnavailable);
  });

  it('says the service is unavailable on a 5xx without a message (a proxy’s page)', async () => {
    const error = await failure(new ApiClient(base));
    expect((error as ApiError).code).toBe('http_502');
    expect(readerMessage(error)).toBe(T.errorUnavailable);
  });

  it('shows the service’s own message when it sent one', async () => {
    expect(readerMessage(await failure(new ApiClient(`${base}/het-tai`)))).toBe('Hệ thống đang quá tải, vui lòng thử lại sau 5 giây.');
  });

  it('tells the reader to check the network only when the device is offline', () => {
    expect(readerMessage(new ApiError('', 'offline'))).toBe(T.errorNetwork);
    expect(T.errorNetwork).toContain('kiểm tra mạng');
    expect(T.errorUnavailable).not.toContain('mạng');
    expect(readerMessage(new ApiError('', 'interrupted'))).toBe(T.errorInterrupted);
    expect(readerMessage(new Error('x'))).toBe(T.errorGeneric);
  });
});
