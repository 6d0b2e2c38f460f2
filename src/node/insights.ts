/**
 * The editors' insights on Node: the question log's folder and the feedback file, read and
 * summarized (src/insights/summary.ts). Shared by `npm run insights` and GET /admin/insights,
 * so the terminal and the page show the same figures.
 *
 * @example
 * const insights = await loadInsights({ questionLog: '.data/questions', feedbackFile: '.data/feedback.jsonl', days: 30 });
 */
import type { InsightsInput } from '../insights/summary.js';
import { summarizeInsights } from '../insights/summary.js';
import type { Insights } from '../insights/types.js';
import { readFeedback } from './feedback-store.js';
import { readQuestionLog } from './question-log.js';

export interface InsightsSources {
  /** The question log's folder; undefined when the log is off. */
  questionLog: string | undefined;
  feedbackFile: string;
  days: number;
  now?: Date;
  article?: InsightsInput['article'];
}

export async function loadInsights(sources: InsightsSources): Promise<Insights> {
  const now = sources.now ?? new Date();
  // A day more than asked: the period is in Việt Nam days, the files in UTC days.
  const since = new Date(now.getTime() - (sources.days + 1) * 86_400_000);
  const log = sources.questionLog ? await readQuestionLog(sources.questionLog, since) : { records: [], damaged: 0 };
  const feedback = readFeedback(sources.feedbackFile);
  return summarizeInsights({
    questions: log.records,
    feedback: feedback.records,
    now,
    days: sources.days,
    questionLog: sources.questionLog !== undefined,
    damaged: { questions: log.damaged, feedback: feedback.damaged },
    ...(sources.article ? { article: sources.article } : {}),
  });
}
