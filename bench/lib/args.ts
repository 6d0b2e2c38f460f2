/**
 * Flags of the bench scripts: `--name value`, `--name v1 v2` for lists, `--flag` alone for
 * booleans. Unknown flags are an error, so a typo does not silently run the default benchmark.
 */
export interface FlagSpec {
  /** Flags that take several values until the next flag. */
  lists?: readonly string[];
  /** Flags that take no value. */
  booleans?: readonly string[];
  /** Flags that take one value. */
  values?: readonly string[];
}

export function parseFlags(argv: readonly string[], spec: FlagSpec): Map<string, string[]> {
  const flags = new Map<string, string[]>();
  const known = new Set([...(spec.lists ?? []), ...(spec.booleans ?? []), ...(spec.values ?? []), 'help']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`Unexpected argument "${arg}".`);
    const name = arg.slice(2);
    if (!known.has(name)) throw new Error(`Unknown flag --${name}.`);
    const values: string[] = [];
    if (spec.lists?.includes(name)) while (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) values.push(argv[++i]!);
    else if (spec.values?.includes(name)) {
      const value = argv[++i];
      if (value === undefined) throw new Error(`--${name} needs a value.`);
      values.push(value);
    } else values.push('true');
    flags.set(name, values);
  }
  return flags;
}

export function numberFlag(flags: Map<string, string[]>, name: string, fallback: number): number {
  const value = flags.get(name)?.[0];
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, not "${value}".`);
  return n;
}
