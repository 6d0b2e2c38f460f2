/**
 * The eval's files and surroundings, on Node: reading the set, thresholds and baseline files,
 * writing reports, choosing the index folder of a corpus, and recording what a run was made with
 * (commit, machine, model fingerprints) so results can be compared. Kept apart from src/eval/,
 * which is runtime-agnostic.
 *
 * @example
 * evalIndexDir(['../shared/datasets/xquad-vi/passages.jsonl']) // '.index/eval-ab04a8d70ab5'
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { Thresholds } from '../eval/metrics.js';
import type { EvalReport } from '../eval/report.js';
import { parseEvalSet, type EvalSet } from '../eval/set.js';
import { REPO_ROOT, resolvePath } from './runtime.js';

export function readEvalSet(path: string): EvalSet {
  const resolved = resolvePath(path);
  let text: string;
  try {
    text = readFileSync(resolved, 'utf8');
  } catch {
    throw new EvalInputError(`Cannot read the eval set ${resolved}: give a JSONL file with --set (e.g. evals/own.jsonl).`);
  }
  return parseEvalSet(text, path);
}

export interface ThresholdsFile extends Thresholds {
  /** The set the thresholds were measured on, used when --set is not given. */
  set?: string;
}

export function readThresholds(path: string): ThresholdsFile {
  const resolved = resolvePath(path);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(resolved, 'utf8'));
  } catch (error) {
    throw new EvalInputError(`Cannot read the thresholds ${resolved}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof value !== 'object' || value === null) throw new EvalInputError(`${resolved} must hold a JSON object {set?, min?, max?}.`);
  const record = value as Record<string, unknown>;
  const bounds = (key: string): Record<string, number> | undefined => {
    const b = record[key];
    if (b === undefined) return undefined;
    if (typeof b !== 'object' || b === null || !Object.values(b).every((v) => typeof v === 'number')) {
      throw new EvalInputError(`"${key}" in ${resolved} must map metric names to numbers.`);
    }
    return b as Record<string, number>;
  };
  const min = bounds('min');
  const max = bounds('max');
  return {
    ...(typeof record['set'] === 'string' ? { set: record['set'] } : {}),
    ...(min ? { min } : {}),
    ...(max ? { max } : {}),
  };
}

/** A JSON report of an earlier run (--json), to compare against. */
export function readBaseline(path: string): EvalReport {
  try {
    return JSON.parse(readFileSync(resolve(path), 'utf8')) as EvalReport;
  } catch (error) {
    throw new EvalInputError(
      `Cannot read the baseline ${path} (a --json report of an earlier run): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Writes a report, creating its folder. */
export function writeReport(path: string, text: string): void {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  writeFileSync(path, text);
}

/**
 * The index folder of an eval corpus: one per set of input paths, so corpora do not overwrite
 * each other's index and a second run on the same corpus finds its own (the manifest's corpus
 * hash then decides whether it is still current).
 */
export function evalIndexDir(paths: readonly string[]): string {
  const resolved = paths.map(resolvePath).sort();
  const id = createHash('sha256').update(resolved.join('\n')).digest('hex').slice(0, 12);
  return join('.index', `eval-${id}`);
}

/** The short commit of the checkout, or null outside git. */
export function gitCommit(): string | null {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return dirty ? `${head}+changes` : head;
  } catch {
    return null;
  }
}

export function machine(): { cpus: number; memoryGb: number; node: string } {
  return { cpus: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.versions.node };
}

/**
 * "name@<12 hex>" of a model file or folder (its files' bytes, in name order), or null when absent.
 * The index manifest knows a model only by name, and a retrained model keeps its name: the
 * fingerprint in each report tells which weights produced its numbers.
 */
export function fingerprint(path: string): string | null {
  const root = resolvePath(path);
  if (!existsSync(root)) return null;
  const hash = createHash('sha256');
  const add = (file: string, rel: string) => {
    const stat = statSync(file);
    if (stat.isDirectory()) for (const name of readdirSync(file).sort()) add(join(file, name), `${rel}/${name}`);
    else hash.update(`${rel}\0`).update(readFileSync(file));
  };
  add(root, '');
  return `${basename(root)}@${hash.digest('hex').slice(0, 12)}`;
}

/** A mistake in the eval's inputs: the message says what to do. */
export class EvalInputError extends Error {
  override name = 'EvalInputError';
}
