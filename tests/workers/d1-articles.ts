/**
 * Vietnamese news articles for the D1 index tests: the shared fixtures plus longer ones with
 * several passages, digits, 'đ', and a title typed in decomposed Unicode.
 */
import type { Article, Chunk } from '../../src/corpus/article.js';
import { chunkArticle } from '../../src/corpus/chunk.js';
import type { ArticleRecord } from '../../src/index/live.js';
import { article, NEWS } from '../support/news-fixtures.js';

const LUA_GAO = article(
  'gia-lua-gao',
  'Giá lúa gạo Đồng bằng sông Cửu Long tăng',
  [
    'Giá lúa tại các tỉnh Đồng bằng sông Cửu Long tuần qua tăng 200 đồng mỗi kg, lúa OM 5451 được thương lái thu mua với giá 7.800 đồng.',
    'Theo Hiệp hội Lương thực Việt Nam, giá gạo xuất khẩu loại 5% tấm đạt 570 USD mỗi tấn, cao nhất trong ba tháng.',
    'Nông dân Cần Thơ cho biết vụ đông xuân năm nay năng suất đạt 7 tấn mỗi héc-ta, lợi nhuận khá nhờ giá phân bón giảm.',
    '',
    'Các doanh nghiệp xuất khẩu gạo dự báo nhu cầu từ Philippines và Indonesia sẽ còn cao đến cuối năm 2025.',
  ].join('\n'),
);

const COVID = article(
  'covid-19-ha-noi',
  'Hà Nội ghi nhận ca mắc Covid-19 mới',
  [
    'Sở Y tế Hà Nội cho biết trong ngày 3/4 thành phố ghi nhận 12 ca mắc Covid-19 mới, đều có triệu chứng nhẹ.',
    'Các bệnh viện tuyến cuối vẫn duy trì khu điều trị riêng; người dân được khuyến cáo đeo khẩu trang nơi đông người.',
    'Đợt tiêm vắc xin nhắc lại cho người cao tuổi sẽ bắt đầu từ ngày 15/4 tại 30 quận, huyện.',
  ].join('\n'),
);

const BONG_DA = article(
  'doi-tuyen-viet-nam',
  'Đội tuyển Việt Nam thắng Thái Lan ở chung kết',
  [
    'Tối 5/1, đội tuyển Việt Nam thắng Thái Lan 3-2 ở trận chung kết lượt về, qua đó vô địch giải đấu lần thứ ba.',
    'Huấn luyện viên Kim Sang-sik cho biết các cầu thủ đã thi đấu với tinh thần quyết tâm cao.',
    'Tiền đạo Nguyễn Xuân Son được bầu là cầu thủ xuất sắc nhất giải với 7 bàn thắng.',
  ].join('\n'),
);

/** Decomposed (NFD) title and a tone mark placed the other way ("hoà"): the index normalizes both. */
const HOA_BINH = article(
  'thuy-dien-hoa-binh',
  'Thuỷ điện Hoà Bình xả lũ'.normalize('NFD'),
  'Nhà máy thủy điện Hòa Bình mở thêm một cửa xả đáy lúc 14 giờ ngày 10/9 để điều tiết lũ. Mực nước hồ đạt 115 mét.',
);

export const ARTICLES: Article[] = [...NEWS, LUA_GAO, COVID, BONG_DA, HOA_BINH];

/** What the queue consumer stores for an article (src/workers/indexing.ts), with a fixed hash and time. */
export function recordOf(a: Article, hash = `hash-of-${a.id}`): ArticleRecord {
  return {
    id: a.id,
    title: a.title,
    url: a.url,
    publishedAt: a.publishedAt,
    ...(a.category ? { category: a.category } : {}),
    hash,
    indexedAt: '2025-06-01T00:00:00.000Z',
    suggestions: [`${a.title}?`],
  };
}

export function chunksOf(a: Article): Chunk[] {
  return chunkArticle(a);
}

/** An article of about `bytes` bytes of UTF-8: varied Vietnamese sentences, so passages differ. */
export function longArticle(id: string, bytes: number): Article {
  const sentences: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const sentence = `Đoạn ${i}: phiên họp thứ ${i % 17} của Quốc hội bàn về ngân sách ${2000 + (i % 25)}, đại biểu tỉnh ${['Đắk Lắk', 'Quảng Nam', 'Hải Phòng', 'Nghệ An'][i % 4]} phát biểu ý kiến về đầu tư công và giải ngân.`;
    sentences.push(sentence);
    size += Buffer.byteLength(sentence) + 1;
  }
  return article(id, 'Quốc hội thảo luận ngân sách nhà nước', sentences.join(' '));
}
