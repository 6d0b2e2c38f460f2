/**
 * The configuration, read once from flags and environment into one typed object. Flags win
 * over environment variables, which win over the defaults. Every later module receives the
 * parts it needs from here; nothing else reads `process.env`.
 *
 * @example
 * const { config, positionals } = loadConfig(process.env, ['ask', 'Ai?', '--json']);
 */
import type { RetrieverMode } from './index/retriever.js';

export interface Config {
  /** HTTP port (PORT, --port). */
  port: number;
  /** Interface to listen on (HOST). */
  host: string;
  /** Files or folders of articles (HOIDAP_CORPUS, comma-separated; --corpus PATH...). */
  corpus: string[];
  /** Where the index lives (HOIDAP_INDEX_DIR, --index). */
  indexDir: string;
  /** Embedding model: a folder in the transformers.js layout, or a hub id (HOIDAP_MODEL, --model). */
  model: string;
  /** Which ONNX weights to load: fp32 = onnx/model.onnx, q8 = onnx/model_quantized.onnx (HOIDAP_MODEL_DTYPE). */
  modelDtype: 'fp32' | 'q8' | 'fp16';
  /** Prefixes the model expects (HOIDAP_QUERY_PREFIX, HOIDAP_PASSAGE_PREFIX); e5 models get "query: "/"passage: " by default. */
  queryPrefix?: string;
  passagePrefix?: string;
  /** Allow downloading models from a hub (HOIDAP_ALLOW_REMOTE_MODELS=1). Off: our machines are offline. */
  allowRemoteModels: boolean;
  /** Retrieval mode (HOIDAP_RETRIEVER, --retriever). */
  retriever: RetrieverMode;
  /** Passages retrieved per question (HOIDAP_K, --k). */
  k: number;
  /** hnswlib search breadth (HOIDAP_HNSW_EF). */
  hnswEf: number;
  /** Diacritic restorer file, or "off" (HOIDAP_RESTORER). */
  restorer: string;
  /** Largest article file read, in bytes (HOIDAP_MAX_FILE_BYTES). */
  maxFileBytes: number;
  /** Print JSON instead of text (--json). */
  json: boolean;
}

export const DEFAULT_CONFIG: Config = {
  port: 3000,
  host: '0.0.0.0',
  corpus: ['corpus'],
  indexDir: '.index/default',
  model: 'models/hoidap-vi-static',
  modelDtype: 'fp32',
  allowRemoteModels: false,
  retriever: 'hybrid',
  k: 5,
  hnswEf: 100,
  restorer: 'models/hoidap-vi-restore/restorer.bin',
  maxFileBytes: 5 * 1024 * 1024,
  json: false,
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Flags that take a list of values: `--corpus a.jsonl b/ c.md`. */
const LIST_FLAGS = new Set(['corpus']);
/** Flags that take no value. */
const BOOLEAN_FLAGS = new Set(['json', 'help']);

export interface ParsedArgs {
  flags: Map<string, string[]>;
  positionals: string[];
}

/** Splits argv into `--flag value...` groups and positionals; unknown flags are kept for the caller to check. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const flags = new Map<string, string[]>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const values = flags.get(name) ?? [];
    flags.set(name, values);
    if (inline !== undefined) values.push(inline);
    else if (BOOLEAN_FLAGS.has(name)) values.push('true');
    else if (LIST_FLAGS.has(name)) while (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) values.push(argv[++i]!);
    else if (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) values.push(argv[++i]!);
    else values.push('true');
  }
  return { flags, positionals };
}

export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  argv: readonly string[] = [],
): { config: Config; args: ParsedArgs } {
  const args = parseArgs(argv);
  const flag = (name: string) => args.flags.get(name)?.at(-1);
  const pick = (flagName: string, envName: string) => flag(flagName) ?? nonEmpty(env[envName]);

  const corpusFlag = args.flags.get('corpus');
  const corpusEnv = nonEmpty(env.HOIDAP_CORPUS)?.split(',').map((p) => p.trim()).filter(Boolean);
  const config: Config = {
    ...DEFAULT_CONFIG,
    port: integer(pick('port', 'PORT'), 'PORT', DEFAULT_CONFIG.port, 0, 65535),
    host: nonEmpty(env.HOST) ?? DEFAULT_CONFIG.host,
    corpus: corpusFlag?.length ? corpusFlag : (corpusEnv ?? DEFAULT_CONFIG.corpus),
    indexDir: pick('index', 'HOIDAP_INDEX_DIR') ?? DEFAULT_CONFIG.indexDir,
    model: pick('model', 'HOIDAP_MODEL') ?? DEFAULT_CONFIG.model,
    modelDtype: oneOf(nonEmpty(env.HOIDAP_MODEL_DTYPE), 'HOIDAP_MODEL_DTYPE', ['fp32', 'q8', 'fp16'] as const, DEFAULT_CONFIG.modelDtype),
    allowRemoteModels: bool(env.HOIDAP_ALLOW_REMOTE_MODELS),
    retriever: oneOf(pick('retriever', 'HOIDAP_RETRIEVER'), '--retriever', ['hybrid', 'lexical', 'vector'] as const, DEFAULT_CONFIG.retriever),
    k: integer(pick('k', 'HOIDAP_K'), 'HOIDAP_K', DEFAULT_CONFIG.k, 1, 20),
    hnswEf: integer(nonEmpty(env.HOIDAP_HNSW_EF), 'HOIDAP_HNSW_EF', DEFAULT_CONFIG.hnswEf, 1, 10000),
    restorer: nonEmpty(env.HOIDAP_RESTORER) ?? DEFAULT_CONFIG.restorer,
    maxFileBytes: integer(nonEmpty(env.HOIDAP_MAX_FILE_BYTES), 'HOIDAP_MAX_FILE_BYTES', DEFAULT_CONFIG.maxFileBytes, 1, 2 ** 31),
    json: flag('json') === 'true',
  };
  // Prefixes may legitimately be set to the empty string, so they are read without nonEmpty.
  if (env.HOIDAP_QUERY_PREFIX !== undefined) config.queryPrefix = env.HOIDAP_QUERY_PREFIX;
  if (env.HOIDAP_PASSAGE_PREFIX !== undefined) config.passagePrefix = env.HOIDAP_PASSAGE_PREFIX;
  return { config, args };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function bool(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
}

function integer(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not "${value}".`);
  return n;
}

function oneOf<T extends string>(value: string | undefined, name: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, not "${value}".`);
  return value as T;
}
