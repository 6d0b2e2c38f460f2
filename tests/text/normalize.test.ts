import { describe, expect, it } from 'vitest';
import { foldDiacritics, hasDiacritics, normalizeForMatch, normalizeText } from '../../src/text/normalize.js';
import { splitSentences, syllables, withBigrams } from '../../src/text/tokenize.js';

describe('normalizeText', () => {
  it.each([
    ['Hoà bình', 'Hòa bình'],
    ['Thuỷ điện', 'Thủy điện'],
    ['qúy khách', 'quý khách'],
    ['Uỷ ban nhân dân', 'Ủy ban nhân dân'],
    ['khoẻ mạnh', 'khỏe mạnh'],
    ['loà xoà', 'lòa xòa'],
    ['HOÀ BÌNH', 'HÒA BÌNH'],
  ])('places the tone mark of %s in one convention', (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it.each([
    'toán học',
    'hoàng hôn',
    'người Việt',
    'giữa trưa',
    'thuở nhỏ',
    'khuỷu tay',
    'ngoài trời',
    'quyết định',
    'gì đó',
    'Santiago de Chile',
  ])('leaves the already-canonical %s alone', (text) => {
    expect(normalizeText(text)).toBe(text);
  });

  it('turns decomposed (NFD) input into the same string as precomposed input', () => {
    const nfd = 'Chủ tịch nước Lương Cường'.normalize('NFD');
    expect(nfd).not.toBe('Chủ tịch nước Lương Cường');
    expect(normalizeText(nfd)).toBe('Chủ tịch nước Lương Cường');
  });

  it('keeps the length of NFC text, so offsets stay valid', () => {
    const text = 'Hoà bình, thuỷ lợi và quý khách.';
    expect(normalizeText(text)).toHaveLength(text.length);
  });
});

describe('folding', () => {
  it('removes every diacritic and maps đ to d', () => {
    expect(foldDiacritics('Đường đến Hà Nội, Chủ tịch nước thăm Chile')).toBe('Duong den Ha Noi, Chu tich nuoc tham Chile');
  });

  it('tells questions typed without diacritics', () => {
    expect(hasDiacritics('chu tich nuoc tham chile')).toBe(false);
    expect(hasDiacritics('Chủ tịch nước thăm Chile')).toBe(true);
    expect(hasDiacritics('duong den ha noi đi')).toBe(true);
  });

  it('matches two spellings of the same word after normalizeForMatch', () => {
    expect(normalizeForMatch('HOÀ Bình')).toBe(normalizeForMatch('hòa bình'));
  });
});

describe('tokenize', () => {
  it('splits syllables and keeps numbers', () => {
    expect(syllables('Covid-19: Bộ Y tế công bố 1.234 ca mới')).toEqual([
      'covid',
      '19',
      'bộ',
      'y',
      'tế',
      'công',
      'bố',
      '1',
      '234',
      'ca',
      'mới',
    ]);
  });

  it('adds bigrams, the unit most Vietnamese words are made of', () => {
    expect(withBigrams(['chủ', 'tịch', 'nước'])).toEqual(['chủ', 'tịch', 'nước', 'chủ tịch', 'tịch nước']);
  });

  it('splits sentences with offsets that point back into the text', () => {
    const text = 'Chiều 10/11, Chủ tịch nước đến Santiago. Ông gặp bà Paulina Vodanovic!\nẢnh: TTXVN';
    const spans = splitSentences(text);
    expect(spans.map((s) => s.text)).toEqual(['Chiều 10/11, Chủ tịch nước đến Santiago.', 'Ông gặp bà Paulina Vodanovic!', 'Ảnh: TTXVN']);
    for (const s of spans) expect(text.slice(s.start, s.end)).toBe(s.text);
  });
});
