/**
 * Readers' feedback on answers: 👍 or 👎 (with reason tags and an optional note), stored with
 * the question, the answer and its citations so an editor can see what went wrong without
 * asking the reader again. The route validates; a {@link FeedbackStore} keeps the records
 * (src/node/feedback-store.ts appends them to a JSONL file).
 *
 * @example
 * app.post('/api/feedback', feedbackHandler(new JsonlFeedbackStore('.data/feedback.jsonl')));
 * // POST {"rating":"down","reasons":["wrong_info"],"note":"Sai ngày","question":"…","answer":"…","citations":[…]}
 * // → 201 {"ok":true,"id":"…"}
 */
import type { Handler } from 'hono';
import {
  FEEDBACK_REASONS,
  MAX_K,
  MAX_QUESTION_CHARS,
  type FeedbackCitation,
  type FeedbackInput,
  type FeedbackReason,
} from '../contract.js';
import { errorResponse } from './errors.js';

export interface FeedbackRecord extends FeedbackInput {
  id: string;
  /** When it was received (ISO 8601, UTC). */
  at: string;
}

/** Durable, append-only storage of feedback records. */
export interface FeedbackStore {
  /** Resolves once the record is on disk (or wherever the store keeps it). */
  append(record: FeedbackRecord): Promise<void>;
}

export const FEEDBACK_LIMITS = {
  note: 1000,
  answer: 10_000,
  title: 500,
  url: 2000,
  quote: 2000,
  id: 200,
  /** Bytes of JSON a feedback body may have: 20 citations with quotes fit well within. */
  body: 128 * 1024,
} as const;

type Checked = { ok: true; input: FeedbackInput } | { ok: false; field: string };

/** Checks a feedback body; `field` names what is wrong, for the 400. */
function validateFeedback(body: unknown): Checked {
  const fail = (field: string): Checked => ({ ok: false, field });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail('body');
  const b = body as Record<string, unknown>;
  if (b.rating !== 'up' && b.rating !== 'down') return fail('rating');
  const reasons = b.reasons ?? [];
  if (!Array.isArray(reasons) || reasons.length > FEEDBACK_REASONS.length) return fail('reasons');
  if (!reasons.every((r): r is FeedbackReason => (FEEDBACK_REASONS as readonly unknown[]).includes(r))) return fail('reasons');
  if (b.rating === 'up' && reasons.length > 0) return fail('reasons');
  if (!isText(b.note, FEEDBACK_LIMITS.note, true)) return fail('note');
  if (!isText(b.question, MAX_QUESTION_CHARS) || (b.question as string).trim() === '') return fail('question');
  if (!isText(b.answer, FEEDBACK_LIMITS.answer)) return fail('answer');
  if (!isText(b.articleId, FEEDBACK_LIMITS.id, true)) return fail('articleId');
  if (b.scope !== undefined && b.scope !== null && b.scope !== 'article' && b.scope !== 'site') return fail('scope');
  if (!isText(b.answerer, FEEDBACK_LIMITS.id, true)) return fail('answerer');
  if (!isText(b.page, FEEDBACK_LIMITS.url, true)) return fail('page');
  const citations = b.citations ?? [];
  if (!Array.isArray(citations) || citations.length > MAX_K) return fail('citations');
  const kept: FeedbackCitation[] = [];
  for (const c of citations as unknown[]) {
    const citation = validateCitation(c);
    if (!citation) return fail('citations');
    kept.push(citation);
  }
  const note = typeof b.note === 'string' ? b.note.trim() : '';
  return {
    ok: true,
    input: {
      rating: b.rating,
      reasons: [...new Set(reasons)],
      ...(note ? { note } : {}),
      question: b.question as string,
      answer: b.answer as string,
      citations: kept,
      ...(typeof b.articleId === 'string' && b.articleId ? { articleId: b.articleId } : {}),
      ...(b.scope === 'article' || b.scope === 'site' ? { scope: b.scope } : {}),
      ...(typeof b.answerer === 'string' && b.answerer ? { answerer: b.answerer } : {}),
      ...(typeof b.page === 'string' && b.page ? { page: b.page } : {}),
    },
  };
}

function validateCitation(value: unknown): FeedbackCitation | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const c = value as Record<string, unknown>;
  const whole = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  if (!whole(c.n) || !whole(c.start) || !whole(c.end)) return undefined;
  if (
    !isText(c.articleId, FEEDBACK_LIMITS.id) ||
    !isText(c.title, FEEDBACK_LIMITS.title, true) ||
    !isText(c.url, FEEDBACK_LIMITS.url, true)
  )
    return undefined;
  if (!isText(c.quote, FEEDBACK_LIMITS.quote, true)) return undefined;
  return {
    n: c.n as number,
    articleId: c.articleId as string,
    title: (c.title as string | undefined) ?? '',
    url: (c.url as string | undefined) ?? '',
    start: c.start as number,
    end: c.end as number,
    ...(typeof c.quote === 'string' && c.quote ? { quote: c.quote } : {}),
  };
}

function isText(value: unknown, max: number, optional = false): boolean {
  if (value === undefined || value === null) return optional;
  return typeof value === 'string' && value.length <= max;
}

/** The route: validate, stamp with an id and the time, append, answer 201. */
export function feedbackHandler(store: FeedbackStore, now: () => Date = () => new Date()): Handler {
  return async (c) => {
    const text = await c.req.text();
    if (text.length > FEEDBACK_LIMITS.body) return errorResponse(c, 400, 'invalid_feedback', { field: 'body' });
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return errorResponse(c, 400, 'invalid_json');
    }
    const checked = validateFeedback(body);
    if (!checked.ok) return errorResponse(c, 400, 'invalid_feedback', { field: checked.field });
    const record: FeedbackRecord = { id: crypto.randomUUID(), at: now().toISOString(), ...checked.input };
    await store.append(record);
    return c.json({ ok: true, id: record.id }, 201);
  };
}
