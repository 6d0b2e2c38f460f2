/**
 * Wires the parts together on Node from one Config: the embedder, the index (loaded, or built
 * when missing or stale), the restorer and the QA service. The server, the CLI and the eval
 * runner all start here, so they run the same pipeline.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config.js';
import { listCorpusFiles, streamCorpus } from '../corpus/read.js';
import type { SkippedInput } from '../corpus/article.js';
import { TransformersEmbedder } from '../embed/embedder.js';
import { buildIndex } from '../index/build.js';
import { HybridRetriever } from '../index/retriever.js';
import { QaService, type Restorer } from '../qa.js';
import { DiacriticRestorer } from '../text/restore.js';
import { DEFAULT_HNSW, HnswVectorIndex } from './hnsw.js';
import { IndexLoadError, loadIndex, readManifest, saveIndex, type LoadedIndex, type Manifest } from './persist.js';
import { Progress } from './progress.js';

/** The repository root: default models and corpus are found relative to it, wherever the process starts. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * What, besides the corpus and the model, decides the index's content: chunking and term
 * rules. Bump it when either changes so old indexes are rebuilt.
 */
export const PIPELINE_VERSION = 'chunks-v1+terms-v1';

/** Resolves a path given relative to the working directory, falling back to the repository. */
export function resolvePath(path: string): string {
  const here = resolve(path);
  if (existsSync(here)) return here;
  const inRepo = resolve(REPO_ROOT, path);
  return existsSync(inRepo) ? inRepo : here;
}

export function createEmbedder(config: Config): TransformersEmbedder {
  const local = resolvePath(config.model);
  const isLocal = existsSync(local) && statSync(local).isDirectory();
  if (!isLocal && !config.allowRemoteModels) {
    throw new Error(
      `HOIDAP_MODEL="${config.model}" is not a folder on this machine, and remote models are off. ` +
        'Point HOIDAP_MODEL at a model folder (config.json, tokenizer.json, onnx/model.onnx), ' +
        'or set HOIDAP_ALLOW_REMOTE_MODELS=1 to download a hub model such as Xenova/multilingual-e5-small.',
    );
  }
  return new TransformersEmbedder({
    model: isLocal ? basename(local) : config.model,
    ...(isLocal ? { localModelPath: `${dirname(local)}/` } : {}),
    allowRemoteModels: config.allowRemoteModels,
    dtype: config.modelDtype,
    ...(config.queryPrefix !== undefined ? { queryPrefix: config.queryPrefix } : {}),
    ...(config.passagePrefix !== undefined ? { passagePrefix: config.passagePrefix } : {}),
  });
}

/** Hash of the corpus: file paths (relative, sorted) and their bytes. */
export async function corpusHash(paths: string[]): Promise<string> {
  const hash = createHash('sha256');
  const files = await listCorpusFiles(paths.map(resolvePath));
  for (const file of files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update(`${relative(REPO_ROOT, file.path)}\0${file.size}\0`);
    hash.update(readFileSync(file.path));
  }
  return hash.digest('hex');
}

export interface IndexReport {
  built: boolean;
  reason: string;
  manifest: Manifest;
  skipped: SkippedInput[];
  seconds: number;
}

/** Why the index in `dir` cannot serve this configuration, or undefined when it can. */
export function staleness(manifest: Manifest | undefined, config: Config, hash: string, modelId: string): string | undefined {
  if (!manifest) return 'no index yet';
  if (manifest.corpusHash !== hash) return 'the corpus changed since it was built';
  if (manifest.pipelineVersion !== PIPELINE_VERSION) return `it was built by pipeline ${manifest.pipelineVersion}, this is ${PIPELINE_VERSION}`;
  if (config.retriever !== 'lexical' && manifest.model?.id !== modelId) {
    return `it was built with model ${manifest.model?.id ?? '(none)'}, the configuration says ${modelId}`;
  }
  return undefined;
}

export interface OpenOptions {
  /** Rebuild a missing or stale index (npm start, npm run index) instead of refusing it. */
  rebuild: boolean;
  /** Rebuild even when the index looks current. */
  force?: boolean;
  log?: (line: string) => void;
}

/** Loads the index for this configuration, building it first when allowed and needed. */
export async function openIndex(config: Config, embedder: TransformersEmbedder, options: OpenOptions): Promise<{ index: LoadedIndex; report: IndexReport }> {
  const log = options.log ?? ((line: string) => console.error(line));
  const dir = resolve(config.indexDir);
  const started = performance.now();
  const hash = await corpusHash(config.corpus);
  let manifest: Manifest | undefined;
  try {
    manifest = readManifest(dir);
  } catch (error) {
    if (!options.rebuild) throw error;
  }
  const reason = options.force ? 'a rebuild was asked for' : staleness(manifest, config, hash, embedder.model);
  if (!reason) {
    const index = loadIndex(dir);
    return { index, report: { built: false, reason: 'the index is current', manifest: index.manifest, skipped: [], seconds: (performance.now() - started) / 1000 } };
  }
  if (!options.rebuild) {
    throw new IndexLoadError(`The index in ${dir} cannot be used: ${reason}. Run \`npm run index\` to rebuild it.`);
  }
  log(`Indexing ${config.corpus.join(', ')} into ${dir} (${reason}).`);
  const skipped: SkippedInput[] = [];
  const progress = new Progress({ label: 'index', unit: 'articles' });
  const withVectors = config.retriever !== 'lexical';
  let chunks = 0;
  const built = await buildIndex(
    streamCorpus(config.corpus.map(resolvePath), {
      maxFileBytes: config.maxFileBytes,
      onSkip: (s) => {
        skipped.push(s);
        log(`skipped ${s.origin}: ${s.reason} (${s.hint})`);
      },
    }),
    {
      ...(withVectors
        ? { embedder, createVectorIndex: (dims: number) => HnswVectorIndex.create(dims, { ...DEFAULT_HNSW, ef: config.hnswEf }) }
        : {}),
      onProgress: (p) => {
        chunks = p.chunks;
        progress.update(p.articles, `${p.chunks} chunks`);
      },
    },
  );
  progress.finish(built.store.articles.length, `${chunks} chunks`);
  const saved = saveIndex(dir, built, {
    corpusHash: hash,
    corpus: config.corpus,
    counts: { articles: built.store.articles.length, chunks: built.store.chunks.length, skipped: skipped.length },
    model: built.vectors ? { id: embedder.model, dimensions: built.vectors.dimensions } : null,
    hnsw: built.vectors ? { ...DEFAULT_HNSW, ef: config.hnswEf } : null,
    pipelineVersion: PIPELINE_VERSION,
  });
  const seconds = (performance.now() - started) / 1000;
  log(`Indexed ${saved.counts.articles} articles, ${saved.counts.chunks} chunks, ${skipped.length} skipped, in ${seconds.toFixed(1)} s.`);
  return { index: { ...built, manifest: saved }, report: { built: true, reason, manifest: saved, skipped, seconds } };
}

/** The diacritic restorer, when its file is there; questions without diacritics still work without it. */
export function loadRestorer(config: Config, log: (line: string) => void = console.error): Restorer | undefined {
  if (config.restorer === 'off') return undefined;
  const path = resolvePath(config.restorer);
  if (!existsSync(path)) {
    log(`No diacritic restorer at ${path}: questions without diacritics use folded matching only.`);
    return undefined;
  }
  return DiacriticRestorer.fromBytes(new Uint8Array(readFileSync(path)));
}

export interface Runtime {
  config: Config;
  index: LoadedIndex;
  report: IndexReport;
  qa: QaService;
  embedder: TransformersEmbedder;
}

/** Everything the server, the CLI and the eval need, from one configuration. */
export async function startRuntime(config: Config, options: OpenOptions): Promise<Runtime> {
  const embedder = createEmbedder(config);
  const { index, report } = await openIndex(config, embedder, options);
  const retriever = new HybridRetriever({
    store: index.store,
    lexical: index.lexical,
    ...(index.vectors ? { vectors: index.vectors, embedder } : {}),
  });
  // Load the model now, not on the first reader's question.
  if (index.vectors) await embedder.embedQuestion('xin chào');
  const restorer = loadRestorer(config, options.log);
  const qa = new QaService({ retriever, mode: config.retriever, k: config.k, ...(restorer ? { restorer } : {}) });
  return { config, index, report, qa, embedder };
}
