/**
 * The configuration, read once from flags and environment into one typed object. Flags win
 * over environment variables, which win over the defaults. Every later module receives the
 * parts it needs from here; nothing else reads `process.env`.
 *
 * Flags arrive already split from argv (src/node/args.ts does that on node:util), so this module
 * needs no Node API and a Worker can map its env with it too.
 *
 * @example
 * const { values } = parseCommandLine(argv, { options: CONFIG_OPTIONS, lists: ['corpus'] });
 * const { config } = loadConfig(process.env, configFlags(values));
 */
import { DEFAULT_MAX_INPUT_BYTES } from './corpus/limits.js';
import type { RetrieverMode } from './index/retriever.js';
import { parseAllowedOrigins } from './server/middleware/cors.js';
import { DEFAULT_LIMITS } from './server/protections.js';

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
  /** The trained reader's model file, or "off" for the hand-weighted sentence ranker (HOIDAP_READER). */
  reader: string;
  /** Confidence under which the reader refuses (HOIDAP_READER_THRESHOLD, 0–1); the model's own when not set. */
  readerThreshold?: number;
  /** Largest article file read, in bytes (HOIDAP_MAX_FILE_BYTES). */
  maxFileBytes: number;
  /** Print JSON instead of text (--json). */
  json: boolean;
  /** Where readers' 👍/👎 feedback is appended, one JSON record per line (HOIDAP_FEEDBACK_FILE). */
  feedbackFile: string;
  /** Who writes answers (HOIDAP_ANSWERER, --answerer): extractive (no network) or llm (a chat model). */
  answerer: 'extractive' | 'llm';
  /** OpenAI-compatible chat endpoint, e.g. http://localhost:11434/v1 for Ollama (HOIDAP_LLM_BASE_URL). */
  llmBaseUrl?: string;
  /** Model name as the endpoint knows it, e.g. qwen2.5:7b-instruct (HOIDAP_LLM_MODEL). */
  llmModel?: string;
  /** API key; servers that need none (Ollama, vLLM, llama.cpp) get a placeholder (HOIDAP_LLM_API_KEY). */
  llmApiKey?: string;
  /**
   * Time for a whole generated answer before the extractive answer is given instead
   * (HOIDAP_LLM_TIMEOUT_MS). Below the server's ask deadline (10 s), so the fallback still reaches the reader.
   */
  llmTimeoutMs: number;
  /** Largest body of a question or feedback request, in bytes; larger gets 413 (HOIDAP_MAX_BODY_BYTES). */
  maxBodyBytes: number;
  /** Requests per client address per window on /api/ask(+stream) and on /api/feedback; 0 = off (HOIDAP_RATE_LIMIT). */
  rateLimit: number;
  /** The rate limit's window in milliseconds (HOIDAP_RATE_LIMIT_WINDOW_MS). */
  rateLimitWindowMs: number;
  /** Reverse proxies in front of the server whose X-Forwarded-For entry is believed; 0 = none (HOIDAP_TRUST_PROXY). */
  trustProxy: number;
  /** Requests in flight on /api/* at most; more are shed with 503 (HOIDAP_MAX_CONCURRENT). */
  maxConcurrent: number;
  /** Event-loop lag (ms) past which /api/* requests are shed with 503; 0 = off (HOIDAP_MAX_LAG_MS). */
  maxLagMs: number;
  /** Deadline of one question in milliseconds (HOIDAP_ASK_TIMEOUT_MS); 10 s, and with an LLM at least its time + 2 s. */
  askTimeoutMs: number;
  /** Site origins allowed to call the API from a browser (HOIDAP_ALLOWED_ORIGINS, comma-separated); none by default. */
  allowedOrigins: string[];
  /** Bearer token of the admin routes (HOIDAP_ADMIN_TOKEN); unset = admin routes disabled. */
  adminToken?: string;
  /**
   * Folder of the question log, one JSONL file per day (HOIDAP_QUESTION_LOG); unset = readers'
   * questions are not logged (the default). See src/node/question-log.ts.
   */
  questionLog?: string;
  /** Days the question log keeps records (HOIDAP_QUESTION_LOG_DAYS). */
  questionLogDays: number;
  /** Who may read GET /metrics (HOIDAP_METRICS): anyone, the admin token's holders, or nobody (no route). */
  metrics: 'public' | 'admin' | 'off';
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
  // recall@10 0.985 against exact search on news-37k (bench/RESULTS.md); 100 gave 0.934.
  hnswEf: 350,
  restorer: 'models/hoidap-vi-restore/restorer.bin',
  reader: 'models/hoidap-reader/reader.json',
  maxFileBytes: DEFAULT_MAX_INPUT_BYTES,
  json: false,
  feedbackFile: '.data/feedback.jsonl',
  answerer: 'extractive',
  llmTimeoutMs: 8_000,
  maxBodyBytes: DEFAULT_LIMITS.maxBodyBytes,
  rateLimit: DEFAULT_LIMITS.rateLimit,
  rateLimitWindowMs: DEFAULT_LIMITS.rateLimitWindowMs,
  trustProxy: 0,
  maxConcurrent: DEFAULT_LIMITS.maxConcurrent,
  maxLagMs: 1000,
  askTimeoutMs: DEFAULT_LIMITS.askTimeoutMs,
  allowedOrigins: [],
  questionLogDays: 30,
  // Behind the admin token unless the operator opens it: counts and model fingerprints are
  // nobody else's business, and Prometheus sends a bearer token as easily as none.
  metrics: 'admin',
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * The configuration's command-line flags, as given (strings: loadConfig checks them, naming the
 * flag). Absent flags fall back to the environment, then to {@link DEFAULT_CONFIG}.
 */
export interface ConfigFlags {
  port?: string | undefined;
  /** Files or folders; an empty list counts as absent. */
  corpus?: readonly string[] | undefined;
  index?: string | undefined;
  model?: string | undefined;
  retriever?: string | undefined;
  k?: string | undefined;
  answerer?: string | undefined;
  /** `ask --json`. */
  json?: boolean | undefined;
}

export function loadConfig(env: Readonly<Record<string, string | undefined>>, flags: ConfigFlags = {}): { config: Config } {
  // A value and the name to blame when it is wrong: the flag when it was given, else the variable.
  const pick = (flagName: Exclude<keyof ConfigFlags, 'corpus' | 'json'>, envName: string): [string | undefined, string] =>
    flags[flagName] !== undefined ? [flags[flagName], `--${flagName}`] : [nonEmpty(env[envName]), envName];

  const corpusFlag = flags.corpus;
  const corpusEnv = nonEmpty(env.HOIDAP_CORPUS)
    ?.split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const config: Config = {
    ...DEFAULT_CONFIG,
    port: integer(...pick('port', 'PORT'), DEFAULT_CONFIG.port, 0, 65535),
    host: nonEmpty(env.HOST) ?? DEFAULT_CONFIG.host,
    corpus: corpusFlag?.length ? [...corpusFlag] : (corpusEnv ?? DEFAULT_CONFIG.corpus),
    indexDir: pick('index', 'HOIDAP_INDEX_DIR')[0] ?? DEFAULT_CONFIG.indexDir,
    model: pick('model', 'HOIDAP_MODEL')[0] ?? DEFAULT_CONFIG.model,
    modelDtype: oneOf(nonEmpty(env.HOIDAP_MODEL_DTYPE), 'HOIDAP_MODEL_DTYPE', ['fp32', 'q8', 'fp16'] as const, DEFAULT_CONFIG.modelDtype),
    allowRemoteModels: bool(env.HOIDAP_ALLOW_REMOTE_MODELS),
    retriever: oneOf(...pick('retriever', 'HOIDAP_RETRIEVER'), ['hybrid', 'lexical', 'vector'] as const, DEFAULT_CONFIG.retriever),
    k: integer(...pick('k', 'HOIDAP_K'), DEFAULT_CONFIG.k, 1, 20),
    hnswEf: integer(nonEmpty(env.HOIDAP_HNSW_EF), 'HOIDAP_HNSW_EF', DEFAULT_CONFIG.hnswEf, 1, 10000),
    restorer: nonEmpty(env.HOIDAP_RESTORER) ?? DEFAULT_CONFIG.restorer,
    reader: nonEmpty(env.HOIDAP_READER) ?? DEFAULT_CONFIG.reader,
    ...optional('readerThreshold', share(nonEmpty(env.HOIDAP_READER_THRESHOLD), 'HOIDAP_READER_THRESHOLD')),
    maxFileBytes: integer(nonEmpty(env.HOIDAP_MAX_FILE_BYTES), 'HOIDAP_MAX_FILE_BYTES', DEFAULT_CONFIG.maxFileBytes, 1, 2 ** 31),
    json: flags.json === true,
    feedbackFile: nonEmpty(env.HOIDAP_FEEDBACK_FILE) ?? DEFAULT_CONFIG.feedbackFile,
    answerer: oneOf(...pick('answerer', 'HOIDAP_ANSWERER'), ['extractive', 'llm'] as const, DEFAULT_CONFIG.answerer),
    llmTimeoutMs: integer(nonEmpty(env.HOIDAP_LLM_TIMEOUT_MS), 'HOIDAP_LLM_TIMEOUT_MS', DEFAULT_CONFIG.llmTimeoutMs, 100, 600_000),
    maxBodyBytes: integer(
      nonEmpty(env.HOIDAP_MAX_BODY_BYTES),
      'HOIDAP_MAX_BODY_BYTES',
      DEFAULT_CONFIG.maxBodyBytes,
      1024,
      16 * 1024 * 1024,
    ),
    rateLimit: integer(nonEmpty(env.HOIDAP_RATE_LIMIT), 'HOIDAP_RATE_LIMIT', DEFAULT_CONFIG.rateLimit, 0, 1_000_000),
    rateLimitWindowMs: integer(
      nonEmpty(env.HOIDAP_RATE_LIMIT_WINDOW_MS),
      'HOIDAP_RATE_LIMIT_WINDOW_MS',
      DEFAULT_CONFIG.rateLimitWindowMs,
      1000,
      86_400_000,
    ),
    trustProxy: proxyHops(nonEmpty(env.HOIDAP_TRUST_PROXY)),
    maxConcurrent: integer(nonEmpty(env.HOIDAP_MAX_CONCURRENT), 'HOIDAP_MAX_CONCURRENT', DEFAULT_CONFIG.maxConcurrent, 1, 100_000),
    maxLagMs: integer(nonEmpty(env.HOIDAP_MAX_LAG_MS), 'HOIDAP_MAX_LAG_MS', DEFAULT_CONFIG.maxLagMs, 0, 600_000),
    askTimeoutMs: DEFAULT_CONFIG.askTimeoutMs,
    allowedOrigins: origins(nonEmpty(env.HOIDAP_ALLOWED_ORIGINS)),
    questionLogDays: integer(nonEmpty(env.HOIDAP_QUESTION_LOG_DAYS), 'HOIDAP_QUESTION_LOG_DAYS', DEFAULT_CONFIG.questionLogDays, 1, 3650),
    metrics: oneOf(nonEmpty(env.HOIDAP_METRICS), 'HOIDAP_METRICS', ['public', 'admin', 'off'] as const, DEFAULT_CONFIG.metrics),
  };
  const questionLog = nonEmpty(env.HOIDAP_QUESTION_LOG);
  if (questionLog !== undefined && !/^(0|false|no|off)$/i.test(questionLog)) config.questionLog = questionLog;
  // A generated answer may take the LLM's whole time and then fall back to the extractive one:
  // the ask deadline must leave it that time, or readers would get 504 instead of the fallback.
  const askDefault =
    config.answerer === 'llm' ? Math.max(DEFAULT_CONFIG.askTimeoutMs, config.llmTimeoutMs + 2000) : DEFAULT_CONFIG.askTimeoutMs;
  config.askTimeoutMs = integer(nonEmpty(env.HOIDAP_ASK_TIMEOUT_MS), 'HOIDAP_ASK_TIMEOUT_MS', askDefault, 100, 600_000);
  const adminToken = nonEmpty(env.HOIDAP_ADMIN_TOKEN);
  if (adminToken !== undefined) config.adminToken = checkAdminToken(adminToken);
  const llmBaseUrl = nonEmpty(env.HOIDAP_LLM_BASE_URL);
  const llmModel = nonEmpty(env.HOIDAP_LLM_MODEL);
  const llmApiKey = nonEmpty(env.HOIDAP_LLM_API_KEY);
  if (llmBaseUrl) config.llmBaseUrl = llmBaseUrl;
  if (llmModel) config.llmModel = llmModel;
  if (llmApiKey) config.llmApiKey = llmApiKey;
  // Prefixes may legitimately be set to the empty string, so they are read without nonEmpty.
  if (env.HOIDAP_QUERY_PREFIX !== undefined) config.queryPrefix = env.HOIDAP_QUERY_PREFIX;
  if (env.HOIDAP_PASSAGE_PREFIX !== undefined) config.passagePrefix = env.HOIDAP_PASSAGE_PREFIX;
  return { config };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function bool(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
}

/** A number from 0 to 1, or undefined when not set. */
function share(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new ConfigError(`${name} must be a number from 0 to 1, not "${value}".`);
  return n;
}

/** `{ [key]: value }`, or nothing when the value is not set (optional properties stay absent). */
function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function integer(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not "${value}".`);
  return n;
}

/** HOIDAP_TRUST_PROXY: off/false/0 (default), on/true/yes = 1 proxy, or a number of proxies. */
function proxyHops(value: string | undefined): number {
  if (value === undefined || /^(0|false|no|off)$/i.test(value)) return 0;
  if (/^(true|yes|on)$/i.test(value)) return 1;
  return integer(value, 'HOIDAP_TRUST_PROXY', 0, 0, 10);
}

function origins(value: string | undefined): string[] {
  if (value === undefined) return [];
  try {
    return parseAllowedOrigins(value);
  } catch (err) {
    throw new ConfigError(`HOIDAP_ALLOWED_ORIGINS: ${(err as Error).message}.`);
  }
}

/** The token goes in an Authorization header and guards writes to the index: long and plain. */
function checkAdminToken(token: string): string {
  if (token.length < 16 || !/^[A-Za-z0-9._~+/-]+=*$/.test(token)) {
    throw new ConfigError(
      'HOIDAP_ADMIN_TOKEN must be at least 16 characters of A–Z a–z 0–9 . _ ~ + / - (e.g. the output of `openssl rand -hex 24`).',
    );
  }
  return token;
}

function oneOf<T extends string>(value: string | undefined, name: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value))
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, not "${value}".`);
  return value as T;
}
