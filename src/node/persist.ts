/**
 * The index directory on disk. Every save writes a new generation of files under temporary
 * names, flushes and renames them, and only then replaces manifest.json (itself written the
 * same way): a crash at any point leaves the previous manifest naming a complete, older set.
 *
 * index/
 *   manifest.json            format version, model, dimensions, counts, corpus hash, file names
 *   store.<gen>.json         articles and chunks (what citations are built from)
 *   lexical.<gen>.json       the lexical index's terms
 *   lexical.<gen>.bin        its postings and doc lengths, as raw typed arrays
 *   vectors.<gen>.hnsw       the hnswlib graph
 *   journal.<gen>.jsonl      changes since this generation was written (see journal.ts)
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { LexicalIndex, type LexicalIndexData } from '../index/lexical.js';
import { PassageStore, type PassageStoreData } from '../index/store.js';
import type { BuiltIndex } from '../index/build.js';
import { LiveIndex } from '../index/live.js';
import { readJournal } from './journal.js';
import { HnswVectorIndex, type HnswSettings } from './hnsw.js';

/** Bumped whenever the files' layout or meaning changes: older indexes are rebuilt, never misread. */
export const INDEX_FORMAT_VERSION = 1;

export interface Manifest {
  formatVersion: number;
  createdAt: string;
  /** Hash of the corpus files' paths and bytes: a different corpus means a stale index. */
  corpusHash: string;
  corpus: string[];
  counts: { articles: number; chunks: number; skipped: number };
  /** The embedding model, or null for a lexical-only index. */
  model: { id: string; dimensions: number } | null;
  hnsw: HnswSettings | null;
  /** What the passages were cut and indexed with; a change means re-indexing. */
  pipelineVersion: string;
  files: { store: string; lexicalTerms: string; lexicalArrays: string; vectors?: string; journal: string };
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
    lexicalTerms: `lexical.${gen}.json`,
    lexicalArrays: `lexical.${gen}.bin`,
    ...(index.vectors ? { vectors: `vectors.${gen}.hnsw` } : {}),
    journal: `journal.${gen}.jsonl`,
  };
  writeAtomic(join(dir, files.store), JSON.stringify(index.store.toJSON()));
  const { terms, offsets, docs, tfs, docLengths } = index.lexical.snapshot();
  writeAtomic(join(dir, files.lexicalTerms), JSON.stringify({ terms, lengths: [offsets.length, docs.length, tfs.length, docLengths.length] }));
  writeAtomic(join(dir, files.lexicalArrays), [offsets, docs, docLengths, tfs]);
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

export function loadIndex(dir: string): LoadedIndex {
  const manifest = readManifest(dir);
  if (!manifest) throw new IndexLoadError(`No index in ${dir} (no ${MANIFEST}): run \`npm run index\` first.`);
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) {
    throw new IndexLoadError(
      `The index in ${dir} has format ${manifest.formatVersion}, this version reads ${INDEX_FORMAT_VERSION}: rebuild it with \`npm run index\`.`,
    );
  }
  try {
    const store = new PassageStore(JSON.parse(readFileSync(join(dir, manifest.files.store), 'utf8')) as PassageStoreData);
    const header = JSON.parse(readFileSync(join(dir, manifest.files.lexicalTerms), 'utf8')) as { terms: string[]; lengths: number[] };
    const [offsetsLength, docsLength, tfsLength, docLengthsLength] = header.lengths as [number, number, number, number];
    const bytes = readFileSync(join(dir, manifest.files.lexicalArrays));
    let at = 0;
    const take = <T>(make: (buffer: ArrayBuffer, offset: number, length: number) => T, length: number, size: number): T => {
      // A copy into a fresh, aligned buffer: typed arrays need offsets that are multiples of their size.
      const slice = bytes.buffer.slice(bytes.byteOffset + at, bytes.byteOffset + at + length * size);
      at += length * size;
      return make(slice, 0, length);
    };
    const data: LexicalIndexData = {
      terms: header.terms,
      offsets: take((b, o, l) => new Uint32Array(b, o, l), offsetsLength, 4),
      docs: take((b, o, l) => new Uint32Array(b, o, l), docsLength, 4),
      docLengths: take((b, o, l) => new Uint32Array(b, o, l), docLengthsLength, 4),
      tfs: take((b, o, l) => new Uint16Array(b, o, l), tfsLength, 2),
    };
    const lexical = new LexicalIndex(data);
    const vectors =
      manifest.files.vectors && manifest.model && manifest.hnsw
        ? HnswVectorIndex.read(join(dir, manifest.files.vectors), manifest.model.dimensions, manifest.hnsw)
        : undefined;
    // hnswlib keeps its delete marks in the file; the holes in the store say which they are.
    vectors?.markDeleted(store.chunks.flatMap((chunk, doc) => (chunk ? [] : [doc])));
    const index: LoadedIndex = { manifest, store, lexical, ...(vectors ? { vectors } : {}), journaled: 0 };
    // Changes made after this generation was written: applied with their stored vectors.
    const { records } = readJournal(join(dir, manifest.files.journal));
    const live = new LiveIndex(index, manifest.model && manifest.hnsw ? { createVectorIndex: (d) => HnswVectorIndex.create(d, manifest.hnsw!) } : {});
    for (const record of records) live.apply(record);
    index.journaled = records.length;
    return index;
  } catch (error) {
    throw new IndexLoadError(`The index in ${dir} cannot be read (${(error as Error).message}): rebuild it with \`npm run index\`.`);
  }
}

/** Writes to a temporary name, flushes to disk, then renames over the target. */
export function writeAtomic(path: string, content: string | ArrayBufferView[]): void {
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    const parts = typeof content === 'string' ? [Buffer.from(content, 'utf8')] : content;
    for (const part of parts) {
      const buffer = Buffer.from(part.buffer, part.byteOffset, part.byteLength);
      for (let written = 0; written < buffer.length; ) written += writeSync(fd, buffer, written);
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
    if (!keep.has(name) && /^(store|lexical|vectors|journal|manifest)\..*(json|jsonl|bin|hnsw|tmp.*)$/.test(name)) rmSync(join(dir, name), { force: true });
  }
}
