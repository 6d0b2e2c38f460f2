/** What a benchmark result must say about where it was measured: date, commit, machine, load. */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { REPO_ROOT } from './paths.js';

export interface RunMeta {
  date: string;
  commit: string;
  /** True when src/ had uncommitted changes: the figures are of the working tree, not the commit. */
  dirty: boolean;
  machine: string;
  node: string;
  /** 1-minute load average when the run started and ended: other jobs share the 2 cores. */
  loadAtStart: number;
  loadAtEnd?: number;
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

export function runMeta(): RunMeta {
  return {
    date: new Date().toISOString(),
    commit: git(['rev-parse', '--short', 'HEAD']) || 'unknown',
    dirty: git(['status', '--porcelain', '--', 'src', 'package.json']) !== '',
    machine: `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GB`,
    node: process.version,
    loadAtStart: loadavg()[0]!,
  };
}

export function currentLoad(): number {
  return loadavg()[0]!;
}
