/**
 * Time-aware answering. A question that names a year ("năm 2022"), a month ("tháng 5/2017"), a
 * day ("ngày 12/5/2017") or the present ("hôm nay", "hiện nay") is about that time: a passage
 * about another year answers a different question, however well its words match. So the
 * answerer keeps only passages whose article date or text matches the question's time, and
 * dates an answer to a "current" question taken from an old article.
 *
 * Works on questions typed with or without diacritics ("nam 2022", "hom nay"). Pure: no I/O, no
 * Node APIs (the module runs on Cloudflare Workers too).
 *
 * @example
 * timeOf('Giá vàng ngày 12/5/2017 là bao nhiêu?') // { years: [], months: [], days: [{ year: 2017, month: 5, day: 12 }], current: false }
 * passageMatches(timeOf('năm 2017')!, { text: 'Năm 2017, …', publishedAt: '' }) // true
 * datedPrefix('2017-05-12T08:00:00+07:00', new Date()) // 'Theo bài ngày 12/5/2017: '
 */
import { foldDiacritics, hasDiacritics } from '../text/normalize.js';
import { syllables } from '../text/tokenize.js';

/** A calendar day; `year` is absent when the question or the text gave only day and month ("ngày 12/5"). */
export interface DayRef {
  year?: number;
  month: number;
  day: number;
}

/** A month of a year; in article text the year may be absent ("tháng 5"). */
export interface MonthRef {
  year?: number;
  month: number;
}

/** The time a question asks about. The named references are alternatives: a passage matching any of them matches. */
export interface TimeConstraint {
  years: number[];
  /** Months named with their year ("tháng 5/2017"); a bare "tháng 5" is too vague to filter on. */
  months: MonthRef[];
  days: DayRef[];
  /** The question asks about the present ("hôm nay", "hiện nay", "mới nhất"…). */
  current: boolean;
}

/** What {@link passageMatches} needs of a retrieved passage. */
export interface TimedPassage {
  text: string;
  /** ISO 8601, or '' when the article's date is unknown. */
  publishedAt: string;
  title?: string;
}

/** Years, months and days a text mentions. */
interface Mentions {
  years: number[];
  months: MonthRef[];
  days: DayRef[];
}

const DAY_MS = 86_400_000;
/** A year this service can be asked about: 1900–2099. */
const Y = '((?:19|20)\\d\\d)';
/** Not glued to a letter or digit, nor the tail of a number ("1.2017" is not a year on its own). */
const START = '(?<![\\p{L}\\p{M}\\p{N}]|\\d[.,])';
const END = '(?![\\p{L}\\p{M}\\p{N}]|[.,]\\d)';
/** A word's start: not inside another word. */
const W = '(?<![\\p{L}\\p{M}])';
const NGAY = `${W}(?:ngày|ngay)`;
const THANG = `${W}(?:tháng|thang)`;
const NAM = '(?:năm|nam)';

/** Between a month and its year: "5/2017", "5.2017", "5 năm 2017", "5 2017". */
const MONTH_TO_YEAR = `(?:\\s*[/.-]\\s*|\\s+(?:${NAM}\\s+)?)`;
/** Full dates: "12/5/2017", "12-5-2017", "12.5.2017", "12/5 năm 2017". */
const FULL_DATE = new RegExp(`(?<![\\p{N}/.,-])(\\d{1,2})[/.-](\\d{1,2})(?:[/.-]|\\s+${NAM}\\s+)${Y}${END}`, 'gu');
/** ISO dates, as pasted from a system: "2017-05-12". */
const ISO_DATE = new RegExp(`${START}${Y}-(\\d{1,2})-(\\d{1,2})${END}`, 'gu');
/** "ngày 12 tháng 5", "ngày 12 tháng 5 năm 2017". */
const WORD_DATE = new RegExp(`${NGAY}\\s+(\\d{1,2})\\s+${THANG}\\s+(\\d{1,2})(?:${MONTH_TO_YEAR}${Y})?${END}`, 'gu');
/** "tháng 5/2017", "tháng 5.2017", "tháng 5 năm 2017", and a bare "5/2017". */
const MONTH_YEAR = new RegExp(`(?:${THANG}\\s+(\\d{1,2})${MONTH_TO_YEAR}|(?<![\\p{N}/.,-])(\\d{1,2})[/.])${Y}${END}`, 'gu');
/**
 * "ngày 12/5", "sáng 5/2": a day without its year. In a question it needs the word before it, as
 * a bare "1/3" or "2-1" is as often a fraction or a score.
 */
const PREFIXED_DAY = new RegExp(
  `${W}(?:ngày|ngay|hôm|hom|sáng|sang|trưa|trua|chiều|chieu|tối|toi|đêm|dem)\\s+(\\d{1,2})[/.-](\\d{1,2})(?![\\p{N}]|[/.-]\\d)`,
  'gu',
);
/** A bare "12/5" in article text, where a date is the usual reading (slash only: "2-1" is a score). */
const BARE_DAY = /(?<![\p{N}/.,-])(\d{1,2})\/(\d{1,2})(?![\p{N}]|[/.,-]\d)/gu;
/** "tháng 5" in article text, year left to the article's date. */
const BARE_MONTH = new RegExp(`${THANG}\\s+(\\d{1,2})(?!\\p{N}|[/.,-]\\d)`, 'gu');
/** "2016-2017", "mùa giải 2021/2022", "2021-22". */
const YEAR_RANGE = new RegExp(`${START}${Y}\\s*[-–—/]\\s*(\\d{2}|(?:19|20)\\d\\d)${END}`, 'gu');
const YEAR = new RegExp(`${START}${Y}${END}`, 'gu');

/** Both spellings of each word: the accented one articles use and the folded one phones type. */
function alternation(words: readonly string[]): string {
  const all = new Set(words.flatMap((w) => [w, foldDiacritics(w)]));
  return [...all]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'))
    .join('|');
}

/**
 * Words after which a 4-digit number is a year whatever follows ("năm 2022 người dân…"). Only
 * words whose folded form is not a common word too: "mua" (buy) and "dau" (oil) would make
 * "mua 2000 con gà" a year.
 */
const YEAR_BEFORE = new RegExp(
  `(?:^|[^\\p{L}\\p{M}])(?:${alternation(['năm', 'mùa giải', 'niên khóa', 'nhiệm kỳ', 'giai đoạn'])})\\s*$`,
  'u',
);
/** Words after which a 4-digit number is an identifier, not a year: "số 2022", "mã 1900", "phòng 2010". */
const ID_BEFORE = new RegExp(`(?:^|[^\\p{L}\\p{M}])(?:${alternation(['số', 'mã', 'phòng', 'hotline', 'tổng đài'])})\\s*$`, 'u');
/** A unit after the number makes it a count or an amount: "2000 người", "2022 tỷ đồng", "1990 km". */
const UNIT_AFTER = new RegExp(
  `^\\s*(?:%|(?:${alternation([
    'người',
    'tỷ',
    'tỉ',
    'triệu',
    'nghìn',
    'ngàn',
    'đồng',
    'usd',
    'vnd',
    'euro',
    'km',
    'm',
    'm2',
    'm3',
    'cm',
    'mm',
    'kg',
    'ha',
    'tấn',
    'lít',
    'chiếc',
    'căn',
    'hộ',
    'lượt',
    'vé',
    'con',
    'xe',
    'bản',
    'suất',
    'đơn',
    'tuổi',
    'cái',
    'ca',
    'mw',
    'kw',
  ])})(?![\\p{L}\\p{M}\\p{N}]))`,
  'u',
);

/** True when the 4-digit number at [start, end) of the text reads as a year. */
function isYearAt(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 24), start);
  const after = text.slice(end, end + 24);
  if (YEAR_BEFORE.test(before)) return true;
  if (ID_BEFORE.test(before)) return false;
  // Digit groups around it: a phone number ("1900 1234") or a list of figures, not a year.
  if (/\d\s$/.test(before) || /^\s\d/.test(after)) return false;
  return !UNIT_AFTER.test(after);
}

function isValidDay(day: number, month: number, year: number | undefined): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  // Without a year, 29/2 is allowed: it exists in a leap year.
  const last = new Date(Date.UTC(year ?? 2000, month, 0)).getUTCDate();
  return day <= last;
}

/**
 * Calls `found` for each match of the pattern and blanks the matches it accepts, so a later,
 * looser pattern does not read "2017" of "12/5/2017" a second time. Blanking keeps offsets.
 */
function take(text: string, pattern: RegExp, found: (m: RegExpExecArray) => boolean): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    if (!found(m)) continue;
    out += text.slice(last, m.index) + ' '.repeat(m[0].length);
    last = m.index + m[0].length;
  }
  return out + text.slice(last);
}

function addDay(days: DayRef[], day: number, month: number, year: number | undefined): boolean {
  if (!isValidDay(day, month, year)) return false;
  if (!days.some((d) => d.day === day && d.month === month && d.year === year)) {
    days.push(year === undefined ? { month, day } : { year, month, day });
  }
  return true;
}

function addMonth(months: MonthRef[], month: number, year: number | undefined): boolean {
  if (month < 1 || month > 12) return false;
  if (!months.some((m) => m.month === month && m.year === year)) months.push(year === undefined ? { month } : { year, month });
  return true;
}

function addYear(years: number[], year: number): void {
  if (!years.includes(year)) years.push(year);
}

const num = (s: string | undefined): number | undefined => (s === undefined ? undefined : Number(s));

/** The days, in every written form, a text mentions; returns the text with them blanked. */
function scanDays(text: string, days: DayRef[], loose: boolean): string {
  let work = take(text, FULL_DATE, (m) => addDay(days, +m[1]!, +m[2]!, +m[3]!));
  work = take(work, ISO_DATE, (m) => addDay(days, +m[3]!, +m[2]!, +m[1]!));
  work = take(work, WORD_DATE, (m) => addDay(days, +m[1]!, +m[2]!, num(m[3])));
  work = take(work, PREFIXED_DAY, (m) => addDay(days, +m[1]!, +m[2]!, undefined));
  return loose ? take(work, BARE_DAY, (m) => addDay(days, +m[1]!, +m[2]!, undefined)) : work;
}

/**
 * Every year, month and day the text mentions. `loose` is for article text: it also reads a bare
 * "12/5" and a yearless "tháng 5", which a question must spell out more clearly to count.
 */
function scan(raw: string, loose: boolean): Mentions {
  const found: Mentions = { years: [], months: [], days: [] };
  let work = scanDays(raw.normalize('NFC').toLowerCase(), found.days, loose);
  work = take(work, MONTH_YEAR, (m) => addMonth(found.months, +(m[1] ?? m[2])!, +m[3]!));
  if (loose) work = take(work, BARE_MONTH, (m) => addMonth(found.months, +m[1]!, undefined));
  work = take(work, YEAR_RANGE, (m) => {
    if (!isYearAt(work, m.index, m.index + m[0].length)) return false;
    const from = +m[1]!;
    // "2021-22": a season; any other two digits are not a year.
    const to = m[2]!.length === 2 ? (+m[2]! === (from + 1) % 100 ? from + 1 : from) : +m[2]!;
    // A short span is a period ("giai đoạn 2016-2020": 2018 is in it); a long one, two landmarks.
    if (to > from && to - from <= 10) for (let y = from; y <= to; y++) addYear(found.years, y);
    else [from, to].forEach((y) => addYear(found.years, y));
    return true;
  });
  for (const m of work.matchAll(YEAR)) if (isYearAt(work, m.index, m.index + m[0].length)) addYear(found.years, +m[1]!);
  return found;
}

/** Phrases that ask about the present, as syllables. */
const CURRENT_PHRASES = [
  'hôm nay',
  'sáng nay',
  'trưa nay',
  'chiều nay',
  'tối nay',
  'đêm nay',
  'hiện nay',
  'hiện tại',
  'hiện giờ',
  'hiện là',
  'hiện đang',
  'hiện giữ',
  'hiện còn',
  'hiện có',
  'bây giờ',
  'lúc này',
  'mới nhất',
  'năm nay',
  'tháng này',
  'tuần này',
  'gần đây',
  'mới đây',
  'đến nay',
  'tới nay',
].map((p) => p.split(' '));
/**
 * Words that make "hiện" part of another word: "thực hiện", "phát hiện", "xuất hiện là…" are not
 * "currently".
 */
const HIEN_COMPOUNDS = new Set(['thực', 'phát', 'xuất', 'thể', 'biểu', 'tái', 'ẩn', 'trình', 'hiển']);

/** True when the question asks about the present. */
function asksCurrent(question: string): boolean {
  // Compare in the reader's own space: folded only when typed without diacritics, so an accented
  // "hiền tài" (talented people) is never read as "hiện tại".
  const folded = !hasDiacritics(question);
  const key = (w: string) => (folded ? foldDiacritics(w) : w);
  const tokens = syllables(question).map(key);
  const compounds = new Set([...HIEN_COMPOUNDS].map(key));
  return CURRENT_PHRASES.some((phrase) => {
    const words = phrase.map(key);
    for (let i = 0; i + words.length <= tokens.length; i++) {
      if (!words.every((w, j) => tokens[i + j] === w)) continue;
      if (phrase[0] === 'hiện' && i > 0 && compounds.has(tokens[i - 1]!)) continue;
      return true;
    }
    return false;
  });
}

/**
 * The time a question asks about, or null when it names none. Accented or not: "năm 2022",
 * "nam 2022", "ngày 12/5/2017", "ngay 12 thang 5", "tháng 5/2017", "mùa giải 2021-2022",
 * "hom nay". Counts ("2.000 người", "2000 người") and identifiers ("số 2022") are not years.
 */
export function timeOf(question: string): TimeConstraint | null {
  const found = scan(question, false);
  const current = asksCurrent(question);
  // "ngày 12/5 …, năm 2017": one year named beside yearless days is their year.
  const only = found.years.length === 1 ? found.years[0] : undefined;
  if (only !== undefined && found.days.length > 0 && found.days.every((d) => d.year === undefined)) {
    found.days = found.days.map((d) => ({ year: only, month: d.month, day: d.day }));
    found.years = [];
  }
  // A month without a year ("tháng 5") is too vague to filter on; only "tháng 5/2017" counts.
  const months = found.months.filter((m) => m.year !== undefined);
  if (!current && found.years.length + months.length + found.days.length === 0) return null;
  return { years: found.years, months, days: found.days, current };
}

/** The calendar date an ISO publishedAt names, as printed (the offset is not applied); null when undated. */
function publishedDate(publishedAt: string): Required<DayRef> | null {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])/.exec(publishedAt.trim());
  if (!m) return null;
  const [year, month, day] = [+m[1]!, +m[2]!, +m[3]!];
  return isValidDay(day, month, year) ? { year, month, day } : null;
}

/** True when a year mention without its own year can be read as `year`: the article's year is it. */
function sameYear(mentioned: number | undefined, asked: number | undefined, published: number | undefined): boolean {
  if (asked === undefined) return true;
  return mentioned === undefined ? published === asked : mentioned === asked;
}

function matchesYear(year: number, text: Mentions, published: DayRef | null): boolean {
  if (published?.year === year || text.years.includes(year)) return true;
  // "12/5/2017" and "tháng 5/2017" mention 2017 as well.
  return text.days.some((d) => d.year === year) || text.months.some((m) => m.year === year);
}

function matchesMonth(asked: MonthRef, text: Mentions, published: DayRef | null): boolean {
  if (published && published.month === asked.month && published.year === asked.year) return true;
  const inMonth = (m: MonthRef) => m.month === asked.month && sameYear(m.year, asked.year, published?.year);
  return text.months.some(inMonth) || text.days.some(inMonth);
}

function matchesDay(asked: DayRef, text: Mentions, published: DayRef | null): boolean {
  const isDay = (d: DayRef) => d.day === asked.day && d.month === asked.month;
  if (published && isDay(published) && (asked.year === undefined || published.year === asked.year)) return true;
  return text.days.some((d) => isDay(d) && sameYear(d.year, asked.year, published?.year));
}

/**
 * True when the passage can answer a question about time `c`: its article was published in the
 * year, month or on the day asked, or its text or title mentions it. An undated article ('')
 * matches through its text only. A constraint that only asks for the present matches every
 * passage: such answers are dated instead (see {@link datedPrefix}).
 */
export function passageMatches(c: TimeConstraint, passage: TimedPassage): boolean {
  if (c.years.length + c.months.length + c.days.length === 0) return true;
  const published = publishedDate(passage.publishedAt);
  const sources = [passage.title ?? '', passage.text].map((t) => scan(t, true));
  return sources.some(
    (text) =>
      c.years.some((y) => matchesYear(y, text, published)) ||
      c.months.some((m) => matchesMonth(m, text, published)) ||
      c.days.some((d) => matchesDay(d, text, published)),
  );
}

/**
 * "Theo bài ngày 12/5/2017: " before an answer to a "current" question taken from an article
 * older than `minAgeDays` (on `now`): the reader must see that "hiện nay" means then, not today.
 * '' for a recent, future or undated article. Age counts from the article's printed calendar day.
 */
export function datedPrefix(publishedAt: string, now: Date, minAgeDays = 30): string {
  const d = publishedDate(publishedAt);
  if (!d) return '';
  const ageDays = (now.getTime() - Date.UTC(d.year, d.month - 1, d.day)) / DAY_MS;
  // NaN (an invalid `now`) compares false: no prefix rather than a wrong one.
  if (!(ageDays > minAgeDays)) return '';
  return `Theo bài ngày ${d.day}/${d.month}/${d.year}: `;
}
