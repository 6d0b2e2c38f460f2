/**
 * Child processes for benchmarks: the project's CLI run under Node with tsx as a loader (not
 * the `tsx` binary, which would put a wrapper process between us and the one we measure), and
 * its memory read from /proc while it runs.
 *
 * @example
 * const child = spawnCli(['index', '--corpus', 'corpus'], { env });
 * const memory = watchMemory(child.pid!);
 * await exited(child);
 * memory.stop().peakMb;
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { REPO_ROOT } from './paths.js';

export interface SpawnCliOptions {
  env?: NodeJS.ProcessEnv;
  /** Extra Node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  stdio?: StdioOptions;
}

/** `node --import tsx src/node/cli.ts ...args` in the repository root. */
export function spawnCli(args: string[], options: SpawnCliOptions = {}): ChildProcess {
  return spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', 'src/node/cli.ts', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: options.stdio ?? ['ignore', 'ignore', 'pipe'],
  });
}

/** Resolves with the exit code; rejects when the process could not start. */
export function exited(child: ChildProcess): Promise<number> {
  return new Promise((done, fail) => {
    if (child.exitCode !== null) return done(child.exitCode);
    child.once('error', fail);
    child.once('exit', (code, signal) => done(code ?? (signal ? 128 : 1)));
  });
}

/** VmRSS and VmHWM (peak resident set) of a live process, in MB; undefined once it is gone. */
export function readMemory(pid: number): { rssMb: number; peakMb: number } | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  const rssMb = kb('VmRSS') / 1024;
  const peakMb = kb('VmHWM') / 1024;
  // An exited process not yet reaped (a zombie) has a status without memory lines.
  return Number.isNaN(rssMb) || Number.isNaN(peakMb) ? undefined : { rssMb, peakMb };
}

export interface MemoryWatch {
  /** Stops sampling; the peak is the kernel's own high-water mark (VmHWM) at the last sample. */
  stop(): { peakMb: number; lastRssMb: number };
}

/**
 * Samples the process every `everyMs`. VmHWM is the kernel's peak, so a short spike between
 * two samples is still counted; only the last interval before exit can be missed.
 */
export function watchMemory(pid: number, everyMs = 200): MemoryWatch {
  let peakMb = 0;
  let lastRssMb = 0;
  const sample = () => {
    const m = readMemory(pid);
    if (!m) return;
    peakMb = Math.max(peakMb, m.peakMb, m.rssMb);
    lastRssMb = m.rssMb;
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      sample();
      clearInterval(timer);
      return { peakMb, lastRssMb };
    },
  };
}

/** Collects a child's stderr (the CLI logs there) so a failure can be shown. */
export function captureStderr(child: ChildProcess, keepChars = 20_000): () => string {
  let text = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    text = (text + chunk).slice(-keepChars);
  });
  return () => text;
}
