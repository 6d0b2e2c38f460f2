import { describe, expect, it } from 'vitest';
import { doubled } from '../../src/index/typed-arrays.js';

describe('doubled', () => {
  it('keeps the values and type, and fills the new half', () => {
    const grown = doubled(Int32Array.from([3, -1, 7]), -1);
    expect(grown).toBeInstanceOf(Int32Array);
    expect(Array.from(grown)).toEqual([3, -1, 7, -1, -1, -1]);
    expect(Array.from(doubled(Uint8Array.from([255, 1])))).toEqual([255, 1, 0, 0]);
  });
});
