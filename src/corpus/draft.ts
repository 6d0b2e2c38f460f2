/**
 * The last step every reader shares: a parsed-but-raw article ("draft") becomes an
 * {@link Article}, or a {@link SkippedInput} saying why it cannot be indexed. One place decides
 * cleanup, the missing-title fallback and what makes an input unusable, so the formats agree.
 *
 * @example
 * const result = finishDraft({ id: 'a1', origin: 'corpus/a1.md', title: '', body: 'Hoà bình lập lại.' });
 * if (!isSkipped(result)) result.title // 'Hòa bình lập lại.' (first line of the body)
 */
import type { Article, SkippedInput } from './article.js';
import { cleanInline, cleanText, cleanTitle, fallbackTitle, joinLead } from './clean.js';

/** What a format parser extracts, before the shared cleanup. */
export interface ArticleDraft {
  id: string;
  origin: string;
  title?: string | undefined;
  body: string;
  url?: string | undefined;
  publishedAt?: string | undefined;
  sapo?: string | undefined;
  category?: string | undefined;
}

/** What parsing one input gives: an article, or the report of why it was skipped. */
export type ParseResult = Article | SkippedInput;

export function isSkipped(result: ParseResult): result is SkippedInput {
  return 'reason' in result;
}

export function skipped(origin: string, reason: string, hint: string): SkippedInput {
  return { origin, reason, hint };
}

/**
 * The article URL as readers will click it in a citation: only absolute http(s) URLs are kept.
 * A corpus is untrusted input (scraped pages, feeds), and a `javascript:` or `data:` "URL" would
 * run in the reader's browser the moment a widget renders it as a link.
 */
function safeUrl(url: string): string {
  if (!/^https?:\/\//i.test(url)) return '';
  try {
    return new URL(url).protocol.startsWith('http') ? url : '';
  } catch {
    return '';
  }
}

/**
 * Cleans every field, puts the lead in front of the body (see {@link joinLead}) and falls back
 * to the body's first line for a missing title. An input whose body is empty after cleanup is
 * skipped: there is nothing to cite.
 */
export function finishDraft(draft: ArticleDraft): ParseResult {
  const id = cleanInline(draft.id);
  if (id === '') return skipped(draft.origin, 'no article id', 'give the article an `id` field');
  const sapo = cleanText(draft.sapo ?? '');
  const body = joinLead(sapo, cleanText(draft.body));
  if (body === '') {
    return skipped(draft.origin, 'empty body', 'add the article text, or remove the input from the corpus');
  }
  const title = cleanTitle(draft.title ?? '') || fallbackTitle(body);
  const article: Article = {
    id,
    title,
    body,
    url: safeUrl(cleanInline(draft.url ?? '')),
    publishedAt: cleanInline(draft.publishedAt ?? ''),
    origin: draft.origin,
  };
  if (sapo !== '') article.sapo = sapo;
  const category = cleanInline(draft.category ?? '');
  if (category !== '') article.category = category;
  return article;
}
