/**
 * Quoted evidence without its leading filler: the offset to skip keeps the quote a slice of the
 * article, connectives that only link to the previous sentence go, and those that carry time (the
 * answer to a time question) stay.
 */
import { describe, expect, it } from 'vitest';
import { displayEvidence, trimLeadingConnective } from '../../src/answer/evidence.js';

const REST = 'giá lúa tại Cần Thơ tăng 200 đồng mỗi ký.';

describe('trimLeadingConnective', () => {
  it.each([
    'Đáng chú ý,',
    'Đáng chú ý là',
    'Thứ nhất,',
    'Thứ hai,',
    'Thứ ba,',
    'Tuy nhiên,',
    'Tuy vậy,',
    'Ngoài ra,',
    'Ngoài ra thì',
    'Bên cạnh đó,',
    'Trong khi đó,',
    'Theo đó,',
    'Cụ thể,',
    'Cụ thể:',
    'Cụ thể là',
    'Đặc biệt,',
    'Đặc biệt là',
    'Mặt khác,',
    'Do đó,',
    'Vì vậy,',
    'Vì thế,',
    'Chính vì vậy,',
    'Như vậy,',
    'Hơn nữa,',
    'Thêm vào đó,',
    'Mặc dù vậy,',
    'Dù vậy,',
    'Trên thực tế,',
    'TUY NHIÊN,',
  ])('skips "%s"', (connective) => {
    const sentence = `${connective} ${REST}`;
    const skip = trimLeadingConnective(sentence);
    expect(sentence.slice(skip)).toBe(REST);
  });

  it.each(['- ', '– ', '— ', '+ ', '• ', '•', '* '])('skips the bullet "%s"', (bullet) => {
    const sentence = `${bullet}${REST}`;
    expect(sentence.slice(trimLeadingConnective(sentence))).toBe(REST);
  });

  it('skips a bullet, then stacked connectives', () => {
    const sentence = `- Tuy nhiên, ngoài ra, ${REST}`;
    expect(sentence.slice(trimLeadingConnective(sentence))).toBe(REST);
  });

  it.each([
    'Trước đó, giá lúa tại Cần Thơ tăng 200 đồng mỗi ký.',
    'Sau đó, giá lúa tại Cần Thơ tăng 200 đồng mỗi ký.',
    'Hiện nay, giá lúa tại Cần Thơ là 7.000 đồng mỗi ký.',
    'Năm 2017, giá lúa tại Cần Thơ tăng 200 đồng mỗi ký.',
    'Cùng ngày, giá lúa tại Cần Thơ tăng 200 đồng mỗi ký.',
    'Đồng thời, giá lúa tại Cần Thơ tăng 200 đồng mỗi ký.',
    'Theo ông Minh, giá lúa tại Cần Thơ tăng 200 đồng mỗi ký.',
  ])('keeps a connective that carries time or a source: %s', (sentence) => {
    expect(trimLeadingConnective(sentence)).toBe(0);
  });

  it('stops at a time connective after a trimmed one', () => {
    const sentence = 'Tuy nhiên, trước đó, giá lúa đã giảm.';
    expect(sentence.slice(trimLeadingConnective(sentence))).toBe('trước đó, giá lúa đã giảm.');
  });

  it.each(['Thứ Hai, giá lúa tăng.', 'Thứ hai, ngày 5/2, giá lúa tăng.', 'Thứ hai, 5/2, giá lúa tăng.', 'Thứ Bảy, giá lúa tăng.'])(
    'keeps a weekday, which is a date: %s',
    (sentence) => {
      expect(trimLeadingConnective(sentence)).toBe(0);
    },
  );

  it.each([
    'Đặc biệt nguy hiểm là lũ quét ở vùng núi.',
    'Ngoài ra còn có ba người bị thương.',
    'Do đó là lý do giá tăng.',
    'Tuy nhiên giá lúa vẫn tăng.',
    '-5 độ C là nhiệt độ thấp nhất ở Sa Pa.',
    '+3% là mức tăng của giá điện.',
    '“Tuy nhiên, giá lúa vẫn tăng”, ông Minh nói.',
  ])('keeps a sentence that does not open with filler: %s', (sentence) => {
    expect(trimLeadingConnective(sentence)).toBe(0);
  });

  it.each(['Tuy nhiên', 'Tuy nhiên,', 'Tuy nhiên, ', 'Ngoài ra, …', '- ', '•'])('never trims "%s" to nothing', (sentence) => {
    expect(trimLeadingConnective(sentence)).toBe(0);
  });

  it('trims a bullet before a lone connective, but not the connective', () => {
    const sentence = '- Tuy nhiên,';
    expect(sentence.slice(trimLeadingConnective(sentence))).toBe('Tuy nhiên,');
  });

  it('keeps the quote a slice of the article', () => {
    const body = 'Giá lúa giảm trong tháng trước. Tuy nhiên, giá lúa đã tăng trở lại.';
    const start = body.indexOf('Tuy nhiên');
    const end = body.length;
    const quoteStart = start + trimLeadingConnective(body.slice(start, end));
    expect(body.slice(quoteStart, end)).toBe('giá lúa đã tăng trở lại.');
  });

  it('returns 0 for a sentence without filler, and for an empty one', () => {
    expect(trimLeadingConnective(REST)).toBe(0);
    expect(trimLeadingConnective('')).toBe(0);
  });
});

describe('displayEvidence', () => {
  it('capitalises the first letter after the trimmed filler', () => {
    expect(displayEvidence(`Tuy nhiên, ${REST}`)).toBe('Giá lúa tại Cần Thơ tăng 200 đồng mỗi ký.');
    expect(displayEvidence('- đường sắt Cát Linh – Hà Đông đã chạy.')).toBe('Đường sắt Cát Linh – Hà Đông đã chạy.');
  });

  it('leaves a first word that already has a capital as written', () => {
    expect(displayEvidence('Ngoài ra, iPhone 15 được bán từ tháng 9.')).toBe('iPhone 15 được bán từ tháng 9.');
  });

  it('leaves a sentence that starts with a figure or has nothing to trim', () => {
    expect(displayEvidence('Tuy nhiên, 200 người đã đến.')).toBe('200 người đã đến.');
    expect(displayEvidence('Trước đó, giá lúa giảm.')).toBe('Trước đó, giá lúa giảm.');
    expect(displayEvidence('Tuy nhiên,')).toBe('Tuy nhiên,');
  });
});
