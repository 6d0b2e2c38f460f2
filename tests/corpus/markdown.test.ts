import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Article, SkippedInput } from '../../src/corpus/article.js';
import { isSkipped, type ParseResult } from '../../src/corpus/draft.js';
import { markdownToText, parseMarkdown, splitFrontMatter } from '../../src/corpus/markdown.js';

const source = { id: 'ten-tep', origin: 'corpus/ten-tep.md' };

function article(result: ParseResult): Article {
  if (isSkipped(result)) throw new Error(`skipped: ${result.reason}`);
  return result;
}

function skip(result: ParseResult): SkippedInput {
  if (!isSkipped(result)) throw new Error(`not skipped: ${result.id}`);
  return result;
}

/** Shaped like the RSS-to-Markdown seed: feed tag, truncated title, link line, image, credits. */
const FEED_ARTICLE = `---
layout: post
title: " [Mùa lúa] Đồng bằng sông Cửu Long thu hoạch lúa đông xuân ..."
date: Mon, 03 Mar 2025 07:30:00 +0700
categories: entries VN
---
[Đồng bằng sông Cửu Long thu hoạch lúa đông xuân ...](https://vi.example.vn/dong-bang-thu-hoach-lua-2025030307.htm)

![Đồng bằng sông Cửu Long thu hoạch lúa đông xuân ...](https://cdn.example.vn/lua.jpg)

Nông dân Cần Thơ thu hoạch lúa đông xuân trên cánh đồng lớn - Ảnh: NGỌC HÂN

## Giá lúa tăng nhẹ

Theo **Sở Nông nghiệp**, năng suất bình quân đạt 7,2 tấn/ha, cao hơn
vụ trước 0,3 tấn. Xem [báo cáo](https://vi.example.vn/bao-cao) để biết thêm.

- Giá lúa tươi: 7.500 đồng/kg
- Giá lúa khô: *9.000 đồng/kg*

> "Vụ này được mùa, được giá", một nông dân nói.
`;

describe('parseMarkdown', () => {
  it('reads a feed article: title, ISO date with offset, source link, plain body', () => {
    const a = article(parseMarkdown(FEED_ARTICLE, source));
    expect(a.id).toBe('ten-tep');
    expect(a.title).toBe('Đồng bằng sông Cửu Long thu hoạch lúa đông xuân…');
    expect(a.publishedAt).toBe('2025-03-03T07:30:00+07:00');
    expect(a.url).toBe('https://vi.example.vn/dong-bang-thu-hoach-lua-2025030307.htm');
    expect(a.category).toBe('entries, VN');
    expect(a.body).toBe(
      [
        'Giá lúa tăng nhẹ',
        'Theo Sở Nông nghiệp, năng suất bình quân đạt 7,2 tấn/ha, cao hơn vụ trước 0,3 tấn. Xem báo cáo để biết thêm.',
        'Giá lúa tươi: 7.500 đồng/kg\nGiá lúa khô: 9.000 đồng/kg',
        '"Vụ này được mùa, được giá", một nông dân nói.',
      ].join('\n\n'),
    );
  });

  it('keeps a leading link that is not the article itself as text', () => {
    const text = '---\ntitle: Giá vàng hôm nay\n---\n[Bảng giá vàng](https://example.vn/bang-gia)\n\nGiá vàng tăng.';
    const a = article(parseMarkdown(text, source));
    expect(a.url).toBe('');
    expect(a.body).toBe('Bảng giá vàng\n\nGiá vàng tăng.');
  });

  it('takes id, url, sapo from front matter and a title from a leading heading', () => {
    const text = [
      '---',
      'id: 42',
      'link: https://example.vn/bai-42.htm',
      'sapo: Mưa lớn kéo dài ở miền Trung.',
      'date: 2024-10-28',
      'category: Thời sự',
      '---',
      '# Miền Trung mưa lớn',
      '',
      'Nhiều tuyến đường bị ngập sâu.',
    ].join('\n');
    const a = article(parseMarkdown(text, source));
    expect(a).toMatchObject({
      id: '42',
      title: 'Miền Trung mưa lớn',
      url: 'https://example.vn/bai-42.htm',
      publishedAt: '2024-10-28',
      category: 'Thời sự',
      sapo: 'Mưa lớn kéo dài ở miền Trung.',
      body: 'Mưa lớn kéo dài ở miền Trung.\n\nNhiều tuyến đường bị ngập sâu.',
    });
  });

  it('normalizes NFD text', () => {
    const text = '---\ntitle: Thuỷ điện Hoà Bình\n---\nNhà máy thuỷ điện hoà vào lưới điện quốc gia.'.normalize('NFD');
    const a = article(parseMarkdown(text, source));
    expect(a.title).toBe('Thủy điện Hòa Bình');
    expect(a.body).toBe('Nhà máy thủy điện hòa vào lưới điện quốc gia.');
  });

  it('falls back to the first line of the body for a missing title', () => {
    const a = article(parseMarkdown('---\ndate: 2024-01-01\n---\nMột bài không có tiêu đề.\n\nĐoạn hai.', source));
    expect(a.title).toBe('Một bài không có tiêu đề.');
  });

  it('reports malformed front matter and an empty body', () => {
    expect(skip(parseMarkdown('---\ntitle: Chưa đóng\nBody', source)).reason).toBe('front matter is not closed');
    expect(skip(parseMarkdown('---\ntitle: [chưa đóng\n---\nBody', source)).reason).toMatch(/^front matter is not valid YAML/);
    expect(skip(parseMarkdown('---\n- một\n- hai\n---\nBody', source)).reason).toBe('front matter is not a key: value mapping');
    const empty = skip(parseMarkdown('---\ntitle: Chỉ có ảnh\n---\n![ảnh](https://example.vn/a.jpg)\n', source));
    expect(empty).toEqual({ origin: 'corpus/ten-tep.md', reason: 'empty body', hint: expect.any(String) as string });
  });
});

describe('splitFrontMatter and markdownToText', () => {
  it('reads files without front matter as body only', () => {
    expect(splitFrontMatter('Chỉ có nội dung.')).toEqual({ data: {}, body: 'Chỉ có nội dung.' });
  });

  it('strips inline markup but keeps escaped characters and snake_case', () => {
    expect(markdownToText('Giá \\*ưu đãi\\* cho ~~mọi~~ khách, mã `KM_2024` và tệp ten_tep_moi.')).toBe(
      'Giá *ưu đãi* cho mọi khách, mã KM_2024 và tệp ten_tep_moi.',
    );
    expect(markdownToText('Dòng một  \nDòng hai\n\n---\n\nĐoạn <b>ba</b>.')).toBe('Dòng một\nDòng hai\n\nĐoạn ba.');
  });
});

describe('the APEC seed (front matter Markdown)', () => {
  const seed = new URL('../../../shared/seeds/003_468e480c5f55706b.txt', import.meta.url);

  it('reads the raw feed file: title, date, tuoitre.vn url, no images or captions', () => {
    const a = article(parseMarkdown(readFileSync(seed, 'utf8'), { id: '003', origin: 'seed' }));
    expect(a.title).toBe('Nhìn lại chuyến thăm Chile, Peru, dự APEC của Chủ tịch nước…');
    expect(a.publishedAt).toBe('2024-11-16T11:00:00+07:00');
    expect(a.url).toBe('https://tuoitre.vn/nhin-lai-chuyen-tham-chile-peru-du-apec-cua-chu-tich-nuoc-luong-cuong-2024111708304706.htm');
    expect(a.body).not.toMatch(/!\[|\]\(|https?:|Ảnh: (AFP|TTXVN|REUTERS|BỘ NGOẠI GIAO)/);
    expect(a.body).toContain('Việt Nam đăng cai APEC 2027 là một minh chứng rõ nét.');
    expect(a.body.endsWith('nâng cao vai trò, vị thế quốc tế của đất nước.')).toBe(true);
  });

  it('reads the shipped copy in corpus/', () => {
    const file = new URL('../../corpus/apec-peru-2024-11-16.md', import.meta.url);
    const a = article(parseMarkdown(readFileSync(file, 'utf8'), { id: 'x', origin: 'corpus' }));
    expect(a.id).toBe('apec-peru-2024-11-16');
    expect(a.title).toBe('Nhìn lại chuyến thăm Chile, Peru, dự APEC của Chủ tịch nước Lương Cường');
    expect(a.body.startsWith('Việt Nam coi trọng quan hệ hữu nghị truyền thống\n\nChiều 16-11')).toBe(true);
    expect(a.body).not.toContain('##');
  });
});
