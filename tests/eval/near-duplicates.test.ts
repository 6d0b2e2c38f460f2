/**
 * Near duplicates, which --unanswerable removes with the gold article: a republished copy of a
 * story counts, another story on the same topic does not.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { nearDuplicates } from '../../src/eval/near-duplicates.js';
import { buildIndex, type BuiltIndex } from '../../src/index/build.js';
import { article } from '../support/news-fixtures.js';

const STORY =
  'Sáng 20/11, Hà Nội khánh thành cầu Tứ Liên bắc qua sông Hồng, nối quận Tây Hồ với huyện Đông Anh. ' +
  'Cây cầu dài 5,2 km, rộng 43 m, có 8 làn xe, tổng mức đầu tư hơn 19.700 tỷ đồng. ' +
  'Theo Sở Giao thông vận tải, cầu giúp giảm ùn tắc cho cầu Nhật Tân và cầu Long Biên vào giờ cao điểm. ' +
  'Dự án được khởi công từ tháng 10/2024 và hoàn thành sớm hơn kế hoạch ba tháng.';

const ORIGINAL = article('cau-tu-lien', 'Khánh thành cầu Tứ Liên', STORY);
// The same agency story on another site: a new opening sentence, the rest word for word.
const COPY = article('cau-tu-lien-ban-khac', 'Hà Nội có thêm cầu qua sông Hồng', `Người dân Thủ đô đón tin vui. ${STORY}`);
// Another story on the same bridge: many shared names, different text.
const OTHER = article(
  'cau-tu-lien-giao-thong',
  'Phân luồng giao thông quanh cầu Tứ Liên',
  'Sở Giao thông vận tải Hà Nội vừa công bố phương án phân luồng quanh cầu Tứ Liên. ' +
    'Xe tải trên 10 tấn không được đi qua cầu từ 6 giờ đến 21 giờ hằng ngày. Quận Tây Hồ và huyện Đông Anh bố trí thêm lực lượng hướng dẫn.',
);
const UNRELATED = article('gia-vang', 'Giá vàng tăng', 'Sáng 20/11, giá vàng miếng SJC tăng lên 92 triệu đồng mỗi lượng.');

describe('nearDuplicates', () => {
  let index: BuiltIndex;
  beforeAll(async () => {
    index = await buildIndex([ORIGINAL, COPY, OTHER, UNRELATED]);
  });

  it('finds the republished copy, and not another story on the same topic', () => {
    expect(nearDuplicates(index, ORIGINAL.id)).toEqual([COPY.id]);
    expect(nearDuplicates(index, COPY.id)).toEqual([ORIGINAL.id]);
    expect(nearDuplicates(index, OTHER.id)).toEqual([]);
  });

  it('follows its threshold, and knows no article it has not indexed', () => {
    expect(nearDuplicates(index, OTHER.id, { threshold: 0.01 })).toContain(ORIGINAL.id);
    expect(nearDuplicates(index, 'khong-co')).toEqual([]);
  });
});
