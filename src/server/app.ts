/**
 * The HTTP API as a Hono app. `createApp(deps)` takes everything it serves from its caller,
 * so the Node entry, the tests and a Workers entry build the same app around their own parts.
 *
 * @example
 * const app = createApp({ qa, health: () => ({ articles: 2, chunks: 9, model: 'hoidap-vi-static' }) });
 * const res = await app.request('/api/ask', { method: 'POST', body: JSON.stringify({ question: 'Ai?' }) });
 */
import { Hono } from 'hono';
import type { AskRequest } from '../answer/types.js';
import { MAX_K, MAX_QUESTION_CHARS, type QaService } from '../qa.js';
import { errorResponse } from './errors.js';

export interface Health {
  articles: number;
  chunks: number;
  model: string | null;
}

export interface AppDeps {
  qa: Pick<QaService, 'ask'>;
  health: () => Health;
  /** Where unexpected errors are reported (never to the client). */
  logError?: (error: unknown) => void;
}

type Validated = { ok: true; request: AskRequest } | { ok: false; code: Parameters<typeof errorResponse>[2]; params?: Record<string, number> };

/** Checks an /api/ask body; everything a reader or a script can send gets a precise 400. */
export function validateAskBody(body: unknown): Validated {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, code: 'invalid_body' };
  const { question, articleId, k } = body as Record<string, unknown>;
  if (typeof question !== 'string' || question.trim() === '') return { ok: false, code: 'missing_question' };
  if ([...question].length > MAX_QUESTION_CHARS) return { ok: false, code: 'question_too_long', params: { max: MAX_QUESTION_CHARS } };
  if (articleId !== undefined && articleId !== null && (typeof articleId !== 'string' || articleId === '' || articleId.length > 200)) {
    return { ok: false, code: 'invalid_article_id' };
  }
  if (k !== undefined && k !== null && (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > MAX_K)) {
    return { ok: false, code: 'invalid_k', params: { max: MAX_K } };
  }
  return {
    ok: true,
    request: { question, ...(typeof articleId === 'string' ? { articleId } : {}), ...(typeof k === 'number' ? { k } : {}) },
  };
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono();

  app.get('/healthz', (c) => c.json({ ok: true, ...deps.health() }));

  app.post('/api/ask', async (c) => {
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return errorResponse(c, 400, 'invalid_json');
    }
    const checked = validateAskBody(body);
    if (!checked.ok) return errorResponse(c, 400, checked.code, checked.params);
    return c.json(await deps.qa.ask(checked.request));
  });

  app.notFound((c) => errorResponse(c, 404, 'not_found'));
  app.onError((error, c) => {
    (deps.logError ?? console.error)(error);
    return errorResponse(c, 500, 'internal');
  });
  return app;
}
