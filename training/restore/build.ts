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
  /**
   * A syllable is stored as a name ("chile" → "Chile") when at least this share of its mid-sentence
   * occurrences are capitalized. High, because a wrong capital ("Nam giới") is worse than a missing one.
   */
  caseMinShare?: number;
  /** A syllable pair is stored as a name ("việt nam" → "Việt Nam") when at least this share of its mid-sentence occurrences are both capitalized. */
  caseBigramMinShare?: number;
  /** Capitalized mid-sentence occurrences a syllable or pair needs before its case is learnt (weighted, like the counts). */
  caseMinCount?: number;
  /**
   * Weight λ of the question language model (texts given to {@link RestorerModelBuilder.addQuestion})
   * in the mixture λ·p_questions + (1 − λ)·p_news. Each model is smoothed on its own data, so a
   * few thousand questions do not distort the news model's discounts as repeated counts do.
   */
  questionMix?: number;
  /**
   * When > 0, the mixture weight depends on the context instead (count merging, as in MAP
   * adaptation): for a context h seen c_news(h) times in news and c_q(h) times in questions,
   * λ(h) = β·c_q(h) / (c_news(h) + β·c_q(h)), β being this value. News contexts keep the news
   * model; contexts of question phrasing ("bao nhiêu", "là gì") take the question model's word.
   */
  questionScale?: number;
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
  caseMinShare: 0.9,
  caseBigramMinShare: 0.9,
  caseMinCount: 5,
  questionMix: 0,
  questionScale: 10,
};

/**
 * Question n-grams count this many times more than news n-grams against the pruning cut-offs, so
 * that one seen once in the questions survives the default trigram cut-off of 2.
 */
const QUESTION_PRUNE_WEIGHT = 2;

/** What {@link RestorerModelBuilder.build} kept, for the build log and the README. */
export interface RestorerBuildStats {
  syllables: number;
  phrases: number;
  vocabulary: number;
  candidateGroups: number;
  bigrams: { seen: number; kept: number; cutoff: number };
  trigrams: { seen: number; kept: number; cutoff: number };
  /** Syllables and syllable pairs stored as names. */
  cased: { words: number; bigrams: number; exceptions: number };
  bytes: number;
}

/** A gap after which a word is mid-sentence: spaces and commas only (no full stop, colon, quote, bracket or line break). */
const MID_SENTENCE_GAP = /^[ \t\u00a0\u202f,]+$/u;
/** Flags per token of the stream. */
const CAPITALIZED = 1;
const MID_SENTENCE = 2;

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

/**
 * The hold-out rule of the ViQuAD train questions and passages: by article title, so that no
 * question about a held-out article (nor its paragraphs) is trained on. `every` 0 holds nothing out.
 */
export function isHeldOutQuestion(articleTitle: string, every = 10): boolean {
  return every > 0 && isHeldOutArticle(`viquad:${articleTitle}`, every);
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
  /** Per stream position: {@link CAPITALIZED} and {@link MID_SENTENCE} bits, for learning how names are written. */
  private flags = new Uint8Array(1 << 20);
  private length = 0;
  /** Word ids of the questions ({@link addQuestion}), -1 ending each phrase. */
  private readonly questionStream = {
    ids: new Int32Array(1 << 16),
    length: 0,
    get capacity() {
      return this.ids.length;
    },
  };
  /** Builder id → its capitalized mid-sentence spellings ("Chile", "UBND") and their weighted counts. */
  private readonly casedSpellings = new Map<number, Map<string, number>>();
  private statsOfLastBuild?: RestorerBuildStats;

  constructor(options: RestorerBuildOptions = {}) {
    this.options = { ...DEFAULTS, ...stripUndefined(options) };
    this.log = options.log ?? (() => {});
  }

  /**
   * Adds one text (a title, a sapo, a body, a question): lower-cased, tone-normalized, cut into
   * phrases. `weight` (a whole number) counts it that many times: the way a small set of
   * questions is weighed against millions of news syllables.
   */
  add(text: string, weight = 1): void {
    if (!Number.isInteger(weight) || weight < 0) throw new Error(`A text's weight must be a whole number ≥ 0, not ${weight}.`);
    if (weight === 0) return;
    const { ids, flags } = this.tokens(text, weight);
    for (let copy = 0; copy < weight; copy++) {
      this.endPhrase();
      for (let i = 0; i < ids.length; i++) {
        if (ids[i]! < 0) this.endPhrase();
        else this.push(ids[i]!, flags[i]);
      }
      this.endPhrase();
    }
  }

  /**
   * Adds a question to the question language model, mixed into the news model with weight
   * {@link RestorerBuildOptions.questionMix}. Its syllables join the vocabulary; its case is not
   * learnt from (names are spelt as the articles spell them).
   */
  addQuestion(text: string): void {
    const { ids } = this.tokens(text, 1, false);
    const stream = this.questionStream;
    const push = (id: number) => {
      if (stream.length === stream.capacity) stream.ids = doubled(stream.ids);
      if (id >= 0 || (stream.length > 0 && stream.ids[stream.length - 1]! >= 0)) stream.ids[stream.length++] = id;
    };
    for (const id of ids) push(id);
    push(-1);
  }

  /** Word ids (-1 between phrases) and case flags of a text; counts each syllable `weight` times. */
  private tokens(text: string, weight: number, learnCase = true): { ids: number[]; flags: number[] } {
    const nfc = text.normalize('NFC');
    const ids: number[] = [];
    const flags: number[] = [];
    let previousEnd = -1;
    forEachToken(nfc, (start, end, isNumber, phraseStart) => {
      if (phraseStart && ids.length > 0) {
        ids.push(-1);
        flags.push(0);
      }
      const mid = previousEnd >= 0 && MID_SENTENCE_GAP.test(nfc.slice(previousEnd, start));
      previousEnd = end;
      if (isNumber) {
        ids.push(NUM);
        flags.push(0);
        return;
      }
      const token = nfc.slice(start, end);
      const lower = token.toLowerCase();
      const id = this.idOf(lower, weight);
      const capitalized = token[0] !== lower[0];
      if (capitalized && mid && learnCase) {
        let spellings = this.casedSpellings.get(id);
        if (!spellings) this.casedSpellings.set(id, (spellings = new Map<string, number>()));
        const spelling = caseLike(token, this.words[id]!);
        spellings.set(spelling, (spellings.get(spelling) ?? 0) + weight);
      }
      ids.push(id);
      flags.push((capitalized ? CAPITALIZED : 0) | (mid ? MID_SENTENCE : 0));
    });
    return { ids, flags };
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
    const news = countNgrams(this.stream.subarray(0, this.length), finalOf, V);
    const { unigramCount } = news;
    let { syllables, phrases, bigrams, trigrams } = news;
    this.log(
      `${syllables} syllables in ${phrases} phrases; vocabulary ${V}; ${bigrams.keys.length} bigrams, ${trigrams.keys.length} trigrams`,
    );
    const mixing = (o.questionMix > 0 || o.questionScale > 0) && this.questionStream.length > 0;
    if (o.smoothing !== 'kneser-ney' && mixing) throw new Error('Questions are mixed in with Kneser-Ney smoothing only.');

    const candidates = candidateGroups(vocabulary, unigramCount, o.candidateMinShare, o.maxCandidates);
    const cased = this.casing(vocabulary, finalOf);
    this.log(
      `${cased.casedIds.length} syllables and ${cased.casedBigrams.length} syllable pairs stored as names, ` +
        `${cased.lowerBigrams.length} pairs as exceptions`,
    );
    let lm =
      o.smoothing === 'kneser-ney'
        ? kneserNey(V, bigrams, trigrams)
        : stupidBackoff(V, unigramCount, bigrams, trigrams, o.stupidBackoffFactor);
    if (mixing) {
      const questions = countNgrams(this.questionStream.ids.subarray(0, this.questionStream.length), finalOf, V);
      this.log(
        `questions: ${questions.syllables} syllables in ${questions.phrases} phrases; ` +
          `${questions.bigrams.keys.length} bigrams, ${questions.trigrams.keys.length} trigrams; mixed in with ` +
          (o.questionScale > 0 ? `count merging, β = ${o.questionScale}` : `λ = ${o.questionMix}`),
      );
      const mixed = mixLanguageModels(
        { lm, bigrams, trigrams },
        { lm: kneserNey(V, questions.bigrams, questions.trigrams), bigrams: questions.bigrams, trigrams: questions.trigrams },
        o.questionScale > 0 ? { scale: o.questionScale } : { lambda: o.questionMix },
      );
      ({ lm, bigrams, trigrams } = mixed);
      syllables += questions.syllables;
      phrases += questions.phrases;
    }
    const { cut, bigramCutoff, trigramCutoff } = pruneToBudget(vocabulary, bigrams, trigrams, candidates, cased, o);
    this.log(`kept ${cut.bigrams} bigrams (count ≥ ${bigramCutoff}), ${cut.trigrams} trigrams (count ≥ ${trigramCutoff})`);

    const bytes = encodeRestorerTables({ ...assembleTables(o.smoothing, vocabulary, bigrams, trigrams, lm, cut, candidates), ...cased });
    this.statsOfLastBuild = {
      syllables,
      phrases,
      vocabulary: V,
      candidateGroups: candidates.groupStart.length - 1,
      bigrams: { seen: bigrams.keys.length, kept: cut.bigrams, cutoff: bigramCutoff },
      trigrams: { seen: trigrams.keys.length, kept: cut.trigrams, cutoff: trigramCutoff },
      cased: { words: cased.casedIds.length, bigrams: cased.casedBigrams.length, exceptions: cased.lowerBigrams.length },
      bytes: bytes.length,
    };
    return bytes;
  }

  /**
   * What the texts write capitalized in mid-sentence (after a space or comma, not after a full
   * stop, colon, quote or line break, where any word may take a capital): syllables capitalized in
   * at least `caseMinShare` of such occurrences, with their most frequent spelling, and pairs
   * capitalized together in at least `caseBigramMinShare` ("việt nam", whose "nam" alone is
   * also "nam giới"). Pairs of two stored syllables are left out: the syllables suffice. And pairs
   * in which a stored syllable is mostly written in lower case ("thẩm mỹ", "mỹ phẩm"), so that it
   * is not capitalized there.
   */
  private casing(
    vocabulary: string[],
    finalOf: Int32Array,
  ): Pick<RestorerTables, 'casedIds' | 'casedForms' | 'casedBigrams' | 'lowerBigrams'> {
    const o = this.options;
    const V = vocabulary.length;
    const mid = new Float64Array(V);
    const capitalized = new Float64Array(V);
    const pairs = new Map<number, number>(); // key → both capitalized, mid-sentence
    const stream = this.stream;
    const flags = this.flags;
    const isMid = (i: number) => stream[i]! >= SPECIAL_TOKENS.length && (flags[i]! & MID_SENTENCE) !== 0;
    for (let i = 0; i < this.length; i++) {
      if (!isMid(i)) continue;
      const w = finalOf[stream[i]!]!;
      mid[w]!++;
      if (flags[i]! & CAPITALIZED) capitalized[w]!++;
      if (i > 0 && isMid(i - 1) && flags[i]! & flags[i - 1]! & CAPITALIZED) {
        const key = finalOf[stream[i - 1]!]! * 0x10000 + w;
        pairs.set(key, (pairs.get(key) ?? 0) + 1);
      }
    }
    const casedIds: number[] = [];
    const casedForms: string[] = [];
    const isCased = new Uint8Array(V);
    const finalSpellings = new Map<number, Map<string, number>>();
    for (const [id, spellings] of this.casedSpellings) {
      const w = finalOf[id]!;
      if (w >= SPECIAL_TOKENS.length) finalSpellings.set(w, spellings);
    }
    for (let w = SPECIAL_TOKENS.length; w < V; w++) {
      if (capitalized[w]! < o.caseMinCount || capitalized[w]! < o.caseMinShare * mid[w]!) continue;
      const spellings = [...(finalSpellings.get(w) ?? [])].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      if (spellings.length === 0) continue;
      casedIds.push(w);
      casedForms.push(spellings[0]![0]);
      isCased[w] = 1;
    }
    // Totals of the candidate pairs, in a second pass: a map of every mid-sentence pair would not fit.
    // Pairs with a cased syllable: how often, and how often that syllable was in lower case.
    const withCased = new Map<number, { total: number; lower: number }>();
    const candidates = new Map<number, number>();
    for (const [key, n] of pairs) {
      if (n >= o.caseMinCount && !(isCased[hi16(key)] && isCased[lo16(key)]) && hi16(key) !== UNK && lo16(key) !== UNK) {
        candidates.set(key, 0);
      }
    }
    for (let i = 1; i < this.length; i++) {
      if (!isMid(i) || !isMid(i - 1)) continue;
      const a = finalOf[stream[i - 1]!]!;
      const b = finalOf[stream[i]!]!;
      const key = a * 0x10000 + b;
      const n = candidates.get(key);
      if (n !== undefined) candidates.set(key, n + 1);
      if (isCased[a] || isCased[b]) {
        let tally = withCased.get(key);
        if (!tally) withCased.set(key, (tally = { total: 0, lower: 0 }));
        tally.total++;
        if ((isCased[a] && !(flags[i - 1]! & CAPITALIZED)) || (isCased[b] && !(flags[i]! & CAPITALIZED))) tally.lower++;
      }
    }
    const lowerBigrams = [...withCased]
      .filter(([, { total, lower }]) => lower >= o.caseMinCount && lower >= 0.5 * total)
      .map(([key]) => key)
      .sort((a, b) => a - b);
    const casedBigrams = [...candidates]
      .filter(([key, total]) => pairs.get(key)! >= o.caseBigramMinShare * total)
      .map(([key]) => key)
      .sort((a, b) => a - b);
    return {
      casedIds: Uint16Array.from(casedIds),
      casedForms,
      casedBigrams: Uint32Array.from(casedBigrams),
      lowerBigrams: Uint32Array.from(lowerBigrams),
    };
  }

  private idOf(raw: string, weight: number): number {
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
    this.counts[id]! += weight;
    return id;
  }

  private push(id: number, flags = 0): void {
    if (this.length === this.stream.length) {
      this.stream = doubled(this.stream);
      this.flags = doubled(this.flags);
    }
    this.flags[this.length] = flags;
    this.stream[this.length++] = id;
  }

  private endPhrase(): void {
    if (this.length > 0 && this.stream[this.length - 1]! >= 0) this.push(-1);
  }
}

/** `lower` (a normalized lower-case syllable) in the case pattern of `token`, letter by letter: ("UBND", "ubnd") → "UBND". */
function caseLike(token: string, lower: string): string {
  const typed = [...token];
  return [...lower].map((ch, i) => (typed[i] !== undefined && typed[i] !== typed[i].toLowerCase() ? ch.toUpperCase() : ch)).join('');
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
  cased: Pick<RestorerTables, 'casedIds' | 'casedForms' | 'casedBigrams' | 'lowerBigrams'>,
  o: { minBigramCount: number; minTrigramCount: number; maxBytes: number },
): Pruned {
  const V = vocabulary.length;
  const ambiguous = ambiguousWords(candidates, V);
  const vocabularyBytes = new TextEncoder().encode(vocabulary.join('\n')).length;
  const casing = {
    K: cased.casedIds.length,
    formBytes: new TextEncoder().encode(cased.casedForms.join('\n')).length,
    P: cased.casedBigrams.length,
    Q: cased.lowerBigrams.length,
  };
  const sizeOf = (B: number, T: number) =>
    encodedSize({ vocabularyBytes, V, B, T, G: candidates.groupStart.length - 1, C: candidates.ids.length, ...casing });
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

interface CountedModel {
  lm: LanguageModel;
  bigrams: RunLengths<Uint32Array>;
  trigrams: RunLengths<Float64Array>;
}

/** Sorted union of two sorted key arrays, with their counts added (`b`'s multiplied by `weightB`). */
function mergeCounts<K extends Uint32Array | Float64Array>(a: RunLengths<K>, b: RunLengths<K>, weightB: number): RunLengths<K> {
  const keys: number[] = [];
  const counts: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.keys.length || j < b.keys.length) {
    const x = i < a.keys.length ? a.keys[i]! : Infinity;
    const y = j < b.keys.length ? b.keys[j]! : Infinity;
    keys.push(Math.min(x, y));
    counts.push((x <= y ? a.counts[i++]! : 0) + (y <= x ? weightB * b.counts[j++]! : 0));
  }
  const Keys = a.keys.constructor as new (values: number[]) => K;
  return { keys: new Keys(keys), counts: Uint32Array.from(counts) };
}

/**
 * Static interpolation of two backoff models (as SRILM's "ngram -mix-lm"): every n-gram either
 * model has gets p = λ·p_b + (1 − λ)·p_a, each p read from its own model with backoff; each
 * context's backoff weight is then recomputed so that its distribution sums to 1. The result is a
 * backoff model of the same shape (on the union of n-grams), read by the same code.
 */
function mixLanguageModels(a: CountedModel, b: CountedModel, weight: { lambda: number } | { scale: number }): CountedModel {
  const V = a.lm.unigramProb.length;
  const bigrams = mergeCounts(a.bigrams, b.bigrams, QUESTION_PRUNE_WEIGHT);
  const trigrams = mergeCounts(a.trigrams, b.trigrams, QUESTION_PRUNE_WEIGHT);
  const B = bigrams.keys.length;
  const T = trigrams.keys.length;
  // λ of a context from how often each model saw it (count merging), or one λ for all.
  const lambdaOf = (countA: number, countB: number) =>
    'lambda' in weight ? weight.lambda : countB === 0 ? 0 : (weight.scale * countB) / (countA + weight.scale * countB);
  const contextCounts = contextTotals(a);
  const contextCountsB = contextTotals(b);
  const mix = (pa: number, pb: number, lambda: number) => (1 - lambda) * pa + lambda * pb;
  const p1 = new Float64Array(V);
  const lambda1 = lambdaOf(contextCounts.all, contextCountsB.all);
  for (let w = 0; w < V; w++) p1[w] = mix(10 ** a.lm.unigramProb[w]!, 10 ** b.lm.unigramProb[w]!, lambda1);
  // p(w | v) in model m, backing off to its unigram.
  const bigramP = (m: CountedModel, key: number) => {
    const at = indexOfSorted(m.bigrams.keys, key);
    if (at >= 0) return 10 ** m.lm.bigramProb[at]!;
    return 10 ** (m.lm.unigramBackoff[hi16(key)]! + m.lm.unigramProb[lo16(key)]!);
  };
  const p2 = new Float64Array(B);
  for (let i = 0; i < B; i++) {
    const key = bigrams.keys[i]!;
    const v = hi16(key);
    p2[i] = mix(bigramP(a, key), bigramP(b, key), lambdaOf(contextCounts.unigram[v]!, contextCountsB.unigram[v]!));
  }
  // Backoff of context v: the mass its stored bigrams leave, over the unigram mass of the others.
  const gamma2 = new Float64Array(V).fill(1);
  for (let start = 0; start < B;) {
    const v = hi16(bigrams.keys[start]!);
    let end = start;
    let seen = 0;
    let lower = 0;
    for (; end < B && hi16(bigrams.keys[end]!) === v; end++) {
      seen += p2[end]!;
      lower += p1[lo16(bigrams.keys[end]!)]!;
    }
    gamma2[v] = backoffWeight(seen, lower);
    start = end;
  }
  const trigramP = (m: CountedModel, key: number) => {
    const at = indexOfSorted(m.trigrams.keys, key);
    if (at >= 0) return 10 ** m.lm.trigramProb[at]!;
    const context = indexOfSorted(m.bigrams.keys, trigramContext(key));
    const backoff = context >= 0 ? 10 ** m.lm.bigramBackoff[context]! : 1;
    return backoff * bigramP(m, trigramSuffix(key));
  };
  const p3 = new Float64Array(T);
  const gamma3 = new Float64Array(B).fill(1);
  for (let start = 0; start < T;) {
    const context = trigramContext(trigrams.keys[start]!);
    const lambda = lambdaOf(contextCounts.bigram(context), contextCountsB.bigram(context));
    let end = start;
    let seen = 0;
    let lower = 0;
    for (; end < T && trigramContext(trigrams.keys[end]!) === context; end++) {
      const key = trigrams.keys[end]!;
      p3[end] = mix(trigramP(a, key), trigramP(b, key), lambda);
      seen += p3[end]!;
      // Every trigram's suffix is a bigram of the same model, so it is in the union.
      lower += p2[indexOfSorted(bigrams.keys, trigramSuffix(key))]!;
    }
    gamma3[indexOfSorted(bigrams.keys, context)] = backoffWeight(seen, lower);
    start = end;
  }
  return {
    lm: {
      unigramProb: p1.map(Math.log10),
      unigramBackoff: gamma2.map(Math.log10),
      bigramProb: p2.map(Math.log10),
      bigramBackoff: gamma3.map(Math.log10),
      trigramProb: p3.map(Math.log10),
    },
    bigrams,
    trigrams,
  };
}

/** How often a model saw each context: all words, each word followed by another, each pair followed by a third. */
function contextTotals(m: CountedModel): { all: number; unigram: Float64Array; bigram: (key: number) => number } {
  const unigram = new Float64Array(m.lm.unigramProb.length);
  let all = 0;
  for (let i = 0; i < m.bigrams.keys.length; i++) {
    unigram[hi16(m.bigrams.keys[i]!)]! += m.bigrams.counts[i]!;
    all += m.bigrams.counts[i]!;
  }
  const pairs = new Float64Array(m.bigrams.keys.length);
  for (let t = 0; t < m.trigrams.keys.length; t++) {
    pairs[indexOfSorted(m.bigrams.keys, trigramContext(m.trigrams.keys[t]!))]! += m.trigrams.counts[t]!;
  }
  return {
    all,
    unigram,
    bigram: (key) => {
      const at = indexOfSorted(m.bigrams.keys, key);
      return at >= 0 ? pairs[at]! : 0;
    },
  };
}

/** (1 − seen) / (1 − lower), kept positive when rounding leaves (almost) no mass. */
function backoffWeight(seen: number, lower: number): number {
  const left = Math.max(1 - seen, 1e-9);
  const base = Math.max(1 - lower, 1e-9);
  return left / base;
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
): Omit<RestorerTables, 'casedIds' | 'casedForms' | 'casedBigrams' | 'lowerBigrams'> {
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
