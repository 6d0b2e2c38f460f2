/**
 * What the diacritic restorer's builder and reader must agree on: how text is cut into model
 * tokens, and the binary layout of `restorer.bin`. Changing either changes what a built file
 * means, so both live here, next to {@link RESTORER_FORMAT_VERSION}.
 *
 * Tokens: runs of letters, marks and digits; anything holding a digit is one `<num>` token.
 * Phrases: a gap between two tokens that holds anything but spaces, hyphens and apostrophes
 * (a comma, a full stop, a bracket, a line break) ends a phrase, so n-grams never cross
 * punctuation. Each phrase is scored as `<s> w1 … wn </s>`.
 *
 * @example
 * forEachToken('Covid-19, ở Hà Nội', (start, end, isNumber, phraseStart) => …);
 * // "Covid" (phrase start), "19" (number), "ở" (phrase start, after the comma), "Hà", "Nội"
 *
 * File layout (little-endian, read through typed arrays, so little-endian machines only — all that
 * Node and Workers run on; every section starts on a 4-byte boundary):
 *
 * | section | type | what |
 * | --- | --- | --- |
 * | header | 16 × u32 | magic "HDVR", version, V, B, T, G, C, vocabulary bytes, smoothing, K, form bytes, P, Q, reserved |
 * | vocabulary | UTF-8 | V syllables joined by "\n"; ids 0–3 are `<s>`, `</s>`, `<unk>`, `<num>` |
 * | codebooks | 5 × 256 f32 | log10 values of the quantised columns below, in this order |
 * | unigrams | u8[V], u8[V], u16[V] | log10 p(w), log10 backoff(w), number of bigrams starting with w |
 * | bigrams | u16[B], u8[B], u8[B], u16[B] | second word, log10 p(w2 given w1), backoff, number of trigrams under it |
 * | trigrams | u16[T], u8[T] | third word, log10 p(w3 given w1 w2) |
 * | candidates | u32[G+1], u16[C] | G groups of accented spellings sharing one folded form, most frequent first |
 * | cased words | u16[K], UTF-8 | (version 2) K word ids, ascending, and their spelling as names ("Chile", "UBND"), joined by "\n" |
 * | cased bigrams | u32[P] | (version 2) P keys w1·2^16 + w2, ascending: pairs written both capitalized ("việt nam" → "Việt Nam") |
 * | lower bigrams | u32[Q] | (version 2) Q keys, ascending: pairs in which a cased word is written in lower case ("thẩm mỹ", not "thẩm Mỹ") |
 *
 * Bigrams are sorted by (w1, w2) and trigrams by (w1, w2, w3), so the children of a node are a
 * sorted slice found by binary search: an exact trie, no hash collisions. The file stores child
 * counts (u16 suffices: V ≤ 65,536 and `<s>` is never a child); the reader turns them into
 * start offsets. 8-bit codes index the codebooks (equal-population bins,
 * so common values get fine steps).
 *
 * Versions: 1 had no casing sections (its header words 9–12 are 0); it is still read, as a model
 * that capitalizes nothing. 2 added the cased words, cased bigrams and lower bigrams: what the
 * training articles write capitalized in mid-sentence, and where not, so that a name typed in lower
 * case ("chile", "viet nam") is shown the way the site spells it. The builder decides what is a
 * name; the reader only looks it up.
 */

const RESTORER_MAGIC = 0x52564448; // "HDVR" read as a little-endian u32
const RESTORER_FORMAT_VERSION = 2;
/** Oldest version still read (without casing sections). */
const OLDEST_READABLE_VERSION = 1;

/** Fixed ids of the special tokens. */
export const BOS = 0;
export const EOS = 1;
export const UNK = 2;
export const NUM = 3;
export const SPECIAL_TOKENS = ['<s>', '</s>', '<unk>', '<num>'] as const;
/** Word ids are u16: the vocabulary, specials included, holds at most this many entries. */
export const MAX_VOCABULARY = 0x10000;
/** Quantisation levels per codebook (codes are u8). */
export const CODEBOOK_SIZE = 256;

/**
 * How the stored probabilities were smoothed. The reader scores both the same way (stored p, else
 * backoff + shorter context), except that stupid backoff also charges its penalty for unseen contexts.
 */
export type Smoothing = 'kneser-ney' | 'stupid-backoff';
const SMOOTHING_CODES: Record<Smoothing, number> = { 'kneser-ney': 1, 'stupid-backoff': 2 };

/** Everything a restorer file holds, as typed arrays (views into the file when read, except the start offsets). */
export interface RestorerTables {
  smoothing: Smoothing;
  /** Id → syllable, lower case, NFC with the classic tone convention. */
  vocabulary: string[];
  /** 5 × 256 log10 values: unigram p, unigram backoff, bigram p, bigram backoff, trigram p. */
  codebooks: Float32Array;
  unigramProb: Uint8Array;
  unigramBackoff: Uint8Array;
  /** Bigrams of w1 are `bigramStart[w1] … bigramStart[w1 + 1]`. */
  bigramStart: Uint32Array;
  bigramWord: Uint16Array;
  bigramProb: Uint8Array;
  bigramBackoff: Uint8Array;
  /** Trigrams under bigram b are `trigramStart[b] … trigramStart[b + 1]`. */
  trigramStart: Uint32Array;
  trigramWord: Uint16Array;
  trigramProb: Uint8Array;
  /** Candidate group g is `candidateIds[groupStart[g]] … candidateIds[groupStart[g + 1]]`. */
  groupStart: Uint32Array;
  candidateIds: Uint16Array;
  /** Word ids the articles write capitalized mid-sentence, ascending, and their spelling there (`casedForms[i]` of `casedIds[i]`). */
  casedIds: Uint16Array;
  casedForms: string[];
  /** Keys w1·2^16 + w2 (ascending) of word pairs the articles write both capitalized ("hà nội"). */
  casedBigrams: Uint32Array;
  /** Keys (ascending) of pairs holding a cased word that the articles write in lower case there ("thẩm mỹ", "nam giới"). */
  lowerBigrams: Uint32Array;
}

/** Offsets of the codebooks inside {@link RestorerTables.codebooks}. */
export const CODEBOOK = { unigramProb: 0, unigramBackoff: 256, bigramProb: 512, bigramBackoff: 768, trigramProb: 1024 } as const;

const HEADER_WORDS = 16;
const align4 = (n: number) => (n + 3) & ~3;

/** Bytes {@link encodeRestorerTables} will write for tables of these sizes (used to fit a size budget). */
/** Index of `key` in the sorted slice `sorted[from, to)`, or -1 (the trie's children, the builder's n-gram keys). */
export function indexOfSorted(sorted: ArrayLike<number>, key: number, from = 0, to = sorted.length): number {
  let lo = from;
  let hi = to - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const x = sorted[mid]!;
    if (x < key) lo = mid + 1;
    else if (x > key) hi = mid - 1;
    else return mid;
  }
  return -1;
}

export function encodedSize(sizes: {
  vocabularyBytes: number;
  V: number;
  B: number;
  T: number;
  G: number;
  C: number;
  /** Casing sections (version 2): cased words, bytes of their forms, cased bigrams. 0 when absent. */
  K?: number;
  formBytes?: number;
  P?: number;
  Q?: number;
}): number {
  const { vocabularyBytes, V, B, T, G, C, K = 0, formBytes = 0, P = 0, Q = 0 } = sizes;
  // One term per section, in file order; each section is padded to 4 bytes.
  const sections = [
    vocabularyBytes,
    5 * CODEBOOK_SIZE * 4,
    V,
    V,
    2 * V,
    2 * B,
    B,
    B,
    2 * B,
    2 * T,
    T,
    4 * (G + 1),
    2 * C,
    2 * K,
    formBytes,
    4 * P,
    4 * Q,
  ];
  return sections.reduce((n, bytes) => n + align4(bytes), HEADER_WORDS * 4);
}

export function encodeRestorerTables(t: RestorerTables): Uint8Array {
  const vocabularyBytes = new TextEncoder().encode(t.vocabulary.join('\n'));
  const V = t.vocabulary.length;
  const B = t.bigramWord.length;
  const T = t.trigramWord.length;
  const G = t.groupStart.length - 1;
  const C = t.candidateIds.length;
  const K = t.casedIds.length;
  const formBytes = new TextEncoder().encode(t.casedForms.join('\n'));
  const P = t.casedBigrams.length;
  const Q = t.lowerBigrams.length;
  if (V > MAX_VOCABULARY) throw new Error(`Vocabulary of ${V} syllables exceeds the format's ${MAX_VOCABULARY}.`);
  if (t.casedForms.length !== K) throw new Error(`${K} cased words but ${t.casedForms.length} forms.`);
  const out = new Uint8Array(encodedSize({ vocabularyBytes: vocabularyBytes.length, V, B, T, G, C, K, formBytes: formBytes.length, P, Q }));
  const header = new Uint32Array(out.buffer, 0, HEADER_WORDS);
  header.set([
    RESTORER_MAGIC,
    RESTORER_FORMAT_VERSION,
    V,
    B,
    T,
    G,
    C,
    vocabularyBytes.length,
    SMOOTHING_CODES[t.smoothing],
    K,
    formBytes.length,
    P,
    Q,
  ]);
  let offset = HEADER_WORDS * 4;
  const put = (array: Uint8Array | Uint16Array | Uint32Array | Float32Array) => {
    out.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), offset);
    offset = align4(offset + array.byteLength);
  };
  put(vocabularyBytes);
  put(t.codebooks);
  put(t.unigramProb);
  put(t.unigramBackoff);
  put(childCounts(t.bigramStart, 'bigrams'));
  put(t.bigramWord);
  put(t.bigramProb);
  put(t.bigramBackoff);
  put(childCounts(t.trigramStart, 'trigrams'));
  put(t.trigramWord);
  put(t.trigramProb);
  put(t.groupStart);
  put(t.candidateIds);
  put(t.casedIds);
  put(formBytes);
  put(t.casedBigrams);
  put(t.lowerBigrams);
  return out;
}

/** Reads a restorer file without copying its arrays (unless the bytes are misaligned). */
export function decodeRestorerTables(input: Uint8Array): RestorerTables {
  const bad = (why: string) => new Error(`Not a usable diacritic restorer file (${why}). Rebuild it with "npm run restorer:build".`);
  if (input.byteLength < HEADER_WORDS * 4) throw bad('too short');
  // Typed-array views need aligned offsets; a Node Buffer from the shared pool may not be.
  const bytes = input.byteOffset % 4 === 0 ? input : input.slice();
  const header = new Uint32Array(bytes.buffer, bytes.byteOffset, HEADER_WORDS);
  if (header[0] !== RESTORER_MAGIC) {
    throw bad(header[0] === 0x48445652 ? 'this machine is big-endian; the format is little-endian' : 'wrong magic number');
  }
  const version = header[1]!;
  if (version < OLDEST_READABLE_VERSION || version > RESTORER_FORMAT_VERSION) {
    throw bad(`format version ${version}, this code reads versions ${OLDEST_READABLE_VERSION}–${RESTORER_FORMAT_VERSION}`);
  }
  const [V, B, T, G, C, vocabularyBytes, smoothingCode, K, formBytes, P, Q] = Array.from(header.subarray(2, 13));
  const smoothing = (Object.keys(SMOOTHING_CODES) as Smoothing[]).find((k) => SMOOTHING_CODES[k] === smoothingCode);
  if (
    V === undefined ||
    B === undefined ||
    T === undefined ||
    G === undefined ||
    C === undefined ||
    K === undefined ||
    formBytes === undefined ||
    P === undefined ||
    Q === undefined ||
    !smoothing
  ) {
    throw bad('corrupt header');
  }
  // Version 1 left these header words 0; anything else there means a damaged file.
  if (version === 1 && (K !== 0 || formBytes !== 0 || P !== 0 || Q !== 0)) throw bad('corrupt header');
  const expected = encodedSize({ vocabularyBytes: vocabularyBytes ?? 0, V, B, T, G, C, K, formBytes, P, Q });
  if (bytes.byteLength !== expected) throw bad(`${bytes.byteLength} bytes where the header promises ${expected}`);

  let offset = bytes.byteOffset + HEADER_WORDS * 4;
  const take = <A>(make: (buffer: ArrayBufferLike, at: number, length: number) => A, length: number, size: number): A => {
    const view = make(bytes.buffer, offset, length);
    offset = align4(offset + length * size);
    return view;
  };
  const u8 = (n: number) => take((b, o, l) => new Uint8Array(b, o, l), n, 1);
  const u16 = (n: number) => take((b, o, l) => new Uint16Array(b, o, l), n, 2);
  const u32 = (n: number) => take((b, o, l) => new Uint32Array(b, o, l), n, 4);

  const vocabulary = new TextDecoder().decode(u8(vocabularyBytes ?? 0)).split('\n');
  if (vocabulary.length !== V) throw bad('vocabulary size mismatch');
  const tables: RestorerTables = {
    smoothing,
    vocabulary,
    codebooks: take((b, o, l) => new Float32Array(b, o, l), 5 * CODEBOOK_SIZE, 4),
    unigramProb: u8(V),
    unigramBackoff: u8(V),
    bigramStart: startOffsets(u16(V)),
    bigramWord: u16(B),
    bigramProb: u8(B),
    bigramBackoff: u8(B),
    trigramStart: startOffsets(u16(B)),
    trigramWord: u16(T),
    trigramProb: u8(T),
    groupStart: u32(G + 1),
    candidateIds: u16(C),
    casedIds: u16(K),
    casedForms: [],
    casedBigrams: new Uint32Array(0),
    lowerBigrams: new Uint32Array(0),
  };
  // The sections after the candidates, in file order.
  const formText = new TextDecoder().decode(u8(formBytes));
  const forms = K > 0 ? formText.split('\n') : [];
  tables.casedForms = forms;
  tables.casedBigrams = u32(P);
  tables.lowerBigrams = u32(Q);
  if (tables.bigramStart[V] !== B || tables.trigramStart[B] !== T || tables.groupStart[G] !== C) throw bad('inconsistent counts');
  if (forms.length !== K) throw bad('cased word count mismatch');
  return tables;
}

/** Start offsets (length n + 1) → child counts (length n), as stored. */
function childCounts(starts: Uint32Array, what: string): Uint16Array {
  const counts = new Uint16Array(starts.length - 1);
  for (let i = 0; i < counts.length; i++) {
    const n = starts[i + 1]! - starts[i]!;
    if (n > 0xffff) throw new Error(`A node has ${n} ${what}; the format allows 65,535.`);
    counts[i] = n;
  }
  return counts;
}

/** Child counts (length n) → start offsets (length n + 1): children of node i are start[i] … start[i + 1]. */
function startOffsets(counts: Uint16Array): Uint32Array {
  const starts = new Uint32Array(counts.length + 1);
  for (let i = 0; i < counts.length; i++) starts[i + 1] = starts[i]! + counts[i]!;
  return starts;
}

/** A token: a run of letters, marks and digits. Anything with a digit ("19", "6/2/2017", "6x36") is a number. */
const TOKEN = /\p{N}+(?:[.,:/]\p{N}+)*|[\p{L}\p{M}\p{N}]+/gu;
const HAS_DIGIT = /\p{N}/u;
/** A gap that does not end a phrase: spaces, hyphens ("Covid-19"), apostrophes ("King's"). No line breaks. */
const SOFT_GAP = /^[ \t\u00a0\u202f'’-]*$/u;

/**
 * Calls `visit` for every token of `text` in order. `phraseStart` is true for the first token
 * and for every token after punctuation or a line break.
 */
export function forEachToken(text: string, visit: (start: number, end: number, isNumber: boolean, phraseStart: boolean) => void): void {
  let previousEnd = -1;
  for (const match of text.matchAll(TOKEN)) {
    const start = match.index;
    const end = start + match[0].length;
    const phraseStart = previousEnd < 0 || !SOFT_GAP.test(text.slice(previousEnd, start));
    visit(start, end, HAS_DIGIT.test(match[0]), phraseStart);
    previousEnd = end;
  }
}
