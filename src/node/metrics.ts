/**
 * Prometheus metrics for GET /metrics (HOIDAP_METRICS=public|admin), through prom-client, in a
 * registry of their own (never the global one), so several apps in one process do not collide.
 * The app tells them of every request (its request log entry) and every answered question;
 * the index figures are read when Prometheus scrapes.
 *
 * | metric | type | labels | what |
 * | --- | --- | --- | --- |
 * | `hoidap_http_requests_total` | counter | `route`, `method`, `status` | requests answered; `route` is the route pattern (`/api/articles/:id`), `(none)` when no route matched |
 * | `hoidap_ask_duration_seconds` | histogram | `route` | time to the last byte of an answer on `/api/ask` and `/api/ask/stream` (5 ms … 10 s); refusals before any work (4xx, shed 503) are not observed |
 * | `hoidap_answers_total` | counter | `route`, `outcome`, `scope` | answered questions; `outcome` `found` or `refused`; `scope` `article` or `site` under an article, `none` without one |
 * | `hoidap_shed_total` | counter | | requests shed with 503 `overloaded` (concurrency ceiling, event-loop lag) |
 * | `hoidap_rate_limited_total` | counter | | requests refused with 429 `rate_limited` |
 * | `hoidap_index_articles` | gauge | | articles in the index |
 * | `hoidap_index_chunks` | gauge | | passages in the index |
 * | `hoidap_index_journal_entries` | gauge | | changes journaled since the generation on disk was saved |
 * | `hoidap_index_saved_timestamp_seconds` | gauge | | when the generation on disk was saved (Unix time) |
 * | `hoidap_index_info` | gauge | `generation` | 1, for the generation on disk |
 * | `hoidap_model_info` | gauge | `role`, `name`, `fingerprint` | 1 per model answering (`embedder`, `restorer`, `reader`) |
 * | `hoidap_build_info` | gauge | `version`, `commit`, `node` | 1, for the running build |
 *
 * Plus prom-client's process and Node.js defaults, unprefixed as dashboards expect them
 * (`process_cpu_seconds_total`, `process_resident_memory_bytes`, `nodejs_eventloop_lag_seconds`, …).
 *
 * @example
 * const metrics = createMetrics({ access: 'admin', index: () => ({ articles, chunks, ...writer.status() }), models, build });
 * createApp({ qa, health, metrics, onAnswer: (a) => metrics.answer(a), logRequest: (e) => metrics.request(e) });
 * // rate(hoidap_answers_total{outcome="refused"}[5m]) / rate(hoidap_answers_total[5m])
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Answered, MetricsEndpoint } from '../server/app.js';
import type { RequestLogEntry } from '../server/middleware/request-log.js';

export interface ServiceMetrics extends MetricsEndpoint {
  /** Feed it every request log entry (ProtectionOptions.logRequest). */
  request(entry: RequestLogEntry): void;
  /** Feed it every answered question (AppDeps.onAnswer). */
  answer(answered: Answered): void;
}

/** The index as a scrape sees it. */
export interface IndexFigures {
  articles: number;
  chunks: number;
  /** The name of the generation on disk. */
  generation: string;
  /** When that generation was saved (ISO 8601). */
  savedAt: string;
  /** Changes journaled since. */
  journal: number;
}

export interface ModelFigures {
  role: 'embedder' | 'restorer' | 'reader';
  name: string;
  /** A hash of the model's files, so which model served a figure is never in doubt. */
  fingerprint: string;
}

export interface MetricsOptions {
  /** Who may read GET /metrics: anyone, or the admin token's holders. */
  access: 'public' | 'admin';
  /** Read at each scrape (the admin API changes the index while it serves). */
  index: () => IndexFigures;
  /** The models answering, fixed for the life of the process. */
  models: readonly ModelFigures[];
  /** The package version and, in a git checkout, the commit. */
  build: { version: string; commit?: string };
  /** prom-client's process and Node.js metrics (default true); tests that do not look at them may turn them off. */
  defaults?: boolean;
}

const ASK_ROUTES = ['/api/ask', '/api/ask/stream'] as const;
const OUTCOMES = ['found', 'refused'] as const;
const SCOPES = ['article', 'site', 'none'] as const;
/** Methods counted by name; anything else a client sends is `other`, so a prober cannot mint series. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/**
 * Route patterns counted apart at most. The app has about 15; should a caller ever hand in raw
 * paths by mistake, the rest fold into `(other)` instead of growing a series per URL.
 */
const MAX_ROUTES = 64;
const OTHER_ROUTE = '(other)';
/** From a quick extractive answer (~5 ms) to the ask deadline (10 s by default); slower lands in +Inf. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type Outcome = (typeof OUTCOMES)[number];
type Scope = (typeof SCOPES)[number];
type AskRoute = (typeof ASK_ROUTES)[number];
type Registers = Registry[];

export function createMetrics(options: MetricsOptions): ServiceMetrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.defaults ?? true) collectDefaultMetrics({ register: registry });
  const request = trafficMetrics(registers);
  const answer = answerMetrics(registers);
  const readIndex = indexMetrics(registers, options.index);
  infoMetrics(registers, options.models, options.build);
  return {
    access: options.access,
    request,
    answer,
    async render() {
      readIndex();
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

/** Requests by route, method and status; answer durations; shed and rate-limited requests. */
function trafficMetrics(registers: Registers): (entry: RequestLogEntry) => void {
  const requests = new Counter({
    name: 'hoidap_http_requests_total',
    help: 'HTTP requests answered, by route pattern, method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    registers,
  });
  const durations = new Histogram({
    name: 'hoidap_ask_duration_seconds',
    help: 'Time to the last byte of an answer on /api/ask and /api/ask/stream (refusals before any work excluded).',
    labelNames: ['route'] as const,
    buckets: DURATION_BUCKETS,
    registers,
  });
  // Two unlabelled counters rather than a `code` label on the request counter: they exist at 0
  // from the first scrape, so `increase(hoidap_shed_total[5m]) > 0` alerts on the very first
  // shed (a labelled series born at 1 hides its first increment from increase()), and an
  // on-call person reads "are we shedding / throttling?" without knowing the status codes.
  // Which route was refused is in hoidap_http_requests_total{status="503"} / {status="429"}.
  const shed = new Counter({
    name: 'hoidap_shed_total',
    help: 'Requests shed with 503 overloaded (concurrency ceiling or event-loop lag).',
    registers,
  });
  const rateLimited = new Counter({ name: 'hoidap_rate_limited_total', help: 'Requests refused with 429 rate_limited.', registers });

  // Label children made once, so a request costs map lookups and an increment, not a labels
  // object. The ask routes' series exist from the start, so rates work from the first scrape.
  const durationOf = new Map<string, Histogram.Internal<'route'>>();
  for (const route of ASK_ROUTES) {
    durations.zero({ route });
    durationOf.set(route, durations.labels(route));
  }
  // Routes counted apart so far: past MAX_ROUTES the rest fold into OTHER_ROUTE. prom-client
  // keys its series by the labels itself (about 1 µs a call), so no cache of children is kept.
  const routes = new Set<string>();
  const requestChild = (route: string, method: string, status: number): Counter.Internal => {
    if (!routes.has(route)) {
      if (routes.size >= MAX_ROUTES) route = OTHER_ROUTE;
      routes.add(route);
    }
    return requests.labels(route, METHODS.has(method) ? method : 'other', String(status));
  };

  return (entry) => {
    requestChild(entry.route, entry.method, entry.status).inc();
    if (entry.code === 'overloaded') shed.inc();
    else if (entry.code === 'rate_limited') rateLimited.inc();
    // How long readers wait for answers: a 400 or a shed 503 did no work and would make a
    // flood look like a fast service. Answers, deadlines (504) and failures (500) count.
    const duration = durationOf.get(entry.route);
    if (duration !== undefined && (entry.status < 400 || (entry.status >= 500 && entry.code !== 'overloaded'))) {
      duration.observe(entry.ms / 1000);
    }
  };
}

/** Answered questions by route, outcome and scope; every combination exists at 0 from the start. */
function answerMetrics(registers: Registers): (answered: Answered) => void {
  const answers = new Counter({
    name: 'hoidap_answers_total',
    help: 'Questions answered, by route, outcome (found or refused) and scope (article, site, or none without an article).',
    labelNames: ['route', 'outcome', 'scope'] as const,
    registers,
  });
  const childOf = {} as Record<AskRoute, Record<Outcome, Record<Scope, Counter.Internal>>>;
  for (const route of ASK_ROUTES) {
    const byOutcome = {} as Record<Outcome, Record<Scope, Counter.Internal>>;
    for (const outcome of OUTCOMES) {
      const byScope = {} as Record<Scope, Counter.Internal>;
      for (const scope of SCOPES) {
        byScope[scope] = answers.labels(route, outcome, scope);
        byScope[scope].inc(0);
      }
      byOutcome[outcome] = byScope;
    }
    childOf[route] = byOutcome;
  }
  return ({ route, response }) => childOf[route][response.found ? 'found' : 'refused'][response.scope ?? 'none'].inc();
}

/** The index gauges; the function returned reads the index into them (at each scrape). */
function indexMetrics(registers: Registers, index: () => IndexFigures): () => void {
  const articles = new Gauge({ name: 'hoidap_index_articles', help: 'Articles in the index.', registers });
  const chunks = new Gauge({ name: 'hoidap_index_chunks', help: 'Passages in the index.', registers });
  const journal = new Gauge({
    name: 'hoidap_index_journal_entries',
    help: 'Changes journaled since the generation on disk was saved.',
    registers,
  });
  const saved = new Gauge({
    name: 'hoidap_index_saved_timestamp_seconds',
    help: 'When the generation on disk was saved, in Unix time.',
    registers,
  });
  const info = new Gauge({
    name: 'hoidap_index_info',
    help: 'The generation of the index on disk (always 1).',
    labelNames: ['generation'] as const,
    registers,
  });
  // One read of the index per scrape, in render(), so its five figures come from the same
  // moment: a collect() per gauge would read it five times, possibly across a checkpoint.
  return () => {
    const figures = index();
    articles.set(figures.articles);
    chunks.set(figures.chunks);
    journal.set(figures.journal);
    saved.set(Date.parse(figures.savedAt) / 1000);
    // A new generation replaces the old one's series rather than adding to it.
    info.reset();
    info.set({ generation: figures.generation }, 1);
  };
}

/** What is running: the models (with their fingerprints) and the build, each an info metric at 1. */
function infoMetrics(registers: Registers, models: readonly ModelFigures[], build: MetricsOptions['build']): void {
  const model = new Gauge({
    name: 'hoidap_model_info',
    help: 'The models answering, with a hash of their files (always 1).',
    labelNames: ['role', 'name', 'fingerprint'] as const,
    registers,
  });
  const running = new Gauge({
    name: 'hoidap_build_info',
    help: 'The running build (always 1).',
    labelNames: ['version', 'commit', 'node'] as const,
    registers,
  });
  for (const { role, name, fingerprint } of models) model.set({ role, name, fingerprint }, 1);
  running.set({ version: build.version, commit: build.commit ?? '', node: process.version }, 1);
}
