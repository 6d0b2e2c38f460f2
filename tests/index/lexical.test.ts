import { describe, expect, it } from 'vitest';
import { LexicalIndex, LexicalIndexBuilder, MAX_TF, topK } from '../../src/index/lexical.js';
import { passageTerms, queryTerms } from '../../src/index/terms.js';

const passages = [
  ['Chủ tịch nước thăm Chile', 'Chủ tịch nước Lương Cường tiếp Chủ tịch Đảng Xã hội Chile tại Santiago.'],
  ['Giá vàng hôm nay', 'Giá vàng trong nước tăng mạnh, vượt mốc 90 triệu đồng mỗi lượng.'],
  ['Thời tiết Hà Nội', 'Hà Nội có mưa rào và dông, nhiệt độ thấp nhất 22 độ.'],
  ['Bệnh viện Bạch Mai', 'Bệnh nhân nhập viện vì sốt xuất huyết tăng trong tháng này.'],
];

function build() {
  const builder = new LexicalIndexBuilder();
  for (const [title, text] of passages) {
    const { terms, length } = passageTerms(title!, text!);
    builder.add(terms, length);
  }
  return builder.finish();
}

describe('LexicalIndex (BM25)', () => {
  it('caps a term frequency at a byte, built or appended, and still ranks by it', () => {
    const builder = new LexicalIndexBuilder();
    builder.add(Array(300).fill('vàng'), 300);
    builder.add(['vàng', 'bạc'], 2);
    const index = builder.finish();
    index.append(Array(1000).fill('vàng'), 1000);
    const data = index.snapshot();
    const at = data.offsets[0]!; // "vàng" was the first term: id 0
    expect(Array.from(data.tfs.subarray(at, at + 3))).toEqual([MAX_TF, 1, MAX_TF]);
    expect(new LexicalIndex(data).search([{ term: 'vàng', weight: 1 }], 3).map((h) => h.doc)).toHaveLength(3);
  });

  it('ranks the passage that shares the rare words first', () => {
    const index = build();
    const hits = index.search(queryTerms('Chủ tịch nước gặp ai ở Santiago?'), 3);
    expect(hits[0]!.doc).toBe(0);
  });

  it('finds accented passages from a question typed without diacritics', () => {
    const index = build();
    expect(index.search(queryTerms('benh nhan nhap vien vi sot xuat huyet'), 1)[0]!.doc).toBe(3);
    expect(index.search(queryTerms('gia vang hom nay'), 1)[0]!.doc).toBe(1);
  });

  it('searches only inside a doc range (one article)', () => {
    const index = build();
    const hits = index.search(queryTerms('Hà Nội mưa'), 5, { start: 0, end: 2 });
    expect(hits.every((h) => h.doc < 2)).toBe(true);
    expect(index.search(queryTerms('Hà Nội mưa'), 5, { start: 2, end: 3 }).map((h) => h.doc)).toEqual([2]);
  });

  it('gives rarer terms a higher idf', () => {
    const index = build();
    expect(index.idf('santiago')).toBeGreaterThan(index.idf('nước'));
    expect(index.docFrequency('~chu tich')).toBe(1);
  });

  it('leaves no score behind between searches', () => {
    const index = build();
    const first = index.search(queryTerms('giá vàng'), 2);
    const again = index.search(queryTerms('giá vàng'), 2);
    expect(again).toEqual(first);
  });

  it('returns nothing for words it has never seen', () => {
    expect(build().search(queryTerms('xyzzy'), 5)).toEqual([]);
  });
});

describe('queryTerms', () => {
  it('drops question words but keeps the bigrams that carry meaning', () => {
    const terms = queryTerms('Ai là Chủ tịch nước?').map((t) => t.term);
    expect(terms).not.toContain('ai');
    expect(terms).toContain('chủ tịch');
    expect(terms).toContain('~chu tich');
  });

  it('searches only folded terms for a question without diacritics', () => {
    const terms = queryTerms('chu tich nuoc tham chile');
    expect(terms.every((t) => t.term.startsWith('~'))).toBe(true);
  });
});

describe('topK', () => {
  it('keeps the k best, best first, ties by lower doc', () => {
    const scores = [0.5, 2, 2, 1, 0.1];
    expect(topK([0, 1, 2, 3, 4], scores, 3)).toEqual([
      { doc: 1, score: 2 },
      { doc: 2, score: 2 },
      { doc: 3, score: 1 },
    ]);
  });
});
