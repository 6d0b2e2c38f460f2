/**
 * Markdown articles with YAML front matter (Jekyll/Hugo style), as the site's own corpus and
 * RSS-to-Markdown feeds write them:
 *
 * ```
 * ---
 * title: " [Peru đấu với Chile] Nhìn lại chuyến thăm Chile, Peru, dự APEC của Chủ tịch nước ..."
 * date: Sat, 16 Nov 2024 11:00:00 +0700
 * categories: entries VN
 * ---
 * [Nhìn lại chuyến thăm Chile, Peru, dự APEC của Chủ tịch nước ...](https://tuoitre.vn/….htm)
 * ![…](https://cdn1.tuoitre.vn/….jpg)
 * Phó thủ tướng…
 * ```
 *
 * Front matter fields: `id`, `title`, `date` (also `published`, `publishedAt`, `pubDate`), `url`
 * (also `link`, or `source` when it is a URL), `categories` (list, or Jekyll's space-separated
 * string) or `category`, and a lead in `sapo` (also `description`, `summary`, `excerpt`).
 * Dates become ISO 8601 with their offset ("2024-11-16T11:00:00+07:00").
 *
 * The body becomes plain text fit to cite: images and photo captions dropped, links reduced to
 * their text, heading/emphasis/quote/bullet markers removed, paragraphs separated by a blank
 * line. A first line that is only a link whose text is the title is the article's source: it
 * gives `url` (when the front matter has none) and is dropped. Without a `title`, a leading
 * `# heading` is the title.
 *
 * @example
 * const result = parseMarkdown(fileText, { id: 'apec-peru-2024-11-16', origin: 'corpus/apec-peru-2024-11-16.md' });
 */
import { parse as parseYaml } from 'yaml';
import { normalizeForMatch } from '../text/normalize.js';
import { isPhotoCaption } from './boilerplate.js';
import { cleanTitle, normalizeLineEndings, withoutTruncation } from './clean.js';
import { toIsoDate } from './dates.js';
import { finishDraft, skipped, type ParseResult } from './draft.js';
import type { InputSource } from './scraped.js';

/** Front matter split from the Markdown after it, or why it could not be read. */
export type FrontMatter = { data: Record<string, unknown>; body: string; error?: undefined } | { error: string; hint: string };

/** True when the text opens with a front matter fence (`---` on the first line). */
export function hasFrontMatter(text: string): boolean {
  return /^\uFEFF?---[ \t]*\r?\n/.test(text);
}

/** Splits `---` YAML `---` (or `...`) from the body; a file without front matter has empty data. */
export function splitFrontMatter(text: string): FrontMatter {
  const normalized = normalizeLineEndings(text.replace(/^\uFEFF/, ''));
  if (!hasFrontMatter(normalized)) return { data: {}, body: normalized };
  const lines = normalized.split('\n');
  const close = lines.findIndex((line, i) => i > 0 && /^(?:---|\.\.\.)\s*$/.test(line));
  if (close < 0) {
    return { error: 'front matter is not closed', hint: 'end the YAML block with a line `---`' };
  }
  let data: unknown;
  try {
    data = parseYaml(lines.slice(1, close).join('\n'));
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return { error: `front matter is not valid YAML (${message})`, hint: 'fix the YAML between the `---` lines' };
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    return { error: 'front matter is not a key: value mapping', hint: 'write fields as `title: …` lines' };
  }
  return { data: data as Record<string, unknown>, body: lines.slice(close + 1).join('\n') };
}

export function parseMarkdown(text: string, source: InputSource): ParseResult {
  const front = splitFrontMatter(text);
  if (front.error !== undefined) return skipped(source.origin, front.error, front.hint);
  const { data } = front;

  let title = scalar(data, 'title');
  let url = scalar(data, 'url', 'link');
  const sourceField = scalar(data, 'source');
  if (!url && /^https?:\/\//i.test(sourceField)) url = sourceField;

  const lines = front.body.split('\n');
  let first = lines.findIndex((line) => line.trim() !== '');
  const link = first < 0 ? null : SOURCE_LINK.exec(lines[first]!);
  if (link && (sameTitle(link[1]!, title) || (url !== '' && link[2] === url))) {
    url ||= link[2]!;
    lines.splice(first, 1);
    first = lines.findIndex((line) => line.trim() !== '');
  }
  const heading = first < 0 ? null : /^#\s+(.+?)(?:\s+#+)?\s*$/.exec(lines[first]!);
  if (!title && heading) {
    title = heading[1]!;
    lines.splice(first, 1);
  }

  return finishDraft({
    id: scalar(data, 'id') || source.id,
    origin: source.origin,
    title,
    body: markdownToText(lines.join('\n')),
    url,
    publishedAt: toIsoDate(data['date'] ?? data['published'] ?? data['publishedAt'] ?? data['pubDate']),
    sapo: scalar(data, 'sapo', 'description', 'summary', 'excerpt'),
    category: categoryOf(data),
  });
}

/** A line that is only `[text](http…)`. */
const SOURCE_LINK = /^\s*\[([^\]]*)\]\((https?:\/\/[^\s)]+)(?:\s+"[^"]*")?\)\s*$/;

/** Link text and title name the same article: equal, or one a cut-off start of the other. */
function sameTitle(linkText: string, title: string): boolean {
  const a = normalizeForMatch(withoutTruncation(cleanTitle(linkText)));
  const b = normalizeForMatch(withoutTruncation(cleanTitle(title)));
  if (a === '' || b === '') return b === '';
  return a.startsWith(b) || b.startsWith(a);
}

function scalar(data: Record<string, unknown>, ...keys: string[]): string {
  for (const key of keys) {
    const value = data[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
    if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  }
  return '';
}

/** `categories: [a, b]`, Jekyll's `categories: a b`, or `category: a`, as "a, b". */
function categoryOf(data: Record<string, unknown>): string {
  const value = data['categories'] ?? data['category'];
  if (Array.isArray(value)) return value.filter((v) => typeof v === 'string' || typeof v === 'number').join(', ');
  if (typeof value !== 'string') return '';
  return data['categories'] === value ? value.trim().split(/\s+/).join(', ') : value;
}

type Block = { kind: 'paragraph' | 'list' | 'code'; lines: string[] };

const FENCE = /^\s{0,3}(```|~~~)/;
const HEADING = /^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/;
/** Thematic breaks and setext underlines: both only separate paragraphs in plain text. */
const RULE = /^\s{0,3}(?:(?:[-*_]\s*){3,}|=+|-+)\s*$/;
const REFERENCE_DEFINITION = /^\s{0,3}\[[^\]]+\]:\s*\S+/;
const BULLET = /^\s*[-*+]\s+/;
const ORDERED = /^\s*\d{1,9}[.)]\s+/;

/**
 * Markdown to plain text: paragraphs joined into one line each and separated by a blank line,
 * list items one per line, images and photo captions dropped, inline markup removed.
 */
export function markdownToText(markdown: string): string {
  const source = normalizeLineEndings(markdown).replace(/<!--[\s\S]*?-->/g, '');
  const blocks: Block[] = [];
  let current: Block | null = null;
  let hardBreak = false;
  const flush = () => {
    if (current && current.lines.length > 0) blocks.push(current);
    current = null;
  };

  for (const raw of source.split('\n')) {
    if (current?.kind === 'code') {
      if (FENCE.test(raw)) flush();
      else current.lines.push(raw);
      continue;
    }
    if (FENCE.test(raw)) {
      flush();
      current = { kind: 'code', lines: [] };
      continue;
    }
    if (raw.trim() === '' || RULE.test(raw)) {
      flush();
      continue;
    }
    if (REFERENCE_DEFINITION.test(raw)) continue;
    const heading = HEADING.exec(raw);
    if (heading) {
      flush();
      const text = inlineToText(heading[1]!);
      if (text) blocks.push({ kind: 'paragraph', lines: [text] });
      continue;
    }
    const line = raw.replace(/^\s{0,3}(?:>\s?)+/, '');
    const text = inlineToText(line.replace(BULLET, ''));
    if (text === '') {
      // A line that was only an image separates what is around it.
      flush();
      continue;
    }
    if (isPhotoCaption(text)) continue;

    if (BULLET.test(line) || ORDERED.test(line)) {
      if (current?.kind !== 'list') flush();
      current ??= { kind: 'list', lines: [] };
      current.lines.push(text);
    } else if (current?.kind === 'list' && /^\s{2,}/.test(raw)) {
      // An indented line continues the last list item.
      current.lines[current.lines.length - 1] += ` ${text}`;
    } else if (current?.kind === 'paragraph') {
      // Soft line breaks join; a hard break (two trailing spaces, or a backslash) keeps the line.
      const last = current.lines.length - 1;
      if (hardBreak) current.lines.push(text);
      else current.lines[last] += ` ${text}`;
    } else {
      flush();
      current = { kind: 'paragraph', lines: [text] };
    }
    hardBreak = / {2,}$|\\$/.test(raw);
  }
  flush();
  return blocks.map((block) => block.lines.join('\n')).join('\n\n');
}

/** Backslash escapes are parked in a private-use range so the markup rules below leave them alone. */
const PARK = 0xe000;

/** Inline Markdown and HTML to text: `[a](u)` → a, `**b**` → b, `![i](u)` → nothing. */
function inlineToText(text: string): string {
  return text
    .replace(/\\$/, '')
    .replace(/\\([!-/:-@[-`{-~])/g, (_, ch: string) => String.fromCharCode(PARK + ch.charCodeAt(0)))
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<\/?[a-z][^>]*>/gi, '')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/!\[[^\]]*\]\[[^\]]*\]/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/<(https?:\/\/[^>\s]+)>/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/~~(?=\S)(.+?)(?<=\S)~~/g, '$1')
    .replace(/(?<![\p{L}\p{N}*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\p{L}\p{N}*])/gu, '$1')
    .replace(/(?<![\p{L}\p{N}_])_(?=\S)([^_]+?)(?<=\S)_(?![\p{L}\p{N}_])/gu, '$1')
    .replace(/[\ue000-\ue07f]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - PARK))
    .replace(/\s+$/, '')
    .trim();
}
