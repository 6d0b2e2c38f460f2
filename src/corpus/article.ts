/**
 * The article as every reader produces it, whatever the source format, and the chunk that
 * a citation points back to.
 */

export interface Article {
  /** Stable id, unique in the corpus (from front matter, the JSONL `id`, or the file name). */
  id: string;
  title: string;
  /** The article text only: no navigation, teasers, captions or comments. NFC, tone marks normalized. */
  body: string;
  /** Canonical URL of the article on the news site; empty when unknown. */
  url: string;
  /** ISO 8601 date (with time and offset when known); empty when unknown. */
  publishedAt: string;
  /** Lead paragraph ("sapo") when the source gives it separately from the body. */
  sapo?: string;
  category?: string;
  /** Where it was read from, for error reports: a file path, with a line number for JSONL. */
  origin: string;
}

/** A passage of an article: the unit that is embedded, indexed and cited. */
export interface Chunk {
  /** `${articleId}:${n}`: deterministic, so an update can tell which chunks changed. */
  id: string;
  articleId: string;
  /** Position of the chunk in its article, from 0. */
  n: number;
  /** Exactly `article.body.slice(start, end)`. */
  text: string;
  start: number;
  end: number;
}

/** Why an input was not indexed, in words an editor can act on. */
export interface SkippedInput {
  origin: string;
  reason: string;
  /** What to do about it. */
  hint: string;
}

/** What reading a corpus gives: the articles, and every input that was reported and skipped. */
export interface ReadResult {
  articles: Article[];
  skipped: SkippedInput[];
}
