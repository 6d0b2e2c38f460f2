/**
 * Progress of long jobs (indexing, eval): one line redrawn in place on a terminal (a bar,
 * done/total, percentage, rate, time left), plain log lines every few seconds otherwise (CI
 * logs, files), so neither fills with noise. The total may arrive after the job started (the
 * corpus is counted while it is indexed, {@link countCorpusInputs}): until then the line shows
 * what is done and the time spent.
 *
 * @example
 * const progress = new Progress({ label: 'index', unit: 'articles' });
 * void countCorpusInputs(['corpus/']).then((n) => progress.setTotal(n));
 * for (…) progress.update(done, `${chunks} chunks`);
 * progress.finish(done);
 */
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { formatOfExtension } from '../corpus/read.js';
import { listCorpusFiles } from './corpus-files.js';

export interface ProgressOptions {
  label: string;
  /** Unit of the counter, e.g. "articles". */
  unit: string;
  total?: number;
  stream?: NodeJS.WriteStream;
  /** Seconds between log lines when not on a terminal. */
  logEvery?: number;
}

/** One state of a job, as {@link formatProgress} writes it. */
export interface ProgressState {
  label: string;
  unit: string;
  done: number;
  /** Unknown (not yet counted) when undefined. */
  total?: number | undefined;
  /** Inputs read but not done (bad lines, duplicates): they count toward the total, and are shown apart. */
  skipped?: number;
  /** Since the job started. */
  seconds: number;
  /** Anything else worth seeing, at the end of the line. */
  extra?: string;
  /** A bar too, for a terminal. */
  bar?: boolean;
}

export class Progress {
  private readonly started = performance.now();
  /** When the last line was drawn; the first update draws at once. */
  private lastDraw = -Infinity;
  private readonly stream: NodeJS.WriteStream;
  private readonly tty: boolean;
  private total: number | undefined;
  private skipped = 0;

  constructor(private readonly options: ProgressOptions) {
    this.stream = options.stream ?? process.stderr;
    this.tty = Boolean(this.stream.isTTY);
    this.total = options.total;
  }

  /** The job's size, once known: from the next line on, done/total, percentage and time left. */
  setTotal(total: number): void {
    this.total = total;
  }

  /** An input read but not done (skipped): it counts toward the total. */
  skip(): void {
    this.skipped++;
  }

  update(done: number, extra = '', total = this.total): void {
    this.total = total;
    const now = performance.now();
    const every = this.tty ? 100 : (this.options.logEvery ?? 5) * 1000;
    if (now - this.lastDraw < every) return;
    this.lastDraw = now;
    this.draw(done, extra, now);
  }

  finish(done: number, extra = ''): void {
    this.draw(done, extra, performance.now());
    if (this.tty) this.stream.write('\n');
  }

  private draw(done: number, extra: string, now: number): void {
    const line = formatProgress({
      label: this.options.label,
      unit: this.options.unit,
      done,
      total: this.total,
      skipped: this.skipped,
      seconds: (now - this.started) / 1000,
      extra,
      bar: this.tty,
    });
    // On a terminal the line is redrawn in place (\r, then erase the line); elsewhere each is a log line.
    if (this.tty) this.stream.write(`\r\x1b[2K${line}`);
    else this.stream.write(`${line}\n`);
  }
}

/**
 * `index: [#########...............] 37% 3700/10000 articles · 52/s · 1m11s elapsed · 2m01s left · 14233 chunks`.
 * Skipped inputs count as read (`3700` above) and are named at the end. Time left is the work
 * left at the rate so far; a count that passes its total (the total was an estimate) shows 100%
 * and no time left rather than a negative one.
 */
export function formatProgress(state: ProgressState): string {
  const { total, seconds } = state;
  const skipped = state.skipped ?? 0;
  const done = state.done + skipped;
  // A rate from the first fraction of a second says nothing ("66849/s" for the first article).
  const rate = seconds >= 1 ? done / seconds : 0;
  const known = total !== undefined && total > 0;
  const share = known ? Math.min(1, done / total) : undefined;
  const left = known && rate > 0 ? Math.max(0, total - done) / rate : undefined;
  const head = [
    `${state.label}:`,
    share !== undefined && state.bar ? bar(share) : '',
    share !== undefined ? `${Math.floor(share * 100)}%` : '',
    `${done}${known ? `/${total}` : ''} ${state.unit}`,
  ].filter(Boolean);
  const tail = [
    rate > 0 ? `${rate.toFixed(rate < 10 ? 1 : 0)}/s` : '',
    `${formatSeconds(seconds)} elapsed`,
    left !== undefined && left > 0 ? `${formatSeconds(left)} left` : '',
    state.extra ?? '',
    skipped > 0 ? `${skipped} skipped` : '',
  ].filter(Boolean);
  return `${head.join(' ')} · ${tail.join(' · ')}`;
}

function bar(share: number, width = 24): string {
  const full = Math.round(share * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}]`;
}

/** 42s, 3m07s, 2h05m: whole seconds, rounded once (so 59.6 s is 1m00s, never 0m60s). */
export function formatSeconds(s: number): string {
  const whole = Math.round(s);
  if (whole < 60) return `${whole}s`;
  if (whole < 3600) return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
  const minutes = Math.round(whole / 60);
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/**
 * How many inputs indexing `paths` reads: one per JSONL line that is not blank, one per other
 * file (an article, or a skipped input: both count as done). Reads the JSONL files' bytes
 * without decoding or parsing them, about a second per gigabyte from a warm cache.
 */
export async function countCorpusInputs(paths: readonly string[]): Promise<number> {
  let count = 0;
  for (const file of await listCorpusFiles(paths)) {
    count += formatOfExtension(extname(file.path).toLowerCase()) === 'jsonl' ? await countNonBlankLines(file.path) : 1;
  }
  return count;
}

const NEWLINE = 0x0a;
/** Space, tab and carriage return: a line of only these is blank (the JSONL reader skips it). */
const isBlank = (byte: number) => byte === 0x20 || byte === 0x09 || byte === 0x0d;

/** Lines with something other than whitespace on them, the last one with or without its newline. */
export async function countNonBlankLines(path: string): Promise<number> {
  let count = 0;
  // Whether the line being read (which may continue in the next chunk) has content yet.
  let content = false;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let i = 0;
    while (i < chunk.length) {
      if (!content) {
        const byte = chunk[i]!;
        if (byte === NEWLINE || isBlank(byte)) {
          i++;
          continue;
        }
        content = true;
      }
      // A line with content: jump to its end without looking at its bytes.
      const end = chunk.indexOf(NEWLINE, i);
      if (end === -1) break;
      count++;
      content = false;
      i = end + 1;
    }
  }
  return content ? count + 1 : count;
}
