/**
 * The question log on Node (HOIDAP_QUESTION_LOG=folder, off by default): one JSON record per
 * answered question (src/insights/types.ts), in one file per UTC day,
 * `questions-YYYY-MM-DD.jsonl`, so retention deletes whole files instead of rewriting one.
 *
 * Writes never block answering: `record()` only pushes the line into memory; a timer appends
 * the pending lines about once a second. No fsync: this is statistics, not a ledger, and a
 * crash loses at most the last second of questions (a torn last line is skipped and counted
 * when read back). If the disk cannot keep up, at most {@link MAX_PENDING} lines wait and later
 * ones are dropped and counted, rather than memory growing without bound.
 *
 * Retention (HOIDAP_QUESTION_LOG_DAYS, default 30) is enforced when the log opens and then
 * daily: day files entirely older than the cutoff are deleted, and the one day file the cutoff
 * falls into is rewritten without its older records, so nothing older than the retention stays.
 *
 * @example
 * const log = await QuestionLog.open('.data/questions', { days: 30 });
 * log.record(questionRecord(request, response, new Date()));
 * await log.close();                                   // flushes
 * const { records } = await readQuestionLog('.data/questions');
 */
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { QuestionRecord } from '../insights/types.js';

const FILE = /^questions-(\d{4}-\d{2}-\d{2})\.jsonl$/;
const DAY_MS = 86_400_000;
/** Lines waiting for the disk at most; ~1 minute of a very busy site's questions. */
const MAX_PENDING = 10_000;

export interface QuestionLogOptions {
  /** Days records are kept (at least 1). */
  days: number;
  /** Milliseconds between appends (default 1,000). */
  flushMs?: number;
  /** Where write failures and retention are reported. */
  log?: (line: string) => void;
  /** The clock, for tests of retention. */
  now?: () => Date;
}

export interface QuestionLogStats {
  /** Records appended to disk. */
  written: number;
  /** Records dropped: the queue was full or the disk refused them. */
  dropped: number;
  /** Records waiting to be written. */
  pending: number;
}

export class QuestionLog {
  /** Lines waiting to be appended, with the UTC day of their record. */
  private pending: { day: string; line: string }[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly retention: ReturnType<typeof setInterval>;
  private written = 0;
  private dropped = 0;
  private lastError = 0;

  private constructor(
    readonly dir: string,
    private readonly options: QuestionLogOptions,
  ) {
    // Daily, on a timer that never keeps the process alive.
    this.retention = setInterval(() => void this.enforceRetention(), DAY_MS);
    this.retention.unref();
  }

  static async open(dir: string, options: QuestionLogOptions): Promise<QuestionLog> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const log = new QuestionLog(dir, options);
    await log.enforceRetention();
    return log;
  }

  /** Queues one record; returns at once. */
  record(record: QuestionRecord): void {
    const day = record.at.slice(0, 10);
    // The day names the file: anything but a date would name another file.
    if (this.pending.length >= MAX_PENDING || !/^\d{4}-\d{2}-\d{2}$/.test(day)) {
      this.dropped++;
      return;
    }
    this.pending.push({ day, line: JSON.stringify(record) });
    this.timer ??= setTimeout(() => void this.flush(), this.options.flushMs ?? 1000);
  }

  /** Appends what is pending; resolves when it is written (or dropped, on a disk error). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const lines = this.pending;
    this.pending = [];
    if (lines.length) this.writing = this.writing.then(() => this.append(lines));
    return this.writing;
  }

  stats(): QuestionLogStats {
    return { written: this.written, dropped: this.dropped, pending: this.pending.length };
  }

  async close(): Promise<void> {
    clearInterval(this.retention);
    await this.flush();
  }

  /** Deletes what is older than the retention; returns how many records went. */
  async enforceRetention(): Promise<{ files: number; records: number }> {
    const now = (this.options.now ?? (() => new Date()))();
    try {
      const removed = await removeOlderThan(this.dir, new Date(now.getTime() - this.options.days * DAY_MS));
      if (removed.records || removed.files)
        this.options.log?.(
          `Question log: removed ${removed.files} day file(s) and ${removed.records} record(s) older than ${this.options.days} days.`,
        );
      return removed;
    } catch (error) {
      this.report(`could not enforce its retention (${(error as Error).message})`);
      return { files: 0, records: 0 };
    }
  }

  private async append(lines: { day: string; line: string }[]): Promise<void> {
    // Lines go to the file of their record's day; records arrive in time order, so usually one file.
    const byDay = new Map<string, string[]>();
    for (const { day, line } of lines) {
      const list = byDay.get(day) ?? [];
      list.push(line);
      byDay.set(day, list);
    }
    for (const [day, dayLines] of byDay) {
      try {
        await appendFile(join(this.dir, `questions-${day}.jsonl`), `${dayLines.join('\n')}\n`, { mode: 0o600 });
        this.written += dayLines.length;
      } catch (error) {
        this.dropped += dayLines.length;
        this.report(`dropped ${dayLines.length} record(s): ${(error as Error).message}`);
      }
    }
  }

  /** A failing disk would fail every second: said once a minute at most. */
  private report(what: string): void {
    if (Date.now() - this.lastError < 60_000) return;
    this.lastError = Date.now();
    (this.options.log ?? console.error)(`Question log ${this.dir}: ${what}.`);
  }
}

/** Deletes day files older than `cutoff` and the older records of the file it falls into. */
async function removeOlderThan(dir: string, cutoff: Date): Promise<{ files: number; records: number }> {
  const cutoffDay = cutoff.toISOString().slice(0, 10);
  const cutoffIso = cutoff.toISOString();
  let files = 0;
  let records = 0;
  for (const { name, day } of await dayFiles(dir)) {
    const path = join(dir, name);
    if (day < cutoffDay) {
      records += (await readLines(path)).length;
      await rm(path, { force: true });
      files++;
    } else if (day === cutoffDay) {
      const lines = await readLines(path);
      // ISO times in UTC compare as strings; a damaged line has no time and goes too.
      const kept = lines.filter((line) => (timeOf(line) ?? '') >= cutoffIso);
      if (kept.length === lines.length) continue;
      records += lines.length - kept.length;
      // Written aside and renamed: a crash leaves the old file or the new one, never half of one.
      const temp = `${path}.tmp`;
      await writeFile(temp, kept.length ? `${kept.join('\n')}\n` : '', { mode: 0o600 });
      await rename(temp, path);
    }
  }
  return { files, records };
}

async function dayFiles(dir: string): Promise<{ name: string; day: string }[]> {
  if (!existsSync(dir)) return [];
  const names = await readdir(dir);
  return names
    .map((name) => ({ name, day: FILE.exec(name)?.[1] }))
    .filter((f): f is { name: string; day: string } => f.day !== undefined)
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

async function readLines(path: string): Promise<string[]> {
  return (await readFile(path, 'utf8')).split('\n').filter((line) => line.trim() !== '');
}

function timeOf(line: string): string | undefined {
  try {
    const at = (JSON.parse(line) as { at?: unknown }).at;
    return typeof at === 'string' ? at : undefined;
  } catch {
    return undefined;
  }
}

/** The records of the day files from `since` on, oldest first; `damaged` counts lines that are not records. */
export async function readQuestionLog(dir: string, since?: Date): Promise<{ records: QuestionRecord[]; damaged: number }> {
  const sinceIso = since?.toISOString() ?? '';
  const sinceDay = sinceIso.slice(0, 10);
  const records: QuestionRecord[] = [];
  let damaged = 0;
  for (const { name, day } of await dayFiles(dir)) {
    if (day < sinceDay) continue;
    for (const line of await readLines(join(dir, name))) {
      try {
        const record = JSON.parse(line) as QuestionRecord;
        if (typeof record?.at !== 'string' || typeof record.question !== 'string' || typeof record.found !== 'boolean') damaged++;
        else if (record.at >= sinceIso) records.push(record);
      } catch {
        damaged++;
      }
    }
  }
  return { records, damaged };
}
