/**
 * Progress of long jobs (indexing, eval): a bar with rate and ETA on a terminal, plain log
 * lines every few seconds otherwise (CI logs, files), so neither fills with noise.
 */
export interface ProgressOptions {
  label: string;
  /** Unit of the counter, e.g. "articles". */
  unit: string;
  total?: number;
  stream?: NodeJS.WriteStream;
  /** Seconds between log lines when not on a terminal. */
  logEvery?: number;
}

export class Progress {
  private readonly started = performance.now();
  private lastDraw = 0;
  private readonly stream: NodeJS.WriteStream;
  private readonly tty: boolean;
  private total: number | undefined;

  constructor(private readonly options: ProgressOptions) {
    this.stream = options.stream ?? process.stderr;
    this.tty = Boolean(this.stream.isTTY);
    this.total = options.total;
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
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const { total } = this;
    const share = total ? Math.min(1, done / total) : undefined;
    const eta = share !== undefined && rate > 0 && total ? (total - done) / rate : undefined;
    const parts = [
      `${this.options.label}:`,
      share !== undefined && this.tty ? bar(share) : '',
      share !== undefined ? `${(share * 100).toFixed(0)}%` : '',
      `${done}${total ? `/${total}` : ''} ${this.options.unit}`,
      `${rate.toFixed(rate < 10 ? 1 : 0)}/s`,
      eta !== undefined ? `ETA ${formatSeconds(eta)}` : `${formatSeconds(seconds)}`,
      extra,
    ].filter(Boolean);
    if (this.tty) this.stream.write(`\r\x1b[2K${parts.join(' ')}`);
    else this.stream.write(`${parts.join(' ')}\n`);
  }
}

function bar(share: number, width = 24): string {
  const full = Math.round(share * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}]`;
}

function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(0)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
}
