/**
 * Readers' feedback kept in D1's feedback table (migrations/0001_index.sql): the Workers side of
 * {@link FeedbackStore}. The columns an editor filters on, and the whole record as JSON.
 *
 * @example
 * app.post('/api/feedback', feedbackHandler(new D1FeedbackStore(env.DB)));
 */
import type { D1Database } from '@cloudflare/workers-types/index.ts';
import type { FeedbackRecord, FeedbackStore } from '../server/feedback.js';

export class D1FeedbackStore implements FeedbackStore {
  constructor(private readonly db: D1Database) {}

  /** Resolves once D1 has committed the row. */
  async append(record: FeedbackRecord): Promise<void> {
    await this.db
      .prepare('INSERT INTO feedback (id, at, rating, article_id, question, record) VALUES (?1, ?2, ?3, ?4, ?5, ?6)')
      .bind(record.id, record.at, record.rating, record.articleId ?? null, record.question, JSON.stringify(record))
      .run();
  }
}
