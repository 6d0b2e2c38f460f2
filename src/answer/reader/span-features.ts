/**
 * Candidate answer spans inside a sentence, each with the features the span model scores: the
 * question's words around it (and not inside it: an answer seldom repeats the question), its
 * shape against the kind of answer asked for (numbers with units, dates, capitalized names), and
 * the words at its edges ("là", "tại", "vào", a comma). Spans start and end on words.
 */
import { keyOf, type QuestionView } from './question-view.js';
import type { SentenceCandidate } from './sentence-features.js';
import type { Token } from './tokens.js';

export interface SpanCandidate {
  sentence: SentenceCandidate;
  /** Token indices in the sentence, inclusive. */
  first: number;
  last: number;
  features: Float32Array;
}

// The words just before and after an answer say much about where it starts and ends.
const PREVIOUS_CUES = [
  'là',
  'tại',
  'ở',
  'vào',
  'năm',
  'ngày',
  'tháng',
  'của',
  'với',
  'bởi',
  'do',
  'vì',
  'từ',
  'đến',
  'khoảng',
  'gồm',
  'như',
  'được',
  'có',
  'và',
  ',',
  '(',
  ':',
  '"',
  '“',
  'để',
  'nhằm',
  'bằng',
  'trên',
  'gần',
];
const NEXT_CUES = [',', '.', ')', ';', ':', 'và', 'của', 'là', 'đã', 'được', 'với', 'tại', 'ở', 'vào', 'năm', '(', '"', '”', 'để', 'cho'];
const FUNCTION_WORDS = new Set([
  'của',
  'và',
  'là',
  'được',
  'đã',
  'có',
  'với',
  'cho',
  'các',
  'những',
  'này',
  'thì',
  'mà',
  'đó',
  'trong',
  'để',
  'bị',
  'sẽ',
  'đang',
  'cũng',
  'từ',
  'tại',
  'ở',
  'vào',
  'theo',
]);
const UNITS = new Set([
  'người',
  'tỷ',
  'triệu',
  'nghìn',
  'ngàn',
  'đồng',
  'usd',
  'km',
  'm',
  'kg',
  'tấn',
  'ha',
  '%',
  'năm',
  'tháng',
  'ngày',
  'giờ',
  'phút',
  'lần',
  'tuổi',
  'ca',
  'trường',
  'đô',
  'la',
  'euro',
  'cm',
  'mm',
  'lít',
  'độ',
  'điểm',
  'bàn',
  'chiếc',
  'căn',
  'con',
  'học',
  'sinh',
]);
const DATE_WORDS = new Set(['ngày', 'tháng', 'năm', 'giờ', 'sáng', 'chiều', 'tối', 'quý', 'thế', 'kỷ']);
const REASON_STARTS = new Set(['vì', 'do', 'bởi', 'nhằm', 'để', 'nhờ', 'tại']);

const BASE_SPAN_FEATURES = [
  'sentenceScore',
  'sentenceRank',
  'coverage',
  'answerType',
  'words',
  'chars',
  'questionInside',
  'matchedInside',
  'left3',
  'left8',
  'right3',
  'right8',
  'distanceLeft',
  'distanceRight',
  'matchedOutside',
  'firstDigit',
  'anyDigit',
  'onlyDigits',
  'dateForm',
  'numberUnit',
  'upperShare',
  'firstUpper',
  'lastUpper',
  'comma',
  'parenthesis',
  'startsFunction',
  'endsFunction',
  'position',
  'atStart',
  'atEnd',
  'quantityDigit',
  'dateShape',
  'personUpper',
  'placeUpper',
  'reasonStart',
  'sentenceWords',
  'year',
  'cohesionBefore',
  'cohesionAfter',
] as const;

/**
 * How strongly two adjacent syllables form a word (PMI from news text, see
 * training/reader/cohesion.ts): high across an edge means the span cuts a word in two.
 */
export type Cohesion = (first: string, second: string) => number;

/** Edge values when there is no word on the other side, and when the pair was never seen as one. */
const NO_NEIGHBOUR = -10;
const UNSEEN_PAIR = -1;

/** A {@link Cohesion} reading a table of "a b" → PMI; a pair not in it gets {@link UNSEEN_PAIR}. */
export function cohesionOf(table: Readonly<Record<string, number>>): Cohesion {
  const map = new Map(Object.entries(table));
  return (first, second) => map.get(`${first} ${second}`) ?? UNSEEN_PAIR;
}

export const SPAN_FEATURES: readonly string[] = [
  ...BASE_SPAN_FEATURES,
  ...PREVIOUS_CUES.map((c) => `before:${c}`),
  ...NEXT_CUES.map((c) => `after:${c}`),
  'before:start',
  'after:end',
];

/** Per-token prefix sums the span features are read from in constant time. */
interface SentenceSums {
  tokens: Token[];
  /** Question-word weight, question syllables, words, and the shape marks below, summed up to token i. */
  matched: Float64Array;
  question: Float64Array;
  words: Float64Array;
  digits: Float64Array;
  uppers: Float64Array;
  commas: Float64Array;
  parentheses: Float64Array;
  years: Float64Array;
  /** Marks at token i that need token i + 1 too: a date word before a digit, a digit before a unit. */
  dates: Float64Array;
  units: Float64Array;
  slashes: Float64Array;
  /** Nearest token at or before / at or after i holding a question word (-1 / n when none). */
  before: Int32Array;
  after: Int32Array;
}

function prefix(tokens: readonly Token[], mark: (t: Token, i: number) => boolean): Float64Array {
  const out = new Float64Array(tokens.length + 1);
  for (let i = 0; i < tokens.length; i++) out[i + 1] = out[i]! + (mark(tokens[i]!, i) ? 1 : 0);
  return out;
}

function sums(view: QuestionView, tokens: Token[]): SentenceSums {
  const n = tokens.length;
  const weightAt = tokens.map((t) => (t.word ? (view.weights.get(keyOf(view, t)) ?? 0) : 0));
  const matched = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) matched[i + 1] = matched[i]! + weightAt[i]!;
  const before = new Int32Array(n);
  const after = new Int32Array(n);
  let last = -1;
  for (let i = 0; i < n; i++) before[i] = last = weightAt[i]! > 0 ? i : last;
  let next = n;
  for (let i = n - 1; i >= 0; i--) after[i] = next = weightAt[i]! > 0 ? i : next;
  const nextIs = (i: number, test: (t: Token) => boolean) => i + 1 < n && test(tokens[i + 1]!);
  return {
    tokens,
    matched,
    question: prefix(tokens, (t) => t.word && view.all.has(keyOf(view, t))),
    words: prefix(tokens, (t) => t.word),
    digits: prefix(tokens, (t) => t.word && t.digit),
    uppers: prefix(tokens, (t) => t.word && t.upper),
    commas: prefix(tokens, (t) => t.text === ','),
    parentheses: prefix(tokens, (t) => t.text === '(' || t.text === ')'),
    years: prefix(tokens, (t) => /^(1[89]|20)\d\d$/.test(t.text)),
    dates: prefix(tokens, (t, i) => DATE_WORDS.has(t.key) && nextIs(i, (u) => u.digit)),
    units: prefix(tokens, (t, i) => t.digit && nextIs(i, (u) => UNITS.has(u.key))),
    slashes: prefix(tokens, (t) => t.text === '/'),
    before,
    after,
  };
}

const cueIndex = (cues: readonly string[]) => new Map(cues.map((c, i) => [c, i]));
const PREVIOUS_INDEX = cueIndex(PREVIOUS_CUES);
const NEXT_INDEX = cueIndex(NEXT_CUES);
const CUES_AT = BASE_SPAN_FEATURES.length;

/**
 * Visits every span of at most `maxWords` words in the sentence with its features. The feature
 * array is one buffer, overwritten for the next span: a reader scores thousands of spans per
 * question, and allocating for each would keep the garbage collector busy. Copy it to keep it.
 */
export function forEachSpan(
  view: QuestionView,
  sentence: SentenceCandidate,
  sentenceScore: number,
  sentenceRank: number,
  maxWords: number,
  cohesion: Cohesion,
  visit: (first: number, last: number, features: Float32Array) => void,
): void {
  const s = sums(view, sentence.tokens);
  const n = s.tokens.length;
  const lastWord = s.tokens.findLastIndex((t) => t.word);
  const f = new Float32Array(SPAN_FEATURES.length);
  // Cohesion of each token with the next word (NO_NEIGHBOUR when the next token is not a word).
  const glue = s.tokens.map((t, i) => {
    const next = s.tokens[i + 1];
    return t.word && next?.word ? cohesion(t.key, next.key) : NO_NEIGHBOUR;
  });
  for (let i = 0; i < n; i++) {
    if (!s.tokens[i]!.word) continue;
    for (let j = i; j < n && s.words[j + 1]! - s.words[i]! <= maxWords; j++) {
      if (!s.tokens[j]!.word) continue;
      f.fill(0);
      fillSpan(f, view, s, i, j, lastWord);
      f[0] = sentenceScore;
      f[1] = sentenceRank;
      f[2] = sentence.coverage;
      f[35] = s.words[n]!;
      f[37] = i > 0 ? glue[i - 1]! : NO_NEIGHBOUR;
      f[38] = glue[j]!;
      visit(i, j, f);
    }
  }
}

/** {@link forEachSpan}, each span with a copy of its features. */
export function spanCandidates(
  view: QuestionView,
  sentence: SentenceCandidate,
  sentenceScore: number,
  sentenceRank: number,
  maxWords: number,
  cohesion: Cohesion,
): SpanCandidate[] {
  const out: SpanCandidate[] = [];
  forEachSpan(view, sentence, sentenceScore, sentenceRank, maxWords, cohesion, (first, last, features) =>
    out.push({ sentence, first, last, features: features.slice() }),
  );
  return out;
}

function between(sum: Float64Array, from: number, to: number): number {
  return sum[to]! - sum[from]!;
}

function windowSum(matched: Float64Array, n: number, from: number, to: number): number {
  return matched[Math.min(Math.max(to, 0), n)]! - matched[Math.min(Math.max(from, 0), n)]!;
}

function fillSpan(f: Float32Array, view: QuestionView, s: SentenceSums, i: number, j: number, lastWord: number): void {
  const { tokens, matched, question, words } = s;
  const n = tokens.length;
  const total = view.total || 1;
  // Plain functions, not closures: this runs for every span the reader scores.
  const c0 = i;
  const c1 = j + 1;
  const len = between(words, c0, c1);

  const inside = between(matched, c0, c1);
  const firstDigit = tokens[i]!.digit;
  const anyDigit = between(s.digits, c0, c1) > 0;
  // Pair marks count when both tokens are inside the span: marks at i..j-1.
  const dateForm = between(s.dates, i, j) > 0 || between(s.slashes, c0, c1) > 0;
  const year = between(s.years, c0, c1) > 0;
  const firstUpper = tokens[i]!.upper;
  f[3] = view.typeIndex;
  f[4] = len;
  f[5] = tokens[j]!.end - tokens[i]!.start;
  f[6] = between(question, c0, c1) / len;
  f[7] = inside / total;
  f[8] = windowSum(matched, n, i - 3, i) / total;
  f[9] = windowSum(matched, n, i - 8, i) / total;
  f[10] = windowSum(matched, n, j + 1, j + 4) / total;
  f[11] = windowSum(matched, n, j + 1, j + 9) / total;
  f[12] = i > 0 && s.before[i - 1]! >= 0 ? words[i]! - words[s.before[i - 1]!]! : 50;
  f[13] = j + 1 < n && s.after[j + 1]! < n ? words[s.after[j + 1]! + 1]! - words[j + 1]! : 50;
  f[14] = (matched[n]! - inside) / total;
  f[15] = firstDigit ? 1 : 0;
  f[16] = anyDigit ? 1 : 0;
  f[17] = between(s.digits, c0, c1) === len ? 1 : 0;
  f[18] = dateForm ? 1 : 0;
  f[19] = between(s.units, i, j) > 0 ? 1 : 0;
  f[20] = between(s.uppers, c0, c1) / len;
  f[21] = firstUpper ? 1 : 0;
  f[22] = tokens[j]!.upper ? 1 : 0;
  f[23] = between(s.commas, c0, c1) > 0 ? 1 : 0;
  f[24] = between(s.parentheses, c0, c1) > 0 ? 1 : 0;
  f[25] = FUNCTION_WORDS.has(tokens[i]!.key) ? 1 : 0;
  f[26] = FUNCTION_WORDS.has(tokens[j]!.key) ? 1 : 0;
  f[27] = words[i]! / Math.max(1, words[n]!);
  f[28] = words[i] === 0 ? 1 : 0;
  f[29] = j === lastWord ? 1 : 0;
  const type = view.type;
  f[30] = type === 'quantity' && anyDigit ? 1 : 0;
  f[31] = type === 'date' && (dateForm || year) ? 1 : 0;
  f[32] = type === 'person' && firstUpper ? 1 : 0;
  f[33] = type === 'place' && firstUpper ? 1 : 0;
  f[34] = type === 'reason' && REASON_STARTS.has(tokens[i]!.key) ? 1 : 0;
  f[36] = year ? 1 : 0;
  const previous = i > 0 ? PREVIOUS_INDEX.get(tokens[i - 1]!.key) : undefined;
  const next = j + 1 < n ? NEXT_INDEX.get(tokens[j + 1]!.key) : undefined;
  if (previous !== undefined) f[CUES_AT + previous] = 1;
  if (next !== undefined) f[CUES_AT + PREVIOUS_CUES.length + next] = 1;
  if (i === 0) f[CUES_AT + PREVIOUS_CUES.length + NEXT_CUES.length] = 1;
  if (j === n - 1 || (j + 1 === n - 1 && !tokens[n - 1]!.word)) f[CUES_AT + PREVIOUS_CUES.length + NEXT_CUES.length + 1] = 1;
}
