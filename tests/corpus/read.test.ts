import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SkippedInput } from '../../src/corpus/article.js';
import { listCorpusFiles, readCorpus, streamCorpus } from '../../src/node/corpus-files.js';

const CORPUS = new URL('../../corpus/', import.meta.url).pathname;

let dir: string;
const at = (...parts: string[]) => join(dir, ...parts);

const md = (front: string, body: string) => `---\n${front}\n---\n${body}\n`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'corpus-read-'));
  mkdirSync(at('a', 'con'), { recursive: true });
  mkdirSync(at('b'));
  const files: Record<string, string | Uint8Array> = {
    'a/bai-tot.md': md('id: bai-tot\ntitle: Hà Nội trồng thêm cây xanh', 'Thành phố trồng thêm một nghìn cây xanh.'),
    'a/trung-id.md': md('id: bai-tot\ntitle: Một bài khác', 'Nội dung khác hẳn bài đầu.'),
    'a/ban-sao.markdown': md('id: bai-tot\ntitle: Hà Nội trồng thêm cây xanh', 'Thành phố trồng thêm một nghìn cây xanh.'),
    'a/khong-tieu-de.md': md('date: 2024-05-01', 'Câu đầu tiên thay cho tiêu đề. Câu thứ hai.'),
    'a/nfd.md': md('title: Thuỷ lợi', 'Mùa khô, công trình thuỷ lợi hoà vào mạng lưới chung.').normalize('NFD'),
    'a/rong.md': md('title: Bài rỗng', '   \n\n'),
    'a/hong.md': '---\ntitle: "chưa đóng ngoặc\n---\nNội dung.\n',
    'a/lon.md': md('title: Bài quá dài', 'Rất dài. '.repeat(400)),
    'a/latin1.txt': Uint8Array.from([0x48, 0x6f, 0xe0, 0x20, 0x62, 0xec, 0x6e, 0x68, 0x0a]),
    'a/anh.png': Uint8Array.from([0x89, 0x50, 0x4e, 0x47]),
    'a/README.md': '# Thư mục thử\n\nTài liệu, không phải bài báo.\n',
    'a/.an.md': md('title: Ẩn', 'Tệp ẩn.'),
    'a/con/trang.txt': [
      'Logo',
      'Đăng nhập',
      'Nông dân miền Tây phấn khởi vì giá lúa tăng',
      'Giá lúa đông xuân năm nay tăng khoảng 500 đồng mỗi ký so với cùng kỳ, nông dân có lãi khá sau nhiều vụ khó khăn.',
      'Nhiều thương lái đặt cọc mua lúa ngay từ khi lúa còn trên đồng, theo các hợp tác xã ở Cần Thơ và An Giang.',
      'Đọc nhiều',
      'Một bài khác hoàn toàn',
    ].join('\n'),
    'a/con/front.txt': md('id: front-txt\ntitle: Tệp txt có front matter', '**Đậm** và [liên kết](https://example.vn).'),
    'b/du-lieu.jsonl': [
      JSON.stringify({ id: 'j1', title: 'Bài một', body: 'Nội dung một.' }),
      JSON.stringify({ id: 'j2', title: 'Bài hai', body: 'Nội dung hai.' }),
      '',
      '{"id": "j3", "title": ',
      JSON.stringify({ passage_id: 'p1', article_title: 'Đoạn_văn', text: 'Một đoạn văn.' }),
    ].join('\n'),
  };
  for (const [name, content] of Object.entries(files)) writeFileSync(at(name), content);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readCorpus', () => {
  it('reads every usable input and reports each bad one, losing nothing else', async () => {
    const { articles, skipped } = await readCorpus([at('a'), at('b'), at('a', 'bai-tot.md'), at('khong-co')], {
      maxFileBytes: 2000,
    });
    const ids = articles.map((a) => a.id).sort();
    expect(ids).toEqual(['bai-tot', 'front-txt', 'j1', 'j2', 'khong-tieu-de', 'nfd', 'p1', 'trang']);

    const reasons = Object.fromEntries(skipped.map((s) => [s.origin.replace(`${dir}/`, ''), s.reason]));
    expect(reasons).toEqual({
      'a/anh.png': 'unsupported file type ".png"',
      'a/ban-sao.markdown': expect.stringMatching(/^duplicate id "bai-tot" \(same content\), first read from .*a\/bai-tot\.md$/) as string,
      'a/hong.md': expect.stringMatching(/^front matter is not valid YAML/) as string,
      'a/latin1.txt': 'not valid UTF-8',
      'a/lon.md': expect.stringMatching(/over the 0\.0 MB limit$/) as string,
      'a/rong.md': 'empty body',
      'a/trung-id.md': expect.stringMatching(/^duplicate id "bai-tot" \(different content\)/) as string,
      'b/du-lieu.jsonl:4': expect.stringMatching(/^not valid JSON/) as string,
      'khong-co': 'no such file or folder',
    });
    for (const s of skipped) expect(s.hint).toMatch(/\w/);

    // Inputs: 14 files in a/ (README and the hidden file are not inputs), 4 JSONL records, 1 missing path;
    // a/bai-tot.md, given a second time, is read once.
    expect(articles.length + skipped.length).toBe(12 + 4 + 1);
  });

  it('keeps the first of two articles with one id', async () => {
    const { articles } = await readCorpus([at('a')]);
    expect(articles.find((a) => a.id === 'bai-tot')!.title).toBe('Hà Nội trồng thêm cây xanh');
  });

  it('falls back to the first sentence for a missing title, and normalizes NFD files', async () => {
    const { articles } = await readCorpus([at('a')]);
    const byId = new Map(articles.map((a) => [a.id, a]));
    expect(byId.get('khong-tieu-de')!.title).toBe('Câu đầu tiên thay cho tiêu đề. Câu thứ hai.');
    expect(byId.get('khong-tieu-de')!.publishedAt).toBe('2024-05-01');
    expect(byId.get('nfd')!.title).toBe('Thủy lợi');
    expect(byId.get('nfd')!.body).toBe('Mùa khô, công trình thủy lợi hòa vào mạng lưới chung.');
    expect(byId.get('front-txt')!.body).toBe('Đậm và liên kết.');
  });

  it('reads a scraped .txt page as a page, with the file name as id', async () => {
    const { articles } = await readCorpus([at('a', 'con', 'trang.txt')]);
    expect(articles).toHaveLength(1);
    expect(articles[0]).toMatchObject({ id: 'trang', title: 'Nông dân miền Tây phấn khởi vì giá lúa tăng' });
    expect(articles[0]!.body).not.toContain('Đọc nhiều');
    expect(articles[0]!.body).not.toContain('Một bài khác hoàn toàn');
  });

  it('reads the shipped corpus/ folder cleanly', async () => {
    const { articles, skipped } = await readCorpus([CORPUS]);
    expect(skipped).toEqual([]);
    expect(articles.map((a) => a.id)).toEqual(['apec-peru-2024-11-16', 'chile-paulina-vodanovic-2024-11-10']);
    expect(articles[0]!.publishedAt).toBe('2024-11-16T11:00:00+07:00');
  });
});

describe('streamCorpus', () => {
  it('yields the same articles as readCorpus, and reports skips through onSkip in order', async () => {
    const skipped: SkippedInput[] = [];
    const ids: string[] = [];
    for await (const article of streamCorpus([at('b')], { onSkip: (s) => skipped.push(s) })) ids.push(article.id);
    expect(ids).toEqual(['j1', 'j2', 'p1']);
    expect(skipped.map((s) => s.origin)).toEqual([`${at('b', 'du-lieu.jsonl')}:4`]);
  });
});

describe('listCorpusFiles', () => {
  it('lists the readable input files with size and mtime, sorted', async () => {
    const files = await listCorpusFiles([at('b'), at('a')]);
    expect(files.map((f) => f.path.replace(`${dir}/`, ''))).toEqual([
      'a/bai-tot.md',
      'a/ban-sao.markdown',
      'a/con/front.txt',
      'a/con/trang.txt',
      'a/hong.md',
      'a/khong-tieu-de.md',
      'a/latin1.txt',
      'a/lon.md',
      'a/nfd.md',
      'a/rong.md',
      'a/trung-id.md',
      'b/du-lieu.jsonl',
    ]);
    const first = files.find((f) => f.path.endsWith('du-lieu.jsonl'))!;
    expect(first.size).toBeGreaterThan(100);
    expect(first.mtimeMs).toBeGreaterThan(0);
  });
});
