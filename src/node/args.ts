/**
 * Command lines of every entry point (src/node/cli.ts, the eval, bench/, scripts/), on
 * `node:util` parseArgs in strict mode: a flag nobody declared is an error, so a typo never
 * silently runs with the default. Node-only (node:util), which is why src/config.ts takes the
 * flags already parsed ({@link configFlags}) and stays importable from runtime-agnostic code.
 *
 * Two things parseArgs does not do, done here:
 * - list flags take every value up to the next `--flag`, as the README documents
 *   (`--corpus corpus/ ../more/articles.jsonl --index .index/site`);
 * - its errors become a {@link UsageError} whose message says what to type instead.
 *
 * @example
 * const { values, positionals } = parseCommandLine(argv, {
 *   options: { corpus: { type: 'string', multiple: true }, k: { type: 'string' }, json: { type: 'boolean' } },
 *   lists: ['corpus'],
 *   allowPositionals: true,
 * });
 * const k = countFlag(values.k, '--k', 5);
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { ConfigFlags } from '../config.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CommandLineSpec<O extends Options> {
  options: O;
  /** Flags (declared `multiple: true`) that take every following value up to the next `--flag`. */
  lists?: readonly (keyof O & string)[];
  /** Whether arguments that are not flags are accepted (a question, a file). */
  allowPositionals?: boolean;
}

/**
 * A mistake on the command line. `unknown`: something that is not a flag (or argument) of this
 * command, answered with the usage; `value`: a known flag with a missing or wrong value.
 */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    message: string,
    readonly kind: 'unknown' | 'value',
  ) {
    super(message);
  }
}

export function parseCommandLine<const O extends Options>(argv: readonly string[], spec: CommandLineSpec<O>) {
  const args = expandLists(argv, spec.lists ?? []);
  const allowPositionals = spec.allowPositionals ?? false;
  try {
    return parseArgs({ args, options: spec.options, allowPositionals, strict: true });
  } catch (error) {
    if (!isParseArgsError(error)) throw error;
    throw explain(args, spec, error);
  }
}

/**
 * `--corpus a b c` → `--corpus=a --corpus=b --corpus=c`: the inline form keeps values that start
 * with "-" from being read as flags. Values stop at the next `--flag` (or `--`); `--corpus=a`
 * is one value, as it always was.
 */
export function expandLists(argv: readonly string[], lists: readonly string[]): string[] {
  const isValue = (next: string | undefined): next is string => next !== undefined && !next.startsWith('--');
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (!arg.startsWith('--') || !lists.includes(arg.slice(2)) || !isValue(argv[i + 1])) {
      out.push(arg);
      continue;
    }
    while (isValue(argv[i + 1])) out.push(`${arg}=${argv[++i]!}`);
  }
  return out;
}

function isParseArgsError(error: unknown): error is Error {
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/**
 * Finds the argument strict parsing refused by parsing again leniently with tokens, and says
 * what to do about it. Node's own messages name the problem but not our flags' forms.
 */
function explain<O extends Options>(args: string[], spec: CommandLineSpec<O>, error: Error): UsageError {
  const { tokens } = parseArgs({ args, options: spec.options, allowPositionals: true, strict: false, tokens: true });
  for (const token of tokens) {
    if (token.kind === 'positional' && !spec.allowPositionals) {
      return new UsageError(
        `Unexpected argument "${token.value}": this command takes flags only (a flag's value goes right after it).`,
        'unknown',
      );
    }
    if (token.kind !== 'option') continue;
    const option = spec.options[token.name];
    const flag = token.rawName;
    if (!option) return new UsageError(`Unknown flag ${flag}.${suggest(token.name, Object.keys(spec.options))}`, 'unknown');
    if (option.type === 'boolean' && token.inlineValue) return new UsageError(`${flag} is a switch: give it without a value.`, 'value');
    if (option.type === 'string' && (token.value === undefined || (!token.inlineValue && token.value.startsWith('-')))) {
      return new UsageError(
        spec.lists?.includes(token.name)
          ? `${flag} needs one or more values: ${flag} VALUE...`
          : `${flag} needs a value: ${flag} VALUE, or ${flag}=VALUE when it starts with "-".`,
        'value',
      );
    }
  }
  return new UsageError(error.message, 'unknown');
}

/** " Did you mean --limit?" for a flag a typo or two away from a declared one (one for short names). */
function suggest(name: string, known: readonly string[]): string {
  const close = known.find((k) => typoDistance(name, k) <= (k.length > 4 ? 2 : 1));
  if (close) return ` Did you mean --${close}?`;
  return known.includes('help') ? ' Run with --help for the flags.' : '';
}

/** Edits (insert, delete, replace, swap two neighbours) from a to b: `--jsno` is one from `--json`. */
function typoDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** A whole number ≥ min (default 1) from a flag's value, or the fallback when it is absent. */
export function countFlag(value: string | undefined, flag: string, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min) {
    throw new UsageError(
      `${flag} must be ${min === 1 ? 'a positive whole number' : `a whole number of at least ${min}`}, not "${value}".`,
      'value',
    );
  }
  return n;
}

/** A number > 0 from a flag's value, or the fallback when it is absent. */
export function positiveNumberFlag(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0)
    throw new UsageError(`${flag} must be a positive number, not "${value}".`, 'value');
  return n;
}

/** The configuration's flags (README, "Configuration"); their values are checked by loadConfig. */
export const CONFIG_OPTIONS = {
  port: { type: 'string' },
  corpus: { type: 'string', multiple: true },
  index: { type: 'string' },
  model: { type: 'string' },
  retriever: { type: 'string' },
  k: { type: 'string' },
  answerer: { type: 'string' },
} as const satisfies Options;

type ConfigValues = { [K in keyof typeof CONFIG_OPTIONS]?: (typeof CONFIG_OPTIONS)[K] extends { multiple: true } ? string[] : string };

/** The configuration's flags out of a command's parsed values, for loadConfig; the others stay with the caller. */
export function configFlags(values: ConfigValues): ConfigFlags {
  const { port, corpus, index, model, retriever, k, answerer } = values;
  return { port, corpus, index, model, retriever, k, answerer };
}

/**
 * Runs an entry point's `main` and sets the exit code the way every command of the project
 * does: what `main` resolves to; 2 with the usage for something that is not a flag or command;
 * 1 for an expected failure (one of `expected`, or a wrong value), printed as its message alone
 * since it says what to do; 1 with the whole error for anything else, which is a bug.
 */
export function runEntry(
  main: () => Promise<number>,
  usage: string,
  expected: readonly (abstract new (...args: never[]) => Error)[] = [],
): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (error instanceof UsageError && error.kind === 'unknown') {
        console.error(`${error.message}\n\n${usage}`);
        process.exitCode = 2;
        return;
      }
      const known = error instanceof UsageError || expected.some((type) => error instanceof type);
      console.error(known ? (error as Error).message : error);
      process.exitCode = 1;
    },
  );
}
