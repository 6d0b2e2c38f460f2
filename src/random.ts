/**
 * Seeded random numbers, for what must come out the same on every run and machine: the reader's
 * boosted trees (training/reader/), the eval's noisy questions (src/eval/noise.ts), test data.
 *
 * @example
 * const next = seededRandom(42); next(); // 0.6011037519201636, every time
 * seededRandom(stringSeed('1/q17'))       // a generator per question id
 */

/** A uniform generator in [0, 1) (mulberry32): the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit seed from a string (FNV-1a). */
export function stringSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
