/**
 * Property tests over every corpus reader with random and hostile input: front matter with
 * odd YAML, scraped pages and HTML of random lines, JSONL lines with deep nesting and huge
 * numbers, byte streams with invalid UTF-8, and whole temporary corpora of random files.
 * No reader throws; every input becomes an article or a skip report; every article is clean
 * (id and body non-empty, NFC, http(s) url or none) and chunks into exact slices of its body.
 *
 * Seed fixed ({@link FUZZ_SEED}) and runs bounded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Article } from '../../src/corpus/article.js';
import { chunkArticle } from '../../src/corpus/chunk.js';
import { isSkipped, type ParseResult } from '../../src/corpus/draft.js';
import { parseHtmlPage } from '../../src/corpus/html.js';
import { parseJsonl, parseJsonlLine, parseJsonlStream } from '../../src/corpus/jsonl.js';
import { parseMarkdown } from '../../src/corpus/markdown.js';
import { readCorpus } from '../../src/node/corpus-files.js';
import { parseScrapedPage } from '../../src/corpus/scraped.js';
import { anyValue, deepJson, FUZZ_SEED, hostileBytes, hostileNumberLiteral, hostileText, concat } from './hostile.js';

const RUNS = { seed: FUZZ_SEED, numRuns: 200, endOnFailure: true } as const;
const source = { id: 'bai-fuzz', origin: 'fuzz' };

/** What every reader promises about what it returns. */
function expectSound(result: ParseResult | null): void {
  if (result === null) return;
  if (isSkipped(result)) {
    expect(typeof result.reason).toBe('string');
    expect(typeof result.hint).toBe('string');
    return;
  }
  expectArticle(result);
}

function expectArticle(article: Article): void {
  const where = JSON.stringify(article).slice(0, 300);
  expect(article.id.trim(), where).not.toBe('');
  expect(article.body.trim(), where).not.toBe('');
  expect(typeof article.title, where).toBe('string');
  expect(article.body, where).toBe(article.body.normalize('NFC'));
  expect(article.url === '' || /^https?:\/\//i.test(article.url), where).toBe(true);
  expectChunks(article);
}

/** Chunks cover the body in order, each an exact slice, none over the ceiling. */
function expectChunks(article: Pick<Article, 'id' | 'body'>, options?: { targetChars: number; maxChars: number }): void {
  const chunks = chunkArticle(article, options);
  let last = 0;
  for (const chunk of chunks) {
    expect(chunk.text).toBe(article.body.slice(chunk.start, chunk.end));
    expect(chunk.start).toBeGreaterThanOrEqual(last);
    expect(chunk.end).toBeGreaterThan(chunk.start);
    expect(chunk.end - chunk.start).toBeLessThanOrEqual(options?.maxChars ?? 1200);
    last = chunk.end;
  }
  if (article.body.trim() !== '') expect(chunks.length).toBeGreaterThan(0);
}

/** Lines of a page or document: Vietnamese, hostile text, markup, and the shapes readers look for. */
const line = fc.oneof(
  hostileText,
  fc.constantFrom(
    '---',
    '...',
    '# Giá vàng hôm nay',
    '> Trích dẫn',
    '- mục',
    '1. mục',
    '```',
    '![ảnh](https://a.vn/x.jpg)',
    '[Giá vàng](https://a.vn/g.htm)',
    'Thứ Hai, 11/11/2024, 08:15 (GMT+7)',
    'Đọc nhiều',
    'BÌNH LUẬN',
    'Theo TTXVN',
    '<!-- chú thích',
    '-->',
    '<br>',
    './.',
    'Sáng 12/3, giá vàng miếng SJC tăng lên 92 triệu đồng mỗi lượng, theo bảng giá của các doanh nghiệp lớn.',
  ),
);
const document = fc.array(line, { maxLength: 30 }).map((lines) => lines.join('\n'));

/** YAML front matter with hostile keys and values: huge numbers, lists, maps, aliases, tags. */
const yamlValue = fc.oneof(
  hostileText.map((s) => JSON.stringify(s)),
  hostileNumberLiteral,
  fc.constantFrom(
    '[1, {a: 2}]',
    '{a: [b]}',
    '&x [1]',
    '*x',
    '!!binary AAAA',
    '~',
    'null',
    'true',
    '2024-13-45',
    '1e308',
    '|',
    '>-',
    '"',
    "'",
  ),
);
const frontMatter = fc
  .tuple(
    fc.array(
      fc.tuple(
        fc.constantFrom('id', 'title', 'date', 'url', 'link', 'source', 'categories', 'category', 'sapo', 'published', 'x'),
        yamlValue,
      ),
      { maxLength: 8 },
    ),
    document,
  )
  .map(([fields, body]) => `---\n${fields.map(([k, v]) => `${k}: ${v}`).join('\n')}\n---\n${body}`);

/** A JSONL record in the datasets' schemas, with hostile values anywhere. */
const record = fc.record(
  {
    id: anyValue,
    title: anyValue,
    body: fc.oneof(hostileText, anyValue),
    url: anyValue,
    published_date: anyValue,
    sapo: anyValue,
    category: anyValue,
    passage_id: anyValue,
    article_title: anyValue,
    text: anyValue,
    question: anyValue,
  },
  { requiredKeys: [] },
);
const jsonlLine = fc.oneof(
  record.map((r) => JSON.stringify(r)),
  hostileText,
  fc.tuple(fc.integer({ min: 1, max: 10_000 }), fc.constantFrom<'array' | 'object'>('array', 'object')).map(([d, k]) => deepJson(d, k)),
  hostileNumberLiteral.map((n) => `{"id":${n},"body":"Giá vàng tăng.","published_date":${n}}`),
);

describe('corpus readers under random and hostile input', () => {
  it('parseMarkdown reads or reports any front matter and body', () => {
    fc.assert(
      fc.property(fc.oneof(frontMatter, document, hostileText), (text) => expectSound(parseMarkdown(text, source))),
      RUNS,
    );
  });

  it('refuses a YAML alias bomb as invalid front matter', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(',')}]`,
      ),
    ];
    const started = Date.now();
    expectSound(parseMarkdown(`---\n${bomb.join('\n')}\ntitle: Bom\n---\nNội dung.`, source));
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('parseScrapedPage reads or reports any page text', () => {
    fc.assert(
      fc.property(fc.oneof(document, hostileText), (text) => expectSound(parseScrapedPage(text, source))),
      RUNS,
    );
  });

  it('parseHtmlPage reads or reports any markup', () => {
    const tag = fc.constantFrom(
      '<p>',
      '</p>',
      '<div>',
      '</div>',
      '<h1>',
      '</h1>',
      '<script>',
      '</script>',
      '<article>',
      '<br>',
      '<meta property="og:title" content="',
      '">',
      '<link rel="canonical" href="javascript:alert(1)">',
      '<!--',
      '-->',
      '<![CDATA[',
      '&amp;',
      '&#0;',
      '&#x110000;',
    );
    const html = fc.array(fc.oneof(tag, line), { maxLength: 40 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(html, (text) => expectSound(parseHtmlPage(text, source))),
      { ...RUNS, numRuns: 80 },
    );
  });

  it('parseJsonlLine and parseJsonl read or report every line', () => {
    fc.assert(
      fc.property(fc.array(jsonlLine, { maxLength: 8 }), (lines) => {
        for (const [i, l] of lines.entries()) expectSound(parseJsonlLine(l, `fuzz.jsonl:${i + 1}`, `fuzz-L${i + 1}`));
        const results = parseJsonl(lines.join('\n'), 'fuzz.jsonl');
        results.forEach(expectSound);
        expect(results.length).toBeLessThanOrEqual(lines.join('\n').split('\n').length);
      }),
      RUNS,
    );
  });

  it('parseJsonlStream reads random bytes in random pieces, one result per line', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            hostileBytes,
            jsonlLine.map((l) => new TextEncoder().encode(l)),
          ),
          { maxLength: 6 },
        ),
        fc.integer({ min: 1, max: 64 }),
        async (lines, piece) => {
          const bytes = new TextEncoder().encode('');
          const joined = lines.reduce((acc, l) => concat(acc, l, Uint8Array.of(0x0a)), bytes);
          async function* pieces() {
            for (let i = 0; i < joined.length; i += piece) yield joined.subarray(i, i + piece);
          }
          let count = 0;
          for await (const result of parseJsonlStream(pieces(), 'fuzz.jsonl', { maxLineBytes: 4096 })) {
            expectSound(result);
            count++;
          }
          expect(count).toBeLessThanOrEqual(joined.filter((b) => b === 0x0a).length + 1);
        },
      ),
      { ...RUNS, numRuns: 120 },
    );
  });

  it('chunkArticle keeps chunk.text === body.slice(start, end) for any body and sizes', () => {
    fc.assert(
      fc.property(
        fc.oneof(document, hostileText),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 0, max: 300 }),
        (body, target, extra) => {
          expectChunks({ id: 'x', body }, { targetChars: target, maxChars: target + extra });
        },
      ),
      RUNS,
    );
  });
});

describe('readCorpus over temporary files of random bytes', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hoidap-fuzz-corpus-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('never throws, and accounts for every file', async () => {
    let run = 0;
    const file = fc.tuple(
      fc.constantFrom('.md', '.txt', '.jsonl', '.html', '.markdown', '.pdf', ''),
      fc.oneof(
        hostileBytes,
        document.map((d) => new TextEncoder().encode(d)),
        frontMatter.map((d) => new TextEncoder().encode(d)),
        fc.array(jsonlLine, { maxLength: 4 }).map((l) => new TextEncoder().encode(l.join('\n'))),
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(file, { minLength: 1, maxLength: 5 }), async (files) => {
        const folder = join(dir, String(run++));
        rmSync(folder, { recursive: true, force: true });
        mkdirSync(folder);
        files.forEach(([ext, bytes], i) => writeFileSync(join(folder, `bai-${i}${ext}`), bytes));
        const { articles, skipped } = await readCorpus([folder], { maxFileBytes: 64 * 1024 });
        articles.forEach(expectArticle);
        expect(new Set(articles.map((a) => a.id)).size).toBe(articles.length);
        const nonJsonl = files.filter(([ext]) => ext !== '.jsonl').length;
        expect(articles.length + skipped.length).toBeGreaterThanOrEqual(nonJsonl);
      }),
      { ...RUNS, numRuns: 40 },
    );
  });
});
