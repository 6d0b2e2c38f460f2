/**
 * Dates, spans and links as editors read them, shared by the insights page and
 * `npm run insights`. Việt Nam has one offset all year (UTC+7, no daylight saving time), so
 * times are shifted by it rather than read in the server's own zone.
 *
 * Plain text: the page escapes what it inserts.
 *
 * @example
 * dateTime('2025-11-29T07:05:00Z');                          // "14:05 29/11/2025"
 * passageUrl('https://tintuc.vn/a', 'Ngày 10/11, tại Santiago'); // "https://tintuc.vn/a#:~:text=Ng%C3%A0y%2010%2F11%2C%20t%E1%BA%A1i%20Santiago"
 */
import type { TopicGroup } from './types.js';

const VIETNAM_OFFSET_MS = 7 * 3_600_000;
/** Words taken from each end of a quote for a text fragment; a quote of up to twice as many is used whole. */
const FRAGMENT_EDGE_WORDS = 5;

/** The Việt Nam day of an instant, YYYY-MM-DD. */
export function vietnamDay(time: Date | string): string {
  return new Date(new Date(time).getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** "2025-11-03" (already a Việt Nam day) → "03/11/2025"; anything else unchanged. */
export function dayDate(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : day;
}

/** An instant's date and time in Việt Nam, whatever the server's zone: "14:05 29/11/2025". */
export function dateTime(iso: string): string {
  const t = vietnamParts(iso);
  if (!t.y) return iso;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(t.h)}:${two(t.min)} ${two(t.d)}/${two(t.m)}/${t.y}`;
}

/** When a topic was asked: "3/11 – 29/11", one date for one day, with years when they differ. */
export function topicSpan(topic: Pick<TopicGroup, 'first' | 'last'>): string {
  const first = vietnamParts(topic.first);
  const last = vietnamParts(topic.last);
  const withYear = first.y !== last.y;
  const from = `${first.d}/${first.m}${withYear ? `/${first.y}` : ''}`;
  const to = `${last.d}/${last.m}${withYear ? `/${last.y}` : ''}`;
  return from === to ? from : `${from} – ${to}`;
}

/**
 * The article's URL with a text fragment (https://wicg.github.io/scroll-to-text-fragment/):
 * the browser scrolls to the quote and highlights it. A long quote is matched by its first and
 * last words (`text=start,end`), which survives a changed word in the middle and keeps the URL
 * short. Each part is percent-encoded, and '-', ',' and '&' too: they are the syntax's own.
 */
export function passageUrl(url: string, quote: string): string {
  const words = quote.trim().split(/\s+/);
  // encodeURIComponent already escapes ',' and '&'; '-' it leaves as it is.
  const encode = (part: string[]) => encodeURIComponent(part.join(' ')).replace(/-/g, '%2D');
  const text =
    words.length <= 2 * FRAGMENT_EDGE_WORDS
      ? encode(words)
      : `${encode(words.slice(0, FRAGMENT_EDGE_WORDS))},${encode(words.slice(-FRAGMENT_EDGE_WORDS))}`;
  // A URL may already have a fragment (even a directive): the text directive goes after it.
  const separator = url.includes(':~:') ? '&' : url.includes('#') ? ':~:' : '#:~:';
  return `${url}${separator}text=${text}`;
}

function vietnamParts(iso: string): { y: number; m: number; d: number; h: number; min: number } {
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return { y: 0, m: 0, d: 0, h: 0, min: 0 };
  const t = new Date(time + VIETNAM_OFFSET_MS);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(), min: t.getUTCMinutes() };
}
