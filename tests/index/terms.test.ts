/**
 * A question's words: question and function words are left out, and which ones depends on how
 * the question was typed — as written with diacritics, or folded without.
 */
import { describe, expect, it } from 'vitest';
import { contentSyllables, queryTerms } from '../../src/index/terms.js';

const terms = (question: string) => queryTerms(question).map((t) => t.term);

describe('question stopwords', () => {
  it('keeps real words of an accented question whose folded form is a stopword', () => {
    // "tai" (tại), "nay" (này), "vay" (vậy), "nhu" (như): dropped before, although the reader wrote them.
    expect(contentSyllables('Tai nạn giao thông hôm nay ở đâu?')).toEqual(['tai', 'nạn', 'giao', 'thông', 'hôm', 'nay']);
    expect(contentSyllables('Nhu cầu vay mua nhà tăng bao nhiêu?')).toEqual(['nhu', 'cầu', 'vay', 'mua', 'nhà', 'tăng']);
    expect(terms('Lãi suất vay mua nhà')).toEqual(expect.arrayContaining(['vay', 'vay mua', '~vay']));
  });

  it('still drops the accented stopwords, and their folded twins', () => {
    const t = terms('Vì sao giá vàng tăng tại Hà Nội?');
    expect(t).not.toContain('vì');
    expect(t).not.toContain('tại');
    expect(t).not.toContain('~tai');
    expect(t).not.toContain('~vi');
    expect(t).toEqual(expect.arrayContaining(['giá', 'vàng', '~gia', '~vang', 'hà nội']));
  });

  it('drops the folded stopwords of a question typed without diacritics (where "tai" cannot be told from "tại")', () => {
    // "ha" is "hả" folded too: the syllable goes, the bigram "~ha noi" keeps the place.
    expect(contentSyllables('vi sao gia vang tang tai ha noi')).toEqual(['gia', 'vang', 'tang', 'noi']);
    expect(terms('vi sao gia vang tang tai ha noi')).toContain('~ha noi');
    expect(terms('vi sao gia vang tang')).toEqual(expect.arrayContaining(['~gia', '~vang', '~tang']));
    expect(terms('vi sao gia vang tang')).not.toContain('~vi');
  });
});
