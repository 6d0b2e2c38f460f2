import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/corpus/article.js';
import { chunkArticle } from '../../src/corpus/chunk.js';
import { isSkipped, type ParseResult } from '../../src/corpus/draft.js';
import { parseMarkdown } from '../../src/corpus/markdown.js';
import { parseScrapedPage } from '../../src/corpus/scraped.js';

function article(result: ParseResult): Article {
  if (isSkipped(result)) throw new Error(`skipped: ${result.reason}`);
  return result;
}

/** Everything of an article that reaches the index: title, lead, body and the chunks cited from it. */
function indexedText(a: Article): string {
  return [a.title, a.sapo ?? '', a.body, ...chunkArticle(a).map((c) => c.text)].join('\n');
}

describe('the scraped seed page', () => {
  const page = readFileSync(new URL('../../../shared/seeds/000_99c29ac0f43dab05.txt', import.meta.url), 'utf8');
  const a = article(parseScrapedPage(page, { id: '000_99c29ac0f43dab05', origin: 'seeds/000.txt' }));

  it('BOILERPLATE: indexes no site furniture and none of the teasers under "Đừng bỏ lỡ"', () => {
    const text = indexedText(a);
    for (const furniture of ['Đăng nhập', 'Đọc nhiều', 'BÌNH LUẬN', 'Đừng bỏ lỡ', 'HỎI ĐÁP THÔNG MINH', 'Tin mới']) {
      expect(text).not.toContain(furniture);
    }
    const teasers = [
      'Đà Nẵng tăng cường kết nối, thúc đẩy hợp tác thực chất với Hà Lan',
      'Việt Nam khẳng định minh bạch và tăng cường hợp tác quốc tế về thuế',
      'Góc nhìn quốc tế: đâu là "hạt giống" xây dựng sức mạnh mềm Việt Nam?',
    ];
    // The teasers are really on the page: the test would fail if the reader let them through.
    for (const teaser of teasers) expect(page).toContain(teaser);
    for (const teaser of teasers) expect(text).not.toContain(teaser);
    expect(text).not.toMatch(/Mừng Đảng|Logo|Kinhtedothi|Ảnh: Lâm Khánh|tiếp tục chăm lo xây dựng/);
  });

  it('keeps the headline, the lead once, and the article through its last paragraph', () => {
    expect(a.title).toBe('Việt Nam mong muốn hợp tác với các nước bạn bè truyền thống ở Mỹ Latinh');
    expect(a.sapo).toBe(
      'Chủ tịch nước nhấn mạnh Việt Nam mong muốn hợp tác với các nước bạn bè truyền thống ở khu vực Mỹ Latinh, nhất là với Chile, quốc gia quan trọng hàng đầu, có vai trò dẫn dắt quá trình hội nhập khu vực.',
    );
    expect(a.body.startsWith(`${a.sapo}\n\nTrong khuôn khổ chuyến thăm chính thức Cộng hòa Chile`)).toBe(true);
    expect(a.body.split(a.sapo!).length - 1).toBe(1);
    expect(a.body.endsWith('ngày càng đi vào chiều sâu, hiệu quả.')).toBe(true);
    expect(a.body.split('\n\n')).toHaveLength(19);
    expect(a.publishedAt).toBe('');
    expect(a.url).toBe('');
  });

  it('matches the shipped copy in corpus/', () => {
    const file = new URL('../../corpus/chile-paulina-vodanovic-2024-11-10.md', import.meta.url);
    const shipped = article(parseMarkdown(readFileSync(file, 'utf8'), { id: 'x', origin: 'corpus' }));
    expect(shipped.id).toBe('chile-paulina-vodanovic-2024-11-10');
    expect(shipped.title).toBe(a.title);
    expect(shipped.sapo).toBe(a.sapo);
    expect(shipped.body).toBe(a.body);
  });
});

/** An invented page in another site's layout: other markers, a dateline, a byline, tags. */
const OTHER_SITE = `Trang chủ
Thời sự | Thế giới | Kinh tế | Pháp luật
Đăng ký | Đăng nhập
Thời sự
Hà Nội mở thêm ba tuyến xe buýt điện nối sân bay Nội Bài
Thứ Hai, 11/11/2024, 08:15 (GMT+7)
Minh Anh
Chia sẻ
(PLVN) - Từ tháng 12, người dân có thể đi xe buýt điện từ trung tâm Hà Nội đến sân bay Nội Bài với giá vé 9.000 đồng một lượt.
Xe buýt điện chạy thử trên phố Kim Mã. Ảnh: Minh Anh
Sở Giao thông vận tải Hà Nội cho biết ba tuyến mới xuất phát từ Long Biên, Cầu Giấy và Hà Đông, chạy qua nhiều điểm trung chuyển lớn.
Xem thêm: Hà Nội thí điểm vé điện tử trên xe buýt
Lộ trình mới
Theo kế hoạch, mỗi tuyến có 20 xe, tần suất 15 phút một chuyến, hoạt động từ 5h đến 22h hằng ngày.
Đại diện doanh nghiệp vận hành cho biết các xe đều dùng pin sản xuất trong nước.
Minh Anh
Từ khóa: xe buýt điện, Nội Bài
Tin liên quan
Hà Nội thí điểm vé điện tử trên xe buýt
`;

describe('parseScrapedPage on another layout', () => {
  const a = article(parseScrapedPage(OTHER_SITE, { id: 'xe-buyt', origin: 'pages/xe-buyt.txt' }));

  it('finds headline, dateline and lead past the menus, byline and share button', () => {
    expect(a.title).toBe('Hà Nội mở thêm ba tuyến xe buýt điện nối sân bay Nội Bài');
    expect(a.publishedAt).toBe('2024-11-11T08:15:00+07:00');
    expect(a.sapo).toBe(
      'Từ tháng 12, người dân có thể đi xe buýt điện từ trung tâm Hà Nội đến sân bay Nội Bài với giá vé 9.000 đồng một lượt.',
    );
  });

  it('keeps subheadings and paragraphs, drops caption, inline teaser, byline, tags and what follows', () => {
    expect(a.body.split('\n\n')).toEqual([
      a.sapo,
      'Sở Giao thông vận tải Hà Nội cho biết ba tuyến mới xuất phát từ Long Biên, Cầu Giấy và Hà Đông, chạy qua nhiều điểm trung chuyển lớn.',
      'Lộ trình mới',
      'Theo kế hoạch, mỗi tuyến có 20 xe, tần suất 15 phút một chuyến, hoạt động từ 5h đến 22h hằng ngày.',
      'Đại diện doanh nghiệp vận hành cho biết các xe đều dùng pin sản xuất trong nước.',
    ]);
  });

  it('normalizes an NFD page the same way', () => {
    const nfd = article(parseScrapedPage(OTHER_SITE.normalize('NFD'), { id: 'xe-buyt', origin: 'pages/xe-buyt.txt' }));
    expect(nfd.title).toBe(a.title);
    expect(nfd.body).toBe(a.body);
  });

  it('reports a page with no article text', () => {
    const result = parseScrapedPage('Logo\nĐăng nhập\nĐọc nhiều\n', { id: 'trong', origin: 'pages/trong.txt' });
    expect(result).toEqual({ origin: 'pages/trong.txt', reason: 'empty body', hint: expect.any(String) as string });
  });
});
