/**
 * Gradient-boosted regression trees, as the reader's models are shipped: plain numbers in JSON
 * (written by training/reader/), evaluated in plain TypeScript so the reader runs anywhere the
 * service runs (Node, Workers) without a native runtime. A prediction is the base value plus
 * one leaf per tree; a classifier's is a log-odds (see {@link sigmoid}).
 */

/** One tree in flat arrays: node i splits on `feature[i]` at `threshold[i]`, or is a leaf when feature is -1. */
export interface TreeJson {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

export interface ForestJson {
  /** Feature names, in the order the features are given: checked at load time against the code's. */
  features: string[];
  base: number;
  trees: TreeJson[];
}

export class Forest {
  private readonly feature: Int32Array;
  private readonly threshold: Float32Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly value: Float32Array;
  private readonly roots: Int32Array;
  readonly base: number;

  constructor(json: ForestJson, expectedFeatures: readonly string[], name: string) {
    if (json.features.join('\n') !== expectedFeatures.join('\n')) {
      throw new Error(
        `The reader's ${name} model was trained on other features than this code computes: retrain it (npm run train:reader).`,
      );
    }
    const size = json.trees.reduce((n, t) => n + t.feature.length, 0);
    this.feature = new Int32Array(size);
    this.threshold = new Float32Array(size);
    this.left = new Int32Array(size);
    this.right = new Int32Array(size);
    this.value = new Float32Array(size);
    this.roots = new Int32Array(json.trees.length);
    let at = 0;
    json.trees.forEach((t, k) => {
      this.roots[k] = at;
      for (let i = 0; i < t.feature.length; i++) {
        this.feature[at + i] = t.feature[i]!;
        this.threshold[at + i] = t.threshold[i]!;
        this.left[at + i] = at + t.left[i]!;
        this.right[at + i] = at + t.right[i]!;
        this.value[at + i] = t.value[i]!;
      }
      at += t.feature.length;
    });
    this.base = json.base;
  }

  predict(x: ArrayLike<number>): number {
    let sum = this.base;
    const { feature, threshold, left, right, value, roots } = this;
    for (let k = 0; k < roots.length; k++) {
      let node = roots[k]!;
      let f = feature[node]!;
      while (f >= 0) {
        node = x[f]! <= threshold[node]! ? left[node]! : right[node]!;
        f = feature[node]!;
      }
      sum += value[node]!;
    }
    return sum;
  }
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
