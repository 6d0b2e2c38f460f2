/**
 * Time-aware answering: the time a question names (year, month, day, or the present), in
 * accented and unaccented spelling; which passages can answer it, by article date or by text;
 * and the date put before an answer to a "current" question from an old article.
 */
import { describe, expect, it } from 'vitest';
import { datedPrefix, passageMatches, timeOf, type TimeConstraint } from '../../src/answer/time.js';

const years = (...ys: number[]): TimeConstraint => ({ years: ys, months: [], days: [], current: false });

describe('timeOf: years', () => {
  it.each([
    ['Giá vàng năm 2022 tăng bao nhiêu?', [2022]],
    ['gia vang nam 2022 tang bao nhieu', [2022]],
    ['Ai vô địch V-League 2019?', [2019]],
    ['ai vo dich v-league 2019', [2019]],
    ['Đội nào vô địch mùa giải 2021-2022?', [2021, 2022]],
    ['doi nao vo dich mua giai 2021-2022', [2021, 2022]],
    ['Mùa giải 2021/2022 kết thúc khi nào?', [2021, 2022]],
    ['mua giai 2021-22 ket thuc khi nao', [2021, 2022]],
    ['Kế hoạch giai đoạn 2016–2020 gồm những gì?', [2016, 2017, 2018, 2019, 2020]],
    ['Năm 2016 và 2017 có bao nhiêu vụ tai nạn?', [2016, 2017]],
    ['Năm 2000 người dân đón giao thừa ở đâu?', [2000]],
    ['Xe máy điện ra mắt năm 1999.', [1999]],
  ])('%s → %j', (question, expected) => {
    expect(timeOf(question)).toEqual(years(...expected));
  });

  it.each([
    'Có 2.000 người tham gia lễ hội không?',
    'co 2.000 nguoi tham gia le hoi khong',
    'Dự án vay 1.500 tỷ đồng của ai?',
    'Hơn 2000 người bị ảnh hưởng bởi bão?',
    'hon 2000 nguoi bi anh huong boi bao',
    'Lô hàng 2022 tấn gạo đi đâu?',
    'Tỷ lệ tăng 2020% là sai?',
    'Căn hộ số 2022 thuộc tòa nào?',
    'Gọi số điện thoại 1900 1234 để hỏi gì?',
    'Vinfast VF 8 có giá bao nhiêu?',
    'Mega 6/45 mở thưởng khi nào?',
    'Tỷ số trận đấu là 2-1 phải không?',
    'Chiếm 1/3 dân số là bao nhiêu người?',
    'Năm 1850 có gì?',
    'Mã 2024 là mã gì?',
    'gia dau 2000 dong mot lit',
    'mua 2000 con ga o dau',
  ])('no time in %s', (question) => {
    expect(timeOf(question)).toBeNull();
  });
});

describe('timeOf: days and months', () => {
  it.each([
    ['Ngày 12/5/2017 có sự kiện gì?', { year: 2017, month: 5, day: 12 }],
    ['ngay 12/5/2017 co su kien gi', { year: 2017, month: 5, day: 12 }],
    ['Chuyện gì xảy ra 12-5-2017?', { year: 2017, month: 5, day: 12 }],
    ['chuyen gi xay ra 12.5.2017', { year: 2017, month: 5, day: 12 }],
    ['Ngày 12 tháng 5 năm 2017 có gì?', { year: 2017, month: 5, day: 12 }],
    ['ngay 12 thang 5 nam 2017 co gi', { year: 2017, month: 5, day: 12 }],
    ['Ngày 12/5 năm 2017 ai phát biểu?', { year: 2017, month: 5, day: 12 }],
    ['Hội nghị ngày 12/5, năm 2017, bàn gì?', { year: 2017, month: 5, day: 12 }],
    ['Ngày 12/5 có mưa không?', { month: 5, day: 12 }],
    ['ngay 12/5 co mua khong', { month: 5, day: 12 }],
    ['Sáng 5/2 ở Hà Nội có gì?', { month: 2, day: 5 }],
    ['Ngày 12 tháng 5 có lễ gì?', { month: 5, day: 12 }],
    ['ngay 12 thang 5 co le gi', { month: 5, day: 12 }],
    ['Ngày 29/2 có gì đặc biệt?', { month: 2, day: 29 }],
  ])('%s → %j', (question, day) => {
    expect(timeOf(question)).toEqual({ years: [], months: [], days: [day], current: false });
  });

  it.each([
    ['Giá xe tháng 5/2017 thế nào?', { year: 2017, month: 5 }],
    ['gia xe thang 5/2017 the nao', { year: 2017, month: 5 }],
    ['Giá xe tháng 5 năm 2017 thế nào?', { year: 2017, month: 5 }],
    ['gia xe thang 5 nam 2017 the nao', { year: 2017, month: 5 }],
    ['Xe bán ra từ tháng 3.2017 giá bao nhiêu?', { year: 2017, month: 3 }],
  ])('%s → %j', (question, month) => {
    expect(timeOf(question)).toEqual({ years: [], months: [month], days: [], current: false });
  });

  it.each(['Ngày 31/2 có gì?', 'Ngày 12/13 có gì?'])('an impossible day is no date: %s', (question) => {
    expect(timeOf(question)).toBeNull();
  });

  it.each(['Ngày 30/2/2017 có gì?', 'Ngày 5/13/2017 có gì?'])('an impossible day keeps only its year: %s', (question) => {
    expect(timeOf(question)).toEqual(years(2017));
  });

  it('does not read the year of a date a second time as a year of its own', () => {
    expect(timeOf('Ngày 12/5/2017 và tháng 6/2018 có gì?')).toEqual({
      years: [],
      months: [{ year: 2018, month: 6 }],
      days: [{ year: 2017, month: 5, day: 12 }],
      current: false,
    });
  });

  it('leaves a month without its year alone: "tháng 5" alone is too vague to filter on', () => {
    expect(timeOf('Tháng 5 có lễ hội gì?')).toBeNull();
  });
});

describe('timeOf: the present', () => {
  it.each([
    'Giá vàng hôm nay bao nhiêu?',
    'gia vang hom nay bao nhieu',
    'Hiện nay ai là chủ tịch?',
    'hien nay ai la chu tich',
    'Ai hiện là huấn luyện viên đội tuyển?',
    'Tình hình hiện tại ra sao?',
    'tinh hinh hien tai ra sao',
    'Bây giờ giá xăng là bao nhiêu?',
    'bay gio gia xang la bao nhieu',
    'Tin mới nhất về bão số 3?',
    'tin moi nhat ve bao so 3',
    'Năm nay thi tốt nghiệp khi nào?',
    'nam nay thi tot nghiep khi nao',
    'Vụ tai nạn gần đây nhất ở đâu?',
    'Sáng nay có mưa không?',
  ])('%s asks about the present', (question) => {
    expect(timeOf(question)).toEqual({ years: [], months: [], days: [], current: true });
  });

  it.each(['Văn Miếu vinh danh hiền tài ra sao?', 'Ai thực hiện dự án?', 'Ai phát hiện ra vụ việc?', 'Nấm xuất hiện là do đâu?'])(
    'not the present: %s',
    (question) => {
      expect(timeOf(question)).toBeNull();
    },
  );

  it('keeps the named year beside the present', () => {
    expect(timeOf('Giá vàng năm 2022 so với hiện nay?')).toEqual({ years: [2022], months: [], days: [], current: true });
  });
});

describe('passageMatches', () => {
  const undated = (text: string, title?: string) => ({ text, publishedAt: '', ...(title ? { title } : {}) });

  it('matches a year by the article date', () => {
    expect(passageMatches(years(2017), { text: 'Giá vàng tăng mạnh trong tuần.', publishedAt: '2017-05-12T08:00:00+07:00' })).toBe(true);
    expect(passageMatches(years(2018), { text: 'Giá vàng tăng mạnh trong tuần.', publishedAt: '2017-05-12T08:00:00+07:00' })).toBe(false);
  });

  it.each([
    'Năm 2017, giá vàng tăng mạnh.',
    'Giá vàng 2017 tăng mạnh.',
    'Hội nghị diễn ra ngày 12/5/2017 tại Hà Nội.',
    'Từ tháng 3/2017, giá vàng tăng.',
    'Kế hoạch giai đoạn 2016-2018 đã xong.',
  ])('matches a year by the text of an undated article: %s', (text) => {
    expect(passageMatches(years(2017), undated(text))).toBe(true);
  });

  it.each(['Có 2017 người tham gia.', 'Hotline 1900 2017 hỗ trợ khách hàng.', 'Năm 2016, giá vàng tăng mạnh.'])(
    'a text without the year as a year does not match: %s',
    (text) => {
      expect(passageMatches(years(2017), undated(text))).toBe(false);
    },
  );

  it('matches by the title', () => {
    expect(passageMatches(years(2017), undated('Giá vàng tăng mạnh.', 'Giá vàng năm 2017'))).toBe(true);
  });

  it('matches a day by the date of publication', () => {
    const c = timeOf('Ngày 12/5/2017 có gì?')!;
    expect(passageMatches(c, { text: 'Hội nghị khai mạc.', publishedAt: '2017-05-12T08:00:00+07:00' })).toBe(true);
    expect(passageMatches(c, { text: 'Hội nghị khai mạc.', publishedAt: '2017-05-13' })).toBe(false);
    expect(passageMatches(c, { text: 'Hội nghị khai mạc.', publishedAt: '2016-05-12' })).toBe(false);
  });

  it.each([
    'Sáng 12/5/2017, hội nghị khai mạc.',
    'Hội nghị khai mạc ngày 12-5-2017.',
    'Hội nghị khai mạc ngày 12.5.2017.',
    'Ngày 12 tháng 5 năm 2017, hội nghị khai mạc.',
  ])('matches a day by the text of an undated article: %s', (text) => {
    expect(passageMatches(timeOf('ngay 12/5/2017')!, undated(text))).toBe(true);
  });

  it('reads a yearless day in the text as the year of the article', () => {
    const c = timeOf('Ngày 12/5/2017 có gì?')!;
    expect(passageMatches(c, { text: 'Sáng 12/5, hội nghị khai mạc.', publishedAt: '2017-05-14' })).toBe(true);
    expect(passageMatches(c, { text: 'Sáng 12/5, hội nghị khai mạc.', publishedAt: '2015-05-14' })).toBe(false);
    // Undated: a "12/5" of an unknown year is not 12/5/2017.
    expect(passageMatches(c, undated('Sáng 12/5, hội nghị khai mạc.'))).toBe(false);
  });

  it('matches any year for a day asked without one', () => {
    const c = timeOf('Ngày 12/5 có gì?')!;
    expect(passageMatches(c, undated('Sáng 12/5, hội nghị khai mạc.'))).toBe(true);
    expect(passageMatches(c, undated('Hội nghị khai mạc ngày 12/5/2015.'))).toBe(true);
    expect(passageMatches(c, { text: 'Hội nghị khai mạc.', publishedAt: '2020-05-12' })).toBe(true);
    expect(passageMatches(c, undated('Sáng 13/5, hội nghị khai mạc.'))).toBe(false);
  });

  it('never matches an undated article by a date', () => {
    for (const c of [years(2017), timeOf('ngày 12/5/2017')!, timeOf('tháng 5/2017')!]) {
      expect(passageMatches(c, undated('Hội nghị khai mạc.'))).toBe(false);
    }
    expect(passageMatches(years(2017), { text: 'Hội nghị khai mạc.', publishedAt: 'không rõ' })).toBe(false);
  });

  it('matches a month by publication, by text, or by a day of it', () => {
    const c = timeOf('tháng 5/2017')!;
    expect(passageMatches(c, { text: 'Hội nghị khai mạc.', publishedAt: '2017-05-30' })).toBe(true);
    expect(passageMatches(c, { text: 'Hội nghị khai mạc.', publishedAt: '2017-06-01' })).toBe(false);
    expect(passageMatches(c, undated('Trong tháng 5 năm 2017, giá tăng.'))).toBe(true);
    expect(passageMatches(c, undated('Ngày 3/5/2017, giá tăng.'))).toBe(true);
    expect(passageMatches(c, { text: 'Trong tháng 5, giá tăng.', publishedAt: '2017-06-02' })).toBe(true);
    expect(passageMatches(c, { text: 'Trong tháng 5, giá tăng.', publishedAt: '2016-06-02' })).toBe(false);
  });

  it('matches any of several named times', () => {
    expect(passageMatches(years(2016, 2017), undated('Năm 2016, giá vàng tăng.'))).toBe(true);
  });

  it('lets every passage through for the present: those answers are dated instead', () => {
    const c = timeOf('Giá vàng hôm nay?')!;
    expect(passageMatches(c, undated('Giá vàng tăng.'))).toBe(true);
    expect(passageMatches(c, { text: 'Giá vàng tăng.', publishedAt: '2010-01-01' })).toBe(true);
  });
});

describe('datedPrefix', () => {
  const now = new Date('2024-06-15T12:00:00Z');

  it('dates an answer from an old article, day/month/year without leading zeros', () => {
    expect(datedPrefix('2017-05-02T08:00:00+07:00', now)).toBe('Theo bài ngày 2/5/2017: ');
    expect(datedPrefix('2023-11-16', now)).toBe('Theo bài ngày 16/11/2023: ');
  });

  it('keeps the calendar day the newsroom printed, whatever the offset', () => {
    expect(datedPrefix('2017-05-12T23:30:00+07:00', now)).toBe('Theo bài ngày 12/5/2017: ');
  });

  it('leaves recent, future and undated articles alone', () => {
    expect(datedPrefix('2024-06-01', now)).toBe('');
    expect(datedPrefix('2024-07-01', now)).toBe('');
    expect(datedPrefix('', now)).toBe('');
    expect(datedPrefix('không rõ', now)).toBe('');
    expect(datedPrefix('2017-02-30', now)).toBe('');
  });

  it('dates from minAgeDays on', () => {
    // 2024-05-15 is 31.5 days before `now`.
    expect(datedPrefix('2024-05-15', now)).toBe('Theo bài ngày 15/5/2024: ');
    expect(datedPrefix('2024-05-15', now, 40)).toBe('');
    expect(datedPrefix('2024-06-14', now, 0)).toBe('Theo bài ngày 14/6/2024: ');
    expect(datedPrefix('2024-05-17', now)).toBe('');
  });

  it('gives no prefix for an invalid clock', () => {
    expect(datedPrefix('2017-05-12', new Date(Number.NaN))).toBe('');
  });
});
