import { describe, expect, it } from 'vitest';
import { LexicalIndexBuilder } from '../../src/index/lexical.js';
import { TermBlob } from '../../src/index/term-blob.js';
import { passageTerms, queryTerms } from '../../src/index/terms.js';

describe('TermBlob', () => {
  const terms = ['chủ', 'tịch', 'chủ tịch', '~chu tich', 'Santiago', '19', 'ế'.repeat(200)];

  it('finds every term by its id and nothing else', () => {
    const blob = TermBlob.fromTerms(terms);
    expect(blob.size).toBe(terms.length);
    terms.forEach((term, id) => {
      expect(blob.get(term)).toBe(id);
      expect(blob.term(id)).toBe(term);
    });
    for (const missing of ['chu', 'tịc', 'chủ tịch ', '', 'ế'.repeat(199)]) expect(blob.get(missing)).toBeUndefined();
  });

  it('reads back from its saved arrays', () => {
    const { starts, bytes } = TermBlob.encode(terms);
    const copy = TermBlob.fromArrays(starts, bytes);
    expect(copy.get('chủ tịch')).toBe(2);
    expect(() => TermBlob.fromArrays(starts, bytes.subarray(1))).toThrow();
  });
});

describe('LexicalIndex snapshots with a TermBlob', () => {
  const passages: [string, string][] = [
    ['Chủ tịch nước thăm Chile', 'Chủ tịch nước Lương Cường tiếp Chủ tịch Đảng Xã hội Chile tại Santiago.'],
    ['Giá vàng hôm nay', 'Giá vàng trong nước tăng mạnh, vượt mốc 90 triệu đồng mỗi lượng.'],
    ['Thời tiết Hà Nội', 'Hà Nội có mưa rào và dông, nhiệt độ thấp nhất 22 độ.'],
  ];
  const questions = ['Chủ tịch nước gặp ai ở Santiago?', 'gia vang', 'Hà Nội mưa', 'Đà Nẵng nắng nóng'];

  // Scores may move: until a snapshot, deleted docs still count in document frequencies.
  const ranked = (index: ReturnType<LexicalIndexBuilder['finish']>) =>
    questions.map((q) => index.search(queryTerms(q), 5).map((h) => h.doc));

  it('ranks the same before and after folding appends and deletes into a blob', () => {
    const builder = new LexicalIndexBuilder();
    for (const [title, text] of passages) builder.add(passageTerms(title, text).terms);
    const index = builder.finish();
    index.append(passageTerms('Đà Nẵng nắng nóng', 'Đà Nẵng nắng nóng 39 độ, Hà Nội mưa.').terms);
    index.remove(1, 2);
    const before = ranked(index);
    const data = index.snapshot();
    expect(data.terms).toBeInstanceOf(TermBlob);
    expect(ranked(index)).toEqual(before);
    // A second round on top of the blob base: scores are unchanged now (no deletes pending).
    index.append(passageTerms('Giá vàng', 'Giá vàng lại tăng.').terms);
    const again = questions.map((q) => index.search(queryTerms(q), 5));
    index.snapshot();
    expect(questions.map((q) => index.search(queryTerms(q), 5))).toEqual(again);
    expect(index.search(queryTerms('gia vang'), 5).map((h) => h.doc)).toEqual([4]);
  });
});
