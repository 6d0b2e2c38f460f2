import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseHtmlPage } from '../../src/corpus/html.js';
import { isSkipped } from '../../src/corpus/draft.js';
import type { Article } from '../../src/corpus/article.js';

const page = readFileSync(new URL('../fixtures/buyt-dien.html', import.meta.url), 'utf8');

function parse(html: string): Article {
  const result = parseHtmlPage(html, { id: 'buyt-dien', origin: 'tests/fixtures/buyt-dien.html' });
  if (isSkipped(result)) throw new Error(result.reason);
  return result;
}

describe('parseHtmlPage', () => {
  it('takes title, date and canonical URL from the page metadata', () => {
    const article = parse(page);
    expect(article.title).toBe('Hà Nội mở thêm tuyến buýt điện nối sân bay Nội Bài');
    expect(article.publishedAt).toBe('2025-03-02T08:30:00+07:00');
    expect(article.url).toBe('https://baomau.vn/ha-noi-mo-them-tuyen-buyt-dien-123.html');
  });

  it('keeps the lead and the article paragraphs', () => {
    const article = parse(page);
    expect(article.sapo).toMatch(/^Từ ngày 5\/3, Hà Nội đưa vào khai thác tuyến buýt điện số 86/);
    expect(article.body).toContain('tần suất 15 phút một chuyến');
    expect(article.body).toContain('mã QR ngay trên xe');
  });

  it('drops navigation, captions, scripts and the "Đọc nhiều" list', () => {
    const { body } = parse(page);
    for (const noise of ['Đăng nhập', 'Trang chủ', 'Ảnh: Minh Anh', 'window.ads', 'Đọc nhiều', 'Giá vàng hôm nay', 'Bình luận']) {
      expect(body).not.toContain(noise);
    }
  });

  it('falls back to <h1> and <title> without Open Graph tags', () => {
    const bare = page.replace(/<meta property="og:title"[^>]*>/, '').replace(/<link rel="canonical"[^>]*>/, '');
    const article = parse(bare);
    expect(article.title).toBe('Hà Nội mở thêm tuyến buýt điện nối sân bay Nội Bài');
    expect(article.url).toBe('');
  });

  it('reports a page without article text instead of indexing an empty article', () => {
    const result = parseHtmlPage('<html><head><title>Trang chủ</title></head><body><nav>Đăng nhập</nav></body></html>', {
      id: 'x',
      origin: 'x.html',
    });
    expect(isSkipped(result)).toBe(true);
  });
});
