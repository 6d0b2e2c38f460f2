/**
 * What the newsroom learns from its readers' questions: the question log's records (written only
 * when HOIDAP_QUESTION_LOG is set) and the insights computed from them and from readers'
 * feedback. Runtime-neutral: Node writes and reads the log (src/node/question-log.ts), the
 * summary and the page are plain functions over these types.
 */
import type { FeedbackCitation, FeedbackReason } from '../contract.js';

/**
 * One reader question, as logged. Nothing in it identifies a reader or links two questions to
 * one reader: no address, no client or request id, no thread history; personal data typed into
 * the question (phone numbers, e-mail addresses, ID and card numbers) is replaced by a
 * placeholder before the record is made (src/insights/scrub.ts).
 */
export interface QuestionRecord {
  /** When it was answered (ISO 8601, UTC). */
  at: string;
  /** The article under which the widget asked it; absent for a question to the whole site. */
  articleId?: string;
  /** The question, scrubbed. */
  question: string;
  /** The question as understood (diacritics restored, abbreviations expanded), scrubbed; absent when unchanged. */
  understoodAs?: string;
  found: boolean;
  /** The reader's confidence that the answer is in the cited passages, 0–1. */
  confidence?: number;
  /** The short answer's text, when there was one. */
  short?: string;
  /** The first cited article. */
  top?: { articleId: string; title: string; url: string };
  /** Time the service took to answer, in milliseconds. */
  ms: number;
}

/** Near-duplicate questions, grouped by their terms (src/insights/topics.ts). */
export interface TopicGroup {
  /** The terms the questions share, most telling first, as readers wrote them (e.g. "giá xăng"). */
  label: string;
  /** How many questions. */
  count: number;
  /** A few of its questions, distinct, most typical first. */
  examples: string[];
  /** Articles under which they were asked, most frequent first (may be empty: asked of the whole site). */
  articles: string[];
  /** First and last time asked (ISO 8601). */
  first: string;
  last: string;
}

export interface DayCount {
  /** The day in Việt Nam (Asia/Ho_Chi_Minh), YYYY-MM-DD. */
  day: string;
  questions: number;
  unanswered: number;
}

export interface ArticleCount {
  articleId: string;
  /** From the question log's cited articles or the index; empty when unknown. */
  title: string;
  url: string;
  questions: number;
  unanswered: number;
}

/** A 👎 with what an editor needs to check it: the question, the answer, why, and the cited passages. */
export interface Downvote {
  at: string;
  question: string;
  answer: string;
  reasons: FeedbackReason[];
  note?: string;
  articleId?: string;
  citations: FeedbackCitation[];
}

export interface Insights {
  /** When computed (ISO 8601). */
  generatedAt: string;
  /** The days covered, oldest first (Việt Nam days, YYYY-MM-DD). */
  from: string;
  to: string;
  totals: { questions: number; found: number; unanswered: number; up: number; down: number };
  /** One entry per day of the period, zeros included, oldest first. */
  perDay: DayCount[];
  /** Most questions first. */
  topArticles: ArticleCount[];
  /** Unanswered questions grouped by topic, largest group first. */
  unansweredTopics: TopicGroup[];
  /** Newest first. */
  downvotes: Downvote[];
  /** Lines of the log and feedback files that were not records (a torn write), skipped. */
  damaged: { questions: number; feedback: number };
  /** False when HOIDAP_QUESTION_LOG is off: only feedback is shown. */
  questionLog: boolean;
}
