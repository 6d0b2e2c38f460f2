/**
 * Scraped news pages: the text of a whole web page, where the article sits among the masthead,
 * menus, a repeated headline and lead, photo captions, comment boxes and teasers of other
 * articles. This reader keeps the article and drops the rest, with the line rules of
 * `boilerplate.ts` and this shape, common to Vietnamese news sites:
 *
 * 1. Head: everything before the first prose paragraph (≥ 80 characters, ending like a
 *    sentence) is furniture, except the headline: the nearest headline-like line above that
 *    paragraph (a few words, no full stop). A date line in the head gives `publishedAt`.
 * 2. Lead: the first prose paragraph is the sapo; its repeats are dropped, and a leading site
 *    token ("Kinhtedothi - ") is removed.
 * 3. Body: the following lines, without noise lines, captions, date lines, inline teasers and
 *    repeats of the headline or of a kept paragraph. It ends at the first section heading
 *    ("Đọc nhiều", "BÌNH LUẬN", "Đừng bỏ lỡ", tags…), after a line ending in "./.", or at a line
 *    shown twice in a row (a teaser card: image text, then the same headline as a link).
 * 4. Trailing bylines and attributions ("Minh Anh", "Theo TTXVN") are dropped.
 *
 * Pure: the caller reads the file.
 *
 * @example
 * const result = parseScrapedPage(pageText, { id: 'chile-2024-11-10', origin: 'corpus/chile.txt' });
 * if (!isSkipped(result)) console.log(result.title, result.sapo);
 */
import {
  isByline,
  isDateLine,
  isInlineTeaser,
  isNoise,
  isPhotoCaption,
  isSectionEnd,
  lineKey,
  stripEndOfText,
  stripLeadSiteToken,
} from './boilerplate.js';
import { cleanText } from './clean.js';
import { findVietnameseDate } from './dates.js';
import { finishDraft, type ParseResult } from './draft.js';

/** Where an input came from and the id to give it when it names none. */
export interface InputSource {
  /** The article id (for a file: its name without extension). */
  id: string;
  /** For reports: the file path. */
  origin: string;
}

/** A prose paragraph is at least this long (and ends like a sentence, unless it is very long). */
const PROSE_MIN_CHARS = 80;
const PROSE_ANY_END_CHARS = 200;
/** A headline has a few words and is not a paragraph. */
const HEADLINE_MAX_CHARS = 250;
const HEADLINE_MIN_WORDS = 4;

export function parseScrapedPage(text: string, source: InputSource): ParseResult {
  const lines = cleanText(text)
    .split('\n')
    .filter((line) => line !== '');

  const leadIndex = lines.findIndex((line) => isProse(line) && !isNoise(line) && !isPhotoCaption(line));
  const headlineIndex = findHeadline(lines, leadIndex < 0 ? lines.length : leadIndex);
  const headline = headlineIndex < 0 ? '' : lines[headlineIndex]!;

  let date = '';
  for (let i = 0; i < (leadIndex < 0 ? lines.length : leadIndex); i++) {
    if (i !== headlineIndex && isDateLine(lines[i]!)) {
      date = findVietnameseDate(lines[i]!);
      break;
    }
  }

  const start = leadIndex >= 0 ? leadIndex : headlineIndex + 1;
  const paragraphs: string[] = [];
  const kept = new Set<string>([headline]);
  for (let i = start; i < lines.length; i++) {
    const line = lines[i]!;
    const key = lineKey(line);
    // Before the first paragraph a section heading is a stray button ("Chia sẻ"): skip it.
    if (isSectionEnd(key)) {
      if (paragraphs.length > 0) break;
      continue;
    }
    if (isDateLine(line)) {
      date ||= findVietnameseDate(line);
      continue;
    }
    if (isNoise(line, key) || isPhotoCaption(line) || isInlineTeaser(key) || kept.has(line)) continue;
    // A teaser card shows its headline twice (image text, then link); article text never does.
    if (paragraphs.length > 0 && lines[i + 1] === line) break;
    const closed = stripEndOfText(line);
    paragraphs.push(closed ?? line);
    kept.add(line);
    if (closed !== undefined) break;
  }
  while (paragraphs.length > 1 && isByline(paragraphs[paragraphs.length - 1]!)) paragraphs.pop();

  const lead = leadIndex >= 0 && paragraphs.length > 0 ? stripLeadSiteToken(paragraphs.shift()!) : '';
  return finishDraft({
    id: source.id,
    origin: source.origin,
    title: headline,
    sapo: lead,
    body: paragraphs.join('\n\n'),
    publishedAt: date,
  });
}

function isProse(line: string): boolean {
  if (line.length >= PROSE_ANY_END_CHARS) return true;
  return line.length >= PROSE_MIN_CHARS && /[.!?…:;"”)]$/.test(line);
}

function isHeadlineLike(line: string): boolean {
  if (line.length > HEADLINE_MAX_CHARS || /[.,;:]$/.test(line)) return false;
  return !isNoise(line) && !isDateLine(line) && !isPhotoCaption(line) && !isSectionEnd(lineKey(line));
}

/**
 * The headline: the nearest headline-like line above the lead with at least four words (so a
 * byline or a category between headline and lead is passed over), else the nearest of any
 * length; -1 when there is none.
 */
function findHeadline(lines: readonly string[], before: number): number {
  let fallback = -1;
  for (let i = before - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (!isHeadlineLike(line)) continue;
    if (line.split(' ').length >= HEADLINE_MIN_WORDS) return i;
    if (fallback < 0) fallback = i;
  }
  return fallback;
}
