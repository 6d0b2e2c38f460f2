/**
 * The quoted sentence without the filler that opens Vietnamese news sentences ("Tuy nhiên,",
 * "Ngoài ra,", "Theo đó,", a "- " bullet). Quoted alone as an answer, "Tuy nhiên, giá vàng…"
 * points at a sentence the reader cannot see; "giá vàng…" does not.
 *
 * A quote is a character range of the article (`quote text === body.slice(start, end)`), so
 * {@link trimLeadingConnective} only says how many characters to skip; the caller moves the
 * quote's start. {@link displayEvidence} is for display only.
 *
 * @example
 * trimLeadingConnective('Tuy nhiên, giá vàng đã giảm.') // 11
 * displayEvidence('Tuy nhiên, giá vàng đã giảm.') // 'Giá vàng đã giảm.'
 */

/**
 * Connectives that only link a sentence to the one before it, trimmed when followed by a comma or
 * a colon. Not listed, on purpose: connectives that carry time or place, which can be the answer
 * itself or what makes a quote true — "Trước đó," "Sau đó," "Hiện nay," "Năm 2017," "Cùng ngày,"
 * "Đồng thời," "Cuối cùng," "Trong đó," (a quote stripped of "Trước đó" reads as the latest
 * news, and a time question asks exactly for that word). Nor "Theo ông X," (who said it). Nor
 * any without its comma: "Đặc biệt nguy hiểm là…" uses "đặc biệt" as an adverb.
 */
const CONNECTIVES = [
  'Đáng chú ý là',
  'Đáng chú ý',
  'Đáng nói là',
  'Đáng nói',
  'Tuy nhiên',
  'Tuy vậy',
  'Tuy thế',
  'Ngoài ra',
  'Bên cạnh đó',
  'Trong khi đó',
  'Theo đó',
  'Cụ thể là',
  'Cụ thể',
  'Đặc biệt là',
  'Đặc biệt',
  'Mặt khác',
  'Do đó',
  'Do vậy',
  'Vì vậy',
  'Vì thế',
  'Chính vì vậy',
  'Chính vì thế',
  'Bởi vậy',
  'Như vậy',
  'Hơn nữa',
  'Thêm vào đó',
  'Thêm nữa',
  'Mặc dù vậy',
  'Dù vậy',
  'Dẫu vậy',
  'Trên thực tế',
  'Thực tế',
  'Nhìn chung',
  'Nói chung',
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');

/**
 * A connective, then its comma or colon; one ending in "là" ("Đáng chú ý là", "Cụ thể là") or
 * "Ngoài ra thì" needs none. Case-insensitive: it may follow a bullet in lower case.
 */
const WITH_PUNCTUATION = CONNECTIVES.map(escape).join('|');
const WITHOUT_PUNCTUATION = [...CONNECTIVES.filter((c) => c.endsWith(' là')), 'Ngoài ra thì'].map(escape).join('|');
const CONNECTIVE = new RegExp(`^(?:(?:${WITH_PUNCTUATION})\\s*[,:]|(?:${WITHOUT_PUNCTUATION})(?=\\s))\\s*`, 'iu');

/**
 * "Thứ nhất," … "Thứ bảy,": list ordinals. Case-sensitive numeral: "Thứ Hai," is Monday, a date,
 * and so is a "thứ hai" followed by a day ("Thứ hai, ngày 5/2", "thứ hai, 5/2").
 */
const ORDINAL = /^[Tt]hứ\s+(?:nhất|hai|ba|tư|năm|sáu|bảy)\s*,\s*/u;
const WEEKDAY_FOLLOWS = /^(?:\d|ngày\s|tuần\s|\()/iu;
/**
 * List bullets. A dash or plus needs a space after it: "-5 độ C" and "+3%" are signed numbers.
 */
const BULLET = /^(?:[-–—+*]\s+|[•●▪◦·]\s*)/u;

/** Length of the one bullet or connective that opens the text, 0 when none. */
function leadingFiller(text: string): number {
  const bullet = BULLET.exec(text);
  if (bullet) return bullet[0].length;
  const connective = CONNECTIVE.exec(text);
  if (connective) return connective[0].length;
  const ordinal = ORDINAL.exec(text);
  if (ordinal && !WEEKDAY_FOLLOWS.test(text.slice(ordinal[0].length))) return ordinal[0].length;
  return 0;
}

/** Bullets and connectives stack at most this deep ("- Tuy nhiên, ngoài ra, …"). */
const MAX_FILLERS = 4;

/**
 * How many characters of the sentence's start are filler to skip: a bullet, then connectives
 * ("- Tuy nhiên, ngoài ra, giá…"). 0 when none. Never the whole sentence: "Tuy nhiên," alone
 * stays, as something must be quoted.
 */
export function trimLeadingConnective(sentence: string): number {
  let at = 0;
  for (let i = 0; i < MAX_FILLERS; i++) {
    const skip = leadingFiller(sentence.slice(at));
    // Only a step that leaves a word or a figure to quote.
    if (skip === 0 || !/[\p{L}\p{N}]/u.test(sentence.slice(at + skip))) break;
    at += skip;
  }
  return at;
}

/**
 * Display only: the sentence without its leading filler, first letter capitalised ("Tuy nhiên,
 * giá vàng…" → "Giá vàng…"). Not for quotes, whose text must stay the article's characters. A
 * first word that already has a capital ("iPhone", "eKYC") is left as written.
 */
export function displayEvidence(sentence: string): string {
  const rest = sentence.slice(trimLeadingConnective(sentence));
  const firstWord = /^[\p{L}\p{M}]+/u.exec(rest)?.[0];
  if (!firstWord || firstWord !== firstWord.toLowerCase()) return rest;
  const first = String.fromCodePoint(rest.codePointAt(0)!);
  return first.toUpperCase() + rest.slice(first.length);
}
