import { describe, expect, it } from 'vitest';
import { LexicalIndexBuilder, type LexicalIndexData } from '../../src/index/lexical.js';
import { PassageTermIds } from '../../src/index/passage-term-ids.js';
import type { TermBlob } from '../../src/index/term-blob.js';
import { passageTerms, queryTerms } from '../../src/index/terms.js';

const passages: [string, string][] = [
  ['Chủ tịch nước thăm Chile', 'Chủ tịch nước Lương Cường tiếp Chủ tịch Đảng Xã hội Chile tại Santiago.'],
  ['Giá vàng hôm nay', 'Giá vàng trong nước tăng mạnh, vượt mốc 90 triệu đồng mỗi lượng. Giá vàng thế giới giảm.'],
  ['Thời tiết Hà Nội', 'Hà Nội có mưa rào và dông, nhiệt độ thấp nhất 22 độ. Hoà bình, hòa bình, HÒA BÌNH.'],
  ['Covid-19', 'Bệnh nhân nhập viện vì sốt xuất huyết; ban ngày bàn bạn bán bản bạn bạn.'],
  ['', 'một'],
];

/** The terms by id, whichever form the data holds them in. */
function termList(data: LexicalIndexData): string[] {
  const { terms } = data;
  return Array.isArray(terms)
    ? [...(terms as readonly string[])]
    : Array.from({ length: (terms as TermBlob).size }, (_, i) => (terms as TermBlob).term(i));
}

/** Every term with its postings, independent of term order. */
function postings(data: LexicalIndexData): Map<string, string> {
  const out = new Map<string, string>();
  termList(data).forEach((term, i) => {
    const from = data.offsets[i]!;
    const to = data.offsets[i + 1]!;
    out.set(term, `${Array.from(data.docs.subarray(from, to)).join(',')}|${Array.from(data.tfs.subarray(from, to)).join(',')}`);
  });
  return out;
}

describe('PassageTermIds', () => {
  it('indexes exactly the terms of passageTerms', () => {
    const byStrings = new LexicalIndexBuilder();
    for (const [title, text] of passages) {
      const { terms, length } = passageTerms(title, text);
      byStrings.add(terms, length);
    }
    const byIds = new LexicalIndexBuilder();
    const encoder = new PassageTermIds(byIds);
    passages.forEach(([title, text], doc) => expect(encoder.add(title, text)).toBe(doc));
    const a = byStrings.finish();
    const b = byIds.finish();
    const dataA = a.snapshot();
    const dataB = b.snapshot();
    expect(postings(dataB)).toEqual(postings(dataA));
    expect(Array.from(dataB.docLengths)).toEqual(Array.from(dataA.docLengths));
    for (const q of ['Chủ tịch nước gặp ai ở Santiago?', 'gia vang hom nay', 'hòa bình']) {
      expect(b.search(queryTerms(q), 3)).toEqual(a.search(queryTerms(q), 3));
    }
  });

  it('counts a term repeated in one passage as its term frequency', () => {
    const builder = new LexicalIndexBuilder();
    new PassageTermIds(builder).add('bạn', 'bạn bạn');
    const data = builder.finish().snapshot();
    const terms = termList(data);
    expect(data.tfs[data.offsets[terms.indexOf('bạn')]!]).toBe(3);
    expect(data.tfs[data.offsets[terms.indexOf('~ban')]!]).toBe(3);
    expect(data.tfs[data.offsets[terms.indexOf('bạn bạn')]!]).toBe(2);
  });
});
