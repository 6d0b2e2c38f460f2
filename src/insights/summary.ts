/**
 * The insights an editor reads (src/insights/page.ts, `npm run insights`), computed from the
 * question log's records and readers' feedback over the last days: questions per day, the
 * articles that drew most questions, unanswered questions grouped by topic, and the 👎 answers
 * with their reasons and cited passages. Days are Việt Nam days (UTC+7, no daylight saving).
 *
 * @example
 * const insights = summarizeInsights({ questions, feedback, now: new Date(), days: 30, questionLog: true });
 */
import type { FeedbackRecord } from '../server/feedback.js';
import { scrubPersonalData } from './scrub.js';
import { groupTopics } from './topics.js';
import type { ArticleCount, DayCount, Downvote, Insights, QuestionRecord } from './types.js';
import { vietnamDay } from './wording.js';

const DAY_MS = 86_400_000;

export interface InsightsInput {
  questions: readonly QuestionRecord[];
  feedback: readonly FeedbackRecord[];
  now: Date;
  /** Days covered, today included. */
  days: number;
  questionLog: boolean;
  damaged?: { questions: number; feedback: number };
  /** Titles and links of articles the log does not name (the index's), by id. */
  article?: (id: string) => { title: string; url: string } | undefined;
  /** How many articles, topic groups and 👎 to list (defaults 20, 50, 50). */
  limits?: { articles?: number; topics?: number; downvotes?: number };
}

export function summarizeInsights(input: InsightsInput): Insights {
  const to = vietnamDay(input.now);
  const from = vietnamDay(new Date(input.now.getTime() - (input.days - 1) * DAY_MS));
  const inPeriod = (at: string) => {
    const day = vietnamDay(at);
    return day >= from && day <= to;
  };
  const questions = input.questions.filter((q) => inPeriod(q.at));
  const feedback = input.feedback.filter((f) => inPeriod(f.at));

  const perDay = new Map<string, DayCount>();
  for (let t = input.now.getTime() - (input.days - 1) * DAY_MS; vietnamDay(new Date(t)) <= to; t += DAY_MS) {
    const day = vietnamDay(new Date(t));
    perDay.set(day, { day, questions: 0, unanswered: 0 });
  }
  for (const q of questions) {
    const day = perDay.get(vietnamDay(q.at));
    if (!day) continue;
    day.questions++;
    if (!q.found) day.unanswered++;
  }

  const unanswered = questions.filter((q) => !q.found);
  const found = questions.length - unanswered.length;
  const limits = input.limits ?? {};
  return {
    generatedAt: input.now.toISOString(),
    from,
    to,
    totals: {
      questions: questions.length,
      found,
      unanswered: unanswered.length,
      up: feedback.filter((f) => f.rating === 'up').length,
      down: feedback.filter((f) => f.rating === 'down').length,
    },
    perDay: [...perDay.values()],
    topArticles: topArticles(questions, feedback, input.article).slice(0, limits.articles ?? 20),
    unansweredTopics: groupTopics(
      unanswered.map((q) => ({
        question: q.question,
        at: q.at,
        ...(q.understoodAs ? { understoodAs: q.understoodAs } : {}),
        ...(q.articleId ? { articleId: q.articleId } : {}),
      })),
      { maxGroups: limits.topics ?? 50 },
    ),
    downvotes: downvotes(feedback).slice(0, limits.downvotes ?? 50),
    damaged: input.damaged ?? { questions: 0, feedback: 0 },
    questionLog: input.questionLog,
  };
}

/** Articles by the questions asked under them, with a title from wherever one is known. */
function topArticles(
  questions: readonly QuestionRecord[],
  feedback: readonly FeedbackRecord[],
  article: InsightsInput['article'],
): ArticleCount[] {
  const counts = new Map<string, ArticleCount>();
  const named = new Map<string, { title: string; url: string }>();
  for (const q of questions) if (q.top) named.set(q.top.articleId, q.top);
  for (const f of feedback) for (const c of f.citations) named.set(c.articleId, { title: c.title, url: c.url });
  for (const q of questions) {
    if (!q.articleId) continue;
    let entry = counts.get(q.articleId);
    if (!entry) {
      const known = article?.(q.articleId) ?? named.get(q.articleId);
      entry = { articleId: q.articleId, title: known?.title ?? '', url: known?.url ?? '', questions: 0, unanswered: 0 };
      counts.set(q.articleId, entry);
    }
    entry.questions++;
    if (!q.found) entry.unanswered++;
  }
  return [...counts.values()].sort(
    (a, b) => b.questions - a.questions || b.unanswered - a.unanswered || (a.articleId < b.articleId ? -1 : 1),
  );
}

/** 👎 newest first. Feedback keeps the question as the reader typed it: scrubbed for the page like the log. */
function downvotes(feedback: readonly FeedbackRecord[]): Downvote[] {
  return feedback
    .filter((f) => f.rating === 'down')
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
    .map((f) => ({
      at: f.at,
      question: scrubPersonalData(f.question),
      answer: f.answer,
      reasons: f.reasons,
      ...(f.note ? { note: scrubPersonalData(f.note) } : {}),
      ...(f.articleId ? { articleId: f.articleId } : {}),
      citations: f.citations,
    }));
}
