import { describe, expect, it } from 'vitest';
import type { Article, SkippedInput } from '../../src/corpus/article.js';
import { isSkipped, type ParseResult } from '../../src/corpus/draft.js';
import { parseJsonl, parseJsonlStream } from '../../src/corpus/jsonl.js';

const ARTICLE = {
  id: 'bao-1',
  source: 'Báo Ví Dụ',
  url: 'https://example.vn/bao-1.htm',
  published_date: '2021-04-20',
  category: 'health',
  title: 'Uống đủ nước mỗi ngày',
  sapo: 'Cơ thể cần khoảng hai lít nước.',
  body: 'Nước giúp điều hòa thân nhiệt.\nThiếu nước gây mệt mỏi.',
};
const PASSAGE = { passage_id: 'wiki-1', article_title: 'Sông_Hồng', text: 'Sông Hồng chảy qua Hà Nội.' };

const TEXT = [
  JSON.stringify(ARTICLE),
  '',
  '{"id": "hong", "body": ',
  JSON.stringify(PASSAGE),
  '[1, 2]',
  JSON.stringify({ id: 'rong', title: 'Không có nội dung', body: '   ' }),
  JSON.stringify({ id: 'la', noi_dung: 'Trường lạ' }),
  JSON.stringify({ id: 'khong-tieu-de', title: null, body: 'Câu đầu làm tiêu đề.\nCâu hai.' }),
].join('\n');

function split(results: ParseResult[]): { articles: Article[]; skipped: SkippedInput[] } {
  return {
    articles: results.filter((r): r is Article => !isSkipped(r)),
    skipped: results.filter(isSkipped),
  };
}

describe('parseJsonl', () => {
  const { articles, skipped } = split(parseJsonl(TEXT, 'data/mau.jsonl'));

  it('reads articles and passages, with the lead in front of the body', () => {
    expect(articles.map((a) => a.id)).toEqual(['bao-1', 'wiki-1', 'khong-tieu-de']);
    expect(articles[0]).toEqual({
      id: 'bao-1',
      title: 'Uống đủ nước mỗi ngày',
      sapo: 'Cơ thể cần khoảng hai lít nước.',
      body: 'Cơ thể cần khoảng hai lít nước.\n\nNước giúp điều hòa thân nhiệt.\nThiếu nước gây mệt mỏi.',
      url: 'https://example.vn/bao-1.htm',
      publishedAt: '2021-04-20',
      category: 'health',
      origin: 'data/mau.jsonl:1',
    });
    expect(articles[1]).toMatchObject({ title: 'Sông Hồng', body: 'Sông Hồng chảy qua Hà Nội.', origin: 'data/mau.jsonl:4' });
    expect(articles[2]!.title).toBe('Câu đầu làm tiêu đề.');
  });

  it('reports each bad line with its line number and reads the rest', () => {
    expect(skipped.map((s) => s.origin)).toEqual(['data/mau.jsonl:3', 'data/mau.jsonl:5', 'data/mau.jsonl:6', 'data/mau.jsonl:7']);
    expect(skipped[0]!.reason).toMatch(/^not valid JSON/);
    expect(skipped[1]!.reason).toBe('not a JSON object');
    expect(skipped[2]!.reason).toBe('empty body');
    expect(skipped[3]!.reason).toMatch(/^neither an article/);
    for (const s of skipped) expect(s.hint.length).toBeGreaterThan(0);
    // 7 non-blank lines: every one is either read or reported.
    expect(articles.length + skipped.length).toBe(7);
  });

  it('reports a questions file once', () => {
    const questions = [
      JSON.stringify({ id: 'q1', passage_id: 'wiki-1', question: 'Sông Hồng chảy qua đâu?', answers: [] }),
      JSON.stringify({ id: 'q2', passage_id: 'wiki-1', question: 'Dài bao nhiêu?', answers: [] }),
    ].join('\n');
    expect(parseJsonl(questions, 'dev.questions.jsonl')).toEqual([
      { origin: 'dev.questions.jsonl', reason: 'a questions file (eval set), not a corpus', hint: expect.any(String) as string },
    ]);
  });

  it('normalizes NFD text', () => {
    const line = JSON.stringify({ id: 'nfd', title: 'Thuỷ triều', body: 'Thuỷ triều lên cao.' }).normalize('NFD');
    const [a] = parseJsonl(line, 'nfd.jsonl') as Article[];
    expect(a!.title).toBe('Thủy triều');
    expect(a!.body).toBe('Thủy triều lên cao.');
  });
});

/** Feeds bytes in small pieces, to cut lines and multi-byte characters across chunks. */
async function* pieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

async function collect(stream: AsyncIterable<ParseResult>): Promise<ParseResult[]> {
  const out: ParseResult[] = [];
  for await (const r of stream) out.push(r);
  return out;
}

describe('parseJsonlStream', () => {
  it('gives the same results as parseJsonl whatever the chunk size, with CRLF line ends', async () => {
    const bytes = new TextEncoder().encode(TEXT.replace(/\n/g, '\r\n'));
    const expected = parseJsonl(TEXT, 'mau.jsonl');
    for (const size of [1, 3, 7, 64, 1 << 16]) {
      expect(await collect(parseJsonlStream(pieces(bytes, size), 'mau.jsonl'))).toEqual(expected);
    }
  });

  it('reports a line that is not UTF-8 and one over the size limit, and reads the others', async () => {
    const encoder = new TextEncoder();
    const good = encoder.encode(`${JSON.stringify(ARTICLE)}\n`);
    const latin1 = Uint8Array.from([...encoder.encode('{"id":"x","body":"Ho'), 0xe0, ...encoder.encode(' b\u0131nh"}\n')]);
    const long = encoder.encode(`${JSON.stringify({ id: 'dai', body: 'chữ '.repeat(300) })}\n`);
    const last = encoder.encode(JSON.stringify(PASSAGE)); // no final newline
    const bytes = new Uint8Array([...good, ...latin1, ...long, ...last]);
    const { articles, skipped } = split(await collect(parseJsonlStream(pieces(bytes, 5), 'mix.jsonl', { maxLineBytes: 1000 })));
    expect(articles.map((a) => a.origin)).toEqual(['mix.jsonl:1', 'mix.jsonl:4']);
    expect(skipped).toEqual([
      { origin: 'mix.jsonl:2', reason: 'line is not valid UTF-8', hint: expect.stringContaining('UTF-8') as string },
      { origin: 'mix.jsonl:3', reason: 'line is 1.8 KB, over the 1000 B limit', hint: expect.any(String) as string },
    ]);
  });
});
