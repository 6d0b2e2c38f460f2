/**
 * The HTTP app as `npm start` serves it on Node: the runtime's QA service, index and writer,
 * plus what only a server has — feedback and question log files, Prometheus metrics, the
 * editors' insights page, the widget — all from one Config. The CLI's `serve` and the tests
 * that need the real wiring build it here, so they cannot drift apart.
 *
 * @example
 * const runtime = await startRuntime(config, { rebuild: true });
 * const server = await createNodeApp(runtime, { log: console.error });
 * serve({ fetch: server.app.fetch, port: config.port });
 * await server.close(); // flushes the question log
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Hono } from 'hono';
import { insightsPage } from '../insights/page.js';
import { questionRecord } from '../insights/record.js';
import { liveAdmin } from '../server/admin.js';
import { createApp, type Answered } from '../server/app.js';
import type { RequestLogEntry } from '../server/middleware/request-log.js';
import { gitCommit } from './eval-files.js';
import { JsonlFeedbackStore } from './feedback-store.js';
import { loadInsights } from './insights.js';
import { MemoryPassages } from './memory-index.js';
import { createMetrics, type ModelFigures, type ServiceMetrics } from './metrics.js';
import { describeProtections, protectionOptions } from './protections.js';
import { QuestionLog } from './question-log.js';
import { REPO_ROOT, resolvePath, type Runtime } from './runtime.js';
import { widgetLoader } from './widget-bundle.js';

export interface NodeServer {
  app: Hono;
  questionLog: QuestionLog | undefined;
  metrics: ServiceMetrics | undefined;
  /** What an operator should know at start: limits, CORS, admin, question log, metrics. */
  describe: string[];
  /** Flushes the question log; call before the process exits. */
  close(): Promise<void>;
}

export interface NodeServerOptions {
  log: (line: string) => void;
  /** Where request log lines go (default: stdout, one JSON object per line). */
  logRequest?: (entry: RequestLogEntry) => void;
}

export async function createNodeApp(runtime: Runtime, options: NodeServerOptions): Promise<NodeServer> {
  const { config } = runtime;
  const protections = protectionOptions(config);
  const questionLog = config.questionLog
    ? await QuestionLog.open(resolve(config.questionLog), { days: config.questionLogDays, log: options.log })
    : undefined;
  const metrics =
    config.metrics === 'off'
      ? undefined
      : createMetrics({
          access: config.metrics,
          index: () => ({ articles: runtime.index.store.articleCount, chunks: runtime.index.store.chunkCount, ...runtime.writer.status() }),
          models: await modelFingerprints(runtime),
          build: buildInfo(),
        });
  const writeRequest = options.logRequest ?? protections.logRequest;
  const passages = new MemoryPassages(runtime.index);
  const feedbackFile = resolve(config.feedbackFile);
  const onAnswer =
    questionLog || metrics
      ? ({ request, response, route }: Answered) => {
          questionLog?.record(questionRecord(request, response, new Date()));
          metrics?.answer({ request, response, route });
        }
      : undefined;
  const app = createApp({
    qa: runtime.qa,
    // Counted live: the admin API changes the index while it serves.
    health: () => ({
      articles: runtime.index.store.articleCount,
      chunks: runtime.index.store.chunkCount,
      model: runtime.index.manifest.model?.id ?? null,
    }),
    admin: liveAdmin(runtime.writer.live),
    feedback: new JsonlFeedbackStore(feedbackFile),
    widget: widgetLoader(),
    articles: passages,
    insights: async () =>
      insightsPage(
        await loadInsights({
          questionLog: questionLog?.dir,
          feedbackFile,
          days: config.questionLogDays,
          article: (id) => {
            const article = runtime.index.store.article(id);
            return article ? { title: article.title, url: article.url } : undefined;
          },
        }),
      ),
    // Limits, CORS origins, admin token, request log on stdout (src/node/protections.ts).
    ...protections,
    logRequest: metrics
      ? (entry) => {
          writeRequest(entry);
          metrics.request(entry);
        }
      : writeRequest,
    ...(onAnswer ? { onAnswer } : {}),
    ...(metrics ? { metrics } : {}),
  });
  return {
    app,
    questionLog,
    metrics,
    describe: [...describeProtections(config), describeQuestionLog(config), describeMetrics(config)],
    close: async () => {
      await questionLog?.close();
    },
  };
}

function describeQuestionLog(config: Runtime['config']): string {
  return config.questionLog
    ? `Question log: ${resolve(config.questionLog)}, kept ${config.questionLogDays} days; phone numbers, e-mail addresses and ID numbers are scrubbed, no address or client id is kept. Insights: npm run insights, GET /admin/insights.`
    : "Question log: off, readers' questions are not kept (set HOIDAP_QUESTION_LOG=.data/questions to see what readers ask at /admin/insights).";
}

function describeMetrics(config: Runtime['config']): string {
  if (config.metrics === 'off') return 'Metrics: off (HOIDAP_METRICS=off).';
  if (config.metrics === 'public') return 'Metrics: GET /metrics, open to anyone (HOIDAP_METRICS=public).';
  return config.adminToken === undefined
    ? 'Metrics: GET /metrics needs the admin token, which is not set: set HOIDAP_ADMIN_TOKEN, or HOIDAP_METRICS=public.'
    : 'Metrics: GET /metrics with the admin token (Authorization: Bearer …); HOIDAP_METRICS=public opens it.';
}

/** The models answering, with a hash of their files: which model served a figure is never in doubt. */
async function modelFingerprints(runtime: Runtime): Promise<ModelFigures[]> {
  const { config, index } = runtime;
  const models: ModelFigures[] = [];
  if (index.manifest.model)
    models.push({ role: 'embedder', name: index.manifest.model.id, fingerprint: index.manifest.model.fingerprint ?? '' });
  for (const [role, file] of [
    ['restorer', config.restorer],
    ['reader', config.reader],
  ] as const) {
    if (file === 'off') continue;
    const path = resolvePath(file);
    if (!existsSync(path)) continue;
    models.push({
      role,
      name: basename(path),
      fingerprint: createHash('sha256')
        .update(await readFile(path))
        .digest('hex')
        .slice(0, 16),
    });
  }
  return models;
}

/** The package version and, in a git checkout, the commit (with "+changes" when the tree differs from it). */
function buildInfo(): { version: string; commit?: string } {
  const { version } = JSON.parse(readFileSync(resolve(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  const commit = gitCommit();
  return commit ? { version, commit } : { version };
}
