/**
 * Wires the parts together on Node from one Config: the embedder, the index (loaded, or built
 * when missing or stale), the restorer and the QA service. The server, the CLI and the eval
 * runner all start here, so they run the same pipeline.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config.js';
import { listCorpusFiles, streamCorpus } from './corpus-files.js';
import type { Article, SkippedInput } from '../corpus/article.js';
import { TransformersEmbedder } from './embedder.js';
import { buildIndex, type BuiltIndex } from '../index/build.js';
import { compact, LiveIndex, needsCompaction, type LiveIndexDeps } from '../index/live.js';
import { HybridRetriever } from './memory-index.js';
import { QaService, type Restorer } from '../qa.js';
import { loadRestorer as loadRestorerFile } from './restorer.js';
import { loadReader as loadReaderFile } from './reader.js';
import type { Reader } from '../answer/reader/reader.js';
import { DEFAULT_HNSW, HnswVectorIndex } from './hnsw.js';
import { INDEX_FORMAT_VERSION, IndexLoadError, loadIndex, readManifest, saveIndex, type LoadedIndex, type Manifest } from './persist.js';
import { countCorpusInputs, Progress } from './progress.js';
import type { createChatModel } from './llm.js';
import { GenerativeAnswerer } from '../answer/generative.js';
import { ExtractiveAnswerer } from '../answer/answerer.js';
import { IndexWriter } from './index-writer.js';
import { readerChecker, Suggester } from '../index/suggest-check.js';

/** The repository root: default models and corpus are found relative to it, wherever the process starts. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * What, besides the corpus and the model, decides the index's content: chunking, term rules
 * and suggested questions. Bump it when any changes so old indexes are rebuilt.
 */
const PIPELINE_VERSION = 'chunks-v1+terms-v1+suggest-v2';

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

/**
 * Hash of a local model's files (tokenizer, config, weights): a model retrained under the same
 * name must not be served with vectors from the old one. Undefined for a hub id.
 */
function modelFingerprint(config: Config): string | undefined {
  const dir = resolvePath(config.model);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return undefined;
  const weights =
    config.modelDtype === 'q8' ? 'onnx/model_quantized.onnx' : config.modelDtype === 'fp16' ? 'onnx/model_fp16.onnx' : 'onnx/model.onnx';
  const hash = createHash('sha256');
  for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', weights]) {
    const path = join(dir, file);
    hash.update(`${file}\0`);
    if (existsSync(path)) hash.update(readFileSync(path));
  }
  return hash.digest('hex').slice(0, 16);
}

type CorpusFingerprint = NonNullable<Manifest['corpusFingerprint']>;

/**
 * The corpus hash (file paths, relative and sorted, and their bytes) with what it was computed
 * from (each file's relative path, size and modification time). When every file still matches `known` (the manifest's), its hash is
 * reused without reading the files, the quick check make and rsync rely on: hashing news-37k's
 * 140 MB was ~0.5 s of every server start.
 */
async function fingerprintCorpus(paths: string[], known?: CorpusFingerprint): Promise<CorpusFingerprint> {
  const files = (await listCorpusFiles(paths.map(resolvePath))).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const stamps = files.map((file) => `${relative(REPO_ROOT, file.path)}\0${file.size}\0${file.mtimeMs}`);
  if (known && known.files.length === stamps.length && known.files.every((stamp, i) => stamp === stamps[i])) return known;
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${relative(REPO_ROOT, file.path)}\0${file.size}\0`);
    hash.update(readFileSync(file.path));
  }
  return { files: stamps, hash: hash.digest('hex') };
}

export interface IndexReport {
  /** True when the index was written (built from scratch or updated). */
  built: boolean;
  /** For an update: what changed. */
  changes?: IndexChanges;
  reason: string;
  manifest: Manifest;
  skipped: SkippedInput[];
  seconds: number;
}

/** Why the index in `dir` cannot serve this configuration, or undefined when it can. */
function staleness(
  manifest: Manifest | undefined,
  config: Config,
  hash: string,
  modelId: string,
  fingerprint?: string,
): string | undefined {
  if (!manifest) return 'no index yet';
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION)
    return `it has index format ${manifest.formatVersion}, this version reads ${INDEX_FORMAT_VERSION}`;
  if (manifest.corpusHash !== hash) return 'the corpus changed since it was built';
  if (manifest.pipelineVersion !== PIPELINE_VERSION)
    return `it was built by pipeline ${manifest.pipelineVersion}, this is ${PIPELINE_VERSION}`;
  if (config.retriever !== 'lexical' && manifest.model?.id !== modelId) {
    return `it was built with model ${manifest.model?.id ?? '(none)'}, the configuration says ${modelId}`;
  }
  if (config.retriever !== 'lexical' && fingerprint && manifest.model?.fingerprint !== fingerprint) {
    return `the model ${modelId} changed since (its files have another fingerprint): its vectors no longer match`;
  }
  return undefined;
}

/** New, empty hnswlib indexes with the configured search breadth: for builds, updates and compactions alike. */
function vectorIndexFactory(config: Config): (dims: number) => HnswVectorIndex {
  return (dims) => HnswVectorIndex.create(dims, { ...DEFAULT_HNSW, ef: config.hnswEf });
}

export interface OpenOptions {
  /** Rebuild a missing or stale index (npm start, npm run index) instead of refusing it. */
  rebuild: boolean;
  /** Rebuild even when the index looks current. */
  force?: boolean;
  log?: (line: string) => void;
}

/** Loads the index for this configuration, building it first when allowed and needed. */
async function openIndex(
  config: Config,
  embedder: TransformersEmbedder,
  options: OpenOptions,
  suggesting: Promise<Suggester>,
): Promise<{ index: LoadedIndex; report: IndexReport }> {
  const log = options.log ?? ((line: string) => console.error(line));
  const dir = resolve(config.indexDir);
  const started = performance.now();
  let manifest: Manifest | undefined;
  try {
    manifest = readManifest(dir);
  } catch (error) {
    if (!options.rebuild) throw error;
  }
  const fingerprint = await fingerprintCorpus(config.corpus, manifest?.corpusFingerprint);
  const modelPrint = modelFingerprint(config);
  const reason = options.force ? 'a rebuild was asked for' : staleness(manifest, config, fingerprint.hash, embedder.model, modelPrint);
  if (!reason) {
    const index = await loadIndex(dir);
    return {
      index,
      report: {
        built: false,
        reason: 'the index is current',
        manifest: index.manifest,
        skipped: [],
        seconds: (performance.now() - started) / 1000,
      },
    };
  }
  if (!options.rebuild) {
    throw new IndexLoadError(`The index in ${dir} cannot be used: ${reason}. Run \`npm run index\` to rebuild it.`);
  }
  return writeIndex(dir, config, embedder, {
    manifest,
    fingerprint,
    modelPrint,
    reason,
    started,
    log,
    force: options.force === true,
    suggesting,
  });
}

/** What openIndex found out before writing: why the index is written, and what the old one was. */
interface WriteContext {
  manifest: Manifest | undefined;
  fingerprint: CorpusFingerprint;
  modelPrint: string | undefined;
  reason: string;
  started: number;
  force: boolean;
  log: (line: string) => void;
  /** Writes suggested questions, checked by the reader once it is loaded. */
  suggesting: Promise<Suggester>;
}

/** Builds the index from the corpus, or updates the old one in place, and saves it. */
async function writeIndex(
  dir: string,
  config: Config,
  embedder: TransformersEmbedder,
  context: WriteContext,
): Promise<{ index: LoadedIndex; report: IndexReport }> {
  const { manifest, fingerprint, modelPrint, reason, log } = context;
  const withVectors = config.retriever !== 'lexical';
  const createVectorIndex = vectorIndexFactory(config);
  // An index of the same format, pipeline and model is updated in place: only new or changed
  // articles are embedded. Anything else is rebuilt from scratch.
  const updatable =
    !context.force &&
    manifest !== undefined &&
    manifest.formatVersion === INDEX_FORMAT_VERSION &&
    manifest.pipelineVersion === PIPELINE_VERSION &&
    (withVectors ? manifest.model?.id === embedder.model && manifest.model.fingerprint === modelPrint : manifest.model === null);
  log(`${updatable ? 'Updating' : 'Indexing'} ${config.corpus.join(', ')} in ${dir} (${reason}).`);
  const skipped: SkippedInput[] = [];
  const progress = new Progress({ label: 'index', unit: 'articles' });
  // Counted while the corpus is read, so progress shows at once, then done/total and time left.
  countCorpusInputs(config.corpus.map(resolvePath)).then(
    (total) => progress.setTotal(total),
    () => {}, // the reader reports what cannot be read
  );
  const articles = streamCorpus(config.corpus.map(resolvePath), {
    maxFileBytes: config.maxFileBytes,
    onSkip: (s) => {
      skipped.push(s);
      progress.skip();
      log(`skipped ${s.origin}: ${s.reason} (${s.hint})`);
    },
  });
  const vectorDeps = withVectors ? { embedder, createVectorIndex } : {};
  const suggester = await context.suggesting;
  // Checking suggestions through the reader runs after indexing, minutes on news-37k: the
  // indexing line ends when it starts, and the check gets a line of its own.
  let indexed = { articles: 0, chunks: 0 };
  let checking: Progress | undefined;
  const onSuggestProgress = (done: number, total: number) => {
    if (!checking) {
      progress.finish(indexed.articles, `${indexed.chunks} chunks`);
      checking = new Progress({ label: 'suggestions', unit: 'articles' });
      checking.setTotal(total);
    }
    if (done === total) checking.finish(done, 'checked by the reader');
    else checking.update(done);
  };
  const { index: built, changes } = updatable
    ? await updateIndex(await loadIndex(dir), articles, { ...vectorDeps, suggester }, progress)
    : {
        index: await buildIndex(articles, {
          ...vectorDeps,
          suggester,
          onProgress: (p) => {
            indexed = p;
            progress.update(p.articles, `${p.chunks} chunks`);
          },
          onSuggestProgress,
        }),
        changes: undefined,
      };
  if (!checking) progress.finish(built.store.articleCount, `${built.store.chunkCount} chunks`);
  const saved = saveIndex(dir, built, {
    corpusHash: fingerprint.hash,
    corpusFingerprint: fingerprint,
    corpus: config.corpus,
    counts: { articles: built.store.articleCount, chunks: built.store.chunkCount, skipped: skipped.length },
    model: built.vectors
      ? { id: embedder.model, dimensions: built.vectors.dimensions, ...(modelPrint ? { fingerprint: modelPrint } : {}) }
      : null,
    hnsw: built.vectors ? { ...DEFAULT_HNSW, ef: config.hnswEf } : null,
    pipelineVersion: PIPELINE_VERSION,
  });
  const seconds = (performance.now() - context.started) / 1000;
  log(indexSummary(saved, skipped.length, seconds, changes));
  return {
    index: { ...built, manifest: saved, journaled: 0 },
    report: { built: true, reason, manifest: saved, skipped, seconds, ...(changes ? { changes } : {}) },
  };
}

/** The line `npm run index` ends with: what was read, embedded and skipped. */
function indexSummary(saved: Manifest, skipped: number, seconds: number, changes?: IndexChanges): string {
  if (changes) {
    return (
      `Updated the index: ${changes.added} added, ${changes.updated} updated, ${changes.unchanged} unchanged, ${changes.deleted} deleted ` +
      `(${changes.embedded} chunks embedded, ${changes.reused} reused), ${skipped} skipped, in ${seconds.toFixed(1)} s.`
    );
  }
  const read = saved.counts.articles + skipped;
  return `Indexed ${saved.counts.articles} articles, ${saved.counts.chunks} chunks, ${skipped} skipped (${read} read), in ${seconds.toFixed(1)} s.`;
}

export interface IndexChanges {
  added: number;
  updated: number;
  unchanged: number;
  deleted: number;
  /** Chunks embedded by the model, and chunks whose vectors were reused. */
  embedded: number;
  reused: number;
}

/** Brings a loaded index in line with the corpus: upserts every article read, deletes the rest. */
async function updateIndex(
  index: BuiltIndex,
  articles: AsyncIterable<Article>,
  deps: Pick<LiveIndexDeps, 'embedder' | 'createVectorIndex' | 'suggester'>,
  progress: Progress,
): Promise<{ index: BuiltIndex; changes: IndexChanges }> {
  const live = new LiveIndex(index, deps);
  const changes: IndexChanges = { added: 0, updated: 0, unchanged: 0, deleted: 0, embedded: 0, reused: 0 };
  const seen = new Set<string>();
  for await (const article of articles) {
    seen.add(article.id);
    const result = await live.upsert(article);
    changes[result.status]++;
    changes.embedded += result.embedded;
    changes.reused += result.reused;
    progress.update(seen.size, `${changes.added + changes.updated} changed`);
  }
  for (const { id } of index.store.articles) {
    if (!seen.has(id) && (await live.remove(id))) changes.deleted++;
  }
  return { index: needsCompaction(index) ? compact(index, deps.createVectorIndex) : index, changes };
}

/** The diacritic restorer, when its file is there; questions without diacritics still work without it. */
async function loadRestorer(config: Config, log: (line: string) => void = console.error): Promise<Restorer | undefined> {
  if (config.restorer === 'off') return undefined;
  const path = resolvePath(config.restorer);
  if (!existsSync(path)) {
    log(`No diacritic restorer at ${path}: questions without diacritics use folded matching only.`);
    return undefined;
  }
  return loadRestorerFile(path);
}

/** The trained reader, unless HOIDAP_READER=off; a configured file that is missing is an error, not a silent downgrade. */
async function loadReader(config: Config, log: (line: string) => void = console.error): Promise<Reader | undefined> {
  if (config.reader === 'off') {
    log('HOIDAP_READER=off: answers are ranked by hand-set weights, without short answers or confidence.');
    return undefined;
  }
  return loadReaderFile(resolvePath(config.reader));
}

export interface Runtime {
  config: Config;
  index: LoadedIndex;
  report: IndexReport;
  qa: QaService;
  embedder: TransformersEmbedder;
  /** Applies article changes (the admin API), journaled in the index folder. */
  writer: IndexWriter;
}

/** The LLM answerer of HOIDAP_ANSWERER=llm; each fallback to the extractive answer is logged with its reason. */
function createGenerativeAnswerer(
  config: Config,
  model: ReturnType<typeof createChatModel>,
  fallback: ExtractiveAnswerer,
  log: (line: string) => void = console.error,
): GenerativeAnswerer {
  const answerer = new GenerativeAnswerer({
    model,
    fallback,
    timeoutMs: config.llmTimeoutMs,
    onFallback: (reason, error) =>
      log(`llm answerer: ${reason}, answered extractively${error instanceof Error ? ` (${error.message})` : ''}`),
  });
  log(
    `Answers written by ${config.llmModel} at ${config.llmBaseUrl} (prompt ${answerer.promptVersion}); extractive after ${config.llmTimeoutMs} ms.`,
  );
  return answerer;
}

/** Everything the server, the CLI and the eval need, from one configuration. */
export async function startRuntime(config: Config, options: OpenOptions): Promise<Runtime> {
  // Before the index work: a missing HOIDAP_LLM_* setting should fail in a second, not after indexing.
  // Imported only when asked for: @langchain/openai alone adds about a second to every start.
  const llm = config.answerer === 'llm' ? (await import('./llm.js')).createChatModel(config) : undefined;
  const embedder = createEmbedder(config);
  // The model and the restorer load while the index is read (its reads run off the main
  // thread): on 2 cores that is most of a cold start. An index built here needs the model
  // anyway, and a lexical-only one never loads it.
  const modelLoading = config.retriever !== 'lexical' ? embedder.load() : undefined;
  const restorerLoading = loadRestorer(config, options.log);
  const readerLoading = loadReader(config, options.log);
  // Suggested questions are checked by the reader (src/index/suggest-check.ts): a build waits
  // for it. A failed load is reported with the others below.
  const suggesting = readerLoading.then((r) => new Suggester(r ? { check: readerChecker(r) } : {}));
  suggesting.catch(() => undefined);
  // All of them settle before anything is thrown: a failed model load must not abandon an index
  // build still writing its files in the background.
  const [opened, model, restorerResult, readerResult] = await Promise.allSettled([
    openIndex(config, embedder, options, suggesting),
    modelLoading,
    restorerLoading,
    readerLoading,
  ]);
  if (opened.status === 'rejected') throw opened.reason;
  if (model.status === 'rejected') throw model.reason;
  if (restorerResult.status === 'rejected') throw restorerResult.reason;
  if (readerResult.status === 'rejected') throw readerResult.reason;
  const reader = readerResult.value;
  const reading = reader ? { reader, ...(config.readerThreshold !== undefined ? { threshold: config.readerThreshold } : {}) } : undefined;
  const { index, report } = opened.value;
  const restorer = restorerResult.value;
  // The manifest keeps the ef the index was built with; the configured one is what searches use.
  if (index.vectors instanceof HnswVectorIndex) index.vectors.setEf(config.hnswEf);
  const withVectors = config.retriever !== 'lexical' && index.manifest.model !== null;
  // One object for the retriever and the writer: a change or a compaction the writer applies
  // is what the next question searches.
  const shared = Object.assign(index, withVectors ? { embedder } : {});
  const writer = IndexWriter.open(resolve(config.indexDir), shared, index.manifest, {
    ...(withVectors ? { embedder, createVectorIndex: vectorIndexFactory(config) } : {}),
    suggester: await suggesting,
    ...(options.log ? { log: options.log } : {}),
  });
  const retriever = new HybridRetriever(shared);
  // The first embedding warms the ONNX session, so the first reader's question does not pay it.
  if (index.vectors) await embedder.embedQuestion('xin chào');
  const qa = new QaService({
    retriever,
    mode: config.retriever,
    k: config.k,
    // Articles asked about but missing from the index are logged for the operator, once each.
    log: options.log ?? ((line: string) => console.error(line)),
    ...(restorer ? { restorer } : {}),
    ...(reading ? { reader: reading } : {}),
    ...(llm ? { answerer: createGenerativeAnswerer(config, llm, new ExtractiveAnswerer({}, reading), options.log), rewriter: llm } : {}),
  });
  return { config, index, report, qa, embedder, writer };
}
