/**
 * The trained reader (models/hoidap-reader/reader.json) through the same runtime as `npm start`,
 * on the shipped corpus: the short answer it points at, its offsets, refusals of questions the
 * site cannot answer, and questions about a time no article covers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import type { AskResponse } from '../../src/contract.js';
import { parseEvalSet } from '../../src/eval/set.js';
import { readCorpus } from '../../src/node/corpus-files.js';
import { startRuntime, type Runtime } from '../../src/node/runtime.js';
import { foldDiacritics } from '../../src/text/normalize.js';

let dir: string;
let runtime: Runtime;
let bodies: Map<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hoidap-reader-'));
  const { config } = loadConfig({ HOIDAP_INDEX_DIR: dir });
  runtime = await startRuntime(config, { rebuild: true, log: () => {} });
  const corpus = await readCorpus(config.corpus, { maxFileBytes: config.maxFileBytes });
  bodies = new Map(corpus.articles.map((a) => [a.id, a.body]));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ask = (question: string, articleId?: string) => runtime.qa.ask({ question, ...(articleId ? { articleId } : {}) });

/** Every offset a response gives points at the article text it claims to quote. */
function expectExactOffsets(response: AskResponse): void {
  for (const c of response.citations) {
    const body = bodies.get(c.articleId)!;
    expect(body.slice(c.start, c.end)).toBe(c.passage);
    if (c.quote) expect(c.quote.start).toBeGreaterThanOrEqual(c.start);
    if (c.quote) expect(c.quote.end).toBeLessThanOrEqual(c.end);
  }
  const short = response.shortAnswer;
  if (!short) return;
  const cited = response.citations.find((c) => c.n === short.n)!;
  expect(cited, 'the short answer cites a passage of the response').toBeDefined();
  expect(bodies.get(cited.articleId)!.slice(short.start, short.end)).toBe(short.text);
  expect(short.start).toBeGreaterThanOrEqual(cited.quote!.start);
  expect(short.end).toBeLessThanOrEqual(cited.quote!.end);
}

describe('the reader on the shipped articles', () => {
  // Both questions are answered with a date of the trip. It is 16-11, the day it ended (the
  // passage with "chiều 10/11 … tại Thủ đô Santiago de Chile" is not among the 8 passages
  // retrieval ranks first for these questions, so the reader never sees it).
  it.each(['Chủ tịch nước thăm Chile khi nào?', 'Chủ tịch nước thăm Chile vào ngày nào?'])(
    'answers "%s" with a date, whole',
    async (question) => {
      const response = await ask(question);
      expect(response.found, JSON.stringify(response, null, 2)).toBe(true);
      // The whole date: the reader's tokens split "16-11", its short answer does not.
      expect(response.shortAnswer?.text).toMatch(/\d{1,2}[-/]\d{1,2}/);
      expect(response.confidence).toBeGreaterThan(runtime.qa.options.reader!.reader.threshold);
      expectExactOffsets(response);
    },
  );

  it('gives the question typed without diacritics the same short answer and evidence', async () => {
    const question = 'Chủ tịch nước Lương Cường tiếp Chủ tịch Đảng Xã hội Chile ở đâu?';
    const [accented, stripped] = await Promise.all([ask(question), ask(foldDiacritics(question))]);
    expect(accented.answer).toContain('Santiago de Chile');
    expect(accented.shortAnswer).not.toBeNull();
    expect(stripped.shortAnswer).toEqual(accented.shortAnswer);
    expect(stripped.answer).toBe(accented.answer);
  });

  it('gives a short answer of whole words, not one that starts inside "tiếp tục"', async () => {
    // The reader's best span for this question starts at "tục" of "sẽ tiếp tục giữ gìn …";
    // shown large, half a word reads as a mistake.
    const response = await ask('Bà Paulina Vodanovic khẳng định Đảng Xã hội Chile sẽ làm gì?');
    expect(response.found).toBe(true);
    expect(response.shortAnswer?.text).toMatch(/^tiếp tục giữ gìn/);
    expectExactOffsets(response);
  });

  it('quotes the evidence without its leading filler', async () => {
    // The sentence opens with "Đáng chú ý, …" in the article.
    const response = await ask(
      'Trong bối cảnh Peru chuẩn bị tổ chức Tuần lễ cấp cao APEC 2024, lãnh đạo Peru dành cho Chủ tịch nước sự gì?',
    );
    expect(response.found).toBe(true);
    expect(response.answer).not.toMatch(/^Đáng chú ý/);
    expect(response.answer).toMatch(/^trong bối cảnh Peru/i);
    expectExactOffsets(response);
  });

  it('refuses a question about a topic the site never wrote about', async () => {
    const response = await ask('Đội tuyển Argentina vô địch World Cup sau khi thắng đội nào trong trận chung kết?');
    expect(response).toMatchObject({ found: false, citations: [], shortAnswer: null });
    expect(response.confidence).toBeLessThan(runtime.qa.options.reader!.reader.threshold);
  });

  it('refuses a question about a year no article covers, instead of quoting another year', async () => {
    const response = await ask('Chủ tịch nước thăm Chile năm 2019 vào ngày nào?');
    expect(response).toMatchObject({ found: false, citations: [] });
  });

  it('dates an answer to a question about the present taken from an old article', async () => {
    const response = await ask('Hiện nay Peru đã trao cho Chủ tịch nước Lương Cường những huân chương nào?');
    expect(response.found).toBe(true);
    expect(response.citations[0]?.publishedAt).toMatch(/^2024-11-16/);
    expect(response.answer).toMatch(/^Theo bài ngày 16\/11\/2024: /);
  });

  it('gives every answer of the own set exact offsets for its short answer and quotes', async () => {
    const set = parseEvalSet(readFileSync('evals/own.jsonl', 'utf8'), 'evals/own.jsonl');
    let short = 0;
    for (const q of set.questions) {
      const response = await ask(q.question);
      expectExactOffsets(response);
      if (response.found) {
        expect(response.shortAnswer, q.question).not.toBeNull();
        short++;
      }
    }
    expect(short).toBeGreaterThan(set.questions.length / 2);
  });
});
