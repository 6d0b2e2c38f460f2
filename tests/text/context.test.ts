import { describe, expect, it } from 'vitest';
import { contextAround } from '../../src/text/typing/context.js';

describe('contextAround', () => {
  const slice = (text: string, word: string, words?: number) => {
    const start = text.indexOf(word);
    const [from, to] = contextAround(text, start, start + word.length, words);
    return text.slice(from, to);
  };

  it('keeps three words on each side of the token', () => {
    expect(slice('a b c d tt e f g h', 'tt')).toBe('b c d tt e f g');
    expect(slice('a b c d tt e f g h', 'tt', 1)).toBe('d tt e');
  });

  it('stops at the edges of the text', () => {
    expect(slice('tt my la ai', 'tt')).toBe('tt my la ai');
    expect(slice('hom nay tt', 'tt')).toBe('hom nay tt');
  });

  it('counts runs of non-space characters as words, punctuation and extra spaces included', () => {
    expect(slice('giá  vàng, hôm (tt) Mỹ?  nói gì nữa', 'tt')).toBe('giá  vàng, hôm (tt) Mỹ?  nói gì');
  });
});
