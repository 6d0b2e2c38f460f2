/**
 * The change journal of an index generation: one JSON line per change (article put or
 * delete), appended and fsynced before the change is applied. A process killed mid-append
 * leaves a torn last line: reading stops there (that change never happened), and opening for
 * append cuts it off first.
 *
 * @example
 * const journal = Journal.open('.index/default/journal.abc.jsonl');
 * journal.append({ op: 'delete', id: 'bai-1', at: new Date().toISOString() });
 */
import { closeSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { ChangeRecord } from '../index/live.js';

/** The complete records of a journal file, and the byte length they span. */
export function readJournal(path: string): { records: ChangeRecord[]; validBytes: number } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return { records: [], validBytes: 0 };
  }
  const records: ChangeRecord[] = [];
  let start = 0;
  for (;;) {
    const end = bytes.indexOf(0x0a, start);
    if (end < 0) break; // no newline: a torn last line
    try {
      records.push(JSON.parse(bytes.subarray(start, end).toString('utf8')) as ChangeRecord);
    } catch {
      break; // a torn or damaged record ends the journal
    }
    start = end + 1;
  }
  return { records, validBytes: start };
}

export class Journal {
  private constructor(
    readonly path: string,
    private fd: number,
    private count: number,
  ) {}

  /** Opens for appending, after cutting off anything past the last complete record. */
  static open(path: string): Journal {
    const { records, validBytes } = readJournal(path);
    const fd = openSync(path, 'a+');
    ftruncateSync(fd, validBytes);
    fsyncSync(fd);
    return new Journal(path, fd, records.length);
  }

  /** Records appended since the generation was written. */
  get length(): number {
    return this.count;
  }

  append(record: ChangeRecord): void {
    const line = Buffer.from(`${JSON.stringify(record)}\n`, 'utf8');
    for (let written = 0; written < line.length;) written += writeSync(this.fd, line, written);
    fsyncSync(this.fd);
    this.count++;
  }

  close(): void {
    closeSync(this.fd);
  }
}
