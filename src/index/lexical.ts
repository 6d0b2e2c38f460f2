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
  terms: string[];
  /** Postings of term i are at offsets[i] .. offsets[i + 1] in `docs` and `tfs`. */
  offsets: Uint32Array;
  docs: Uint32Array;
  tfs: Uint16Array;
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
  private postingTf = new Uint16Array(1 << 16);
  private size = 0;
  private readonly docLengths: number[] = [];

  /** Adds the next document (its number is the count of documents added before it). */
  add(terms: readonly string[], length = terms.length): number {
    const doc = this.docLengths.length;
    this.docLengths.push(length);
    const counts = new Map<number, number>();
    for (const term of terms) {
      let id = this.termIds.get(term);
      if (id === undefined) {
        id = this.terms.length;
        this.termIds.set(term, id);
        this.terms.push(term);
      }
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    for (const [id, tf] of counts) this.push(id, doc, Math.min(tf, 0xffff));
    return doc;
  }

  private push(term: number, doc: number, tf: number): void {
    if (this.size === this.postingTerm.length) {
      const grow = <T extends Uint32Array | Uint16Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.postingTerm = grow(this.postingTerm, (n) => new Uint32Array(n));
      this.postingDoc = grow(this.postingDoc, (n) => new Uint32Array(n));
      this.postingTf = grow(this.postingTf, (n) => new Uint16Array(n));
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
    const tfs = new Uint16Array(this.size);
    // Docs were added in increasing order, so each term's postings come out sorted by doc.
    for (let i = 0; i < this.size; i++) {
      const at = cursor[this.postingTerm[i]!]!++;
      docs[at] = this.postingDoc[i]!;
      tfs[at] = this.postingTf[i]!;
    }
    return new LexicalIndex(
      { terms: this.terms, offsets, docs, tfs, docLengths: Uint32Array.from(this.docLengths) },
      options,
    );
  }
}

export class LexicalIndex {
  readonly data: LexicalIndexData;
  private readonly termIds: Map<string, number>;
  private readonly k1: number;
  private readonly b: number;
  private readonly avgLength: number;
  /** Reused between searches: one score slot per doc. */
  private readonly scores: Float32Array;

  constructor(data: LexicalIndexData, options: Bm25Options = {}) {
    this.data = data;
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
    this.termIds = new Map(data.terms.map((t, i) => [t, i]));
    let total = 0;
    for (const length of data.docLengths) total += length;
    this.avgLength = data.docLengths.length ? total / data.docLengths.length : 1;
    this.scores = new Float32Array(data.docLengths.length);
  }

  get docCount(): number {
    return this.data.docLengths.length;
  }

  /** How many documents contain the term. */
  docFrequency(term: string): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : this.data.offsets[id + 1]! - this.data.offsets[id]!;
  }

  /** BM25's inverse document frequency (the non-negative variant). */
  idf(term: string): number {
    const df = this.docFrequency(term);
    return Math.log(1 + (this.docCount - df + 0.5) / (df + 0.5));
  }

  /** The k best documents for the weighted terms, optionally only within `range`. */
  search(query: readonly WeightedTerm[], k: number, range?: DocRange): ScoredDoc[] {
    const { offsets, docs, tfs, docLengths } = this.data;
    const scores = this.scores;
    const touched: number[] = [];
    const lo = range?.start ?? 0;
    const hi = range?.end ?? this.docCount;
    for (const { term, weight } of query) {
      const id = this.termIds.get(term);
      if (id === undefined || weight <= 0) continue;
      const from = offsets[id]!;
      const to = offsets[id + 1]!;
      const idf = weight * Math.log(1 + (this.docCount - (to - from) + 0.5) / (to - from + 0.5));
      for (let p = range ? lowerBound(docs, from, to, lo) : from; p < to; p++) {
        const doc = docs[p]!;
        if (doc >= hi) break;
        const tf = tfs[p]!;
        const norm = this.k1 * (1 - this.b + (this.b * docLengths[doc]!) / this.avgLength);
        if (scores[doc] === 0) touched.push(doc);
        scores[doc]! += (idf * tf * (this.k1 + 1)) / (tf + norm);
      }
    }
    const best = topK(touched, scores, k);
    for (const doc of touched) scores[doc] = 0;
    return best;
  }
}

/** First position in docs[from, to) holding a doc ≥ target. */
function lowerBound(docs: Uint32Array, from: number, to: number, target: number): number {
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
