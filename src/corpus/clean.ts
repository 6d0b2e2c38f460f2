/**
 * Text cleanup every corpus reader applies, whatever the format: one line-ending style, no
 * invisible or control characters, single spaces, trimmed lines, at most one blank line
 * between paragraphs, and {@link normalizeText} (NFC + one tone-mark convention).
 *
 * Pure functions: no I/O, no state.
 *
 * @example
 * cleanText('Hoà\u200B  bình\r\n\r\n\r\n  Thuỷ ') // 'Hòa bình\n\nThủy'
 * cleanTitle(' " [Thời sự] Bão số 3 đổ bộ ..."') // 'Bão số 3 đổ bộ…'
 */
import { normalizeText } from '../text/normalize.js';

/** Zero-width space/joiners, word joiner, BOM, soft hyphen: invisible, yet they split words in the index. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
/** C0 and C1 control characters except tab and line feed (carriage returns are handled before). */
// eslint-disable-next-line no-control-regex -- control characters are what this pattern exists to remove
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
/** Tabs, no-break and typographic spaces: pasted text is full of them, and they should match a space. */
const ODD_SPACE = /[\t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;

/** CRLF, CR and the Unicode line/paragraph separators all become `\n`. */
export function normalizeLineEndings(text: string): string {
  return text.replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n');
}

/**
 * The cleanup every reader applies to every text field. Paragraphs stay separated by exactly
 * one blank line; lines inside a paragraph are kept (scraped pages and some datasets put one
 * sentence per line, and {@link splitSentences} treats a line break as a sentence end).
 */
export function cleanText(text: string): string {
  const flat = normalizeLineEndings(text).replace(INVISIBLE, '').replace(CONTROL, '').replace(ODD_SPACE, ' ');
  const lines = normalizeText(flat)
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim());
  const out: string[] = [];
  for (const line of lines) {
    // Keep one blank line between paragraphs, none at the start.
    if (line === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(line);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}

/** {@link cleanText} for one-line fields (titles, categories): every line break becomes a space. */
export function cleanInline(text: string): string {
  return cleanText(text).replace(/\n+/g, ' ');
}

/** A trailing "..." or "…" that feeds put on cut titles and leads, with the space before it. */
const TRUNCATION = /\s*(?:\.{3,}|…)$/;
/** "[Peru đấu với Chile] Nhìn lại…": a feed's topic tag in front of the headline. */
const BRACKET_PREFIX = /^\[[^\]]{1,80}\]\s*(?=\S)/;
const QUOTES = /^["'“”‘’«»]+|["'“”‘’«»]+$/g;

/**
 * A headline fit to show in a citation: one line, surrounding quotes dropped, a leading
 * bracketed feed tag ("[Peru đấu với Chile] …") dropped because it is the feed's topic label,
 * not the headline. A trailing truncation marker is kept, as a single "…", so a reader can see
 * the title was cut rather than take a cut title for the whole one.
 */
export function cleanTitle(raw: string): string {
  let title = cleanInline(raw).trim();
  for (let i = 0; i < 2; i++) title = title.replace(QUOTES, '').trim();
  title = title.replace(BRACKET_PREFIX, '');
  if (TRUNCATION.test(title)) title = `${title.replace(TRUNCATION, '')}…`;
  return title === '…' ? '' : title;
}

/** `text` without a trailing truncation marker. */
export function withoutTruncation(text: string): string {
  return text.replace(TRUNCATION, '');
}

const FALLBACK_TITLE_CHARS = 120;

/**
 * The title used when a source has none (2,453 of the Dân trí articles, pages where no headline
 * is found): the body's first line, cut at a word boundary near 120 characters. Citing an
 * article under its first sentence beats dropping an otherwise good article.
 */
export function fallbackTitle(body: string): string {
  const first =
    body
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? '';
  if (first.length <= FALLBACK_TITLE_CHARS) return first;
  const cut = first.lastIndexOf(' ', FALLBACK_TITLE_CHARS);
  return `${first.slice(0, cut > 40 ? cut : FALLBACK_TITLE_CHARS).replace(/[\s,;:–-]+$/, '')}…`;
}

/**
 * The citable body: the lead ("sapo") followed by the article paragraphs. Chunks are slices of
 * the body, so a lead kept only in `sapo` could never be cited; when the body already starts
 * with the lead (or with the text a truncated lead was cut from), it is not repeated.
 */
export function joinLead(sapo: string, body: string): string {
  const lead = sapo.trim();
  if (lead === '') return body;
  if (body === '') return lead;
  const bare = withoutTruncation(lead);
  if (bare !== '' && body.startsWith(bare)) return body;
  return `${lead}\n\n${body}`;
}
