/**
 * The vector index on Node: hnswlib-node (a native addon, hence under src/node/).
 * hnswlib's default `ef` is 10, far too low for good recall: it is always set here.
 */
import hnswlib from 'hnswlib-node';
import type { ScoredDoc } from '../index/lexical.js';
import type { VectorIndex } from '../index/vector.js';

export interface HnswSettings {
  /** Graph degree: more links, better recall, more memory. */
  m: number;
  /** Candidate list size while building. */
  efConstruction: number;
  /** Candidate list size while searching (recall against speed). */
  ef: number;
}

/** ef: recall@10 0.985 against exact search on news-37k at ~0.6 ms a search (bench/RESULTS.md). */
export const DEFAULT_HNSW: HnswSettings = { m: 16, efConstruction: 200, ef: 350 };

/** Fixed so that two builds of the same corpus give the same graph. */
const RANDOM_SEED = 100;

export class HnswVectorIndex implements VectorIndex {
  readonly dimensions: number;
  private readonly index: hnswlib.HierarchicalNSW;

  private constructor(index: hnswlib.HierarchicalNSW, dimensions: number, settings: HnswSettings) {
    this.index = index;
    this.dimensions = dimensions;
    index.setEf(settings.ef);
  }

  /** Changes the search breadth. A serving setting: HOIDAP_HNSW_EF applies to an index built with another ef. */
  setEf(ef: number): void {
    this.index.setEf(ef);
  }

  static create(dimensions: number, settings: HnswSettings = DEFAULT_HNSW, capacity = 1024): HnswVectorIndex {
    const index = new hnswlib.HierarchicalNSW('cosine', dimensions);
    index.initIndex({
      maxElements: capacity,
      m: settings.m,
      efConstruction: settings.efConstruction,
      randomSeed: RANDOM_SEED,
      allowReplaceDeleted: true,
    });
    return new HnswVectorIndex(index, dimensions, settings);
  }

  /** Reads a saved graph on hnswlib's worker thread, so other reads and parsing go on meanwhile. */
  static async read(path: string, dimensions: number, settings: HnswSettings = DEFAULT_HNSW): Promise<HnswVectorIndex> {
    const index = new hnswlib.HierarchicalNSW('cosine', dimensions);
    await index.readIndex(path, true);
    return new HnswVectorIndex(index, dimensions, settings);
  }

  get size(): number {
    return this.index.getCurrentCount();
  }

  /** Counted here, not read from hnswlib: its Node binding does not expose the deleted count. */
  private deleted = new Set<number>();

  get deletedCount(): number {
    return this.deleted.size;
  }

  remove(doc: number): void {
    if (this.deleted.has(doc)) return;
    try {
      this.index.markDelete(doc);
      this.deleted.add(doc);
    } catch {
      // Not in the index (an article indexed without vectors): nothing to delete.
    }
  }

  vector(doc: number): Float32Array | undefined {
    if (this.deleted.has(doc)) return undefined;
    try {
      return Float32Array.from(this.index.getPoint(doc));
    } catch {
      return undefined;
    }
  }

  /** Restores the deleted set after reading a file written with these marks. */
  markDeleted(docs: Iterable<number>): void {
    for (const doc of docs) this.deleted.add(doc);
  }

  add(doc: number, vector: Float32Array): void {
    const capacity = this.index.getMaxElements();
    // Grow geometrically: resizing copies the whole graph.
    if (this.index.getCurrentCount() >= capacity) this.index.resizeIndex(capacity * 2);
    this.index.addPoint(Array.from(vector), doc);
  }

  search(vector: Float32Array, k: number): ScoredDoc[] {
    const n = Math.min(k, this.size);
    if (n === 0) return [];
    const { neighbors, distances } = this.index.searchKnn(Array.from(vector), n);
    return neighbors.map((doc, i) => ({ doc, score: 1 - distances[i]! }));
  }

  searchRange(vector: Float32Array, range: { start: number; end: number }, k: number): ScoredDoc[] {
    const scored: ScoredDoc[] = [];
    for (let doc = range.start; doc < range.end; doc++) {
      const point = this.index.getPoint(doc);
      let dot = 0;
      let norm = 0;
      for (let i = 0; i < point.length; i++) {
        dot += point[i]! * vector[i]!;
        norm += point[i]! * point[i]!;
      }
      scored.push({ doc, score: norm > 0 ? dot / Math.sqrt(norm) : 0 });
    }
    return scored.sort((a, b) => b.score - a.score || a.doc - b.doc).slice(0, k);
  }

  write(path: string): void {
    this.index.writeIndexSync(path);
  }
}
