/** The widget's pure helpers: links to the cited passage, and dates as the article states them. */
import { describe, expect, it } from 'vitest';
import type { Citation } from '../../src/contract.js';
import { formatDate, passageUrl, quoteText } from '../../src/widget/render.js';

const citation: Citation = {
  n: 1,
  articleId: 'a',
  title: 'T',
  url: 'https://tuoitre.vn/bai.htm#binh-luan',
  publishedAt: '2024-11-16T11:00:00+07:00',
  passage: 'Câu đầu. Chiều 16-11 theo giờ địa phương, Chủ tịch nước Lương Cường đã rời Lima, kết thúc chuyến thăm.',
  start: 100,
  end: 204,
  quote: { start: 109, end: 204 },
  score: 1,
};

describe('passageUrl', () => {
  it('links the article at the quote’s first words (a text fragment), replacing any #anchor', () => {
    expect(quoteText(citation)).toBe('Chiều 16-11 theo giờ địa phương, Chủ tịch nước Lương Cường đã rời Lima, kết thúc chuyến thăm.');
    const url = passageUrl(citation.url, citation)!;
    expect(url.startsWith('https://tuoitre.vn/bai.htm#:~:text=')).toBe(true);
    expect(decodeURIComponent(url.split('#:~:text=')[1]!)).toBe('Chiều 16-11 theo giờ địa phương, Chủ tịch');
    expect(url).toContain('16%2D11'); // "-" means something in a text directive
  });

  it('never makes a link of anything but http(s)', () => {
    expect(passageUrl("javascript:alert('x')", citation)).toBeUndefined();
    expect(passageUrl('', citation)).toBeUndefined();
    expect(passageUrl('data:text/html,<script>', citation)).toBeUndefined();
  });
});

describe('formatDate', () => {
  it('reads the date as written, whatever the reader’s time zone', () => {
    expect(formatDate('2024-11-16T23:30:00+07:00')).toBe('16/11/2024');
    expect(formatDate('')).toBe('');
  });
});
