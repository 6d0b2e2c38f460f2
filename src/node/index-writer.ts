/**
 * The index folder as the admin API changes it: every change is journaled (fsynced) before it
 * is applied, and after enough changes the whole index is saved as a new generation (compacted
 * when holes pile up) and the journal starts again. A crash at any point leaves a manifest
 * naming a complete generation plus the complete records of its journal.
 *
 * @example
 * const writer = IndexWriter.open(dir, index, manifest, { embedder, createVectorIndex });
 * await writer.live.upsert(article);
 */
import { join } from 'node:path';
import type { BuiltIndex } from '../index/build.js';
import { compact, LiveIndex, needsCompaction, type ChangeRecord, type LiveIndexDeps } from '../index/live.js';
import { Journal } from './journal.js';
import { saveIndex, type Manifest } from './persist.js';

export interface IndexWriterOptions extends Omit<LiveIndexDeps, 'journal'> {
  /** Journal records after which the index is saved as a new generation. */
  checkpointEvery?: number;
  log?: (line: string) => void;
}

export class IndexWriter {
  readonly live: LiveIndex;
  private journal: Journal;
  private manifest: Manifest;
  private readonly checkpointEvery: number;
  private checkpointing = false;

  private constructor(
    private readonly dir: string,
    index: BuiltIndex,
    manifest: Manifest,
    private readonly options: IndexWriterOptions,
  ) {
    this.manifest = manifest;
    this.checkpointEvery = options.checkpointEvery ?? 500;
    this.journal = Journal.open(join(dir, manifest.files.journal));
    this.live = new LiveIndex(index, { ...options, journal: (record) => this.record(record) });
  }

  static open(dir: string, index: BuiltIndex, manifest: Manifest, options: IndexWriterOptions = {}): IndexWriter {
    return new IndexWriter(dir, index, manifest, options);
  }

  private record(record: ChangeRecord): void {
    this.journal.append(record);
    if (this.journal.length >= this.checkpointEvery && !this.checkpointing) {
      this.checkpointing = true;
      // After this change is applied: queued behind it, ahead of any later change.
      void this.live.serialize(async () => this.checkpoint()).finally(() => (this.checkpointing = false));
    }
  }

  /** Saves the current state as a new generation and starts an empty journal for it. */
  checkpoint(): Manifest {
    const index = this.live.index;
    if (needsCompaction(index)) Object.assign(index, compact(index, this.options.createVectorIndex));
    const { formatVersion: _v, createdAt: _c, files: _f, ...meta } = this.manifest;
    const manifest = saveIndex(this.dir, index, {
      ...meta,
      counts: { ...meta.counts, articles: index.store.articleCount, chunks: index.store.chunkCount },
      // The corpus on disk no longer describes this index: the next `npm run index` re-checks every article.
      corpusHash: 'changed-through-the-admin-api',
    });
    this.journal.close();
    this.manifest = manifest;
    this.journal = Journal.open(join(this.dir, manifest.files.journal));
    this.options.log?.(`Saved the index after ${this.checkpointEvery} changes (${manifest.counts.articles} articles).`);
    return manifest;
  }

  /** The generation on disk (its name and when it was saved) and the changes journaled since: for /metrics. */
  status(): { generation: string; savedAt: string; journal: number } {
    return {
      generation: this.manifest.files.journal.replace(/^journal\.|\.jsonl$/g, ''),
      savedAt: this.manifest.createdAt,
      journal: this.journal.length,
    };
  }

  close(): void {
    this.journal.close();
  }
}
