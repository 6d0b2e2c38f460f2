/**
 * The HTTP API as a Hono app. `createApp(deps)` takes everything it serves from its caller,
 * so the Node entry, the tests and a Workers entry build the same app around their own parts.
 *
 * @example
 * const app = createApp({ qa, health: () => ({ articles: 2, chunks: 9, model: 'hoidap-vi-static' }) });
 * const res = await app.request('/api/ask', {
 *   method: 'POST',
 *   headers: { 'content-type': 'application/json' },
 *   body: JSON.stringify({ question: 'Ai?' }),
 * });
 */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import {
  MAX_HISTORY_TURNS,
  MAX_K,
  MAX_QUESTION_CHARS,
  MAX_TURN_CHARS,
  type AskRequest,
  type AskResponse,
  type StreamEvent,
  type Turn,
} from '../contract.js';
import type { QaService } from '../qa.js';
import { adminRoutes, type AdminDeps } from './admin.js';
import { errorResponse } from './errors.js';
import { requireAdmin } from './middleware/admin-auth.js';
import { JSON_TYPES, requireContentType } from './middleware/content-type.js';
import { abandonedResponse, requestSignal } from './middleware/timeout.js';
import { useProtections, type ProtectionOptions } from './protections.js';
import { feedbackHandler, type FeedbackStore } from './feedback.js';
import type { ArticleSource } from '../index/ports.js';
import { articleHandler, demoPageHandler, widgetHandler } from './pages.js';
import { streamAnswer } from './stream.js';

/** A question the service answered, for what watches the answers (the question log, metrics). */
export interface Answered {
  route: '/api/ask' | '/api/ask/stream';
  request: AskRequest;
  response: AskResponse;
}

/** GET /metrics: what the runtime's metrics library renders, and who may read it. */
export interface MetricsEndpoint {
  /** `public`: anyone; `admin`: the admin token, like the admin routes (HOIDAP_METRICS). */
  access: 'public' | 'admin';
  render(): Promise<{ contentType: string; body: string }>;
}

export interface Health {
  articles: number;
  chunks: number;
  model: string | null;
}

/** What the app serves, and (from ProtectionOptions) its limits, CORS origins, admin token and request log. */
export interface AppDeps extends ProtectionOptions {
  /** Answers questions; without askStream, POST /api/ask/stream answers 404. */
  qa: Pick<QaService, 'ask'> & Partial<Pick<QaService, 'askStream'>>;
  health: () => Health | Promise<Health>;
  /** Where POST /api/feedback appends (src/node/feedback-store.ts); without it the route answers 404. */
  feedback?: FeedbackStore;
  /** The widget's script for GET /widget.js (src/node/widget-bundle.ts). */
  widget?: () => Promise<string>;
  /** The indexed articles, for GET / (the demo page) and GET /api/widget/:id (suggestions). */
  articles?: ArticleSource;
  /** Applies article changes for the admin API (src/server/admin.ts); without it the routes answer 404. */
  admin?: AdminDeps;
  /**
   * Told of every answered question, after the answer is sent or streamed (the question log,
   * the answer metrics). Synchronous and must be cheap: it runs on the request's path. What it
   * throws is logged, never the reader's problem.
   */
  onAnswer?: (answered: Answered) => void;
  /** GET /admin/insights: the editors' page, as HTML (src/insights/page.ts); without it the route answers 404. */
  insights?: () => Promise<string>;
  /** GET /metrics (Prometheus text format); without it the route answers 404. */
  metrics?: MetricsEndpoint;
  /** Where unexpected errors are reported (never to the client). */
  logError?: (error: unknown) => void;
}

type Validated =
  { ok: true; request: AskRequest } | { ok: false; code: Parameters<typeof errorResponse>[2]; params?: Record<string, number> };

/** Checks an /api/ask body; everything a reader or a script can send gets a precise 400. */
function validateAskBody(body: unknown): Validated {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, code: 'invalid_body' };
  const { question, articleId, k, history } = body as Record<string, unknown>;
  if (typeof question !== 'string' || question.trim() === '') return { ok: false, code: 'missing_question' };
  if ([...question].length > MAX_QUESTION_CHARS) return { ok: false, code: 'question_too_long', params: { max: MAX_QUESTION_CHARS } };
  if (articleId !== undefined && articleId !== null && (typeof articleId !== 'string' || articleId === '' || articleId.length > 200)) {
    return { ok: false, code: 'invalid_article_id' };
  }
  if (k !== undefined && k !== null && (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > MAX_K)) {
    return { ok: false, code: 'invalid_k', params: { max: MAX_K } };
  }
  const turns = validateHistory(history);
  if (turns === false) return { ok: false, code: 'invalid_history', params: { max: MAX_HISTORY_TURNS, chars: MAX_TURN_CHARS } };
  return {
    ok: true,
    request: {
      question,
      ...(typeof articleId === 'string' ? { articleId } : {}),
      ...(typeof k === 'number' ? { k } : {}),
      ...(turns?.length ? { history: turns } : {}),
    },
  };
}

/** The widget's previous turns, oldest first; false when malformed (extra fields are dropped). */
function validateHistory(history: unknown): Turn[] | undefined | false {
  if (history === undefined || history === null) return undefined;
  if (!Array.isArray(history) || history.length > MAX_HISTORY_TURNS) return false;
  const turns: Turn[] = [];
  for (const turn of history as unknown[]) {
    if (typeof turn !== 'object' || turn === null) return false;
    const { question, answer } = turn as Record<string, unknown>;
    if (typeof question !== 'string' || typeof answer !== 'string') return false;
    if (question.length > MAX_TURN_CHARS || answer.length > MAX_TURN_CHARS) return false;
    turns.push({ question, answer });
  }
  return turns;
}

/** Parses and checks the body of /api/ask and /api/ask/stream, which take the same questions. */
async function readAskBody(c: Context): Promise<Validated> {
  try {
    return validateAskBody(JSON.parse(await c.req.text()));
  } catch {
    return { ok: false, code: 'invalid_json' };
  }
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const logError = deps.logError ?? console.error;
  // Limits, CORS, admin auth, security headers and the request log come first: see protections.ts.
  useProtections(app, deps);

  app.get('/healthz', async (c) => c.json({ ok: true, ...(await deps.health()) }));
  if (deps.metrics) {
    const metrics = deps.metrics;
    if (metrics.access === 'admin') app.use('/metrics', requireAdmin(deps.adminToken));
    app.get('/metrics', async (c) => {
      const { contentType, body } = await metrics.render();
      return c.body(body, 200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
    });
  }
  const observe = (answered: Answered) => {
    try {
      deps.onAnswer?.(answered);
    } catch (error) {
      logError(error);
    }
  };

  // Every body the public API reads is JSON, and says so (415 otherwise: see middleware/content-type.ts).
  const json = requireContentType(JSON_TYPES);
  app.post('/api/ask', json, async (c) => {
    const checked = await readAskBody(c);
    if (!checked.ok) return errorResponse(c, 400, checked.code, checked.params);
    const response = await deps.qa.ask(checked.request, requestSignal(c));
    if (deps.onAnswer) observe({ route: '/api/ask', request: checked.request, response });
    return c.json(response);
  });

  // The widget: answers as Server-Sent Events, feedback on answers, its script and suggestions.
  // Without askStream the route is not there (404), whatever the body.
  const askStream = deps.qa.askStream?.bind(deps.qa);
  if (askStream) {
    // The stream's last event carries the whole response: that is the answer observed.
    const observed = deps.onAnswer
      ? async function* (request: AskRequest, signal?: AbortSignal): AsyncGenerator<StreamEvent> {
          for await (const event of askStream(request, signal)) {
            if (event.type === 'done') observe({ route: '/api/ask/stream', request, response: event.response });
            yield event;
          }
        }
      : askStream;
    app.post('/api/ask/stream', json, async (c) => {
      const checked = await readAskBody(c);
      if (!checked.ok) return errorResponse(c, 400, checked.code, checked.params);
      return streamAnswer(c, observed, checked.request, logError, requestSignal(c));
    });
  }
  if (deps.feedback) app.post('/api/feedback', json, feedbackHandler(deps.feedback));
  if (deps.widget) app.get('/widget.js', widgetHandler(deps.widget));
  // The newsroom's admin API (behind the admin token: see useProtections).
  if (deps.admin) app.route('/api/articles', adminRoutes(deps.admin));
  // The editors' page (behind the admin token, which a browser sends as a Basic password).
  const insights = deps.insights;
  if (insights) app.get('/admin/insights', async (c) => c.html(await insights()));
  if (deps.articles) {
    app.get('/api/widget/:id', articleHandler(deps.articles));
    app.get('/', demoPageHandler(deps.articles));
  }

  app.notFound((c) => errorResponse(c, 404, 'not_found'));
  app.onError((error, c) => {
    // Hono's own refusals (a malformed request it could not route or read) keep their 4xx
    // status, in the API's error shape; everything else is a bug: logged, never described.
    if (error instanceof HTTPException && error.status < 500) {
      return errorResponse(c, error.status, error.status === 401 ? 'unauthorized' : error.status === 404 ? 'not_found' : 'bad_request');
    }
    // Work that failed because its deadline passed or its reader left was abandoned on purpose.
    const abandoned = abandonedResponse(c);
    if (abandoned) return abandoned;
    logError(error);
    return errorResponse(c, 500, 'internal');
  });
  return app;
}
