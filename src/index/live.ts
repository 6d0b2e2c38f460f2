/**
 * The index while the newsroom publishes: articles are added, corrected and deleted one at a
 * time, and each change is answerable at once, without a restart.
 *
 * A change is first computed (chunks, vectors: only chunks whose text changed are embedded,
 * the others reuse their vectors), then handed to the journal (made durable by the caller),
 * then applied in one synchronous step, so a question asked meanwhile sees the old version or
 * the new one, never a mix. Replaying the journal after a restart applies the same records,
 * with their vectors, and never re-embeds.
 *
 * @example
 * const live = new LiveIndex(index, { embedder, journal: (r) => appendJournal(dir, r) });
 * await live.upsert(article); // { status: 'updated', chunks: 5, embedded: 1, reused: 4 }
 * await live.remove('bai-viet-cu');
 */
import type { Article, Chunk } from '../corpus/article.js';
import { chunkArticle } from '../corpus/chunk.js';
import { articleHash } from './article-hash.js';
import { passageEmbeddingText, type BuiltIndex, type PassageEmbedder } from './build.js';
import { LexicalIndexBuilder } from './lexical.js';
import { PassageStore, type StoredArticle } from './store.js';
import { passageTerms } from './terms.js';
import type { Suggester } from './suggest-check.js';
import type { VectorIndex } from './vector.js';

/** An article's record without its doc numbers, as the journal keeps it. */
export type ArticleRecord = Omit<StoredArticle, 'firstChunk' | 'chunkCount'>;

/** What the index keeps of an article besides its chunks: the Node index and the Workers index alike. */
export function articleRecord(article: Article, hash: string, indexedAt: Date): ArticleRecord {
  return {
    id: article.id,
    title: article.title,
    url: article.url,
    publishedAt: article.publishedAt,
    ...(article.category ? { category: article.category } : {}),
    hash,
    indexedAt: indexedAt.toISOString(),
  };
}

/** One change, as journaled and replayed. Vectors are base64 of little-endian float32. */
export type ChangeRecord =
  { op: 'put'; article: ArticleRecord; chunks: Chunk[]; vectors?: string[] } | { op: 'delete'; id: string; at: string };

export interface UpsertResult {
  status: 'added' | 'updated' | 'unchanged';
  chunks: number;
  /** Chunks embedded by the model for this change. */
  embedded: number;
  /** Chunks whose vector was reused because their text did not change. */
  reused: number;
}

export interface LiveIndexDeps {
  embedder?: PassageEmbedder;
  /** Creates the vector index when the first vectors arrive in an index that had none. */
  createVectorIndex?: (dimensions: number) => VectorIndex;
  /** Makes a change durable before it is applied (the journal file); absent: changes live in memory. */
  journal?: (record: ChangeRecord) => Promise<void> | void;
  /**
   * Writes the suggested questions of each added or changed article; checked against the
   * reader's answers from the article's new chunks when it has a checker (src/index/suggest-check.ts).
   * Absent: no suggestions.
   */
  suggester?: Suggester;
  /** The clock, for indexedAt; tests fix it. */
  now?: () => Date;
}

export class LiveIndex {
  readonly index: BuiltIndex;
  private readonly deps: LiveIndexDeps;
  /** Changes are applied one at a time, in arrival order. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(index: BuiltIndex, deps: LiveIndexDeps = {}) {
    this.index = index;
    this.deps = deps;
  }

  /** Adds or replaces an article. Unchanged content (same hash) does nothing. */
  upsert(article: Article): Promise<UpsertResult> {
    return this.serialize(async () => {
      const hash = await articleHash(article);
      const { store } = this.index;
      const previous = store.article(article.id);
      if (previous?.hash === hash) return { status: 'unchanged', chunks: previous.chunkCount, embedded: 0, reused: 0 };
      const chunks = chunkArticle(article);
      if (chunks.length === 0) throw new Error(`Article ${article.id} has no text to index.`);

      const { vectors, embedded, reused } = await this.vectorsFor(article, chunks, previous);
      const fields = articleRecord(article, hash, this.deps.now?.() ?? new Date());
      const record: ChangeRecord = {
        op: 'put',
        article: { ...fields, ...(this.deps.suggester ? { suggestions: this.suggestionsFor(article, fields, chunks) } : {}) },
        chunks,
        ...(vectors ? { vectors: vectors.map(encodeVector) } : {}),
      };
      await this.deps.journal?.(record);
      this.apply(record, vectors);
      return { status: previous ? 'updated' : 'added', chunks: chunks.length, embedded, reused };
    });
  }

  /** Deletes an article; false when there was none. */
  remove(id: string): Promise<boolean> {
    return this.serialize(async () => {
      if (!this.index.store.article(id)) return false;
      const record: ChangeRecord = { op: 'delete', id, at: (this.deps.now?.() ?? new Date()).toISOString() };
      await this.deps.journal?.(record);
      this.apply(record);
      return true;
    });
  }

  /** Runs work after every change queued before it: updates never interleave. */
  serialize<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Applies a change to the store and both indexes in one synchronous step. Used for new
   * changes and for journal replay alike, so both reach the same state and doc numbers.
   */
  apply(record: ChangeRecord, decoded?: Float32Array[]): void {
    const { store, lexical } = this.index;
    if (record.op === 'delete') {
      const range = store.remove(record.id);
      if (range) this.forget(range);
      return;
    }
    const vectors = decoded ?? record.vectors?.map(decodeVector);
    const { first, replaced } = store.put(record.article, record.chunks);
    if (replaced) this.forget(replaced);
    record.chunks.forEach((chunk, i) => {
      const { terms, length } = passageTerms(record.article.title, chunk.text);
      const doc = lexical.append(terms, length);
      if (doc !== first + i)
        throw new Error(`Index out of step: lexical doc ${doc}, store doc ${first + i}. Rebuild with npm run index -- --force.`);
      const vector = vectors?.[i];
      if (vector) {
        this.index.vectors ??= this.deps.createVectorIndex?.(vector.length);
        this.index.vectors?.add(doc, vector);
      }
    });
  }

  /**
   * Checked against the new chunks before the change is journaled: the journal keeps the
   * suggestions, and replaying it never runs the reader. The idf is the index's as it is (the
   * old version of the article included): one article moves it little.
   */
  private suggestionsFor(article: Article, fields: ArticleRecord, chunks: Chunk[]): string[] {
    const suggester = this.deps.suggester!;
    const lexical = this.index.lexical;
    // Not stored yet: its doc numbers are not known, and the check does not need them.
    const stored = { ...fields, firstChunk: 0, chunkCount: chunks.length };
    return suggester.suggest(article, { article: stored, chunks, idf: (term) => lexical.idf(term) });
  }

  private forget(range: { start: number; end: number }): void {
    this.index.lexical.remove(range.start, range.end);
    for (let doc = range.start; doc < range.end; doc++) this.index.vectors?.remove(doc);
  }

  /** Vectors for the new chunks: reused where the embedded text is unchanged, embedded otherwise. */
  private async vectorsFor(article: Article, chunks: Chunk[], previous: StoredArticle | undefined) {
    const { embedder } = this.deps;
    const vectorIndex = this.index.vectors;
    if (!embedder || (!vectorIndex && !this.deps.createVectorIndex)) return { vectors: undefined, embedded: 0, reused: 0 };
    const texts = chunks.map((c) => passageEmbeddingText(article.title, c.text));
    const old = new Map<string, number>();
    if (previous && vectorIndex) {
      for (let doc = previous.firstChunk; doc < previous.firstChunk + previous.chunkCount; doc++) {
        old.set(passageEmbeddingText(previous.title, this.index.store.chunk(doc).text), doc);
      }
    }
    const vectors: (Float32Array | undefined)[] = texts.map((t) => {
      const doc = old.get(t);
      return doc === undefined ? undefined : vectorIndex!.vector(doc);
    });
    const missing = vectors.flatMap((v, i) => (v ? [] : [i]));
    const fresh = missing.length ? await embedder.embedPassages(missing.map((i) => texts[i]!)) : [];
    missing.forEach((i, j) => (vectors[i] = fresh[j]));
    return { vectors: vectors as Float32Array[], embedded: missing.length, reused: chunks.length - missing.length };
  }
}

function encodeVector(vector: Float32Array): string {
  const bytes = new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function decodeVector(text: string): Float32Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}

/** Share of holes (deleted or replaced chunks) above which a save renumbers everything. */
const COMPACT_AT_HOLE_SHARE = 0.2;

/** True when enough doc numbers are holes that rewriting the index is worth its cost. */
export function needsCompaction(index: BuiltIndex): boolean {
  const docs = index.store.docCount;
  return docs > 0 && (docs - index.store.chunkCount) / docs > COMPACT_AT_HOLE_SHARE;
}

/**
 * A fresh index with only the live chunks, numbered contiguously: the store and the lexical
 * index are rebuilt from the stored texts, the vector graph from the stored vectors (nothing is
 * re-embedded).
 */
export function compact(index: BuiltIndex, createVectorIndex?: (dimensions: number) => VectorIndex): BuiltIndex {
  const fresh = new LiveIndex(
    { store: new PassageStore({ articles: [], chunks: [] }), lexical: new LexicalIndexBuilder().finish() },
    createVectorIndex ? { createVectorIndex } : {},
  );
  for (const article of index.store.articles) {
    const docs = Array.from({ length: article.chunkCount }, (_, i) => article.firstChunk + i);
    const vectors = index.vectors ? docs.map((doc) => index.vectors!.vector(doc)) : undefined;
    const complete = vectors?.every((v): v is Float32Array => v !== undefined) ? vectors : undefined;
    const { firstChunk: _first, chunkCount: _count, ...record } = article;
    fresh.apply({ op: 'put', article: record, chunks: docs.map((doc) => index.store.chunk(doc)) }, complete);
  }
  return fresh.index;
}
