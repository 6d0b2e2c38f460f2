/**
 * The contract between the service and its clients: what a question may be (its limits), and
 * the answer as every way in (HTTP, CLI, eval, widget) receives it. The server validates
 * against these limits and the widget enforces the same ones before sending, so both import
 * them from here; the module holds types and constants only, so the widget bundle stays small.
 */

/** Characters of a question at most (counted as code points, as a reader sees them). */
export const MAX_QUESTION_CHARS = 1000;
/** Passages a request may ask to retrieve at most. */
export const MAX_K = 20;
/** Passages retrieved when a request does not say. */
export const DEFAULT_K = 5;
/** Earlier turns a follow-up question may carry, and the length of each turn's strings. */
export const MAX_HISTORY_TURNS = 5;
export const MAX_TURN_CHARS = 2000;

export interface Citation {
  /** The marker number used in the answer text: [n]. */
  n: number;
  articleId: string;
  title: string;
  url: string;
  publishedAt: string;
  /** The cited passage, exactly `body.slice(start, end)` of the indexed article. */
  passage: string;
  start: number;
  end: number;
  /** The quoted sentence inside the passage, as body offsets. */
  quote?: { start: number; end: number };
  /** Retrieval score of the passage: the fused score in hybrid retrieval, else the one retriever's. */
  score: number;
}

/**
 * The exact words that answer the question (a name, a number with its unit, a date, a place, a
 * short phrase) inside the cited passage `n`: `text === body.slice(start, end)` of its article.
 */
export interface ShortAnswer {
  text: string;
  n: number;
  start: number;
  end: number;
}

export interface Answer {
  /** Short Vietnamese answer with inline [n] markers: the evidence sentence, quoted. */
  answer: string;
  found: boolean;
  citations: Citation[];
  /** The span that answers, inside a cited passage; null when the answerer found none (or did not answer). */
  shortAnswer?: ShortAnswer | null;
  /**
   * How sure the reader is that the answer is in the cited passages, 0–1. Below the service's
   * threshold it refuses; the widget may say so when an answer is given with low confidence.
   */
  confidence?: number;
  /**
   * Sentences of a generated answer that cite no passage: shown, but flagged so a client can
   * mark them (the extractive answerer never writes one).
   */
  uncitedSentences?: string[];
}

export interface AskRequest {
  question: string;
  /** Prefer this article's passages (the widget sets it under an article). */
  articleId?: string;
  /** Passages retrieved for the answer (1–{@link MAX_K}; {@link DEFAULT_K} when not given). */
  k?: number;
  /** Earlier turns of the thread, oldest first, for a follow-up question ("còn ở Lima thì sao?"). */
  history?: Turn[];
}

export interface AskResponse extends Answer {
  /** The question as understood, when its diacritics were restored. */
  understoodAs?: string;
  /** The standalone question retrieval used, when a follow-up was rewritten with the thread's earlier turns. */
  rewrittenAs?: string;
  /** Which answerer wrote the answer. */
  answerer: string;
  /** When articleId was given: whether the answer came from that article or the whole site. */
  scope?: 'article' | 'site';
  /** Something about the request a newsroom should know (e.g. an articleId that is not indexed). */
  notice?: Notice;
  tookMs: number;
}

/**
 * Said beside an answer, not instead of it: the request was served, but not quite as asked.
 * `article_not_indexed`: the articleId is not in the index, so the whole site answered.
 */
export interface Notice {
  code: 'article_not_indexed';
  /** Vietnamese, for the newsroom's logs and tools (the widget does not show it to readers). */
  message: string;
}

/** One turn of the conversation in the widget's panel, oldest first (for follow-up questions). */
export interface Turn {
  question: string;
  answer: string;
}

/**
 * What /api/ask/stream sends, in order: `meta` and `citations` first, then `short` when the
 * short answer is known before the text (the extractive answerer), then the answer text in
 * pieces, then `done` with the whole response (or `error`).
 */
export type StreamEvent =
  | { type: 'meta'; understoodAs?: string; rewrittenAs?: string; scope?: 'article' | 'site'; answerer: string; notice?: Notice }
  | { type: 'citations'; citations: Citation[] }
  | { type: 'short'; shortAnswer: ShortAnswer; confidence?: number }
  | { type: 'text'; text: string }
  | { type: 'done'; response: AskResponse }
  | { type: 'error'; code: string; message: string };

/**
 * Why an answer was not useful. The widget shows the first four as tags under 👎;
 * `missed_answer` is the one a reader gives to a refusal ("not found") when the article does
 * say it: the service missed an answer it had, which only a reader can tell.
 */
export const FEEDBACK_REASONS = ['wrong_info', 'off_topic', 'missing_source', 'other', 'missed_answer'] as const;
export type FeedbackReason = (typeof FEEDBACK_REASONS)[number];

export const REASON_LABELS: Record<FeedbackReason, string> = {
  wrong_info: 'Sai thông tin',
  off_topic: 'Không đúng câu hỏi',
  missing_source: 'Thiếu nguồn',
  other: 'Khác',
  missed_answer: 'Bỏ sót câu trả lời',
};

/** A citation as feedback keeps it: enough to find the passage again (body offsets), not the passage. */
export interface FeedbackCitation {
  n: number;
  articleId: string;
  title: string;
  url: string;
  start: number;
  end: number;
  /** The quoted sentence, as the reader saw it. */
  quote?: string;
}

export interface FeedbackInput {
  rating: 'up' | 'down';
  /** Only with "down". */
  reasons: FeedbackReason[];
  note?: string;
  question: string;
  answer: string;
  citations: FeedbackCitation[];
  /** The article the widget sat under, and whether the answer came from it or the whole site. */
  articleId?: string;
  scope?: 'article' | 'site';
  answerer?: string;
  /** The page the reader was on (origin and path, no query). */
  page?: string;
}
