/**
 * Vector recall of the hnswlib graph against exact search over the same vectors: for each
 * question, the share of the exact top 10 that the graph returns in its top 10, at several
 * `ef` values, with the time a search takes. Also builds graphs with other M / efConstruction
 * from the index's own vectors (nothing is re-embedded) to compare build time and recall.
 *
 * @example
 * const space = loadVectorSpace('/tmp/hoidap-bench/news-37k-hybrid');
 * const curve = recallCurve(space.graph, space, queries, [16, 32, 64, 100]);
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import hnswlib from 'hnswlib-node';
import { mean, percentile } from './stats.js';

export interface VectorSpace {
  dims: number;
  /** Row-major, one unit vector per label. */
  matrix: Float32Array;
  labels: Int32Array;
  graph: hnswlib.HierarchicalNSW;
  hnsw: { m: number; efConstruction: number; ef: number };
  modelId: string;
}

interface ManifestView {
  model: { id: string; dimensions: number } | null;
  hnsw: { m: number; efConstruction: number; ef: number } | null;
  files: { vectors?: string };
}

/** The graph of an index folder and every live vector in it. */
export function loadVectorSpace(indexDir: string): VectorSpace {
  const manifest = JSON.parse(readFileSync(join(indexDir, 'manifest.json'), 'utf8')) as ManifestView;
  if (!manifest.model || !manifest.hnsw || !manifest.files.vectors)
    throw new Error(`${indexDir} has no vector index (a lexical-only build?).`);
  const dims = manifest.model.dimensions;
  const graph = new hnswlib.HierarchicalNSW('cosine', dims);
  graph.readIndexSync(join(indexDir, manifest.files.vectors), true);
  const ids = graph.getIdsList();
  const matrix = new Float32Array(ids.length * dims);
  const labels = new Int32Array(ids.length);
  let rows = 0;
  for (const id of ids) {
    let point: number[];
    try {
      point = graph.getPoint(id);
    } catch {
      continue; // marked deleted
    }
    matrix.set(point, rows * dims);
    labels[rows++] = id;
  }
  return {
    dims,
    matrix: matrix.subarray(0, rows * dims),
    labels: labels.subarray(0, rows),
    graph,
    hnsw: manifest.hnsw,
    modelId: manifest.model.id,
  };
}

/** The k nearest labels by inner product (vectors are unit length: cosine), best first. */
export function exactTopK(space: Pick<VectorSpace, 'dims' | 'matrix' | 'labels'>, query: Float32Array, k: number): number[] {
  const { dims, matrix, labels } = space;
  const bestScore = new Float64Array(k).fill(-Infinity);
  const bestLabel = new Int32Array(k).fill(-1);
  for (let row = 0, at = 0; row < labels.length; row++, at += dims) {
    let dot = 0;
    for (let d = 0; d < dims; d++) dot += matrix[at + d]! * query[d]!;
    if (dot <= bestScore[k - 1]!) continue;
    let i = k - 1;
    while (i > 0 && bestScore[i - 1]! < dot) {
      bestScore[i] = bestScore[i - 1]!;
      bestLabel[i] = bestLabel[i - 1]!;
      i--;
    }
    bestScore[i] = dot;
    bestLabel[i] = labels[row]!;
  }
  return Array.from(bestLabel).filter((l) => l >= 0);
}

export interface RecallPoint {
  ef: number;
  recallAt10: number;
  /** Milliseconds per search (hnswlib-node call, array conversion included). */
  meanMs: number;
  p95Ms: number;
}

/** Recall@k of the graph against `exact` (the exact top k of each query) at each ef. */
export function recallCurve(
  graph: hnswlib.HierarchicalNSW,
  queries: readonly Float32Array[],
  exact: readonly number[][],
  efs: readonly number[],
  k = 10,
): RecallPoint[] {
  return efs.map((ef) => {
    graph.setEf(ef);
    const times: number[] = [];
    let found = 0;
    let wanted = 0;
    queries.forEach((query, i) => {
      const started = performance.now();
      const { neighbors } = graph.searchKnn(Array.from(query), k);
      times.push(performance.now() - started);
      const truth = new Set(exact[i]);
      wanted += truth.size;
      for (const label of neighbors) if (truth.has(label)) found++;
    });
    return { ef, recallAt10: wanted ? found / wanted : Number.NaN, meanMs: mean(times), p95Ms: percentile(times, 95) };
  });
}

/** A new graph over the same vectors with other construction settings, timed. */
export function rebuildGraph(space: VectorSpace, m: number, efConstruction: number): { graph: hnswlib.HierarchicalNSW; seconds: number } {
  const started = performance.now();
  const graph = new hnswlib.HierarchicalNSW('cosine', space.dims);
  graph.initIndex({ maxElements: space.labels.length, m, efConstruction, randomSeed: 100, allowReplaceDeleted: true });
  for (let row = 0; row < space.labels.length; row++) {
    graph.addPoint(Array.from(space.matrix.subarray(row * space.dims, (row + 1) * space.dims)), space.labels[row]!);
  }
  return { graph, seconds: (performance.now() - started) / 1000 };
}
