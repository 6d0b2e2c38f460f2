/**
 * A small gradient-boosting trainer (histogram-based, depth-limited, seeded row subsampling),
 * enough for the reader's three models and nothing else: squared loss for the span model
 * (which predicts a span's F1) and logistic loss for the sentence and answerable models.
 * Written here rather than taken from a Python library so that training needs nothing but
 * Node, and the features come from the same code the service runs (src/answer/reader/).
 */
import type { ForestJson, TreeJson } from '../../src/answer/reader/trees.js';
import { seededRandom } from '../../src/random.js';

export interface BoostOptions {
  trees: number;
  depth: number;
  rate: number;
  /** Rows a leaf holds at least. */
  minLeaf: number;
  /** L2 penalty on leaf values. */
  lambda: number;
  /** Share of rows each tree is fitted on. */
  subsample: number;
  loss: 'squared' | 'logistic';
  seed: number;
  bins: number;
}

/** Rows of features, kept as one Float32Array (row-major). */
export class Matrix {
  data: Float32Array;
  rows = 0;
  constructor(readonly width: number) {
    this.data = new Float32Array(width * 1024);
  }
  push(row: ArrayLike<number>): void {
    if ((this.rows + 1) * this.width > this.data.length) {
      const grown = new Float32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data.set(row, this.rows * this.width);
    this.rows++;
  }
}

/** Quantile cut points per feature, from a sample of rows. */
function cutPoints(x: Matrix, bins: number, rng: () => number): Float32Array[] {
  const sample = Math.min(x.rows, 60_000);
  const picks = Array.from({ length: sample }, () => Math.floor(rng() * x.rows));
  const cuts: Float32Array[] = [];
  for (let f = 0; f < x.width; f++) {
    const values = Float32Array.from(picks, (r) => x.data[r * x.width + f]!).sort();
    const unique = [...new Set(values)];
    const chosen =
      unique.length <= bins ? unique : Array.from({ length: bins }, (_, b) => unique[Math.floor(((b + 1) * unique.length) / (bins + 1))]!);
    cuts.push(Float32Array.from(new Set(chosen)));
  }
  return cuts;
}

function binned(x: Matrix, cuts: Float32Array[]): Uint8Array {
  const out = new Uint8Array(x.rows * x.width);
  for (let r = 0; r < x.rows; r++) {
    for (let f = 0; f < x.width; f++) {
      const v = x.data[r * x.width + f]!;
      const c = cuts[f]!;
      let lo = 0;
      let hi = c.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (v <= c[mid]!) hi = mid;
        else lo = mid + 1;
      }
      out[r * x.width + f] = lo;
    }
  }
  return out;
}

interface Split {
  feature: number;
  bin: number;
  gain: number;
}

/** The best split of a node's rows, from gradient histograms. */
function bestSplit(
  rows: Int32Array,
  bins: Uint8Array,
  width: number,
  g: Float64Array,
  h: Float64Array,
  o: BoostOptions,
  nb: number,
): Split | null {
  const G = new Float64Array(width * nb);
  const H = new Float64Array(width * nb);
  const C = new Float64Array(width * nb);
  let gt = 0;
  let ht = 0;
  for (const r of rows) {
    const base = r * width;
    const gr = g[r]!;
    const hr = h[r]!;
    gt += gr;
    ht += hr;
    for (let f = 0; f < width; f++) {
      const k = f * nb + bins[base + f]!;
      G[k]! += gr;
      H[k]! += hr;
      C[k]! += 1;
    }
  }
  const parent = (gt * gt) / (ht + o.lambda);
  let best: Split | null = null;
  for (let f = 0; f < width; f++) {
    let gl = 0;
    let hl = 0;
    let cl = 0;
    for (let b = 0; b < nb - 1; b++) {
      const k = f * nb + b;
      gl += G[k]!;
      hl += H[k]!;
      cl += C[k]!;
      if (cl < o.minLeaf || rows.length - cl < o.minLeaf) continue;
      const gr = gt - gl;
      const hr = ht - hl;
      const gain = (gl * gl) / (hl + o.lambda) + (gr * gr) / (hr + o.lambda) - parent;
      if (gain > 1e-9 && (!best || gain > best.gain)) best = { feature: f, bin: b, gain };
    }
  }
  return best;
}

function leafValue(rows: Int32Array, g: Float64Array, h: Float64Array, o: BoostOptions): number {
  let gs = 0;
  let hs = 0;
  for (const r of rows) {
    gs += g[r]!;
    hs += h[r]!;
  }
  return (-gs / (hs + o.lambda)) * o.rate;
}

/** Grows one tree on the sampled rows; returns it with bin thresholds for updating predictions. */
function growTree(
  rows: Int32Array,
  bins: Uint8Array,
  width: number,
  g: Float64Array,
  h: Float64Array,
  o: BoostOptions,
  cuts: Float32Array[],
  nb: number,
) {
  const tree: TreeJson = { feature: [], threshold: [], left: [], right: [], value: [] };
  const binOf: number[] = [];
  const grow = (nodeRows: Int32Array, depth: number): number => {
    const id = tree.feature.length;
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(0);
    binOf.push(0);
    const split = depth < o.depth && nodeRows.length >= 2 * o.minLeaf ? bestSplit(nodeRows, bins, width, g, h, o, nb) : null;
    if (!split) {
      tree.value[id] = leafValue(nodeRows, g, h, o);
      return id;
    }
    const leftRows = nodeRows.filter((r) => bins[r * width + split.feature]! <= split.bin);
    const rightRows = nodeRows.filter((r) => bins[r * width + split.feature]! > split.bin);
    tree.feature[id] = split.feature;
    tree.threshold[id] = cuts[split.feature]![split.bin]!;
    binOf[id] = split.bin;
    tree.left[id] = grow(leftRows, depth + 1);
    tree.right[id] = grow(rightRows, depth + 1);
    return id;
  };
  grow(rows, 0);
  return { tree, binOf };
}

export function trainForest(
  x: Matrix,
  y: Float32Array,
  names: readonly string[],
  o: BoostOptions,
  log: (line: string) => void,
): ForestJson {
  const rng = seededRandom(o.seed);
  const cuts = cutPoints(x, o.bins, rng);
  const nb = o.bins + 1;
  const bins = binned(x, cuts);
  const n = x.rows;
  const width = x.width;
  const mean = y.reduce((a, b) => a + b, 0) / n;
  const base = o.loss === 'logistic' ? Math.log(Math.max(mean, 1e-6) / Math.max(1 - mean, 1e-6)) : mean;
  const pred = new Float64Array(n).fill(base);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const trees: TreeJson[] = [];
  for (let t = 0; t < o.trees; t++) {
    let loss = 0;
    for (let r = 0; r < n; r++) {
      if (o.loss === 'logistic') {
        const p = 1 / (1 + Math.exp(-pred[r]!));
        g[r] = p - y[r]!;
        h[r] = Math.max(p * (1 - p), 1e-6);
        loss -= y[r]! ? Math.log(Math.max(p, 1e-12)) : Math.log(Math.max(1 - p, 1e-12));
      } else {
        g[r] = pred[r]! - y[r]!;
        h[r] = 1;
        loss += g[r]! * g[r]!;
      }
    }
    const sampled = Int32Array.from({ length: n }, (_, r) => r).filter(() => rng() < o.subsample);
    const { tree, binOf } = growTree(sampled, bins, width, g, h, o, cuts, nb);
    for (let r = 0; r < n; r++) {
      let node = 0;
      while (tree.feature[node]! >= 0) node = bins[r * width + tree.feature[node]!]! <= binOf[node]! ? tree.left[node]! : tree.right[node]!;
      pred[r]! += tree.value[node]!;
    }
    trees.push(tree);
    if (t % 20 === 0 || t === o.trees - 1) log(`  tree ${t + 1}/${o.trees}: mean loss ${(loss / n).toFixed(5)}`);
  }
  return { features: [...names], base, trees };
}
