import { describe, expect, it } from 'vitest';
import { refineRestored } from '../../src/text/restore/refine.js';

// A tiny "index": what the site's articles contain, as accented and folded bigrams.
const site = new Map<string, number>([
  ['lương cường', 12],
  ['~luong cuong', 12],
  ['chủ tịch', 40],
  ['~chu tich', 40],
  ['rời lima', 2],
  ['~roi lima', 2],
  ['áp tròng', 6],
  ['~ap trong', 9],
  ['trồng thích', 1],
  ['~trong thich', 3],
  ['tình trạng', 50],
  ['~tinh trang', 50],
  ['trạng gỉ', 1],
  ['~trang gi', 1],
]);
const spellings: Record<string, string[]> = {
  luong: ['lương', 'lường', 'luống', 'lượng'],
  cuong: ['cường', 'cuống', 'cương', 'cưỡng'],
  roi: ['rồi', 'rời', 'rơi', 'rối'],
  trong: ['trong', 'tròng', 'trọng', 'trồng'],
  thich: ['thích'],
  gi: ['gì', 'gỉ'],
};
const deps = { candidates: (bare: string) => spellings[bare] ?? [], frequency: (term: string) => site.get(term) ?? 0 };

describe('refineRestored', () => {
  it('spells a name the way the site’s articles do, keeping capitals', () => {
    expect(refineRestored('Chu tich Luong Cuong', 'Chủ tịch Luống Cuống', deps)).toBe('Chủ tịch Lương Cường');
  });

  it('fixes a word by the pair it forms in the articles', () => {
    expect(refineRestored('chu tich nuoc roi Lima ngay nao', 'chủ tịch nước rồi Lima ngày nào', deps)).toBe(
      'chủ tịch nước rời Lima ngày nào',
    );
  });

  it('leaves a restoration alone when the articles have its pair, or have nothing to offer', () => {
    expect(refineRestored('chu tich', 'chủ tịch', deps)).toBe('chủ tịch');
    expect(refineRestored('thoi tiet', 'thời tiết', deps)).toBe('thời tiết');
  });

  it('keeps a syllable the articles use with its other neighbour: an unseen pair is mostly two words meeting', () => {
    // "áp tròng" is in the articles; "tròng thích" is not, but that is no reason for "trồng".
    expect(refineRestored('kinh ap trong thich hop', 'kính áp tròng thích hợp', deps)).toBe('kính áp tròng thích hợp');
  });

  it('leaves question words to the restorer: articles seldom ask "tình trạng gì"', () => {
    expect(refineRestored('tinh trang gi', 'tình trạng gì', deps)).toBe('tình trạng gì');
  });

  it('never changes a syllable the reader typed with diacritics', () => {
    expect(refineRestored('Luống Cuong', 'Luống Cuống', deps)).toMatch(/^Luống /);
  });

  it('keeps the text as restored when the syllables do not line up', () => {
    expect(refineRestored('a b c', 'á b', deps)).toBe('á b');
  });
});
