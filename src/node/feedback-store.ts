/**
 * Feedback on Node: one JSON record per line, appended to a file and flushed to disk (fsync)
 * before the reader is told it was received. Append-only, so a crash can cost at most the
 * record being written, never an earlier one; a torn last line is skipped (and counted) when
 * the file is read back.
 *
 * @example
 * const store = new JsonlFeedbackStore('.data/feedback.jsonl');
 * await store.append({ id, at, rating: 'down', reasons: ['wrong_info'], question, answer, citations: [] });
 * const { records, damaged } = readFeedback('.data/feedback.jsonl');
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FeedbackRecord, FeedbackStore } from '../server/feedback.js';

export class JsonlFeedbackStore implements FeedbackStore {
  /** Appends run one after another: records never interleave, even from concurrent requests. */
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  append(record: FeedbackRecord): Promise<void> {
    const line = `${JSON.stringify(record)}\n`;
    const next = this.queue.then(() => this.write(line));
    this.queue = next.catch(() => {});
    return next;
  }

  /**
   * Asynchronous on purpose: an fsync can take tens of milliseconds on a busy disk, and the
   * event loop meanwhile serves other readers' questions.
   */
  private async write(line: string): Promise<void> {
    const isNew = !existsSync(this.path);
    if (isNew) await mkdir(dirname(this.path), { recursive: true });
    const file = await open(this.path, 'a', 0o600);
    try {
      await file.writeFile(line);
      await file.sync();
    } finally {
      await file.close();
    }
    // A new file's name lives in its folder: flush the folder too, or a crash can lose the file.
    if (isNew) await syncDir(dirname(this.path));
  }
}

async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some platforms (Windows) cannot open a folder; the file itself is already flushed.
  }
}

/** Every record in the file, oldest first; `damaged` counts lines that are not a record (a torn write). */
export function readFeedback(path: string): { records: FeedbackRecord[]; damaged: number } {
  if (!existsSync(path)) return { records: [], damaged: 0 };
  const records: FeedbackRecord[] = [];
  let damaged = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const record = JSON.parse(line) as FeedbackRecord;
      if (record && (record.rating === 'up' || record.rating === 'down') && typeof record.question === 'string') records.push(record);
      else damaged++;
    } catch {
      damaged++;
    }
  }
  return { records, damaged };
}
