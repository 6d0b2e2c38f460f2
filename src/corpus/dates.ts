/**
 * Publication dates, from the forms feeds, front matter and Vietnamese news pages use, to
 * ISO 8601. The offset is kept as written (never converted to UTC: "11:00 +07:00" is what the
 * newsroom printed); a time without an offset stays a local time; an unknown form gives ''.
 *
 * @example
 * toIsoDate('Sat, 16 Nov 2024 11:00:00 +0700') // '2024-11-16T11:00:00+07:00'
 * toIsoDate('2024-11-16') // '2024-11-16'
 * findVietnameseDate('Chủ nhật, 10/11/2024 - 14:30 (GMT+7)') // '2024-11-10T14:30:00+07:00'
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** 2024-11-16, 2024-11-16T11:00, 2024-11-16 11:00:00 +0700 (Jekyll), with Z or ±hh[:]mm. */
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
/** RFC 2822, as in RSS and Jekyll feeds: "Sat, 16 Nov 2024 11:00:00 +0700". */
const RFC2822 =
  /^(?:[a-z]{3},?\s+)?(\d{1,2})\s+([a-z]{3})[a-z]*\.?\s+(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(Z|GMT|UTC?|[+-]\d{2}:?\d{2})?$/i;
/** "10/11/2024", "10-11-2024", "10.11.2024": day first, as everywhere in Vietnam. */
const DMY = /(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)/;
/** "ngày 10 tháng 11 năm 2024". */
const DMY_WORDS = /ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/i;
/** "14:30", "14h30", "14g30", optionally "PM". */
const TIME = /(?<!\d)(\d{1,2})\s*[:hg]\s*(\d{2})(?::(\d{2}))?(?!\d)\s*(am|pm|sa|ch)?/i;
/** "GMT+7", "(GMT+07:00)", "UTC+7", "+07:00". */
const ZONE = /(?:gmt|utc)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?|(?<![\d:])([+-])(\d{2}):(\d{2})(?!\d)/i;

/** ISO 8601 for a whole date value (front matter, JSONL); '' when it is not a date. */
export function toIsoDate(value: unknown): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (typeof value !== 'string') return '';
  const text = value.trim();
  let m = ISO.exec(text);
  if (m) return format(+m[1]!, +m[2]!, +m[3]!, m[4], m[5], m[6], m[7]);
  m = RFC2822.exec(text);
  if (m) {
    const month = MONTHS.indexOf(m[2]!.toLowerCase()) + 1;
    if (month === 0) return '';
    return format(+m[3]!, month, +m[1]!, m[4], m[5], m[6], m[7]);
  }
  return findVietnameseDate(text);
}

/**
 * The first day-first date in a line of a Vietnamese page ("Thứ Hai, 11/11/2024, 08:15
 * (GMT+7)"), with the time and zone when the line gives them; '' when there is none.
 */
export function findVietnameseDate(line: string): string {
  const m = DMY.exec(line) ?? DMY_WORDS.exec(line);
  if (!m) return '';
  const rest = line.slice(0, m.index) + ' ' + line.slice(m.index + m[0].length);
  const t = TIME.exec(rest);
  let hour = t?.[1];
  if (t && hour !== undefined) {
    const suffix = t[4]?.toLowerCase();
    let h = +hour;
    if ((suffix === 'pm' || suffix === 'ch') && h < 12) h += 12;
    if ((suffix === 'am' || suffix === 'sa') && h === 12) h = 0;
    hour = String(h);
  }
  const z = ZONE.exec(rest);
  let zone: string | undefined;
  if (z?.[1]) zone = `${z[1]}${z[2]!.padStart(2, '0')}:${z[3] ?? '00'}`;
  else if (z?.[4]) zone = `${z[4]}${z[5]}:${z[6]}`;
  return format(+m[3]!, +m[2]!, +m[1]!, hour, t?.[2], t?.[3], zone);
}

function format(
  year: number,
  month: number,
  day: number,
  hour: string | undefined,
  minute: string | undefined,
  second: string | undefined,
  zone: string | undefined,
): string {
  if (month < 1 || month > 12 || day < 1 || year < 1000) return '';
  // Date.UTC rolls 31/02 over to March: compare to catch impossible days.
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCDate() !== day) return '';
  const date = `${year}-${pad(month)}-${pad(day)}`;
  if (hour === undefined || minute === undefined) return date;
  const h = +hour;
  const min = +minute;
  const s = second === undefined ? 0 : +second;
  if (h > 23 || min > 59 || s > 59) return '';
  return `${date}T${pad(h)}:${pad(min)}:${pad(s)}${formatZone(zone)}`;
}

function formatZone(zone: string | undefined): string {
  if (!zone) return '';
  const z = zone.toUpperCase();
  if (z === 'Z' || z === 'GMT' || z === 'UT' || z === 'UTC') return 'Z';
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(z);
  return m ? `${m[1]}${m[2]}:${m[3]}` : '';
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
