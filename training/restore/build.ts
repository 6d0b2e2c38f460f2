/**
 * Builds the diacritic restorer's model from Vietnamese text: a syllable trigram language model
 * (interpolated modified Kneser-Ney, or stupid backoff) plus, for every diacritic-free spelling,
 * the accented syllables it may stand for. Pure: the caller streams the text in, gets bytes out.
 *
 * @example
 * const builder = new RestorerModelBuilder();
 * for (const article of articles) builder.add(article.body);
 * const bytes = builder.build(); // write to models/hoidap-vi-restore/restorer.bin
 *
 * Counting is done on integer keys in sorted typed arrays rather than in Maps: a news corpus has
 * tens of millions of distinct trigrams, beyond what a Map holds, and sorting is fast.
 */
import { foldDiacritics, normalizeText } from '../../src/text/normalize.js';
import {
  BOS,
  CODEBOOK,
  CODEBOOK_SIZE,
  encodedSize,
  encodeRestorerTables,
  EOS,
  forEachToken,
  indexOfSorted,
  MAX_VOCABULARY,
  NUM,
  SPECIAL_TOKENS,
  UNK,
  type RestorerTables,
  type Smoothing,
} from '../../src/text/restore/format.js';
import { doubled } from '../../src/index/typed-arrays.js';

export interface RestorerBuildOptions {
  /** Smoothing of the language model. Kneser-Ney is the default: it measured better (see the model README). */
  smoothing?: Smoothing;
  /** Syllables seen fewer times become `<unk>`: mostly typos and one-off foreign names. */
  minCount?: number;
  /** Cap on the vocabulary, specials included (the format allows 65,536). */
  maxVocabulary?: number;
  /**
   * A spelling becomes a candidate only if it makes up at least this share of its folded form's
   * occurrences, which drops rare misspellings. Kept low because the language model already weighs
   * rare spellings down: lowering it from 0.002 to 0.0001 raised measured accuracy (see the model README).
   */
  candidateMinShare?: number;
  /** At most this many candidates per folded form, most frequent first. */
  maxCandidates?: number;
  /** Bigrams seen fewer times are dropped (unless they are the context of a kept trigram). */
  minBigramCount?: number;
  /** Trigrams seen fewer times are dropped. */
  minTrigramCount?: number;
  /** Size budget of the file: the trigram, then the bigram, cut-offs are raised until it fits. */
  maxBytes?: number;
  /** Stupid backoff's penalty for backing off to a shorter context. */
  stupidBackoffFactor?: number;
  /** Progress messages (counts, sizes, cut-offs chosen). */
  log?: (message: string) => void;
}

const DEFAULTS: Required<Omit<RestorerBuildOptions, 'log'>> = {
  smoothing: 'kneser-ney',
  minCount: 2,
  maxVocabulary: MAX_VOCABULARY,
  candidateMinShare: 0.0001,
  maxCandidates: 12,
  minBigramCount: 1,
  minTrigramCount: 2,
  maxBytes: 15_000_000,
  stupidBackoffFactor: 0.4,
};

/** What {@link RestorerModelBuilder.build} kept, for the build log and the README. */
export interface RestorerBuildStats {
  syllables: number;
  phrases: number;
  vocabulary: number;
  candidateGroups: number;
  bigrams: { seen: number; kept: number; cutoff: number };
  trigrams: { seen: number; kept: number; cutoff: number };
  bytes: number;
}

/**
 * The stable hold-out rule shared by the build and eval scripts: an article whose id hashes to
 * 0 modulo `every` is never trained on. Hashing the id (not the line number) keeps the split
 * when files are reordered or grow.
 */
export function isHeldOutArticle(id: string, every = 50): boolean {
  let hash = 0x811c9dc5; // FNV-1a, 32 bits
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % every === 0;
}

/** Builds a model in one call: {@link RestorerModelBuilder} over an iterable of texts. */
export function buildRestorerModel(texts: Iterable<string>, options: RestorerBuildOptions = {}): Uint8Array {
  const builder = new RestorerModelBuilder(options);
  for (const text of texts) builder.add(text);
  return builder.build();
}

/** Collects syllable counts from texts added one at a time, then builds the model file. */
export class RestorerModelBuilder {
  private readonly options: Required<Omit<RestorerBuildOptions, 'log'>>;
  private readonly log: (message: string) => void;
  /** Raw lower-case token → word id (memoises the tone-convention normalization). */
  private readonly rawIds = new Map<string, number>();
  /** Normalized syllable → word id. Ids 0–3 are the specials, as in the file. */
  private readonly wordIds = new Map<string, number>();
  private readonly words: string[] = [...SPECIAL_TOKENS];
  private counts = new Float64Array(1 << 16);
  /** Word ids in reading order; -1 ends a phrase. */
  private stream = new Int32Array(1 << 20);
  private length = 0;
  private statsOfLastBuild?: RestorerBuildStats;

  constructor(options: RestorerBuildOptions = {}) {
    this.options = { ...DEFAULTS, ...stripUndefined(options) };
    this.log = options.log ?? (() => {});
  }

  /** Adds one text (a title, a sapo, a body): lower-cased, tone-normalized, cut into phrases. */
  add(text: string): void {
    const lower = text.normalize('NFC').toLowerCase();
    forEachToken(lower, (start, end, isNumber, phraseStart) => {
      if (phraseStart) this.endPhrase();
      this.push(isNumber ? NUM : this.idOf(lower.slice(start, end)));
    });
    this.endPhrase();
  }

  /** Counts of the last {@link build}. */
  get stats(): RestorerBuildStats | undefined {
    return this.statsOfLastBuild;
  }

  /** The file's bytes, from everything added so far: vocabulary, n-gram counts, candidates, language model, pruning, tables. */
  build(): Uint8Array {
    const o = this.options;
    this.endPhrase();
    if (this.words.length === SPECIAL_TOKENS.length)
      throw new Error('No syllables to learn from: add() some Vietnamese text before build().');
    const { vocabulary, finalOf } = chooseVocabulary(this.words, this.counts, o);
    const V = vocabulary.length;
    const { syllables, phrases, unigramCount, bigrams, trigrams } = countNgrams(this.stream.subarray(0, this.length), finalOf, V);
    this.log(
      `${syllables} syllables in ${phrases} phrases; vocabulary ${V}; ${bigrams.keys.length} bigrams, ${trigrams.keys.length} trigrams`,
    );

    const candidates = candidateGroups(vocabulary, unigramCount, o.candidateMinShare, o.maxCandidates);
    const lm =
      o.smoothing === 'kneser-ney'
        ? kneserNey(V, bigrams, trigrams)
        : stupidBackoff(V, unigramCount, bigrams, trigrams, o.stupidBackoffFactor);
    const { cut, bigramCutoff, trigramCutoff } = pruneToBudget(vocabulary, bigrams, trigrams, candidates, o);
    this.log(`kept ${cut.bigrams} bigrams (count ≥ ${bigramCutoff}), ${cut.trigrams} trigrams (count ≥ ${trigramCutoff})`);

    const bytes = encodeRestorerTables(assembleTables(o.smoothing, vocabulary, bigrams, trigrams, lm, cut, candidates));
    this.statsOfLastBuild = {
      syllables,
      phrases,
      vocabulary: V,
      candidateGroups: candidates.groupStart.length - 1,
      bigrams: { seen: bigrams.keys.length, kept: cut.bigrams, cutoff: bigramCutoff },
      trigrams: { seen: trigrams.keys.length, kept: cut.trigrams, cutoff: trigramCutoff },
      bytes: bytes.length,
    };
    return bytes;
  }

  private idOf(raw: string): number {
    let id = this.rawIds.get(raw);
    if (id === undefined) {
      const word = normalizeText(raw);
      id = this.wordIds.get(word);
      if (id === undefined) {
        id = this.words.length;
        this.words.push(word);
        this.wordIds.set(word, id);
        if (id >= this.counts.length) this.counts = doubled(this.counts);
      }
      this.rawIds.set(raw, id);
    }
    this.counts[id]!++;
    return id;
  }

  private push(id: number): void {
    if (this.length === this.stream.length) this.stream = doubled(this.stream);
    this.stream[this.length++] = id;
  }

  private endPhrase(): void {
    if (this.length > 0 && this.stream[this.length - 1]! >= 0) this.push(-1);
  }
}

interface RunLengths<K extends Uint32Array | Float64Array> {
  keys: K;
  counts: Uint32Array;
}

/** Distinct keys of a sorted array and how often each occurs. */
function runLengths<K extends Uint32Array | Float64Array>(sorted: K): RunLengths<K> {
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  const keys = new (sorted.constructor as new (n: number) => K)(distinct);
  const counts = new Uint32Array(distinct);
  let j = -1;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) keys[++j] = sorted[i]!;
    counts[j]!++;
  }
  return { keys, counts };
}

/** The builder's word ids, renumbered for the file: `finalOf[builder id]` is the file id (or `<unk>`). */
interface Vocabulary {
  vocabulary: string[];
  finalOf: Int32Array;
}

/** Ids are 16-bit in the file and rare syllables are mostly typos, so only the most frequent get one. */
function chooseVocabulary(words: readonly string[], counts: Float64Array, o: { minCount: number; maxVocabulary: number }): Vocabulary {
  const order: number[] = [];
  for (let id = SPECIAL_TOKENS.length; id < words.length; id++) if (counts[id]! >= o.minCount) order.push(id);
  order.sort((a, b) => counts[b]! - counts[a]! || (words[a]! < words[b]! ? -1 : 1));
  order.length = Math.min(order.length, Math.min(o.maxVocabulary, MAX_VOCABULARY) - SPECIAL_TOKENS.length);
  const finalOf = new Int32Array(words.length).fill(UNK);
  SPECIAL_TOKENS.forEach((_, id) => (finalOf[id] = id));
  const vocabulary: string[] = [...SPECIAL_TOKENS];
  for (const id of order) {
    finalOf[id] = vocabulary.length;
    vocabulary.push(words[id]!);
  }
  return { vocabulary, finalOf };
}

interface NgramCounts {
  syllables: number;
  phrases: number;
  unigramCount: Float64Array;
  bigrams: RunLengths<Uint32Array>;
  trigrams: RunLengths<Float64Array>;
}

/** Counts by sorting integer keys: a news corpus has more distinct trigrams than a Map can hold. */
function countNgrams(stream: Int32Array, finalOf: Int32Array, V: number): NgramCounts {
  let syllables = 0;
  let phrases = 0;
  for (let i = 0; i < stream.length; i++) {
    if (stream[i]! < 0) phrases++;
    else syllables++;
  }
  // Keys: bigram a·2^16+b (u32), trigram a·2^32+b·2^16+c (exact in f64).
  const unigramCount = new Float64Array(V);
  const bigramKeys = new Uint32Array(syllables + phrases);
  const trigramKeys = new Float64Array(syllables);
  let b = 0;
  let t = 0;
  let u = -1;
  let v = BOS;
  for (let i = 0; i < stream.length; i++) {
    const raw = stream[i]!;
    const w = raw < 0 ? EOS : finalOf[raw]!;
    unigramCount[w]!++;
    bigramKeys[b++] = v * 0x10000 + w;
    if (u >= 0) trigramKeys[t++] = u * 0x100000000 + v * 0x10000 + w;
    if (raw < 0) {
      u = -1;
      v = BOS;
    } else {
      u = v;
      v = w;
    }
  }
  bigramKeys.sort();
  trigramKeys.sort();
  return { syllables, phrases, unigramCount, bigrams: runLengths(bigramKeys), trigrams: runLengths(trigramKeys) };
}

/** Syllables with two or more candidate spellings: only n-grams touching one can change a restoration. */
function ambiguousWords(candidates: Candidates, V: number): Uint8Array {
  const ambiguous = new Uint8Array(V);
  for (let g = 0; g + 1 < candidates.groupStart.length; g++) {
    const from = candidates.groupStart[g]!;
    const to = candidates.groupStart[g + 1]!;
    if (to - from >= 2) for (let i = from; i < to; i++) ambiguous[candidates.ids[i]!] = 1;
  }
  return ambiguous;
}

interface Pruned {
  cut: KeepMasks;
  bigramCutoff: number;
  trigramCutoff: number;
}

/**
 * Keeps the file within `maxBytes`. A trigram whose syllables all have a single candidate scores
 * every hypothesis the same, so it never changes a restoration: it is dropped whatever its count
 * (bigrams likewise, unless a kept trigram needs them, see keepMasks). Then the trigram, and after
 * it the bigram, count cut-offs are raised until the file fits.
 */
function pruneToBudget(
  vocabulary: string[],
  bigrams: RunLengths<Uint32Array>,
  trigrams: RunLengths<Float64Array>,
  candidates: Candidates,
  o: { minBigramCount: number; minTrigramCount: number; maxBytes: number },
): Pruned {
  const V = vocabulary.length;
  const ambiguous = ambiguousWords(candidates, V);
  const vocabularyBytes = new TextEncoder().encode(vocabulary.join('\n')).length;
  const sizeOf = (B: number, T: number) =>
    encodedSize({ vocabularyBytes, V, B, T, G: candidates.groupStart.length - 1, C: candidates.ids.length });
  let cut = keepMasks(bigrams, trigrams, ambiguous, o.minBigramCount, o.minTrigramCount);
  let bigramCutoff = o.minBigramCount;
  let trigramCutoff = o.minTrigramCount;
  while (sizeOf(cut.bigrams, cut.trigrams) > o.maxBytes) {
    if (cut.trigrams > 0) trigramCutoff++;
    else if (cut.bigrams > 0) bigramCutoff = Math.ceil(bigramCutoff * 1.25 + 1);
    else {
      throw new Error(
        `A ${o.maxBytes}-byte budget is too small: the vocabulary and unigrams alone take ${sizeOf(0, 0)} bytes. ` +
          'Raise maxBytes or minCount.',
      );
    }
    cut = keepMasks(bigrams, trigrams, ambiguous, bigramCutoff, trigramCutoff);
  }
  return { cut, bigramCutoff, trigramCutoff };
}

const hi16 = (key: number) => key >>> 16;
const lo16 = (key: number) => key & 0xffff;
/** (u, v) of a trigram key u·2^32+v·2^16+w, as the bigram key u·2^16+v. */
const trigramContext = (key: number) => Math.floor(key / 0x10000);
const trigramLast = (key: number) => key % 0x10000;
/** (v, w) of a trigram key, as a bigram key. */
const trigramSuffix = (key: number) => key % 0x100000000;

interface Candidates {
  groupStart: Uint32Array;
  ids: Uint16Array;
}

/**
 * Groups letter-only syllables by folded spelling ("duong" → đường, dương, đương, …), keeps
 * the frequent spellings, and drops groups whose only spelling is the folded one itself
 * ("chile"): those never change a word.
 */
function candidateGroups(vocabulary: string[], count: Float64Array, minShare: number, max: number): Candidates {
  const groups = new Map<string, number[]>();
  for (let id = SPECIAL_TOKENS.length; id < vocabulary.length; id++) {
    const word = vocabulary[id]!;
    if (!/^\p{L}+$/u.test(word)) continue;
    const folded = foldDiacritics(word);
    if (!/^[a-z]+$/.test(folded)) continue;
    const group = groups.get(folded);
    if (group) group.push(id);
    else groups.set(folded, [id]);
  }
  const starts = [0];
  const ids: number[] = [];
  for (const folded of [...groups.keys()].sort()) {
    const group = groups.get(folded)!;
    const total = group.reduce((sum, id) => sum + count[id]!, 0);
    const kept = group
      .filter((id) => count[id]! >= minShare * total)
      .sort((a, b) => count[b]! - count[a]! || a - b)
      .slice(0, max);
    if (kept.length === 0 || (kept.length === 1 && vocabulary[kept[0]!] === folded)) continue;
    ids.push(...kept);
    starts.push(ids.length);
  }
  return { groupStart: Uint32Array.from(starts), ids: Uint16Array.from(ids) };
}

/** log10 probabilities of every seen n-gram and log10 backoffs of every context. */
interface LanguageModel {
  unigramProb: Float64Array;
  unigramBackoff: Float64Array;
  bigramProb: Float64Array;
  bigramBackoff: Float64Array;
  trigramProb: Float64Array;
}

/** Modified Kneser-Ney discounts D1, D2, D3+ from counts of counts (Chen & Goodman), with safe fallbacks for tiny corpora. */
function discounts(adjusted: ArrayLike<number>): [number, number, number] {
  const n = [0, 0, 0, 0, 0];
  for (let i = 0; i < adjusted.length; i++) {
    const c = adjusted[i]!;
    if (c >= 1 && c <= 4) n[c]!++;
  }
  const [, n1, n2, n3, n4] = n as [number, number, number, number, number];
  const fallback: [number, number, number] = [0.5, 1, 1.5];
  if (n1 === 0 || n2 === 0 || n3 === 0 || n4 === 0) return fallback;
  const y = n1 / (n1 + 2 * n2);
  const d: [number, number, number] = [1 - (2 * y * n2) / n1, 2 - (3 * y * n3) / n2, 3 - (4 * y * n4) / n3];
  return d.every((x, i) => x > 0 && x < i + 1 + 1e-9) ? d : fallback;
}

const discountOf = (d: [number, number, number], c: number) => (c >= 3 ? d[2] : c === 2 ? d[1] : d[0]);

/**
 * Interpolated modified Kneser-Ney (Chen & Goodman 1998), as KenLM estimates it: trigrams use raw
 * counts, lower orders use continuation counts (how many distinct words precede), except for
 * n-grams starting with <s>, which nothing can precede. The backoff of a context is its
 * interpolation weight γ, so "seen → stored p, unseen → γ · lower order" is exact.
 */
function kneserNey(V: number, bigrams: RunLengths<Uint32Array>, trigrams: RunLengths<Float64Array>): LanguageModel {
  const { adjusted1, adjusted2 } = continuationCounts(V, bigrams, trigrams);
  const p1 = kneserNeyUnigrams(V, adjusted1);
  const { p2, gamma2 } = kneserNeyBigrams(V, bigrams, adjusted2, p1);
  const { p3, gamma3 } = kneserNeyTrigrams(bigrams, trigrams, p2);
  return {
    unigramProb: p1.map(Math.log10),
    unigramBackoff: gamma2.map(Math.log10),
    bigramProb: p2.map(Math.log10),
    bigramBackoff: gamma3.map(Math.log10),
    trigramProb: p3.map(Math.log10),
  };
}

/**
 * Lower orders count distinct preceding words, not occurrences: a word seen often but only after
 * one other ("kông" after "hồng") should score low as a continuation of anything else.
 */
function continuationCounts(
  V: number,
  bigrams: RunLengths<Uint32Array>,
  trigrams: RunLengths<Float64Array>,
): { adjusted1: Float64Array; adjusted2: Float64Array } {
  const B = bigrams.keys.length;
  const T = trigrams.keys.length;
  // Bigrams: distinct u before (v, w).
  const suffixes = new Uint32Array(T);
  for (let t = 0; t < T; t++) suffixes[t] = trigramSuffix(trigrams.keys[t]!);
  suffixes.sort();
  const leftOf = runLengths(suffixes);
  const adjusted2 = new Float64Array(B);
  for (let b = 0, s = 0; b < B; b++) {
    const key = bigrams.keys[b]!;
    if (hi16(key) === BOS) {
      adjusted2[b] = bigrams.counts[b]!;
      continue;
    }
    while (s < leftOf.keys.length && leftOf.keys[s]! < key) s++;
    adjusted2[b] = leftOf.keys[s] === key ? leftOf.counts[s]! : bigrams.counts[b]!;
  }
  // Unigrams: distinct v before w.
  const adjusted1 = new Float64Array(V);
  for (let b = 0; b < B; b++) adjusted1[lo16(bigrams.keys[b]!)]!++;
  adjusted1[BOS] = 0;
  return { adjusted1, adjusted2 };
}

/** The probability mass a context's discounts free, given to the lower order: its backoff weight γ. */
function interpolationWeight(d: [number, number, number], bucket: number[], total: number): number {
  return (d[0] * bucket[0]! + d[1] * bucket[1]! + d[2] * bucket[2]!) / total;
}

/** Unigrams interpolate with the uniform distribution, so a word never seen after another still scores above 0. */
function kneserNeyUnigrams(V: number, adjusted1: Float64Array): Float64Array {
  // Uniform over the V − 1 predictable words: <s> is never predicted.
  const d1 = discounts(adjusted1);
  let total1 = 0;
  const bucket1 = [0, 0, 0];
  for (let w = 0; w < V; w++) {
    const a = adjusted1[w]!;
    total1 += a;
    if (a > 0) bucket1[Math.min(a, 3) - 1]!++;
  }
  const gamma1 = interpolationWeight(d1, bucket1, total1);
  const p1 = new Float64Array(V);
  for (let w = 0; w < V; w++) {
    const a = adjusted1[w]!;
    p1[w] = (a > 0 ? (a - discountOf(d1, a)) / total1 : 0) + gamma1 / (V - 1);
  }
  p1[BOS] = 1; // never predicted; any value
  return p1;
}

/** Bigrams grouped by first word (keys are sorted), since γ is per context: one pass per context. */
function kneserNeyBigrams(
  V: number,
  bigrams: RunLengths<Uint32Array>,
  adjusted2: Float64Array,
  p1: Float64Array,
): { p2: Float64Array; gamma2: Float64Array } {
  const B = bigrams.keys.length;
  const d2 = discounts(adjusted2);
  const p2 = new Float64Array(B);
  const gamma2 = new Float64Array(V).fill(1);
  for (let start = 0; start < B;) {
    const v = hi16(bigrams.keys[start]!);
    let end = start;
    let total = 0;
    const bucket = [0, 0, 0];
    while (end < B && hi16(bigrams.keys[end]!) === v) {
      total += adjusted2[end]!;
      bucket[Math.min(adjusted2[end]!, 3) - 1]!++;
      end++;
    }
    const gamma = interpolationWeight(d2, bucket, total);
    gamma2[v] = gamma;
    for (let b = start; b < end; b++) {
      const a = adjusted2[b]!;
      p2[b] = (a - discountOf(d2, a)) / total + gamma * p1[lo16(bigrams.keys[b]!)]!;
    }
    start = end;
  }
  return { p2, gamma2 };
}

/** Trigrams grouped by (u, v), like the bigrams; they use raw counts, having no higher order to continue. */
function kneserNeyTrigrams(
  bigrams: RunLengths<Uint32Array>,
  trigrams: RunLengths<Float64Array>,
  p2: Float64Array,
): { p3: Float64Array; gamma3: Float64Array } {
  const T = trigrams.keys.length;
  const d3 = discounts(trigrams.counts);
  const p3 = new Float64Array(T);
  const gamma3 = new Float64Array(bigrams.keys.length).fill(1);
  for (let start = 0; start < T;) {
    const context = trigramContext(trigrams.keys[start]!);
    let end = start;
    let total = 0;
    const bucket = [0, 0, 0];
    while (end < T && trigramContext(trigrams.keys[end]!) === context) {
      const c = trigrams.counts[end]!;
      total += c;
      bucket[Math.min(c, 3) - 1]!++;
      end++;
    }
    const gamma = interpolationWeight(d3, bucket, total);
    gamma3[indexOfSorted(bigrams.keys, context)] = gamma;
    for (let t = start; t < end; t++) {
      const c = trigrams.counts[t]!;
      const lower = p2[indexOfSorted(bigrams.keys, trigramSuffix(trigrams.keys[t]!))]!;
      p3[t] = (c - discountOf(d3, c)) / total + gamma * lower;
    }
    start = end;
  }
  return { p3, gamma3 };
}

/** Stupid backoff (Brants et al. 2007): relative frequencies, a constant penalty per backoff. */
function stupidBackoff(
  V: number,
  unigramCount: Float64Array,
  bigrams: RunLengths<Uint32Array>,
  trigrams: RunLengths<Float64Array>,
  factor: number,
): LanguageModel {
  const B = bigrams.keys.length;
  const T = trigrams.keys.length;
  let total = 0;
  for (let w = 0; w < V; w++) if (w !== BOS) total += unigramCount[w]!;
  const p1 = new Float64Array(V);
  for (let w = 0; w < V; w++) p1[w] = Math.max(unigramCount[w]!, 0.5) / total;
  // Context totals: how often v (or u v) is followed by anything.
  const followers1 = new Float64Array(V);
  for (let b = 0; b < B; b++) followers1[hi16(bigrams.keys[b]!)]! += bigrams.counts[b]!;
  const p2 = new Float64Array(B);
  for (let b = 0; b < B; b++) p2[b] = bigrams.counts[b]! / followers1[hi16(bigrams.keys[b]!)]!;
  const followers2 = new Float64Array(B);
  for (let t = 0; t < T; t++) followers2[indexOfSorted(bigrams.keys, trigramContext(trigrams.keys[t]!))]! += trigrams.counts[t]!;
  const p3 = new Float64Array(T);
  for (let t = 0; t < T; t++) p3[t] = trigrams.counts[t]! / followers2[indexOfSorted(bigrams.keys, trigramContext(trigrams.keys[t]!))]!;
  const penalty = Math.log10(factor);
  return {
    unigramProb: p1.map(Math.log10),
    unigramBackoff: new Float64Array(V).fill(penalty),
    bigramProb: p2.map(Math.log10),
    bigramBackoff: new Float64Array(B).fill(penalty),
    trigramProb: p3.map(Math.log10),
  };
}

interface KeepMasks {
  bigramMask: Uint8Array;
  trigramMask: Uint8Array;
  bigrams: number;
  trigrams: number;
}

/**
 * Which n-grams to store: those touching an ambiguous syllable and seen at least the cut-off,
 * plus, for every kept trigram (u, v, w), the bigram (u, v), whose node the trie needs and whose
 * backoff weighs seen against unseen continuations, and the bigram (v, w): when u varies,
 * hypotheses without a stored trigram back off to p(w | v), and its value decides between them.
 */
function keepMasks(
  bigrams: RunLengths<Uint32Array>,
  trigrams: RunLengths<Float64Array>,
  ambiguous: Uint8Array,
  minBigram: number,
  minTrigram: number,
): KeepMasks {
  const bigramMask = new Uint8Array(bigrams.keys.length);
  const trigramMask = new Uint8Array(trigrams.keys.length);
  let keptTrigrams = 0;
  let lastContext = -1;
  for (let t = 0; t < trigrams.keys.length; t++) {
    if (trigrams.counts[t]! < minTrigram) continue;
    const key = trigrams.keys[t]!;
    const context = trigramContext(key);
    if (!ambiguous[hi16(context)] && !ambiguous[lo16(context)] && !ambiguous[trigramLast(key)]) continue;
    trigramMask[t] = 1;
    keptTrigrams++;
    if (context !== lastContext) {
      bigramMask[indexOfSorted(bigrams.keys, context)] = 1;
      lastContext = context;
    }
    bigramMask[indexOfSorted(bigrams.keys, trigramSuffix(key))] = 1;
  }
  let keptBigrams = 0;
  for (let b = 0; b < bigrams.keys.length; b++) {
    const key = bigrams.keys[b]!;
    if (!bigramMask[b] && bigrams.counts[b]! >= minBigram && (ambiguous[hi16(key)] || ambiguous[lo16(key)])) bigramMask[b] = 1;
    keptBigrams += bigramMask[b]!;
  }
  return { bigramMask, trigramMask, bigrams: keptBigrams, trigrams: keptTrigrams };
}

/** Lays the kept n-grams out as the file's trie and quantises their values. */
function assembleTables(
  smoothing: Smoothing,
  vocabulary: string[],
  bigrams: RunLengths<Uint32Array>,
  trigrams: RunLengths<Float64Array>,
  lm: LanguageModel,
  cut: KeepMasks,
  candidates: Candidates,
): RestorerTables {
  const V = vocabulary.length;
  const bigramIndex = new Int32Array(bigrams.keys.length).fill(-1);
  const bigramStart = new Uint32Array(V + 1);
  const bigramWord = new Uint16Array(cut.bigrams);
  const bigramValues = new Float64Array(cut.bigrams);
  const bigramBackoffValues = new Float64Array(cut.bigrams);
  let nb = 0;
  for (let b = 0; b < bigrams.keys.length; b++) {
    if (!cut.bigramMask[b]) continue;
    const key = bigrams.keys[b]!;
    bigramStart[hi16(key) + 1]!++;
    bigramWord[nb] = lo16(key);
    bigramValues[nb] = lm.bigramProb[b]!;
    bigramBackoffValues[nb] = lm.bigramBackoff[b]!;
    bigramIndex[b] = nb++;
  }
  for (let w = 0; w < V; w++) bigramStart[w + 1]! += bigramStart[w]!;

  const trigramStart = new Uint32Array(cut.bigrams + 1);
  const trigramWord = new Uint16Array(cut.trigrams);
  const trigramValues = new Float64Array(cut.trigrams);
  let nt = 0;
  for (let t = 0; t < trigrams.keys.length; t++) {
    if (!cut.trigramMask[t]) continue;
    const key = trigrams.keys[t]!;
    trigramStart[bigramIndex[indexOfSorted(bigrams.keys, trigramContext(key))]! + 1]!++;
    trigramWord[nt] = trigramLast(key);
    trigramValues[nt++] = lm.trigramProb[t]!;
  }
  for (let b = 0; b < cut.bigrams; b++) trigramStart[b + 1]! += trigramStart[b]!;

  const codebooks = new Float32Array(5 * CODEBOOK_SIZE);
  const quantise = (values: Float64Array, at: number) => {
    const book = codebook(values);
    codebooks.set(book, at);
    return encode(values, book);
  };
  return {
    smoothing,
    vocabulary,
    codebooks,
    unigramProb: quantise(lm.unigramProb, CODEBOOK.unigramProb),
    unigramBackoff: quantise(lm.unigramBackoff, CODEBOOK.unigramBackoff),
    bigramStart,
    bigramWord,
    bigramProb: quantise(bigramValues, CODEBOOK.bigramProb),
    bigramBackoff: quantise(bigramBackoffValues, CODEBOOK.bigramBackoff),
    trigramStart,
    trigramWord,
    trigramProb: quantise(trigramValues, CODEBOOK.trigramProb),
    groupStart: candidates.groupStart,
    candidateIds: candidates.ids,
  };
}

/**
 * 256 levels for one column: equal-population bins (so the dense middle of the distribution gets
 * fine steps), each represented by its mean, refined by a few rounds of 1-D k-means (Lloyd).
 */
function codebook(values: Float64Array): Float32Array {
  const book = new Float32Array(CODEBOOK_SIZE);
  if (values.length === 0) return book;
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const centers: number[] = [];
  for (let k = 0; k < CODEBOOK_SIZE; k++) {
    const from = Math.floor((k * n) / CODEBOOK_SIZE);
    const to = Math.max(from + 1, Math.floor(((k + 1) * n) / CODEBOOK_SIZE));
    let sum = 0;
    for (let i = from; i < to && i < n; i++) sum += sorted[i]!;
    centers.push(sum / Math.max(1, Math.min(to, n) - from));
  }
  for (let round = 0; round < 5; round++) {
    centers.sort((a, b) => a - b);
    const sums = new Float64Array(CODEBOOK_SIZE);
    const counts = new Float64Array(CODEBOOK_SIZE);
    for (let i = 0; i < n; i++) {
      const k = nearest(centers, sorted[i]!);
      sums[k]! += sorted[i]!;
      counts[k]!++;
    }
    for (let k = 0; k < CODEBOOK_SIZE; k++) if (counts[k]! > 0) centers[k] = sums[k]! / counts[k]!;
  }
  centers.sort((a, b) => a - b);
  book.set(centers);
  return book;
}

function encode(values: Float64Array, book: Float32Array): Uint8Array {
  const centers = Array.from(book);
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = nearest(centers, values[i]!);
  return out;
}

/** Index of the center nearest to x (centers sorted ascending). */
function nearest(centers: number[], x: number): number {
  let lo = 0;
  let hi = centers.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (centers[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs(centers[lo - 1]! - x) <= Math.abs(centers[lo]! - x)) return lo - 1;
  return lo;
}

function stripUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
