/**
 * BM25 over Vietnamese terms (syllables and syllable bigrams, accented and folded), kept in
 * flat typed arrays: one posting is a doc number and a term frequency, so a 37k-article
 * corpus costs a few bytes per posting instead of an object each.
 *
 * @example
 * const builder = new LexicalIndexBuilder();
 * builder.add(['chủ', 'tịch', 'chủ tịch']);
 * const index = builder.finish();
 * index.search([{ term: 'chủ tịch', weight: 1 }], 5); // [{ doc: 0, score: … }]
 */

import { arrayTermLookup, TermBlob, TermBlobWriter, type TermLookup } from './term-blob.js';
import { doubled } from './typed-arrays.js';

/** The largest term frequency a posting stores (see {@link LexicalIndexData.tfs}). */
export const MAX_TF = 0xff;

export interface WeightedTerm {
  term: string;
  weight: number;
}

export interface ScoredDoc {
  doc: number;
  score: number;
}

/** The arrays a lexical index is made of, as saved to disk. */
export interface LexicalIndexData {
  /**
   * The terms by id: an array (an index built in memory) or a {@link TermBlob} (a loaded or
   * snapshotted one: no string per term until one is asked for).
   */
  terms: readonly string[] | TermBlob;
  /** Postings of term i are at offsets[i] .. offsets[i + 1] in `docs` and `tfs`. */
  offsets: Uint32Array;
  docs: Uint32Array;
  /**
   * Term frequencies, capped at {@link MAX_TF}: a byte, because a passage of ~800 characters
   * cannot repeat a term more often, and BM25 saturates long before (a quarter of the lexical
   * index's memory saved on news-37k).
   */
  tfs: Uint8Array;
  /** Length of each doc in terms, for BM25's length normalization. */
  docLengths: Uint32Array;
}

export interface Bm25Options {
  /** Term-frequency saturation. */
  k1?: number;
  /** Length normalization strength. */
  b?: number;
}

/** A doc-number range [start, end): the chunks of one article are contiguous. */
export interface DocRange {
  start: number;
  end: number;
}

/** Collects documents in order; `finish()` sorts the postings once, by counting. */
export class LexicalIndexBuilder {
  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = [];
  private postingTerm = new Uint32Array(1 << 16);
  private postingDoc = new Uint32Array(1 << 16);
  private postingTf = new Uint8Array(1 << 16);
  private size = 0;
  private readonly docLengths: number[] = [];
  /**
   * Per term id: the last doc that used it and that doc's posting, so a repeated term bumps a
   * tf in place. (A Map of counts per document was a third of the build's indexing time.)
   */
  private lastDoc = new Int32Array(1 << 16).fill(-1);
  private lastPosting = new Uint32Array(1 << 16);

  /** The id of a term, registered on first sight (dense: 0, 1, 2, …). */
  termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.termIds.set(term, id);
      this.terms.push(term);
      if (id === this.lastDoc.length) {
        this.lastDoc = doubled(this.lastDoc, -1);
        this.lastPosting = doubled(this.lastPosting);
      }
    }
    return id;
  }

  /** Adds the next document (its number is the count of documents added before it). */
  add(terms: readonly string[], length = terms.length): number {
    const doc = this.docLengths.length;
    this.docLengths.push(length);
    for (const term of terms) this.count(this.termId(term), doc);
    return doc;
  }

  /** {@link add} with the first `count` entries of `ids` (from {@link termId}, repeats included) as the terms. */
  addIds(ids: ArrayLike<number>, count: number, length: number): number {
    const doc = this.docLengths.length;
    this.docLengths.push(length);
    for (let i = 0; i < count; i++) this.count(ids[i]!, doc);
    return doc;
  }

  private count(id: number, doc: number): void {
    if (this.lastDoc[id] === doc) {
      const at = this.lastPosting[id]!;
      if (this.postingTf[at]! < MAX_TF) this.postingTf[at]!++;
      return;
    }
    this.lastDoc[id] = doc;
    this.lastPosting[id] = this.size;
    this.push(id, doc, 1);
  }

  private push(term: number, doc: number, tf: number): void {
    if (this.size === this.postingTerm.length) {
      this.postingTerm = doubled(this.postingTerm);
      this.postingDoc = doubled(this.postingDoc);
      this.postingTf = doubled(this.postingTf);
    }
    this.postingTerm[this.size] = term;
    this.postingDoc[this.size] = doc;
    this.postingTf[this.size] = tf;
    this.size++;
  }

  finish(options?: Bm25Options): LexicalIndex {
    const termCount = this.terms.length;
    const offsets = new Uint32Array(termCount + 1);
    for (let i = 0; i < this.size; i++) offsets[this.postingTerm[i]! + 1]!++;
    for (let t = 0; t < termCount; t++) offsets[t + 1]! += offsets[t]!;
    const cursor = offsets.slice(0, termCount);
    const docs = new Uint32Array(this.size);
    const tfs = new Uint8Array(this.size);
    // Docs were added in increasing order, so each term's postings come out sorted by doc.
    for (let i = 0; i < this.size; i++) {
      const at = cursor[this.postingTerm[i]!]!++;
      docs[at] = this.postingDoc[i]!;
      tfs[at] = this.postingTf[i]!;
    }
    return new LexicalIndex(
      { terms: this.terms, offsets, docs, tfs, docLengths: Uint32Array.from(this.docLengths) },
      options,
      // The builder's own term → id map: hashing millions of terms a second time costs seconds.
      this.termIds,
    );
  }
}

/** Postings added since the index was built or loaded, in doc order. */
interface AppendedPostings {
  docs: number[];
  tfs: number[];
}

/**
 * A BM25 index: an immutable base (typed arrays, as built or loaded) plus documents appended
 * since (small per-term lists) and a set of deleted documents. Updates cost only their own
 * terms; {@link snapshot} folds everything back into flat arrays for saving.
 */
export class LexicalIndex {
  private base: LexicalIndexData;
  private termIds: TermLookup;
  private readonly appended = new Map<string, AppendedPostings>();
  private readonly lengths: number[];
  private deleted: Uint8Array;
  private deletedCount = 0;
  private totalLength = 0;
  private readonly k1: number;
  private readonly b: number;
  /** Reused between searches: one score slot per doc. */
  private scores: Float32Array;

  /** `ids`: the term → id map of `data.terms` when the caller has one (the builder). */
  constructor(data: LexicalIndexData, options: Bm25Options = {}, ids?: ReadonlyMap<string, number>) {
    this.base = data;
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
    this.termIds = data.terms instanceof TermBlob ? data.terms : arrayTermLookup(data.terms, ids);
    this.lengths = Array.from(data.docLengths);
    for (const length of this.lengths) this.totalLength += length;
    this.deleted = new Uint8Array(Math.max(16, this.lengths.length));
    this.scores = new Float32Array(this.deleted.length);
    // A saved snapshot keeps deleted docs' numbers with length 0 (no real passage is empty).
    this.lengths.forEach((length, doc) => {
      if (length === 0) {
        this.deleted[doc] = 1;
        this.deletedCount++;
      }
    });
  }

  /** Doc numbers in use, deleted ones included. */
  get docCount(): number {
    return this.lengths.length;
  }

  get liveCount(): number {
    return this.lengths.length - this.deletedCount;
  }

  private get avgLength(): number {
    return this.liveCount > 0 ? this.totalLength / this.liveCount : 1;
  }

  /** How many documents contain the term (deleted ones are counted until a snapshot drops them). */
  docFrequency(term: string): number {
    const id = this.termIds.get(term);
    const base = id === undefined ? 0 : this.base.offsets[id + 1]! - this.base.offsets[id]!;
    return base + (this.appended.get(term)?.docs.length ?? 0);
  }

  /** BM25's inverse document frequency (the non-negative variant). */
  idf(term: string): number {
    const df = this.docFrequency(term);
    return Math.log(1 + (this.liveCount - df + 0.5) / (df + 0.5));
  }

  /** Adds a document at the next doc number (the caller keeps doc numbers in step with the store). */
  append(terms: readonly string[], length = terms.length): number {
    const doc = this.lengths.length;
    this.lengths.push(length);
    this.totalLength += length;
    this.normsStale = true;
    if (doc >= this.deleted.length) this.grow(doc + 1);
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    for (const [term, tf] of counts) {
      let list = this.appended.get(term);
      if (!list) this.appended.set(term, (list = { docs: [], tfs: [] }));
      list.docs.push(doc);
      list.tfs.push(Math.min(tf, MAX_TF));
    }
    return doc;
  }

  /** Deletes documents [start, end): they are skipped at once and dropped at the next snapshot. */
  remove(start: number, end: number): void {
    this.normsStale = true;
    for (let doc = start; doc < end && doc < this.lengths.length; doc++) {
      if (this.deleted[doc]) continue;
      this.deleted[doc] = 1;
      this.deletedCount++;
      this.totalLength -= this.lengths[doc]!;
    }
  }

  private grow(size: number): void {
    const capacity = Math.max(size, this.deleted.length * 2);
    const deleted = new Uint8Array(capacity);
    deleted.set(this.deleted);
    this.deleted = deleted;
    this.scores = new Float32Array(capacity);
  }

  /**
   * BM25's length normalization per doc, k1 · (1 − b + b · length / avgLength), kept while the
   * average length stays the same; Infinity for deleted docs, so their score stays 0 without a
   * test per posting. Recomputed (O(docs), well under a millisecond) after a change.
   */
  private norms = new Float64Array(0);
  /** Set by every change to the docs (append, remove). */
  private normsStale = true;

  private currentNorms(): Float64Array {
    if (!this.normsStale && this.norms.length === this.docCount) return this.norms;
    const avgLength = this.avgLength;
    const norms = this.norms.length === this.docCount ? this.norms : new Float64Array(this.docCount);
    for (let doc = 0; doc < norms.length; doc++) {
      norms[doc] = this.deleted[doc] ? Infinity : this.k1 * (1 - this.b + (this.b * this.lengths[doc]!) / avgLength);
    }
    this.norms = norms;
    this.normsStale = false;
    return norms;
  }

  /**
   * The k best live documents for the weighted terms, optionally only within `range`.
   *
   * The hot loop of a question: a common syllable has postings in most of the 150k passages of
   * news-37k, so each posting costs a few array reads and one add, nothing more (no per-doc
   * objects, no list of touched docs: the top k are picked by one scan of the score slots).
   */
  search(query: readonly WeightedTerm[], k: number, range?: DocRange): ScoredDoc[] {
    const scores = this.scores;
    const lo = range?.start ?? 0;
    const hi = Math.min(range?.end ?? this.docCount, this.docCount);
    const norms = this.currentNorms();
    const k1p1 = this.k1 + 1;
    const score = (docs: ArrayLike<number>, tfs: ArrayLike<number>, from: number, to: number, idf: number) => {
      for (let p = range ? lowerBound(docs, from, to, lo) : from; p < to; p++) {
        const doc = docs[p]!;
        if (doc >= hi) break;
        const tf = tfs[p]!;
        // Keep this expression and its order of operations: floating-point addition is not
        // associative, and the eval's figures rely on scores being bit-identical across index formats.
        scores[doc]! += (idf * tf * k1p1) / (tf + norms[doc]!);
      }
    };
    for (const { term, weight } of query) {
      if (weight <= 0) continue;
      const idf = weight * this.idf(term);
      const id = this.termIds.get(term);
      if (id !== undefined) score(this.base.docs, this.base.tfs, this.base.offsets[id]!, this.base.offsets[id + 1]!, idf);
      const extra = this.appended.get(term);
      if (extra) score(extra.docs, extra.tfs, 0, extra.docs.length, idf);
    }
    const best = topKOfSlots(scores, lo, hi, k);
    scores.fill(0, lo, hi);
    return best;
  }

  /**
   * Base and appended postings folded into flat arrays, deleted docs dropped from the postings
   * (their doc numbers stay, with length 0). This is what is saved; the index keeps working
   * on the new arrays.
   */
  snapshot(): LexicalIndexData {
    if (this.appended.size === 0 && this.deletedCount === 0) return this.base;
    const base = this.base;
    let capacity = base.docs.length;
    for (const list of this.appended.values()) capacity += list.docs.length;
    const docs = new Uint32Array(capacity);
    const tfs = new Uint8Array(capacity);
    const offsets = new Uint32Array(this.termIds.size + this.appended.size + 1);
    const terms = new TermBlobWriter();
    let size = 0;
    let count = 0;
    const take = (list: ArrayLike<number>, tfList: ArrayLike<number>, from: number, to: number) => {
      for (let p = from; p < to; p++) {
        if (this.deleted[list[p]!]) continue;
        docs[size] = list[p]!;
        tfs[size] = tfList[p]!;
        size++;
      }
    };
    // Appended postings go after the base postings of their term; terms the base does not
    // have come last, in arrival order. Base terms are walked by id: no string per term.
    const extraOf = new Map<number, AppendedPostings>();
    const fresh: [string, AppendedPostings][] = [];
    for (const [term, list] of this.appended) {
      const id = this.termIds.get(term);
      if (id === undefined) fresh.push([term, list]);
      else extraOf.set(id, list);
    }
    const blob = base.terms instanceof TermBlob ? base.terms : undefined;
    for (let id = 0; id < this.termIds.size; id++) {
      const before = size;
      take(base.docs, base.tfs, base.offsets[id]!, base.offsets[id + 1]!);
      const extra = extraOf.get(id);
      if (extra) take(extra.docs, extra.tfs, 0, extra.docs.length);
      if (size === before) continue;
      if (blob) terms.addBytes(blob.termBytes(id));
      else terms.add(this.termIds.term(id));
      offsets[++count] = size;
    }
    for (const [term, list] of fresh) {
      const before = size;
      take(list.docs, list.tfs, 0, list.docs.length);
      if (size === before) continue;
      terms.add(term);
      offsets[++count] = size;
    }
    const docLengths = Uint32Array.from(this.lengths, (length, doc) => (this.deleted[doc] ? 0 : length));
    const termBlob = terms.finish();
    const data: LexicalIndexData = {
      terms: termBlob,
      offsets: offsets.slice(0, count + 1),
      docs: docs.slice(0, size),
      tfs: tfs.slice(0, size),
      docLengths,
    };
    this.base = data;
    this.termIds = termBlob;
    this.appended.clear();
    return data;
  }
}

/** First position in docs[from, to) holding a doc ≥ target. */
function lowerBound(docs: ArrayLike<number>, from: number, to: number, target: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (docs[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The k highest-scoring docs, best first; ties go to the lower doc number (stable results). */
export function topK(candidates: readonly number[], scores: ArrayLike<number>, k: number): ScoredDoc[] {
  const heap: ScoredDoc[] = [];
  const worse = (a: ScoredDoc, b: ScoredDoc) => a.score < b.score || (a.score === b.score && a.doc > b.doc);
  for (const doc of candidates) {
    const item = { doc, score: scores[doc]! };
    if (heap.length < k) {
      heap.push(item);
      siftUp(heap, heap.length - 1, worse);
    } else if (k > 0 && worse(heap[0]!, item)) {
      heap[0] = item;
      siftDown(heap, 0, worse);
    }
  }
  return heap.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
}

/**
 * The k highest positive scores among slots [lo, hi), best first, ties to the lower doc: the
 * same order as {@link topK}. A slot is compared with the heap's worst before anything is made.
 */
function topKOfSlots(scores: Float32Array, lo: number, hi: number, k: number): ScoredDoc[] {
  const heap: ScoredDoc[] = [];
  if (k <= 0) return heap;
  const worse = (a: ScoredDoc, b: ScoredDoc) => a.score < b.score || (a.score === b.score && a.doc > b.doc);
  let floor = 0;
  for (let doc = lo; doc < hi; doc++) {
    const score = scores[doc]!;
    // Docs come in increasing order, so one that only ties the worst kept doc loses the tie.
    if (score <= floor) continue;
    if (heap.length < k) {
      heap.push({ doc, score });
      siftUp(heap, heap.length - 1, worse);
      if (heap.length === k) floor = heap[0]!.score;
    } else {
      heap[0] = { doc, score };
      siftDown(heap, 0, worse);
      floor = heap[0].score;
    }
  }
  return heap.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
}

type Less = (a: ScoredDoc, b: ScoredDoc) => boolean;

function siftUp(heap: ScoredDoc[], i: number, less: Less): void {
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!less(heap[i]!, heap[parent]!)) break;
    [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
    i = parent;
  }
}

function siftDown(heap: ScoredDoc[], i: number, less: Less): void {
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
    if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
    if (m === i) return;
    [heap[i], heap[m]] = [heap[m]!, heap[i]!];
    i = m;
  }
}
