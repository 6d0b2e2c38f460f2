import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkCitations, citedNumbers, MarkerStream, rewriteMarkers, uncitedSentences } from '../../src/answer/citations.js';

const valid = (n: number) => n >= 1 && n <= 3;

describe('checkCitations', () => {
  it('removes markers that name no retrieved passage and keeps the others', () => {
    const check = checkCitations('Giá vàng miếng SJC tăng lên 92 triệu đồng mỗi lượng [1][9]. Nhu cầu trú ẩn tăng [9].', [
      { n: 1 },
      { n: 2 },
    ]);
    expect(check.answer).toBe('Giá vàng miếng SJC tăng lên 92 triệu đồng mỗi lượng [1]. Nhu cầu trú ẩn tăng.');
    expect(check.removedMarkers).toEqual([9, 9]);
    expect(check.uncitedSentences).toEqual(['Nhu cầu trú ẩn tăng.']);
  });

  it('flags every sentence without a citation, and none of the cited ones', () => {
    const check = checkCitations('Hà Nội có mưa dông [2]. Nhiệt độ thấp nhất 22 độ C. Người dân nên mang áo mưa. [2]', [{ n: 2 }]);
    expect(check.uncitedSentences).toEqual(['Nhiệt độ thấp nhất 22 độ C.']);
  });

  it('writes lists and ranges as one bracket per passage', () => {
    expect(rewriteMarkers('Theo hai bài [1, 3] và [2-3; 8].', valid).text).toBe('Theo hai bài [1][3] và [2][3].');
    expect(citedNumbers('A [2]. B [1][2]. C [3, 1].')).toEqual([2, 1, 3]);
  });

  it('leaves brackets that are not markers alone', () => {
    // A year is no passage number: four digits are text, and so is a "range" up to a year.
    const text = 'Ông [Lương Cường] nói năm [2024] và [1-2025].';
    expect(rewriteMarkers(text, (n) => n === 1).text).toBe(text);
    expect(rewriteMarkers('Mục [a] và [1a].', valid).text).toBe('Mục [a] và [1a].');
  });

  it('does not flag text without letters', () => {
    expect(uncitedSentences('Giá vàng tăng [1]. …')).toEqual([]);
  });
});

describe('MarkerStream', () => {
  it('holds back an unclosed marker until it closes', () => {
    const stream = new MarkerStream(valid);
    expect(stream.push('Giá vàng tăng')).toBe('Giá vàng tăng');
    expect(stream.push(' [')).toBe('');
    expect(stream.push('9')).toBe('');
    expect(stream.push('] mạnh [')).toBe(' mạnh');
    expect(stream.push('1].')).toBe(' [1].');
    expect(stream.flush()).toBe('');
    expect(stream.removed).toEqual([9]);
  });

  it('lets a "[" that is no marker through at the end', () => {
    const stream = new MarkerStream(valid);
    expect(stream.push('Xem [')).toBe('Xem');
    expect(stream.flush()).toBe(' [');
  });

  it('gives the same text as the whole answer checked at once, however it is cut', () => {
    const answer = fc.stringMatching(/^(?:[a-zđ ]{0,6}|\[[0-9]{1,2}(?:, ?[0-9])?\]|\[|\]| |\.)*$/);
    fc.assert(
      fc.property(answer, fc.array(fc.nat(), { maxLength: 8 }), (text, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const stream = new MarkerStream(valid);
        let out = '';
        let from = 0;
        for (const p of [...points, text.length]) {
          out += stream.push(text.slice(from, p));
          from = p;
        }
        out += stream.flush();
        expect(out).toBe(rewriteMarkers(text, valid).text);
      }),
      { numRuns: 500 },
    );
  });
});
