import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/corpus/article.js';
import { chunkArticle, DEFAULT_MAX_CHARS } from '../../src/corpus/chunk.js';
import { isSkipped } from '../../src/corpus/draft.js';
import { parseMarkdown } from '../../src/corpus/markdown.js';
import { splitSentences } from '../../src/text/tokenize.js';

function shipped(name: string): Article {
  const text = readFileSync(new URL(`../../corpus/${name}.md`, import.meta.url), 'utf8');
  const result = parseMarkdown(text, { id: name, origin: `corpus/${name}.md` });
  if (isSkipped(result)) throw new Error(result.reason);
  return result;
}

function doc(body: string, id = 'bai'): Article {
  return { id, title: 'Tiêu đề', body, url: '', publishedAt: '', origin: 'test' };
}

/** The invariant citations rely on, plus order and coverage of every sentence. */
function expectExactSlices(article: Article, chunks = chunkArticle(article)): void {
  let previousEnd = 0;
  chunks.forEach((chunk, n) => {
    expect(chunk.text).toBe(article.body.slice(chunk.start, chunk.end));
    expect(chunk.id).toBe(`${article.id}:${n}`);
    expect(chunk.n).toBe(n);
    expect(chunk.articleId).toBe(article.id);
    expect(chunk.start).toBeGreaterThanOrEqual(previousEnd);
    expect(chunk.text).toBe(chunk.text.trim());
    previousEnd = chunk.end;
  });
}

describe('chunkArticle', () => {
  for (const name of ['apec-peru-2024-11-16', 'chile-paulina-vodanovic-2024-11-10']) {
    it(`cuts ${name} into exact slices of whole sentences, 400–1200 characters`, () => {
      const article = shipped(name);
      const chunks = chunkArticle(article);
      expect(chunks.length).toBeGreaterThan(5);
      expectExactSlices(article, chunks);
      for (const chunk of chunks) {
        expect(chunk.end - chunk.start).toBeLessThanOrEqual(DEFAULT_MAX_CHARS);
        expect(chunk.end - chunk.start).toBeGreaterThanOrEqual(400);
      }
      // No sentence is split: each lies inside one chunk.
      for (const sentence of splitSentences(article.body)) {
        expect(chunks.some((c) => c.start <= sentence.start && sentence.end <= c.end)).toBe(true);
      }
      // Nothing is lost: every sentence of the body is in some chunk.
      expect(chunks[0]!.start).toBe(0);
      expect(chunks[chunks.length - 1]!.end).toBe(article.body.length);
    });
  }

  it('keeps offsets exact on an NFD body (chunks slice what they are given)', () => {
    const body = 'Thuỷ triều dâng cao ở Cà Mau. Người dân hoà mình vào lễ hội.\n\nĐoạn hai có dấu.'.normalize('NFD');
    const article = doc(body);
    const chunks = chunkArticle(article, { targetChars: 40, maxChars: 80 });
    expect(chunks.length).toBeGreaterThan(1);
    expectExactSlices(article, chunks);
  });

  it('splits a sentence longer than maxChars at word boundaries only', () => {
    const words = Array.from({ length: 400 }, (_, i) => `từ${i}`);
    const body = `Mở đầu ngắn. ${words.join(' ')} kết thúc.`;
    const article = doc(body);
    const chunks = chunkArticle(article, { targetChars: 300, maxChars: 500 });
    expectExactSlices(article, chunks);
    for (const chunk of chunks) {
      expect(chunk.end - chunk.start).toBeLessThanOrEqual(500);
      // Cut between words: the characters on either side of a cut are spaces or the body's ends.
      expect(chunk.start === 0 || body[chunk.start - 1] === ' ').toBe(true);
      expect(chunk.end === body.length || body[chunk.end] === ' ').toBe(true);
    }
    expect(chunks.map((c) => c.text).join(' ')).toBe(body);
  });

  it('cuts a run without spaces at maxChars, never inside a surrogate pair', () => {
    const body = '😀'.repeat(300);
    const chunks = chunkArticle(doc(body), { targetChars: 51, maxChars: 101 });
    expectExactSlices(doc(body), chunks);
    for (const chunk of chunks) expect(chunk.text.length % 2).toBe(0);
    expect(chunks.map((c) => c.text).join('')).toBe(body);
  });

  it('is deterministic and gives nothing for an empty body', () => {
    const article = shipped('chile-paulina-vodanovic-2024-11-10');
    expect(chunkArticle(article)).toEqual(chunkArticle({ ...article }));
    expect(chunkArticle(doc(''))).toEqual([]);
  });

  it('rejects sizes that make no sense', () => {
    expect(() => chunkArticle(doc('Câu.'), { maxChars: 0 })).toThrow(RangeError);
  });
});
