import { describe, expect, it } from 'vitest';
import { DiacriticRestorer } from '../../src/text/restore/restorer.js';
import { decodeRestorerTables, encodeRestorerTables } from '../../src/text/restore/format.js';
import { buildRestorerModel, isHeldOutQuestion, RestorerModelBuilder } from '../../training/restore/build.js';

/** Invented news-like sentences: names written capitalized mid-sentence, the words around them in lower case. */
const NEWS = [
  'Chủ tịch nước thăm Chile và Peru trong tuần này.',
  'Đoàn đại biểu Việt Nam đến Chile hôm qua.',
  'Hàng xuất khẩu của Việt Nam sang Peru tăng mạnh.',
  'Người dân ở Hà Nội và ở Santiago de Chile đón năm mới.',
  'Năm nay số nam giới đi làm tăng, nữ giới giảm.',
  'Phía nam thành phố có mưa, phía bắc thì nắng.',
  'Chủ tịch nước gặp đại sứ Việt Nam tại Peru.',
  'Thang máy của tòa nhà bị hỏng, thang máy mới sẽ được lắp.',
  'Nhiều người đi vào thang máy lên tầng cao.',
  'Sân bay ở Santiago đóng cửa vì tuyết.',
  'Công ty đặt hàng và đạt doanh thu cao.',
];
const options = { minCount: 1, candidateMinShare: 0, minTrigramCount: 1, caseMinCount: 2 };

function buildWith(questions: string[] = [], extra: Parameters<typeof buildRestorerModel>[1] = {}): Uint8Array {
  const builder = new RestorerModelBuilder({ ...options, ...extra });
  for (const text of NEWS) builder.add(text);
  for (const question of questions) builder.addQuestion(question);
  return builder.build();
}

describe('names learnt from how the articles write them', () => {
  const bytes = buildWith();
  const restorer = DiacriticRestorer.fromBytes(bytes);

  it('capitalizes syllables the articles write capitalized mid-sentence, and starts the sentence with a capital', () => {
    expect(restorer.restore('chu tich nuoc tham chile').text).toBe('Chủ tịch nước thăm Chile');
    expect(restorer.restore('chu tich nuoc tham chile va peru').text).toBe('Chủ tịch nước thăm Chile và Peru');
    // "de" in "Santiago de Chile" is written in lower case: it stays so.
    expect(restorer.restore('o santiago de chile').text).toBe('Ở Santiago de Chile');
  });

  it('capitalizes a pair the articles capitalize together, not its syllables elsewhere', () => {
    expect(restorer.restore('dai su viet nam tai peru').text).toBe('Đại sứ Việt Nam tại Peru');
    // "nam" alone ("phía nam", "nam giới") is written in lower case in the articles.
    expect(restorer.restore('phia nam thanh pho').text).toBe('Phía nam thành phố');
    // A comma between the two ends the name: "Việt" is a name on its own, "nam" is not.
    expect(restorer.restore('o viet, nam gioi').text).toBe('Ở Việt, nam giới');
  });

  it('leaves a name in lower case inside a pair the articles write in lower case', () => {
    const corpus = [
      'Hàng hóa của Mỹ bán chạy.',
      'Quan hệ với Mỹ tốt lên, đại sứ Mỹ nói.',
      'Khách từ Mỹ đến thăm.',
      'Bác sĩ thẩm mỹ nói về phẫu thuật thẩm mỹ.',
      'Ngành thẩm mỹ phát triển.',
    ];
    const builder = new RestorerModelBuilder({ ...options, caseMinShare: 0.5 });
    for (const text of corpus) builder.add(text);
    const names = DiacriticRestorer.fromBytes(builder.build());
    expect(names.restore('khach tu my').text).toBe('Khách từ Mỹ');
    expect(names.restore('nganh tham my').text).toBe('Ngành thẩm mỹ');
    expect(builder.stats!.cased.exceptions).toBe(1);
  });

  it('never lower-cases what the reader capitalized, nor touches what they typed with diacritics', () => {
    expect(restorer.restore('Chu tich nuoc THAM Chile').text).toBe('Chủ tịch nước THĂM Chile');
    expect(restorer.restore('Phia Nam thanh pho').text).toBe('Phía Nam thành phố');
    expect(restorer.restore('chủ tịch nước thăm chile').text).toBe('chủ tịch nước thăm Chile');
  });

  it('capitalizes nothing when asked not to', () => {
    const plain = DiacriticRestorer.fromBytes(bytes, { capitalize: false });
    expect(plain.restore('chu tich nuoc tham chile')).toEqual({ text: 'chủ tịch nước thăm chile', changed: true });
    expect(plain.restore('chile')).toEqual({ text: 'chile', changed: false });
  });

  it('counts a name spelt as a change, a capital at the start of a sentence alone not', () => {
    expect(restorer.restore('chile')).toEqual({ text: 'Chile', changed: true });
    expect(restorer.restore('xyzq abc')).toEqual({ text: 'Xyzq abc', changed: false });
    expect(restorer.restore('Chile')).toEqual({ text: 'Chile', changed: false });
  });

  it('stores the names in the file and reads them back (format version 2)', () => {
    const tables = decodeRestorerTables(bytes);
    const forms = new Map(Array.from(tables.casedIds, (id, i) => [tables.vocabulary[id], tables.casedForms[i]]));
    expect(forms.get('chile')).toBe('Chile');
    expect(forms.get('peru')).toBe('Peru');
    expect(forms.has('nam')).toBe(false);
    const pairs = Array.from(tables.casedBigrams, (key) => `${tables.vocabulary[key >>> 16]} ${tables.vocabulary[key & 0xffff]}`);
    expect(pairs).toContain('việt nam');
    expect(new Uint32Array(bytes.buffer, bytes.byteOffset, 2)[1]).toBe(2);
    // Encoding what was decoded gives the same bytes.
    expect(encodeRestorerTables(tables)).toEqual(bytes);
  });

  it('still reads a version 1 file, as a model without names', () => {
    const tables = decodeRestorerTables(bytes);
    const none = new Uint32Array(0);
    const v1 = encodeRestorerTables({ ...tables, casedIds: new Uint16Array(0), casedForms: [], casedBigrams: none, lowerBigrams: none });
    new Uint32Array(v1.buffer, 0, 2)[1] = 1;
    const old = DiacriticRestorer.fromBytes(v1);
    expect(old.restore('chu tich nuoc tham chile').text).toBe('Chủ tịch nước thăm chile');
    // A version 1 header with casing counts is damaged.
    const bad = bytes.slice();
    new Uint32Array(bad.buffer, 0, 2)[1] = 1;
    expect(() => DiacriticRestorer.fromBytes(bad)).toThrow(/corrupt header/);
    const future = bytes.slice();
    new Uint32Array(future.buffer, 0, 2)[1] = 3;
    expect(() => DiacriticRestorer.fromBytes(future)).toThrow(/format version 3/);
  });
});

describe('questions mixed into the news model', () => {
  const questions = [
    'Đợt dịch bắt đầu vào tháng mấy?',
    'Trận đấu diễn ra vào tháng mấy?',
    'Họ đến đây để làm gì?',
    'Đội tuyển đạt bao nhiêu huy chương?',
  ];

  it('learns question phrasing the news text lacks', () => {
    const newsOnly = DiacriticRestorer.fromBytes(buildWith());
    expect(newsOnly.restore('vao thang may').text).toBe('Vào thang máy');
    for (const mix of [{ questionMix: 0.3, questionScale: 0 }, { questionScale: 10 }]) {
      const mixed = DiacriticRestorer.fromBytes(buildWith(questions, mix));
      expect(mixed.restore('vao thang may').text).toBe('Vào tháng mấy');
      expect(mixed.restore('doi tuyen dat bao nhieu huy chuong').text).toBe('Đội tuyển đạt bao nhiêu huy chương');
    }
  });

  it('is deterministic', () => {
    expect(buildWith(questions, { questionScale: 10 })).toEqual(buildWith(questions, { questionScale: 10 }));
  });

  it('holds questions out by article title', () => {
    const titles = Array.from({ length: 500 }, (_, i) => `Bài ${i}`);
    const held = titles.filter((title) => isHeldOutQuestion(title));
    expect(held.length).toBeGreaterThan(20);
    expect(held.length).toBeLessThan(80);
    expect(titles.filter((title) => isHeldOutQuestion(title, 0))).toEqual([]);
  });
});

describe('weighted texts', () => {
  it('counts a text weight times, and refuses a fractional weight', () => {
    const once = new RestorerModelBuilder(options);
    once.add('Bệnh nhân nhập viện.', 3);
    once.build();
    const thrice = new RestorerModelBuilder(options);
    for (let i = 0; i < 3; i++) thrice.add('Bệnh nhân nhập viện.');
    thrice.build();
    expect(once.stats).toEqual(thrice.stats);
    expect(() => once.add('x', 1.5)).toThrow(/whole number/);
  });
});
