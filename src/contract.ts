/** The answer as every way in (HTTP, CLI, eval, widget) receives it. */

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
  /** Retrieval score of the passage (fused RRF score for hybrid retrieval). */
  score: number;
}

export interface Answer {
  /** Short Vietnamese answer with inline [n] markers. */
  answer: string;
  found: boolean;
  citations: Citation[];
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
  /** Passages retrieved for the answer. */
  k?: number;
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
  tookMs: number;
}

/** One turn of the conversation in the widget's panel, oldest first (for follow-up questions). */
export interface Turn {
  question: string;
  answer: string;
}

/**
 * What /api/ask/stream sends, in order: `meta` and `citations` first, then the answer text in
 * pieces, then `done` with the whole response (or `error`).
 */
export type StreamEvent =
  | { type: 'meta'; understoodAs?: string; rewrittenAs?: string; scope?: 'article' | 'site'; answerer: string }
  | { type: 'citations'; citations: Citation[] }
  | { type: 'text'; text: string }
  | { type: 'done'; response: AskResponse }
  | { type: 'error'; code: string; message: string };
