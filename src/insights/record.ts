/**
 * The question log's record of one answered question: what the newsroom may keep, and nothing
 * that identifies the reader (see {@link QuestionRecord}).
 *
 * @example
 * const record = questionRecord(request, response, new Date());
 * // { at: '2026-11-30T08:00:00.000Z', articleId: 'bai-1', question: 'Gọi [số điện thoại] được không?', found: false, ms: 12 }
 */
import type { AskRequest, AskResponse } from '../contract.js';
import { scrubPersonalData } from './scrub.js';
import type { QuestionRecord } from './types.js';

/** Questions are at most 1,000 characters; answers are cut, the log keeps what an editor reads. */
const MAX_SHORT_CHARS = 300;

export function questionRecord(request: AskRequest, response: AskResponse, at: Date): QuestionRecord {
  const top = response.found ? response.citations[0] : undefined;
  const record: QuestionRecord = {
    at: at.toISOString(),
    question: scrubPersonalData(request.question.trim()),
    found: response.found,
    ms: Math.round(response.tookMs * 10) / 10,
  };
  if (request.articleId) record.articleId = request.articleId;
  // The restored or rewritten question: an editor sees how it was read. Scrubbed like the question.
  const understood = response.rewrittenAs ?? response.understoodAs;
  if (understood && understood !== request.question) record.understoodAs = scrubPersonalData(understood);
  if (response.confidence !== undefined) record.confidence = Math.round(response.confidence * 1000) / 1000;
  if (response.found && response.shortAnswer) record.short = scrubPersonalData(response.shortAnswer.text.slice(0, MAX_SHORT_CHARS));
  if (top) record.top = { articleId: top.articleId, title: top.title, url: top.url };
  return record;
}
