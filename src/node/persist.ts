/**
 * The index directory on disk. Every save writes a new generation of files under temporary
 * names, flushes and renames them, and only then replaces manifest.json (itself written the
 * same way): a crash at any point leaves the previous manifest naming a complete, older set.
 *
 * index/
 *   manifest.json            format version, model, dimensions, counts, corpus hash, file names
 *   store.<gen>.json         articles and chunks (what citations are built from)
 *   store.<gen>.bin          the chunks' texts, as one UTF-8 block with offsets
 *   lexical.<gen>.json       the lexical index's header: its layout and array lengths
 *   lexical.<gen>.bin        its postings, doc lengths and terms (UTF-8 + offsets), as raw typed arrays
 *   vectors.<gen>.hnsw       the hnswlib graph
 *   journal.<gen>.jsonl      changes since this generation was written (see journal.ts)
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { LexicalIndex } from '../index/lexical.js';
import { decodeString, encodeStrings, TermBlob } from '../index/term-blob.js';
import type { Chunk } from '../corpus/article.js';
import { PassageStore, type PassageStoreData } from '../index/store.js';
import type { BuiltIndex } from '../index/build.js';
import { LiveIndex } from '../index/live.js';
import { readJournal } from './journal.js';
import { HnswVectorIndex, type HnswSettings } from './hnsw.js';

/** Bumped whenever the files' layout or meaning changes: older indexes are rebuilt, never misread. */
// 2: term frequencies stored as bytes (lexical.<gen>.bin), was 16 bits.
export const INDEX_FORMAT_VERSION = 2;

export interface Manifest {
  formatVersion: number;
  createdAt: string;
  /** Hash of the corpus files' paths and bytes: a different corpus means a stale index. */
  corpusHash: string;
  /**
   * What the corpus hash was computed from: "path\0size\0mtime" per file, and that hash. Not the
   * same as corpusHash after admin API changes (see index-writer.ts); lets a start skip re-hashing.
   */
  corpusFingerprint?: { files: string[]; hash: string };
  corpus: string[];
  counts: { articles: number; chunks: number; skipped: number };
  /** The embedding model, or null for a lexical-only index. */
  model: { id: string; dimensions: number; fingerprint?: string } | null;
  hnsw: HnswSettings | null;
  /** What the passages were cut and indexed with; a change means re-indexing. */
  pipelineVersion: string;
  files: { store: string; storeTexts: string; lexicalTerms: string; lexicalArrays: string; vectors?: string; journal: string };
}

export interface LoadedIndex extends BuiltIndex {
  manifest: Manifest;
  /** Journal records replayed on load. */
  journaled: number;
}

export class IndexLoadError extends Error {
  override name = 'IndexLoadError';
}

const MANIFEST = 'manifest.json';
/** The store JSON's `texts.layout` when chunk texts are in store.<gen>.bin. */
const STORE_TEXTS_LAYOUT = 'utf8-blob-v1';
/** The lexical header's `layout` when the terms are in the .bin file (src/index/term-blob.ts). */
const TERM_BLOB_LAYOUT = 'term-blob-v1';

export function readManifest(dir: string): Manifest | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, MANIFEST), 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as Manifest;
  } catch {
    throw new IndexLoadError(`${join(dir, MANIFEST)} is not valid JSON: delete the folder or run \`npm run index\` to rebuild it.`);
  }
}

export function saveIndex(dir: string, index: BuiltIndex, meta: Omit<Manifest, 'formatVersion' | 'createdAt' | 'files'>): Manifest {
  mkdirSync(dir, { recursive: true });
  const gen = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const files: Manifest['files'] = {
    store: `store.${gen}.json`,
    storeTexts: `store.${gen}.bin`,
    lexicalTerms: `lexical.${gen}.json`,
    lexicalArrays: `lexical.${gen}.bin`,
    ...(index.vectors ? { vectors: `vectors.${gen}.hnsw` } : {}),
    journal: `journal.${gen}.jsonl`,
  };
  // The chunk texts are ~90% of the store: as JSON they took seconds to decode and parse at every
  // start and ~300 MB of heap. Beside it as UTF-8, a text is decoded only when a passage is read.
  const { articles, chunks } = index.store.toJSON();
  const texts = encodeStrings(chunks.map((chunk) => chunk?.text ?? ''));
  const chunkMeta = chunks.map((c) => c && { id: c.id, articleId: c.articleId, n: c.n, start: c.start, end: c.end });
  writeAtomic(
    join(dir, files.store),
    JSON.stringify({
      articles,
      chunks: chunkMeta,
      texts: { layout: STORE_TEXTS_LAYOUT, lengths: [texts.starts.length, texts.bytes.length] },
    }),
  );
  writeAtomic(join(dir, files.storeTexts), [texts.starts, texts.bytes]);
  const { terms, offsets, docs, tfs, docLengths } = index.lexical.snapshot();
  // Terms as one UTF-8 block with offsets (see term-blob.ts): loading them needs no string or
  // Map entry per term.
  const blob = TermBlob.encode(terms);
  writeAtomic(
    join(dir, files.lexicalTerms),
    JSON.stringify({
      layout: TERM_BLOB_LAYOUT,
      lengths: [offsets.length, docs.length, tfs.length, docLengths.length, blob.starts.length, blob.bytes.length, blob.slots.length],
    }),
  );
  writeAtomic(join(dir, files.lexicalArrays), [offsets, docs, docLengths, tfs, blob.starts, blob.bytes, blob.slots]);
  if (index.vectors && files.vectors) {
    const hnsw = index.vectors as HnswVectorIndex;
    const tmp = join(dir, `${files.vectors}.tmp`);
    hnsw.write(tmp);
    fsyncPath(tmp);
    renameSync(tmp, join(dir, files.vectors));
  }
  writeAtomic(join(dir, files.journal), '');
  const manifest: Manifest = { formatVersion: INDEX_FORMAT_VERSION, createdAt: new Date().toISOString(), ...meta, files };
  writeAtomic(join(dir, MANIFEST), JSON.stringify(manifest, null, 2));
  fsyncPath(dir);
  removeUnreferenced(dir, manifest);
  return manifest;
}

/**
 * Reads an index directory. Asynchronous so that its reads run on libuv's thread pool and the
 * hnswlib graph loads on hnswlib's worker: the store, the postings and the graph are read at the
 * same time, while the main thread parses JSON or, at a server start, compiles the model's code
 * (about a second saved of a 3 s cold start on 2 cores).
 */
export async function loadIndex(dir: string): Promise<LoadedIndex> {
  const manifest = readManifest(dir);
  if (!manifest) throw new IndexLoadError(`No index in ${dir} (no ${MANIFEST}): run \`npm run index\` first.`);
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) {
    throw new IndexLoadError(
      `The index in ${dir} has format ${manifest.formatVersion}, this version reads ${INDEX_FORMAT_VERSION}: rebuild it with \`npm run index\`.`,
    );
  }
  try {
    const vectorsLoading =
      manifest.files.vectors && manifest.model && manifest.hnsw
        ? HnswVectorIndex.read(join(dir, manifest.files.vectors), manifest.model.dimensions, manifest.hnsw)
        : undefined;
    const lexicalLoading = readLexical(dir, manifest);
    // Settled together: a failed read must not leave another one's rejection unhandled.
    const [store, lexical, vectors] = await Promise.all([readStore(dir, manifest), lexicalLoading, vectorsLoading]);
    // hnswlib keeps its delete marks in the file; the holes in the store say which they are.
    if (vectors) {
      const holes: number[] = [];
      for (let doc = 0; doc < store.chunks.length; doc++) if (!store.chunks[doc]) holes.push(doc);
      vectors.markDeleted(holes);
    }
    const index: LoadedIndex = { manifest, store, lexical, ...(vectors ? { vectors } : {}), journaled: 0 };
    // Changes made after this generation was written: applied with their stored vectors.
    const { records } = readJournal(join(dir, manifest.files.journal));
    const live = new LiveIndex(
      index,
      manifest.model && manifest.hnsw ? { createVectorIndex: (d) => HnswVectorIndex.create(d, manifest.hnsw!) } : {},
    );
    for (const record of records) live.apply(record);
    index.journaled = records.length;
    return index;
  } catch (error) {
    throw new IndexLoadError(`The index in ${dir} cannot be read (${(error as Error).message}): rebuild it with \`npm run index\`.`);
  }
}

/**
 * The lexical index: postings, then the terms (see term-blob.ts) in one file. Format 2 is
 * always written this way; format 1's older layouts (terms or texts inside the JSON) never
 * reach here, loadIndex refuses them and the runtime rebuilds.
 */
async function readLexical(dir: string, manifest: Manifest): Promise<LexicalIndex> {
  const header = JSON.parse(await readFile(join(dir, manifest.files.lexicalTerms), 'utf8')) as { layout?: string; lengths: number[] };
  if (header.layout !== TERM_BLOB_LAYOUT || header.lengths.length !== 7)
    throw new Error(`${manifest.files.lexicalTerms} is not the ${TERM_BLOB_LAYOUT} layout`);
  const [offsetsLength, docsLength, tfsLength, docLengthsLength, startsLength, bytesLength, slotsLength] = header.lengths as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const offsets = new Uint32Array(offsetsLength);
  const docs = new Uint32Array(docsLength);
  const docLengths = new Uint32Array(docLengthsLength);
  const tfs = new Uint8Array(tfsLength);
  const starts = new Uint32Array(startsLength);
  const bytes = new Uint8Array(bytesLength);
  const slots = new Int32Array(slotsLength);
  await readArrays(join(dir, manifest.files.lexicalArrays), [offsets, docs, docLengths, tfs, starts, bytes, slots]);
  return new LexicalIndex({ terms: TermBlob.fromArrays(starts, bytes, slots), offsets, docs, docLengths, tfs });
}

/** The passage store: articles and chunk offsets in the JSON, the chunks' texts in store.<gen>.bin. */
async function readStore(dir: string, manifest: Manifest): Promise<PassageStore> {
  const data = JSON.parse(await readFile(join(dir, manifest.files.store), 'utf8')) as {
    articles: PassageStoreData['articles'];
    chunks: (Omit<Chunk, 'text'> | null)[];
    texts?: { layout: string; lengths: [number, number] };
  };
  if (data.texts?.layout !== STORE_TEXTS_LAYOUT) throw new Error(`${manifest.files.store} does not describe its texts file`);
  const starts = new Uint32Array(data.texts.lengths[0]);
  const bytes = new Uint8Array(data.texts.lengths[1]);
  await readArrays(join(dir, manifest.files.storeTexts), [starts, bytes]);
  const chunks = data.chunks.map((meta, doc) => {
    if (!meta) return null;
    // An own, enumerable accessor: JSON.stringify, spreads and comparisons see a plain `text`.
    return Object.defineProperty(meta, 'text', { enumerable: true, get: () => decodeString(starts, bytes, doc) }) as Chunk;
  });
  return new PassageStore({ articles: data.articles, chunks });
}

type TypedArray = Uint32Array | Uint8Array | Int32Array;

/**
 * Fills the arrays, in order, from the file's bytes: each straight into its own aligned buffer
 * (reading the whole file and copying out of it would hold everything twice).
 */
async function readArrays(path: string, arrays: TypedArray[]): Promise<void> {
  const file = await open(path, 'r');
  try {
    let at = 0;
    for (const array of arrays) {
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      for (let done = 0; done < bytes.length;) {
        const { bytesRead } = await file.read(bytes, done, bytes.length - done, at + done);
        if (bytesRead === 0) throw new Error(`${path} is shorter than its header says`);
        done += bytesRead;
      }
      at += bytes.length;
    }
  } finally {
    await file.close();
  }
}

/** Writes to a temporary name, flushes to disk, then renames over the target. */
function writeAtomic(path: string, content: string | ArrayBufferView[]): void {
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    const parts = typeof content === 'string' ? [Buffer.from(content, 'utf8')] : content;
    for (const part of parts) {
      const buffer = Buffer.from(part.buffer, part.byteOffset, part.byteLength);
      for (let written = 0; written < buffer.length;) written += writeSync(fd, buffer, written);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Removes older generations and leftovers of interrupted saves. */
function removeUnreferenced(dir: string, manifest: Manifest): void {
  const keep = new Set<string>([MANIFEST, ...Object.values(manifest.files)]);
  for (const name of readdirSync(dir)) {
    if (!keep.has(name) && /^(store|lexical|vectors|journal|manifest)\..*(json|jsonl|bin|hnsw|tmp.*)$/.test(name))
      rmSync(join(dir, name), { force: true });
  }
}
