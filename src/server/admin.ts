/**
 * The newsroom's admin API: publish, correct and delete articles. On Node answers follow at
 * once; on Workers a change is queued (202, `status: queued`) and indexed by the queue consumer.
 * Mounted under /api/articles behind the admin bearer token (see middleware/admin-auth.ts).
 *
 *   PUT    /api/articles/:id     JSON article → { status: added|updated|unchanged|queued, chunks, embedded, reused }
 *   DELETE /api/articles/:id     → { deleted: true }, 202 { status: queued }, or 404
 *   POST   /api/articles/batch   JSONL, one article per line → counts and per-line reports
 *   GET    /api/articles/:id     → what is indexed: chunks, content hash, indexed at
 *
 * The bodies say what they are: `Content-Type: application/json` for PUT, a JSON Lines type
 * (application/x-ndjson, application/jsonl, …) or application/json for the batch; anything
 * else, curl's default form type included, is refused with 415 `unsupported_media_type`.
 *
 * Bodies reach these handlers already within the admin body limit (413 `body_too_large`
 * otherwise): useProtections applies `maxAdminBodyBytes` to every path under /api/articles, so
 * the routes are mounted only behind it, by createApp, never bare.
 *
 * @example
 * createApp({ qa, health, admin: liveAdmin(live), adminToken, limits: { maxAdminBodyBytes } }); // src/server/app.ts
 */
import { Hono } from 'hono';
import type { Article } from '../corpus/article.js';
import { toIsoDate } from '../corpus/dates.js';
import { finishDraft, isSkipped } from '../corpus/draft.js';
import type { LiveIndex, UpsertResult } from '../index/live.js';
import type { StoredArticle } from '../index/store.js';
import { apiError, errorResponse } from './errors.js';
import { JSON_TYPES, JSONL_TYPES, requireContentType } from './middleware/content-type.js';

/** What the admin API changes: the live index on Node, the indexing queue on Workers. */
export interface AdminDeps {
  /** Indexes the article now, or queues it (`status: 'queued'`, answered 202). */
  upsert(article: Article): Promise<UpsertResult | { status: 'queued' }>;
  /** Removes the article now (true), or queues its removal (answered 202); false when it is not indexed (404). */
  remove(id: string): Promise<boolean | 'queued'>;
  get(id: string): Promise<StoredArticle | undefined>;
}

/** The admin API over the Node server's live index: changes apply at once. */
export function liveAdmin(live: Pick<LiveIndex, 'upsert' | 'remove' | 'index'>): AdminDeps {
  return {
    upsert: (article) => live.upsert(article),
    remove: (id) => live.remove(id),
    get: async (id) => live.index.store.article(id),
  };
}

/** HTTP status of an upsert: created, changed or not, or accepted for later. */
const UPSERT_STATUS = { added: 201, updated: 200, unchanged: 200, queued: 202 } as const;

const ID = /^[\p{L}\p{N}._:-]{1,200}$/u;

type Parsed = { ok: true; article: Article } | { ok: false; reason: string };

/**
 * An article from the API's JSON: {title, body, url?, publishedAt?, category?, sapo?}; the
 * datasets' field names (published_date) are accepted too. Cleaned like every other reader's.
 */
function articleFromJson(value: unknown, id: string, origin: string): Parsed {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, reason: 'the article must be a JSON object' };
  const record = value as Record<string, unknown>;
  for (const key of ['title', 'body', 'url', 'publishedAt', 'published_date', 'category', 'sapo']) {
    if (record[key] !== undefined && record[key] !== null && typeof record[key] !== 'string')
      return { ok: false, reason: `"${key}" must be a string` };
  }
  const text = (key: string) => (typeof record[key] === 'string' ? record[key] : '');
  if (!text('title').trim()) return { ok: false, reason: '"title" is required' };
  if (!text('body').trim()) return { ok: false, reason: '"body" is required and must not be empty' };
  const url = text('url').trim();
  if (url && !/^https?:\/\//i.test(url)) return { ok: false, reason: '"url" must start with http:// or https://' };
  const rawDate = text('publishedAt') || text('published_date');
  const publishedAt = rawDate ? toIsoDate(rawDate) : '';
  if (rawDate && !publishedAt) return { ok: false, reason: '"publishedAt" is not a date (use ISO 8601, e.g. 2024-11-16T11:00:00+07:00)' };
  const result = finishDraft({
    id,
    origin,
    title: text('title'),
    body: text('body'),
    url,
    publishedAt,
    sapo: text('sapo'),
    category: text('category'),
  });
  return isSkipped(result) ? { ok: false, reason: result.reason } : { ok: true, article: result };
}

/**
 * The body as UTF-8 text, or undefined when it is not UTF-8: article text with replacement
 * characters would be indexed and quoted to readers. (Its size is already checked, see above.)
 */
async function bodyText(request: Request): Promise<string | undefined> {
  const bytes = await request.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

export function adminRoutes(deps: AdminDeps): Hono {
  const app = new Hono();

  app.post('/batch', requireContentType(JSONL_TYPES), async (c) => {
    const text = await bodyText(c.req.raw);
    if (text === undefined) return errorResponse(c, 400, 'invalid_encoding');
    const lines = text.split('\n');
    const counts = { read: 0, added: 0, updated: 0, unchanged: 0, queued: 0, skipped: 0 };
    const skipped: { line: number; id?: string; reason: string }[] = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!.trim();
      if (!line) continue;
      counts.read++;
      const skip = (reason: string, id?: string) => {
        counts.skipped++;
        skipped.push({ line: i + 1, ...(id ? { id } : {}), reason });
      };
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        skip('not valid JSON');
        continue;
      }
      const id = typeof (value as { id?: unknown })?.id === 'string' ? (value as { id: string }).id : '';
      if (!ID.test(id)) {
        skip('"id" is missing or has characters other than letters, digits, . _ : -', id || undefined);
        continue;
      }
      const parsed = articleFromJson(value, id, `batch:${i + 1}`);
      if (!parsed.ok) {
        skip(parsed.reason, id);
        continue;
      }
      const result = await deps.upsert(parsed.article);
      counts[result.status]++;
    }
    // Every line read is accounted for: added + updated + unchanged + queued + skipped = read.
    return c.json({ ...counts, skippedLines: skipped }, counts.skipped > 0 && counts.skipped === counts.read ? 422 : 200);
  });

  app.put('/:id', requireContentType(JSON_TYPES), async (c) => {
    const id = c.req.param('id');
    if (!ID.test(id)) return errorResponse(c, 400, 'invalid_article_id');
    const text = await bodyText(c.req.raw);
    if (text === undefined) return errorResponse(c, 400, 'invalid_encoding');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return errorResponse(c, 400, 'invalid_json');
    }
    const parsed = articleFromJson(value, id, `PUT /api/articles/${id}`);
    if (!parsed.ok) return c.json(withDetail(apiError('invalid_article'), parsed.reason), 422);
    const result = await deps.upsert(parsed.article);
    return c.json({ id, ...result }, UPSERT_STATUS[result.status]);
  });

  app.delete('/:id', async (c) => {
    const id = c.req.param('id');
    const removed = await deps.remove(id);
    if (!removed) return errorResponse(c, 404, 'article_not_found');
    return removed === 'queued' ? c.json({ id, status: 'queued' }, 202) : c.json({ id, deleted: true });
  });

  app.get('/:id', async (c) => {
    const article = await deps.get(c.req.param('id'));
    if (!article) return errorResponse(c, 404, 'article_not_found');
    const { firstChunk: _first, chunkCount, suggestions: _s, ...rest } = article;
    return c.json({ ...rest, chunks: chunkCount });
  });

  return app;
}

function withDetail(error: ReturnType<typeof apiError>, detail: string) {
  return { error: { ...error.error, detail } };
}
