/**
 * A synthetic log of unanswered reader questions with known topics, for the topic grouping
 * (src/insights/topics.ts): topics of very different sizes, each asked in several phrasings with
 * slot fillers, some typed without diacritics and in lower case (restored for some of those, as
 * the service's restorer would), topics that share words on purpose (giá xăng / giá vàng / giá
 * điện, lịch nghỉ Tết / vé tàu Tết, điểm chuẩn / điểm thi), and questions asked once.
 *
 * Seeded: the same options give the same log, item for item.
 *
 * @example
 * const log = syntheticQuestions({ count: 3000, seed: 7 });
 * log.filter((q) => q.group === 'gia-xang').length; // ≈ 605
 */
import { foldDiacritics } from '../../src/text/normalize.js';
import type { TopicInput } from '../../src/insights/topics.js';
import { seededRandom } from '../../src/random.js';

/** A generated question and the topic it was generated from (null: asked once, like no other). */
export interface SyntheticQuestion extends TopicInput {
  group: string | null;
}

interface TopicSpec {
  id: string;
  /** Relative size; the smallest topic never has fewer than 5 questions. */
  weight: number;
  /** Words the topic's label must contain, as readers spell them. */
  keyTerms: string[];
  articles: string[];
  /** Phrasings with {slot} fillers. */
  phrasings: string[];
  slots?: Record<string, string[]>;
}

const WHEN = ['hôm nay', 'tuần này', 'ngày mai', 'chiều nay', 'đợt này', 'kỳ này'];
const CITY = ['Hà Nội', 'TP.HCM', 'Đà Nẵng', 'Cần Thơ', 'Hải Phòng', 'Nghệ An'];

const TOPICS: TopicSpec[] = [
  {
    id: 'gia-xang',
    weight: 400,
    keyTerms: ['xăng'],
    articles: ['gia-xang-ky-dieu-hanh', 'xang-dau-thang-11'],
    phrasings: [
      'Giá xăng {when} bao nhiêu?',
      'giá xăng {loai} {when} là bao nhiêu',
      'Xăng {loai} {when} tăng hay giảm?',
      'Xăng tăng giá bao nhiêu vậy?',
      '{When} giá xăng có tăng không?',
      'Bao giờ giá xăng giảm?',
      'Giá xăng {loai} {when} thế nào?',
      'Kỳ điều hành giá xăng tới là ngày nào?',
      'Mỗi lít xăng {loai} giá bao nhiêu tiền?',
      'Sao giá xăng tăng liên tục vậy?',
      'Giá xăng ở {city} {when} bao nhiêu?',
      'Giá xăng dầu {when} điều chỉnh thế nào?',
    ],
    slots: { when: WHEN, loai: ['RON 95', 'E5 RON 92', 'RON 95-III', 'E10'], city: CITY },
  },
  {
    id: 'gia-vang',
    weight: 300,
    keyTerms: ['vàng'],
    articles: ['gia-vang-sjc', 'vang-nhan-tang-ky-luc'],
    phrasings: [
      'Giá vàng {when} bao nhiêu?',
      'Giá vàng {loai} {when} bao nhiêu một lượng?',
      'Vàng {loai} {when} tăng hay giảm?',
      'Giá vàng {when} có nên mua không?',
      'Giá vàng thế giới {when} thế nào?',
      'Vàng {loai} bán ra bao nhiêu {when}?',
      'Một chỉ vàng {loai} giá bao nhiêu?',
      'Giá vàng còn tăng nữa không?',
      'Sao giá vàng {loai} tăng mạnh vậy?',
    ],
    slots: { when: WHEN, loai: ['SJC', 'nhẫn', '9999', 'miếng SJC', 'nhẫn trơn', 'PNJ'] },
  },
  {
    id: 'lich-nghi-tet',
    weight: 250,
    keyTerms: ['nghỉ'],
    articles: ['lich-nghi-tet-2026', 'hoc-sinh-nghi-tet'],
    phrasings: [
      'Lịch nghỉ Tết {nam} được mấy ngày?',
      'Tết {nam} nghỉ từ ngày nào đến ngày nào?',
      'Công chức được nghỉ Tết bao nhiêu ngày?',
      'Học sinh {city} nghỉ Tết từ ngày nào?',
      'Lịch nghỉ Tết của học sinh {city} thế nào?',
      'Nghỉ Tết {nam} có phải hoán đổi ngày làm việc không?',
      'Người lao động nghỉ Tết mấy ngày?',
      'Năm nay nghỉ Tết {nam} dài không?',
    ],
    slots: { nam: ['Bính Ngọ', 'Nguyên đán 2026', 'Âm lịch 2026', '2026', 'năm nay'], city: CITY },
  },
  {
    id: 've-tau-tet',
    weight: 180,
    keyTerms: ['vé tàu'],
    articles: ['ve-tau-tet-mo-ban'],
    phrasings: [
      'Khi nào mở bán vé tàu Tết {nam}?',
      'Vé tàu Tết {tuyen} giá bao nhiêu?',
      'Mua vé tàu Tết online ở đâu?',
      'Vé tàu Tết {tuyen} còn không?',
      'Đường sắt có giảm giá vé tàu Tết cho sinh viên không?',
      'Đặt vé tàu về quê ăn Tết thế nào?',
      'Vé tàu Tết {nam} bán từ ngày nào?',
    ],
    slots: {
      nam: ['Bính Ngọ', '2026', 'năm nay'],
      tuyen: ['Hà Nội – Sài Gòn', 'Sài Gòn – Đà Nẵng', 'Hà Nội – Vinh', 'đi Huế', 'Sài Gòn đi Quy Nhơn'],
    },
  },
  {
    id: 'diem-chuan',
    weight: 160,
    keyTerms: ['điểm chuẩn'],
    articles: ['diem-chuan-dai-hoc-2026', 'diem-chuan-bach-khoa'],
    phrasings: [
      'Điểm chuẩn {truong} năm nay bao nhiêu?',
      'Bao giờ công bố điểm chuẩn đại học?',
      'Điểm chuẩn ngành {nganh} {truong} là bao nhiêu?',
      'Điểm chuẩn đại học năm nay có tăng không?',
      'Xem điểm chuẩn {truong} ở đâu?',
      'Điểm chuẩn ngành {nganh} năm nay cao không?',
      '{Truong} lấy điểm chuẩn bao nhiêu?',
    ],
    slots: {
      truong: [
        'Đại học Bách khoa Hà Nội',
        'Đại học Kinh tế Quốc dân',
        'Đại học Y Hà Nội',
        'Đại học Ngoại thương',
        'Đại học Quốc gia TP.HCM',
        'Học viện Báo chí và Tuyên truyền',
      ],
      nganh: ['Y khoa', 'Công nghệ thông tin', 'Luật', 'Sư phạm Toán', 'Quản trị kinh doanh'],
    },
  },
  {
    id: 'diem-thi',
    weight: 130,
    keyTerms: ['điểm thi'],
    articles: ['diem-thi-tot-nghiep-thpt'],
    phrasings: [
      'Khi nào có điểm thi tốt nghiệp THPT {nam}?',
      'Tra cứu điểm thi tốt nghiệp THPT ở đâu?',
      'Điểm thi tốt nghiệp {mon} năm nay thế nào?',
      'Xem điểm thi THPT {city} bằng số báo danh thế nào?',
      'Phổ điểm thi tốt nghiệp {mon} ra sao?',
      'Điểm thi tốt nghiệp môn nào thấp nhất?',
      'Thi tốt nghiệp THPT {nam} công bố điểm thi ngày nào?',
    ],
    slots: { nam: ['2026', 'năm nay'], mon: ['môn Toán', 'môn Văn', 'môn Tiếng Anh', 'môn Lịch sử'], city: CITY },
  },
  {
    id: 'gia-dien',
    weight: 100,
    keyTerms: ['điện'],
    articles: ['evn-dieu-chinh-gia-dien'],
    phrasings: [
      'Giá điện {when} tăng bao nhiêu?',
      'Giá điện tăng thì tiền điện {thang} tăng bao nhiêu?',
      'Giá điện sinh hoạt bậc {bac} là bao nhiêu?',
      'EVN tăng giá điện từ ngày nào?',
      'Điện tăng giá bao nhiêu phần trăm?',
      'Biểu giá điện mới áp dụng khi nào?',
      'Sao giá điện {thang} tăng cao vậy?',
    ],
    slots: { when: WHEN, thang: ['tháng này', 'tháng 11', 'mùa nóng'], bac: ['1', '3', '6'] },
  },
  {
    id: 'luong-co-so',
    weight: 80,
    keyTerms: ['lương cơ sở'],
    articles: ['tang-luong-co-so'],
    phrasings: [
      'Lương cơ sở {khi} tăng lên bao nhiêu?',
      'Khi nào tăng lương cơ sở?',
      'Mức lương cơ sở mới là bao nhiêu tiền?',
      'Tăng lương cơ sở thì lương giáo viên tăng bao nhiêu?',
      'Lương hưu có tăng theo lương cơ sở {khi} không?',
    ],
    slots: { khi: ['từ 1/7', 'năm 2026', 'tháng 7'] },
  },
  {
    id: 'bao-so-3',
    weight: 60,
    keyTerms: ['bão'],
    articles: ['bao-so-3-yagi'],
    phrasings: [
      'Bão số 3 khi nào đổ bộ?',
      'Bão số 3 đổ bộ vào {tinh} lúc mấy giờ?',
      'Bão số 3 có ảnh hưởng đến Hà Nội không?',
      'Đường đi của bão số 3 thế nào?',
      'Bão số 3 Yagi mạnh cấp mấy?',
      'Học sinh {tinh} có được nghỉ học vì bão số 3 không?',
    ],
    slots: { tinh: ['Quảng Ninh', 'Hải Phòng', 'Thái Bình', 'Nam Định'] },
  },
  {
    id: 'nong-do-con',
    weight: 45,
    keyTerms: ['nồng độ cồn'],
    articles: ['muc-phat-nong-do-con'],
    phrasings: [
      'Mức phạt nồng độ cồn với xe máy là bao nhiêu?',
      'Uống một lon bia có bị phạt nồng độ cồn không?',
      'Vi phạm nồng độ cồn khi lái ô tô bị phạt thế nào?',
      'Nồng độ cồn bao nhiêu thì bị tước bằng lái?',
      'Đi xe đạp có bị phạt nồng độ cồn không?',
    ],
  },
  {
    id: 'lai-suat',
    weight: 30,
    keyTerms: ['lãi suất'],
    articles: [],
    phrasings: [
      'Lãi suất tiết kiệm {bank} {when} bao nhiêu?',
      'Gửi tiết kiệm 12 tháng ngân hàng nào lãi suất cao nhất?',
      'Lãi suất gửi tiết kiệm kỳ hạn {ky} là bao nhiêu?',
      'Lãi suất tiết kiệm {when} tăng hay giảm?',
    ],
    slots: { bank: ['Vietcombank', 'Agribank', 'BIDV', 'Techcombank'], when: WHEN, ky: ['6 tháng', '12 tháng', '24 tháng'] },
  },
  {
    id: 'the-can-cuoc',
    weight: 20,
    keyTerms: ['căn cước'],
    articles: ['the-can-cuoc-moi'],
    phrasings: [
      'Làm thẻ căn cước cho trẻ em ở đâu?',
      'Đổi căn cước công dân sang thẻ căn cước có mất phí không?',
      'Thẻ căn cước mới có thời hạn bao lâu?',
      'Căn cước công dân hết hạn năm {nam} có phải đổi không?',
    ],
    slots: { nam: ['2025', '2026', '2030'] },
  },
  {
    id: 'sap-nhap-tinh',
    weight: 12,
    keyTerms: ['sáp nhập'],
    articles: [],
    phrasings: [
      'Sáp nhập tỉnh {tinh} với tỉnh nào?',
      'Danh sách các tỉnh sáp nhập năm 2025?',
      'Sau sáp nhập tỉnh {tinh} đặt trụ sở ở đâu?',
      'Sáp nhập tỉnh thì có phải đổi giấy tờ không?',
    ],
    slots: { tinh: ['Hà Giang', 'Bắc Kạn', 'Hà Nam', 'Ninh Thuận'] },
  },
  {
    id: 'u23',
    weight: 8,
    keyTerms: ['U23'],
    articles: ['lich-thi-dau-u23'],
    phrasings: [
      'Trận U23 Việt Nam gặp {doi} đá lúc mấy giờ?',
      'Xem trực tiếp trận U23 Việt Nam gặp {doi} trên kênh nào?',
      'Trận U23 Việt Nam gặp {doi} đá ở sân nào?',
    ],
    slots: { doi: ['U23 Thái Lan', 'U23 Indonesia', 'U23 Uzbekistan'] },
  },
  {
    id: 'metro',
    weight: 6,
    keyTerms: ['Suối Tiên'],
    articles: [],
    phrasings: [
      'Giá vé metro Bến Thành – Suối Tiên bao nhiêu?',
      'Metro số 1 Bến Thành – Suối Tiên chạy đến mấy giờ?',
      'Đi metro Bến Thành – Suối Tiên có được miễn phí không?',
    ],
  },
  {
    id: 'khong-khi-lanh',
    weight: 3,
    keyTerms: ['không khí lạnh'],
    articles: [],
    phrasings: ['Đợt không khí lạnh mới bao giờ tràn về?', 'Không khí lạnh tràn về Hà Nội được mấy ngày?'],
  },
];

/** Pairs of topics that share words on purpose and must stay apart. */
export const CONFUSABLE_TOPICS: readonly (readonly [string, string])[] = [
  ['gia-xang', 'gia-vang'],
  ['gia-xang', 'gia-dien'],
  ['gia-vang', 'gia-dien'],
  ['lich-nghi-tet', 've-tau-tet'],
  ['diem-chuan', 'diem-thi'],
  ['lich-nghi-tet', 'bao-so-3'],
];

/** Topic ids and the words their labels must contain. */
export const SYNTHETIC_TOPICS: readonly { id: string; keyTerms: readonly string[] }[] = TOPICS.map(({ id, keyTerms }) => ({
  id,
  keyTerms,
}));

/** Questions asked once: news questions on other subjects, each its own. */
const ONE_OFFS = [
  'Ai là tân Tổng thư ký Liên Hợp Quốc?',
  'Cầu Rạch Miễu 2 khi nào thông xe?',
  'Sân bay Long Thành bao giờ đi vào hoạt động?',
  'Vì sao cá chết hàng loạt ở hồ Tây?',
  'Cao tốc Bắc – Nam phía Đông đã hoàn thành bao nhiêu km?',
  'Ca sĩ Mỹ Tâm sắp ra album mới phải không?',
  'Đội tuyển nữ Việt Nam xếp hạng FIFA thứ mấy?',
  'Tỷ giá đô la Mỹ ở ngân hàng hôm nay bao nhiêu?',
  'Bao nhiêu người thiệt mạng trong vụ cháy chung cư mini ở Khương Hạ?',
  'Vắc xin sốt xuất huyết đã có ở Việt Nam chưa?',
  'Thủ tục cấp đổi giấy phép lái xe qua mạng thế nào?',
  'Nhà hát Lớn có mở cửa cho khách tham quan không?',
  'Khi nào Apple bán iPhone 17 tại Việt Nam?',
  'Vụ Vạn Thịnh Phát đã xét xử xong chưa?',
  'Tỉ lệ thất nghiệp quý III là bao nhiêu?',
  'Bệnh tay chân miệng lây qua đường nào?',
  'Festival Huế năm nay có những chương trình gì?',
  'Đường dây nóng tố giác lừa đảo là số nào?',
  'Phố đi bộ Nguyễn Huệ có bắn pháo hoa đêm giao thừa không?',
  'Cá tra xuất khẩu sang Mỹ bị áp thuế bao nhiêu?',
  'Mưa lớn ở Thừa Thiên Huế làm ngập những tuyến đường nào?',
  'Bộ trưởng Bộ Y tế hiện nay là ai?',
  'Vụ sạt lở ở Làng Nủ có bao nhiêu người mất tích?',
  'VN-Index hôm nay đóng cửa ở mức bao nhiêu điểm?',
  'Người nước ngoài mua nhà ở Việt Nam cần điều kiện gì?',
  'Hà Nội cấm xe máy ở nội đô từ năm nào?',
  'Mức giảm trừ gia cảnh thuế thu nhập cá nhân là bao nhiêu?',
  'Ông Trump áp thuế đối ứng với hàng Việt Nam bao nhiêu phần trăm?',
  'Sa Pa mùa này có tuyết không?',
  'Vòng tới V-League đá ngày nào?',
  'Khi nào có kết quả phúc thẩm vụ Trương Mỹ Lan?',
  'Đường sắt tốc độ cao chạy bao nhiêu km/h?',
  'Cách kích hoạt tài khoản định danh điện tử mức 2?',
  'Việt Nam có bao nhiêu di sản được UNESCO công nhận?',
  'Ô nhiễm bụi mịn ở Hà Nội hôm nay có nguy hiểm không?',
  'Nghệ sĩ Nhân dân Trần Hiếu qua đời ở tuổi bao nhiêu?',
  'Cảng Liên Chiểu khởi công khi nào?',
  'Giá thuê căn hộ ở TP.HCM có giảm không?',
  'Ai vô địch Wimbledon năm nay?',
  'Nước mắm Phú Quốc xuất khẩu đi những nước nào?',
  'Cúm A có nguy hiểm với trẻ nhỏ không?',
  'Thành phố Thủ Đức có bao nhiêu phường?',
  'Luật Đất đai mới có hiệu lực từ ngày nào?',
  'Làm hộ chiếu online mất bao lâu?',
  'Việt Nam định xây mấy nhà máy điện hạt nhân?',
  'Đà Lạt có cho khách du lịch thuê xe máy không?',
  'Phim Mai của Trấn Thành thu được bao nhiêu tiền?',
  'Vì sao nước Hồ Gươm đổi màu?',
  'Đặc sản Hà Giang là gì?',
  'Tổng thống Pháp thăm Việt Nam vào ngày nào?',
  'Virus Marburg lây lan như thế nào?',
  'Bao giờ có xe buýt chạy thẳng ra sân bay Nội Bài?',
  'Làm sao tránh bị lừa khi mua hàng trên mạng xã hội?',
  'Cửa khẩu Hữu Nghị thông quan bao nhiêu xe hàng mỗi ngày?',
  'Học phí trường công lập năm học mới là bao nhiêu?',
  'Ai được bầu làm Chủ tịch Quốc hội?',
  'Đồng bằng sông Cửu Long có bị xâm nhập mặn không?',
  'Cầu Phong Châu bị sập vì sao?',
  'Dự báo thời tiết Đà Nẵng cuối tuần thế nào?',
  'Nhà máy VinFast ở Bắc Carolina khi nào sản xuất?',
  'Thí sinh có được mang máy tính cầm tay vào phòng thi không?',
  'Lễ hội chùa Hương năm nay kéo dài đến bao giờ?',
  'Việt Nam bán gạo sang Philippines bao nhiêu tấn?',
  'Khi nào bỏ sổ hộ khẩu giấy?',
  'Phí cao tốc Trung Lương – Mỹ Thuận thu bao nhiêu?',
  'Sao Hỏa có nước không?',
  'Vụ tai nạn ở đèo Bảo Lộc làm mấy người chết?',
  'Người dân có được tự bắn pháo hoa không?',
  'Tiền lì xì có phải đóng thuế không?',
  'Cá voi mắc cạn ở Quảng Ngãi đã được cứu chưa?',
  'Vì sao Facebook bị sập trên toàn cầu?',
  'Nhà văn Nguyễn Nhật Ánh có sách mới không?',
  'Chợ Bến Thành mở cửa đến mấy giờ?',
  'Xe máy cũ có phải kiểm định khí thải không?',
  'Quy định đội mũ bảo hiểm cho trẻ em thế nào?',
  'Cầu Thủ Thiêm 2 tên chính thức là gì?',
  'Nguyên nhân cháy rừng ở Hy Lạp là gì?',
  'Khi nào Hà Nội cấm xe chạy xăng trong vành đai 1?',
  'Giáo sư Ngô Bảo Châu đang làm việc ở đâu?',
  'Đà Nẵng có bao nhiêu bãi biển đạt chuẩn?',
  'Cây cầu dài nhất Việt Nam là cầu nào?',
  'Có nên tiêm phòng cúm hằng năm?',
  'Bệnh viện Bạch Mai cơ sở 2 khi nào hoạt động?',
  'Người bị tăng huyết áp nên ăn gì?',
  'Ai sở hữu câu lạc bộ Công an Hà Nội?',
  'Chung kết SEA Games bóng đá nam diễn ra ở đâu?',
  'Vụ máy bay rơi ở Hàn Quốc có người Việt không?',
  'Có được dùng điện thoại khi lái ô tô không?',
  'Thủ tục ly hôn đơn phương mất bao lâu?',
  'Đường Trường Sơn Đông nối những tỉnh nào?',
  'Nghị định về camera hành trình áp dụng khi nào?',
  'Cà phê Việt Nam xuất khẩu nhiều nhất sang nước nào?',
  'Tại sao trẻ em bị cận thị ngày càng nhiều?',
  'Phim Địa đạo chiếu ở rạp nào?',
  'Thủ tướng dự hội nghị G20 ở nước nào?',
  'Vườn quốc gia Cúc Phương mùa bướm vào tháng mấy?',
  'Cước taxi công nghệ có tăng không?',
  'Lễ Quốc khánh 2/9 có diễu binh không?',
  'Thẻ BHYT hộ gia đình mua ở đâu?',
  'Rút bảo hiểm xã hội một lần có bị bỏ không?',
  'Giải Nobel Hòa bình năm nay trao cho ai?',
  'Ngày Nhà giáo Việt Nam học sinh có được nghỉ không?',
  'Tàu ngầm Titan bị nổ ở độ sâu bao nhiêu?',
  'Hầm Thủ Thiêm có cấm xe tải không?',
  'Vì sao ngân hàng SCB bị kiểm soát đặc biệt?',
  'Tòa nhà cao nhất Việt Nam hiện nay là tòa nào?',
  'Đi Côn Đảo bằng tàu cao tốc mất mấy tiếng?',
  'Trẻ sơ sinh tiêm vắc xin 6 trong 1 lúc mấy tháng?',
  'Ông Tô Lâm sinh năm bao nhiêu?',
  'Dịch sởi ở TP.HCM đã có bao nhiêu ca?',
  'Cháy quán karaoke ở Cầu Giấy do đâu?',
  'Khi nào khánh thành đường dây 500 kV mạch 3?',
  'Việt Nam đứng thứ mấy về xuất khẩu cà phê?',
  'Cá nhân bán hàng online phải nộp thuế thế nào?',
  'Bún chả Hà Nội quán nào ông Obama từng ăn?',
  'Cuộc thi Hoa hậu Hoàn vũ Việt Nam tổ chức ở đâu?',
  'Đèo Hải Vân có cấm xe khách không?',
  'Cầu Long Biên có bị tháo dỡ không?',
  'Học sinh lớp 1 có phải học tiếng Anh bắt buộc không?',
  'Mua ô tô điện VinFast có được miễn lệ phí trước bạ không?',
  'Nhật Bản cấp visa cho người Việt mất mấy ngày?',
  'Đảo Phú Quý đi bằng cách nào?',
  'Bệnh dại ở chó mèo lây sang người thế nào?',
  'Vụ án chuyến bay giải cứu có bao nhiêu bị cáo?',
  'Sinh viên vay vốn học đại học cần giấy tờ gì?',
  'Chỉ số giá tiêu dùng tháng 10 tăng bao nhiêu?',
  'Ai làm Chánh án Tòa án nhân dân tối cao?',
  'Tại sao Hà Nội ngập khi mưa to?',
  'Ngân hàng nào cho vay mua nhà ở xã hội?',
  'Giới hạn tốc độ trên cao tốc là bao nhiêu?',
  'Hồ Dầu Tiếng xả lũ có ảnh hưởng tới Tây Ninh không?',
  'Cá sấu xổng chuồng ở Cà Mau đã bắt được chưa?',
  'Xét nghiệm ADN ở đâu uy tín?',
  'Đội Thể Công Viettel đổi huấn luyện viên chưa?',
  'Chùa Một Cột xây năm nào?',
  'Trường Sa có bao nhiêu đảo nổi?',
  'Người già trên 75 tuổi có được trợ cấp hằng tháng không?',
  'Ứng dụng VNeID bị lỗi thì báo ở đâu?',
  'Động đất ở Kon Tum mạnh bao nhiêu độ richter?',
  'Nhà ga T3 Tân Sơn Nhất có mấy tầng?',
  'Người hiến máu được bồi dưỡng bao nhiêu tiền?',
  'Vì sao sầu riêng bị Trung Quốc trả về?',
  'Tết Trung thu năm nay rơi vào thứ mấy?',
  'Đường Võ Nguyên Giáp ở Đà Nẵng có bị ngập không?',
  'Cô gái mất tích ở Sóc Sơn đã tìm thấy chưa?',
  'Thuốc giảm cân Hàn Quốc có bị cấm lưu hành không?',
  'Đàn voọc chà vá ở Sơn Trà còn bao nhiêu con?',
  'Khởi tố vụ kit test Việt Á bao nhiêu người?',
  'Phở Việt Nam có được công nhận di sản phi vật thể không?',
  'Cảnh sát giao thông có được dừng xe kiểm tra giấy tờ không?',
  'Chính sách miễn thị thực cho khách châu Âu kéo dài đến bao giờ?',
  'Đi Hạ Long bằng thủy phi cơ giá bao nhiêu?',
  'Ông Putin thăm Hà Nội mấy ngày?',
  'Cao tốc Cam Lâm – Vĩnh Hảo có trạm dừng nghỉ không?',
  'Nước sông Hồng dâng cao có nguy cơ tràn đê không?',
  'Thành phố nào đăng cai SEA Games 33?',
  'Khi nào Hà Nội trả lại vỉa hè cho người đi bộ?',
  'Bệnh whitmore là bệnh gì?',
  'Sữa giả bị phát hiện ở những tỉnh nào?',
  'Ca sĩ Hồ Ngọc Hà tổ chức đám cưới chưa?',
  'Mỗi người dân được mang bao nhiêu ngoại tệ khi xuất cảnh?',
  'Vệ tinh LOTUSat-1 phóng lên quỹ đạo chưa?',
  'Giải Oscar năm nay phim nào đoạt giải phim hay nhất?',
  'Thủ tục khai sinh cho con trên VNeID gồm những bước gì?',
  'Chương trình sách giáo khoa mới dạy môn Tin học từ lớp mấy?',
  'Cầu kính Bạch Long ở Mộc Châu dài bao nhiêu mét?',
  'Ông Elon Musk có đầu tư vào Việt Nam không?',
  'Quỹ bình ổn giá còn bao nhiêu tiền?',
  'Tổ chức đám cưới có phải khai báo với phường không?',
  'Chó thả rông cắn người thì chủ bị phạt thế nào?',
  'Bánh mì Việt Nam được báo nước ngoài khen thế nào?',
  'Tuyến đường sắt Lào Cai – Hà Nội – Hải Phòng bao giờ khởi công?',
  'Cần Giờ có được xây cầu thay phà Bình Khánh không?',
  'Hà Nội có bao nhiêu hồ nước tự nhiên?',
  'Máy bay không người lái giao hàng đã được phép chưa?',
  'Tên lửa của Triều Tiên rơi ở đâu?',
  'Người dân vùng lũ Yên Bái cần hỗ trợ gì?',
  'Nghệ sĩ Hoài Linh trả lại tiền từ thiện chưa?',
  'Các trường quốc tế ở Hà Nội thu học phí ra sao?',
  'Mã số thuế cá nhân có thay bằng số định danh không?',
  'Cấm bán rượu bia sau 22 giờ có đúng không?',
  'Thuốc lá điện tử bị cấm từ khi nào?',
  'Gạo ST25 có phải ngon nhất thế giới không?',
  'Hang Sơn Đoòng mở cho khách tham quan mấy tháng một năm?',
  'Khu công nghệ cao Hòa Lạc có nhà máy chip nào?',
  'Chế độ thai sản cho nam giới được nghỉ mấy ngày?',
  'Vì sao trứng gà công nghiệp rẻ hơn trứng gà ta?',
  'Bác sĩ nội trú ra trường làm ở đâu?',
  'Lũ quét ở Mù Cang Chải thiệt hại bao nhiêu?',
  'Vì sao giá cà chua tăng gấp đôi?',
  'Hàn Quốc tuyển lao động thời vụ ở tỉnh nào?',
  'Trận Việt Nam gặp Malaysia có khán giả không?',
  'Nhà vệ sinh công cộng ở Hồ Gươm mở cửa đến mấy giờ?',
  'Bệnh nhân sốt xuất huyết nên uống nước gì?',
  'Vịnh Hạ Long có bị thu hẹp vùng lõi di sản không?',
  'Vì sao cá hồi Sa Pa bị làm giả?',
  'Cảng hàng không Phan Thiết bao giờ xong?',
  'Ai là người giàu nhất Việt Nam?',
  'Dự án lấn biển Cần Giờ của ai làm chủ đầu tư?',
  'Ngày hội văn hóa dân tộc ở Mường Thanh có gì?',
  'Có phải đeo khẩu trang nơi công cộng không?',
  'Xe khách giường nằm bị cấm vào nội thành từ khi nào?',
  'Cụ bà 100 tuổi ở Bến Tre được mừng thọ thế nào?',
  'Công viên nước Hồ Tây đóng cửa vì sao?',
  'Chợ nổi Cái Răng còn họp không?',
  'Hội An thu phí tham quan phố cổ bao nhiêu?',
  'Con đường gốm sứ ven sông Hồng dài bao nhiêu?',
  'Thủ tướng Singapore sang Việt Nam làm gì?',
  'Đội tuyển Việt Nam có huấn luyện viên thủ môn mới chưa?',
  'Nhà máy thủy điện Hòa Bình mở rộng xong chưa?',
  'Khách Trung Quốc sang Móng Cái có cần visa không?',
  'Bác sĩ khuyên ăn bao nhiêu muối một ngày?',
  'Chiến dịch Điện Biên Phủ kéo dài bao nhiêu ngày?',
  'Làm giấy phép lao động cho người nước ngoài ở đâu?',
  'Ông Nguyễn Văn Thể bị tuyên án bao nhiêu năm?',
  'Hồ Núi Cốc có cho bơi không?',
  'Cá heo xuất hiện ở biển Cô Tô có hiếm không?',
  'Cầu Mỹ Thuận 2 có làn xe máy không?',
  'Chó nghiệp vụ ở sân bay phát hiện ma túy thế nào?',
  'Tại sao khỉ ở bán đảo Sơn Trà xuống đường?',
  'Vụ nổ ở Khu công nghiệp Hiệp Phước có thương vong không?',
  'Nông dân Đồng Tháp trồng sen lãi thế nào?',
  'Những ai được nhận quà của Chủ tịch nước dịp 27/7?',
  'Lò đốt rác Sóc Sơn xử lý được bao nhiêu tấn mỗi ngày?',
  'Quần đảo Hoàng Sa thuộc tỉnh nào quản lý?',
  'Tháp Bà Ponagar có thu vé không?',
  'Ai thiết kế cầu Vàng ở Bà Nà?',
  'Mì tôm Việt Nam xuất khẩu nhiều nhất sang đâu?',
  'Khi nào trả kết quả thi bằng lái mô tô?',
  'Ô tô biển xanh được bán đấu giá ở đâu?',
  'Trường chuyên Hà Nội – Amsterdam tuyển sinh lớp 6 không?',
  'Có nên cho trẻ dưới 2 tuổi xem điện thoại?',
  'Lễ hội pháo hoa quốc tế Đà Nẵng năm nay có đội nào?',
  'Hàng không Vietjet có đường bay thẳng sang Úc không?',
  'Bệnh sởi có vắc xin miễn phí không?',
  'Vì sao phố Hàng Mã đông khách dịp Trung thu?',
  'Đồng hồ nước nhà tôi chạy nhanh bất thường thì báo ai?',
  'Người Việt ở Ukraine đã được sơ tán hết chưa?',
  'Thảo Cầm Viên Sài Gòn có dời đi nơi khác không?',
  'Đặc khu Vân Đồn có sòng bạc không?',
  'Gốm Bát Tràng có được bán trên sàn thương mại điện tử quốc tế không?',
  'Rừng ngập mặn Cà Mau rộng bao nhiêu héc ta?',
  'Người đi xe đạp điện có phải đội mũ không?',
  'Đường dây nóng của Bộ Công an là số mấy?',
  'Vụ án Xuyên Việt Oil xét xử khi nào?',
  'Bệnh viện Chợ Rẫy ghép tạng được bao nhiêu ca?',
  'Có được mang sầu riêng lên máy bay không?',
  'Lễ hội Lim diễn ra vào ngày nào?',
  'Ruộng bậc thang Hoàng Su Phì đẹp nhất vào tháng mấy?',
  'Căn hộ chung cư cũ ở Hà Nội được cải tạo thế nào?',
  'Mèo hoang ở Tam Đảo có bị tiêu hủy không?',
  'Ai đạt giải nhất Olympic Toán quốc tế năm nay?',
  'Tour du lịch Triều Tiên có mở lại không?',
  'Vì sao cá mú Việt Nam bị trả về?',
];

/** Articles readers sometimes ask under when their question is unrelated to the article. */
const OTHER_ARTICLES = ['thoi-su-sang-nay', 'the-thao-cuoi-tuan', 'doi-song-24h'];

export interface SyntheticOptions {
  /** Questions in all, one-offs included. Default 3,000. */
  count?: number;
  /** Questions asked once, each different. Default 250 (at most ONE_OFFS.length). */
  oneOffs?: number;
  seed?: number;
  /** Start of the 30 days the questions are spread over. */
  from?: string;
}

const DAYS = 30;

export function syntheticQuestions(options: SyntheticOptions = {}): SyntheticQuestion[] {
  const { count = 3000, seed = 1, from = '2026-11-01T00:00:00Z' } = options;
  const oneOffs = oneOffQuestions();
  const wanted = options.oneOffs ?? 250;
  if (wanted > oneOffs.length) throw new Error(`At most ${oneOffs.length} one-off questions are available; ask for fewer.`);
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const start = Date.parse(from);
  const at = () => new Date(start + Math.floor(random() * DAYS * 86_400_000)).toISOString();

  const out: SyntheticQuestion[] = [];
  topicSizes(count - wanted).forEach((size, t) => {
    const topic = TOPICS[t]!;
    for (let i = 0; i < size; i++) {
      const text = fill(pick(topic.phrasings), topic.slots ?? {}, pick);
      const articleId = topic.articles.length && random() < 0.4 ? pick(topic.articles) : undefined;
      out.push({ ...asTyped(text, random), at: at(), group: topic.id, ...(articleId ? { articleId } : {}) });
    }
  });
  for (const text of shuffle(oneOffs, random).slice(0, wanted)) {
    const articleId = random() < 0.2 ? pick(OTHER_ARTICLES) : undefined;
    out.push({ ...asTyped(text, random), at: at(), group: null, ...(articleId ? { articleId } : {}) });
  }
  return shuffle(out, random);
}

/** Sizes in proportion to the topics' weights, at least 5 each, adding up to `total`. */
function topicSizes(total: number): number[] {
  const weights = TOPICS.reduce((sum, t) => sum + t.weight, 0);
  const sizes = TOPICS.map((t) => Math.max(5, Math.round((t.weight * total) / weights)));
  sizes[0]! += total - sizes.reduce((a, b) => a + b, 0);
  return sizes;
}

function oneOffQuestions(): string[] {
  return ONE_OFFS;
}

/** Fills {slot} (and {Slot}, capitalized at the start of a question) from the topic's fillers. */
function fill(phrasing: string, slots: Readonly<Record<string, string[]>>, pick: (list: readonly string[]) => string): string {
  return phrasing.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = pick(slots[name.toLowerCase()] ?? []);
    return name[0] === name[0]!.toUpperCase() ? value[0]!.toUpperCase() + value.slice(1) : value;
  });
}

/**
 * How a reader types it: mostly as written; 30% without diacritics and in lower case (of those,
 * two in three restored by the service, as `understoodAs`); some in lower case, some without the
 * question mark.
 */
function asTyped(text: string, random: () => number): { question: string; understoodAs?: string } {
  const roll = random();
  const bare = random() < 0.3 ? text.replace(/\?$/, '') : text;
  if (roll < 0.3) {
    const question = foldDiacritics(bare).toLowerCase();
    return random() < 2 / 3 ? { question, understoodAs: bare.toLowerCase() } : { question };
  }
  return { question: roll < 0.45 ? bare.toLowerCase() : bare };
}

function shuffle<T>(list: readonly T[], random: () => number): T[] {
  const out = list.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
