/**
 * {@link passageTerms} for the index builder, without a string per term occurrence. A passage
 * has ~650 terms (syllables, bigrams, and their folded "~" twins); making and hashing those
 * strings was most of the lexical side of a build. Here each syllable is looked up once, its
 * folded form and unigram term ids come from arrays, bigrams are found by the pair of syllable
 * ids, and a term's string is made only the first time the corpus uses it.
 *
 * The terms are exactly those of passageTerms (tests/index/passage-term-ids.test.ts checks it):
 * searches and saved indexes do not change.
 *
 * @example
 * const builder = new LexicalIndexBuilder();
 * const encoder = new PassageTermIds(builder);
 * encoder.add('Giá vàng hôm nay', 'Giá vàng trong nước tăng mạnh.'); // doc 0
 */
import { foldWord } from '../text/normalize.js';
import { syllables } from '../text/tokenize.js';
import type { LexicalIndexBuilder } from './lexical.js';
import { doubled } from './typed-arrays.js';

export class PassageTermIds {
  private readonly builder: LexicalIndexBuilder;
  private readonly syllableIds = new Map<string, number>();
  private readonly syllableText: string[] = [];
  /** Per syllable id: its folded syllable's id, its term id as an accented unigram, as a folded one (-1: not yet). */
  private foldedOf = new Int32Array(1024).fill(-1);
  private accentedTerm = new Int32Array(1024).fill(-1);
  private foldedTerm = new Int32Array(1024).fill(-1);
  private readonly accentedPairs = new PairTable();
  private readonly foldedPairs = new PairTable();
  /** Scratch buffers, reused between passages. */
  private ids = new Int32Array(4096);
  private accented = new Int32Array(1024);
  private folded = new Int32Array(1024);

  constructor(builder: LexicalIndexBuilder) {
    this.builder = builder;
  }

  /** Adds one passage (title in front, as passageTerms does) as the builder's next doc. */
  add(title: string, text: string): number {
    const tokens = syllables(`${title}\n${text}`);
    const n = tokens.length;
    if (n > this.accented.length) {
      this.accented = new Int32Array(n * 2);
      this.folded = new Int32Array(n * 2);
    }
    if (4 * n > this.ids.length) this.ids = new Int32Array(8 * n);
    const { ids, accented, folded } = this;
    let k = 0;
    for (let i = 0; i < n; i++) {
      const s = this.syllable(tokens[i]!);
      let f = this.foldedOf[s]!;
      if (f < 0) {
        f = this.syllable(foldWord(this.syllableText[s]!));
        this.foldedOf[s] = f;
      }
      accented[i] = s;
      folded[i] = f;
    }
    // The order of terms within a doc does not matter: the builder counts them per doc.
    for (let i = 0; i < n; i++) {
      const s = accented[i]!;
      let a = this.accentedTerm[s]!;
      if (a < 0) this.accentedTerm[s] = a = this.builder.termId(this.syllableText[s]!);
      const f = folded[i]!;
      let b = this.foldedTerm[f]!;
      if (b < 0) this.foldedTerm[f] = b = this.builder.termId(`~${this.syllableText[f]!}`);
      ids[k++] = a;
      ids[k++] = b;
    }
    for (let i = 0; i + 1 < n; i++) {
      const a = accented[i]!;
      const b = accented[i + 1]!;
      let id = this.accentedPairs.get(a, b);
      if (id < 0) this.accentedPairs.set(a, b, (id = this.builder.termId(`${this.syllableText[a]!} ${this.syllableText[b]!}`)));
      const fa = folded[i]!;
      const fb = folded[i + 1]!;
      let fid = this.foldedPairs.get(fa, fb);
      if (fid < 0) this.foldedPairs.set(fa, fb, (fid = this.builder.termId(`~${this.syllableText[fa]!} ${this.syllableText[fb]!}`)));
      ids[k++] = id;
      ids[k++] = fid;
    }
    return this.builder.addIds(ids, k, n);
  }

  private syllable(text: string): number {
    let id = this.syllableIds.get(text);
    if (id === undefined) {
      id = this.syllableText.length;
      this.syllableIds.set(text, id);
      this.syllableText.push(text);
      if (id === this.foldedOf.length) {
        this.foldedOf = doubled(this.foldedOf, -1);
        this.accentedTerm = doubled(this.accentedTerm, -1);
        this.foldedTerm = doubled(this.foldedTerm, -1);
      }
    }
    return id;
  }
}

/** An open-addressing hash map from a pair of non-negative int32 to an int32, in typed arrays. */
class PairTable {
  private first = new Int32Array(1 << 16).fill(-1);
  private second = new Int32Array(1 << 16);
  private values = new Int32Array(1 << 16);
  private size = 0;

  /** The value of (a, b), or -1. */
  get(a: number, b: number): number {
    const mask = this.first.length - 1;
    for (let slot = hashPair(a, b) & mask; ; slot = (slot + 1) & mask) {
      const key = this.first[slot]!;
      if (key === -1) return -1;
      if (key === a && this.second[slot] === b) return this.values[slot]!;
    }
  }

  /** Sets (a, b), which must not be present. */
  set(a: number, b: number, value: number): void {
    if (2 * (this.size + 1) > this.first.length) this.rehash();
    this.insert(a, b, value);
    this.size++;
  }

  private insert(a: number, b: number, value: number): void {
    const mask = this.first.length - 1;
    let slot = hashPair(a, b) & mask;
    while (this.first[slot] !== -1) slot = (slot + 1) & mask;
    this.first[slot] = a;
    this.second[slot] = b;
    this.values[slot] = value;
  }

  private rehash(): void {
    const { first, second, values } = this;
    this.first = new Int32Array(first.length * 2).fill(-1);
    this.second = new Int32Array(first.length * 2);
    this.values = new Int32Array(first.length * 2);
    for (let slot = 0; slot < first.length; slot++) if (first[slot] !== -1) this.insert(first[slot]!, second[slot]!, values[slot]!);
  }
}

/** Mixes two ids into 32 well-spread bits (murmur3's finalizer). */
function hashPair(a: number, b: number): number {
  let h = (Math.imul(a, 0x9e3779b1) ^ b) | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
