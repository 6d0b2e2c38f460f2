import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { foldDiacritics, normalizeForMatch } from '../../src/text/normalize.js';
import { DiacriticRestorer, looksUnaccented } from '../../src/text/restore/restorer.js';
import { buildRestorerModel, isHeldOutArticle, RestorerModelBuilder } from '../../training/restore/build.js';
import { decodeRestorerTables, forEachToken } from '../../src/text/restore/format.js';
import { defaultRestorerPath, loadRestorer } from '../../src/node/restorer.js';

describe('DiacriticRestorer with the shipped model', () => {
  let restorer: DiacriticRestorer;
  beforeAll(async () => {
    restorer = await loadRestorer();
  });
  const restore = (text: string) => restorer.restore(text).text;

  it('restores whole sentences typed without diacritics', () => {
    expect(restore('chu tich nuoc tham chile')).toBe('Chủ tịch nước thăm Chile');
    expect(restore('benh nhan bi gi khi nhap vien')).toBe('Bệnh nhân bị gì khi nhập viện');
    expect(restorer.restore('benh nhan bi gi khi nhap vien').changed).toBe(true);
  });

  // Mistakes readers saw (issue #17): the news-only model knew little of how questions are phrased.
  it('restores question phrasing the news text seldom has', () => {
    expect(restore('Ca benh dau tien xuat hien vao thang may?')).toBe('Ca bệnh đầu tiên xuất hiện vào tháng mấy?');
    expect(restore('Dich bung phat vao thang may nam ngoai?')).toBe('Dịch bùng phát vào tháng mấy năm ngoái?');
    expect(restore('thang may nam 2020 co nhieu ca mac nhat?')).toMatch(/^Tháng mấy năm 2020 có/);
    expect(restore('ASEAN co may tru cot?')).toBe('ASEAN có mấy trụ cột?');
    expect(restore('Ong ay den Ha Noi de lam gi?')).toBe('Ông ấy đến Hà Nội để làm gì?');
    expect(restore('Doi tuyen dat bao nhieu huy chuong?')).toBe('Đội tuyển đạt bao nhiêu huy chương?');
    // Where the other spelling is meant, it stays.
    expect(restore('Thang may cua toa nha bi hong')).toBe('Thang máy của tòa nhà bị hỏng');
    expect(restore('Khach hang dat ve may bay o dau?')).toBe('Khách hàng đặt vé máy bay ở đâu?');
  });

  it('spells names the way the articles do, and starts the question with a capital', () => {
    expect(restore('viet nam va peru ky hiep dinh nao?')).toBe('Việt Nam và Peru ký hiệp định nào?');
    expect(restore('benh vien bach mai o ha noi')).toBe('Bệnh viện Bạch Mai ở Hà Nội');
    expect(restore('santiago de chile la thu do cua nuoc nao?')).toBe('Santiago de Chile là thủ đô của nước nào?');
    // "mỹ" is a name (the United States) but not in "thẩm mỹ".
    expect(restore('phau thuat tham my o my')).toBe('Phẫu thuật thẩm mỹ ở Mỹ');
  });

  it('keeps what the reader typed with diacritics and uses it as context', () => {
    expect(restore('bệnh nhan bi gì khi nhập vien')).toBe('bệnh nhân bị gì khi nhập viện');
    // "thám" is not what the model would pick, but the reader typed it.
    expect(restore('chủ tich nuoc thám chile')).toBe('chủ tịch nước thám Chile');
  });

  it('keeps the case pattern of each word, never lower-casing what the reader capitalized', () => {
    expect(restore('Chu tich nuoc tham Chile')).toBe('Chủ tịch nước thăm Chile');
    expect(restore('CHU TICH NUOC')).toBe('CHỦ TỊCH NƯỚC');
    expect(restore('Benh vien Bach Mai o Ha Noi')).toBe('Bệnh viện Bạch Mai ở Hà Nội');
    // "Nam" typed capitalized stays so, though the articles write "phía nam" in lower case.
    expect(restore('chu tich nuoc tham phia Nam')).toBe('Chủ tịch nước thăm phía Nam');
    expect(restore('ThAnh pho')).toBe('ThÀnh phố');
  });

  it('keeps punctuation, spacing, numbers and unknown words', () => {
    expect(restore('Ngay 6/2/2017, benh vien tiep nhan 12 benh nhan (3 tre em).')).toBe(
      'Ngày 6/2/2017, bệnh viện tiếp nhận 12 bệnh nhân (3 trẻ em).',
    );
    expect(restore('  so ca mac  Covid-19\ttang\nmanh ')).toBe('  Số ca mắc  Covid-19\ttăng\nMạnh ');
    expect(restore('Vinamilk va resveratrol')).toBe('Vinamilk và resveratrol');
  });

  it('leaves accented text alone and says so', () => {
    const text = 'Thủ tướng Chính phủ làm việc với tỉnh Quảng Ninh về phát triển du lịch.';
    expect(restorer.restore(text)).toEqual({ text, changed: false });
    expect(restorer.restore('')).toEqual({ text: '', changed: false });
    expect(restorer.restore('123 456')).toEqual({ text: '123 456', changed: false });
  });

  it('answers in NFC with the classic tone placement', () => {
    expect(restore('Hoà binh')).toBe('Hòa bình');
    expect(restore('thuỷ dien'.normalize('NFD'))).toBe('thủy điện');
  });

  it('offers the runner-up reading of close calls, and none when every choice is clear', () => {
    // "chuoi" after "tác dụng của" is a coin toss for a news model: chuỗi (chain) or chuối (banana).
    const { text, alternative } = restorer.restore('Tac dung cua chuoi doi voi tre nho?');
    expect(text).toBe('Tác dụng của chuỗi đối với trẻ nhỏ?');
    expect(alternative).toBe('Tác dụng của chuối đối với trẻ nhỏ?');
    // Only the close call differs; the rest of the reading is the chosen one.
    expect(restorer.restore('benh nhan bi gi khi nhap vien').alternative).toBeUndefined();
    // The runner-up is spelt in the case the chosen word is shown in.
    expect(restorer.restore('chuoi doi voi tre nho').alternative).toMatch(/^Chu/);
    // Syllables the reader typed with diacritics are never swapped.
    expect(restorer.restore('Tác dụng của chuỗi đối với trẻ nhỏ?').alternative).toBeUndefined();
  });

  it('lists the candidates of a bare syllable, most frequent first', () => {
    const candidates = restorer.candidates('duong');
    expect(candidates).toEqual(expect.arrayContaining(['đường', 'dương', 'đương']));
    expect(candidates[0]).toBe('đường');
    expect(restorer.candidates('xyzq')).toEqual([]);
  });

  it('restores ≥ 90% of the syllables of news-like sentences', () => {
    let right = 0;
    let total = 0;
    for (const sentence of NEWS_LIKE) {
      const want = normalizeForMatch(sentence).split(/\s+/);
      const got = normalizeForMatch(restore(foldDiacritics(sentence))).split(/\s+/);
      expect(got).toHaveLength(want.length);
      want.forEach((w, i) => {
        total++;
        if (w === got[i]) right++;
      });
    }
    expect(right / total).toBeGreaterThanOrEqual(0.9);
  });

  it('loads from the default path beside the repository', () => {
    expect(defaultRestorerPath()).toMatch(/models\/hoidap-vi-restore\/restorer\.bin$/);
    expect(readFileSync(defaultRestorerPath()).length).toBeLessThanOrEqual(15_000_000);
  });
});

describe('looksUnaccented', () => {
  it('is true only for text with words and no diacritic', () => {
    expect(looksUnaccented('benh nhan bi gi')).toBe(true);
    expect(looksUnaccented('bệnh nhan bi gi')).toBe(false);
    expect(looksUnaccented('2017')).toBe(false);
  });
});

describe('forEachToken', () => {
  it('cuts phrases at punctuation and line breaks, not at spaces or hyphens', () => {
    const text = 'Covid-19 lan rộng, ở Hà Nội.\nNgày mai';
    const tokens: string[] = [];
    forEachToken(text, (start, end, isNumber, phraseStart) => {
      tokens.push(`${phraseStart ? '|' : ''}${isNumber ? '#' : ''}${text.slice(start, end)}`);
    });
    expect(tokens).toEqual(['|Covid', '#19', 'lan', 'rộng', '|ở', 'Hà', 'Nội', '|Ngày', 'mai']);
  });
});

describe('buildRestorerModel on a tiny corpus', () => {
  const corpus = [
    'Chủ tịch nước thăm Chile.',
    'Bệnh nhân bị sốt khi nhập viện.',
    'Người dân đi thăm bệnh nhân ở bệnh viện.',
    'Con đường này rất dài, con đường kia ngắn.',
    'Đi trên con đường làng.',
    'Theo dương lịch, hôm nay là ngày đầu năm.',
    'Âm lịch và dương lịch khác nhau.',
    'Hoà bình và hòa giải.', // two tone conventions of one word
    'Cây bàng trước ngõ.',
    'Bàn ghế trong nhà.',
  ];
  const options = { minCount: 1, candidateMinShare: 0, minTrigramCount: 1 };
  const bytes = buildRestorerModel(corpus, options);
  // Case aside: restore-casing.test.ts covers it.
  const restorer = DiacriticRestorer.fromBytes(bytes, { capitalize: false });

  it('restores from what it was built on', () => {
    expect(restorer.restore('nguoi dan di tham benh nhan').text).toBe('người dân đi thăm bệnh nhân');
    expect(restorer.restore('con duong lang').text).toBe('con đường làng');
    expect(restorer.restore('theo duong lich').text).toBe('theo dương lịch');
  });

  it('counts both tone conventions as one syllable', () => {
    expect(restorer.candidates('hoa')).toEqual(['hòa']);
    expect(restorer.restore('hoa binh').text).toBe('hòa bình');
  });

  it('is deterministic and records what it kept', () => {
    expect(buildRestorerModel(corpus, options)).toEqual(bytes);
    const builder = new RestorerModelBuilder(options);
    for (const text of corpus) builder.add(text);
    builder.build();
    expect(builder.stats).toMatchObject({ phrases: 12, bytes: bytes.length });
    expect(builder.stats!.trigrams.kept).toBeGreaterThan(0);
  });

  it('writes a file the reader checks', () => {
    const tables = decodeRestorerTables(bytes);
    expect(tables.smoothing).toBe('kneser-ney');
    expect(tables.vocabulary.slice(0, 4)).toEqual(['<s>', '</s>', '<unk>', '<num>']);
    // A misaligned copy is read too (a Node Buffer may start anywhere in its pool).
    const shifted = new Uint8Array(bytes.length + 1).subarray(1);
    shifted.set(bytes);
    expect(DiacriticRestorer.fromBytes(shifted).restore('con duong lang').text).toBe('Con đường làng');
    expect(() => DiacriticRestorer.fromBytes(new Uint8Array(100))).toThrow(/Not a usable diacritic restorer file/);
    expect(() => DiacriticRestorer.fromBytes(bytes.subarray(0, bytes.length - 4))).toThrow(/bytes where the header/);
  });

  it('builds with stupid backoff too', () => {
    const sb = DiacriticRestorer.fromBytes(buildRestorerModel(corpus, { ...options, smoothing: 'stupid-backoff' }), { capitalize: false });
    expect(sb.restore('nguoi dan di tham benh nhan').text).toBe('người dân đi thăm bệnh nhân');
  });

  it('fits a size budget by pruning, and says when it cannot', () => {
    const small = buildRestorerModel(corpus, { ...options, maxBytes: bytes.length - 16 });
    expect(small.length).toBeLessThanOrEqual(bytes.length - 16);
    expect(() => buildRestorerModel(corpus, { ...options, maxBytes: 1000 })).toThrow(/budget is too small/);
    expect(() => buildRestorerModel(['', '123 !'])).toThrow(/No syllables/);
  });
});

describe('isHeldOutArticle', () => {
  it('is a stable hash rule', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `baomoi-${21395276 + i}`);
    const held = ids.filter((id) => isHeldOutArticle(id));
    expect(held.length).toBeGreaterThan(5);
    expect(held.length).toBeLessThan(40);
    expect(ids.filter((id) => isHeldOutArticle(id))).toEqual(held);
  });
});

/** Invented news-like sentences (not taken from any data set), in the classic tone convention. */
const NEWS_LIKE = [
  'Chủ tịch nước tiếp đại sứ Nhật Bản tại Phủ Chủ tịch',
  'Bệnh viện tỉnh vừa tiếp nhận một bệnh nhân bị ngộ độc thực phẩm',
  'Giá xăng dầu trong nước tăng nhẹ từ chiều nay',
  'Đội tuyển Việt Nam giành chiến thắng trong trận đấu tối qua',
  'Thành phố sẽ xây dựng thêm hai cây cầu mới bắc qua sông',
  'Học sinh cả nước bước vào kỳ thi tốt nghiệp trung học phổ thông',
  'Cơ quan công an đang điều tra nguyên nhân vụ tai nạn giao thông',
  'Người dân cần đeo khẩu trang khi ra khỏi nhà',
  'Bộ Y tế khuyến cáo người dân không nên tự ý dùng thuốc kháng sinh',
  'Mưa lớn kéo dài khiến nhiều tuyến đường bị ngập sâu',
  'Ngân hàng Nhà nước điều chỉnh lãi suất điều hành',
  'Các nhà khoa học phát hiện một loài động vật mới trong rừng',
  'Xuất khẩu nông sản tăng mạnh trong sáu tháng đầu năm',
  'Ủy ban nhân dân tỉnh họp bàn về công tác phòng chống thiên tai',
  'Cô giáo dạy học sinh cách bảo vệ môi trường',
  'Trẻ em dưới năm tuổi được tiêm vắc xin miễn phí',
  'Bác sĩ cho biết bệnh nhân đã qua cơn nguy kịch',
  'Giá vàng trong nước giảm sau nhiều phiên tăng liên tiếp',
  'Hàng nghìn du khách đổ về bãi biển vào dịp nghỉ lễ',
  'Chính phủ yêu cầu các bộ ngành đẩy nhanh tiến độ giải ngân vốn đầu tư công',
  'Nhiều doanh nghiệp gặp khó khăn vì thiếu lao động',
  'Tòa án tuyên phạt bị cáo mười năm tù giam',
  'Sân bay quốc tế đón lượng hành khách kỷ lục trong mùa hè',
  'Nông dân phấn khởi vì lúa được mùa được giá',
  'Ca sĩ trẻ ra mắt album mới vào cuối tuần này',
  'Lực lượng cứu hộ đã tìm thấy các nạn nhân mất tích',
  'Thủ tướng chỉ đạo tăng cường kiểm tra an toàn thực phẩm',
  'Giao thông trên đường cao tốc bị ùn tắc nhiều giờ',
  'Trường đại học công bố điểm chuẩn xét tuyển năm nay',
  'Người cao tuổi nên tập thể dục nhẹ nhàng mỗi ngày',
];
