/**
 * Expands the abbreviations of {@link ABBREVIATIONS} in a question, before diacritic restoration
 * and retrieval: "gia vang hnay bn" → "gia vang hôm nay bao nhiêu".
 *
 * Only what the reader typed in lower case, standing alone, is touched. "UBND", "TP.HCM",
 * "bệnh viện K", "A.J" are the articles' own acronyms and names; "U23", "Covid-19", "A4",
 * "k+", "#hn", URLs and e-mail addresses are not words of the sentence. Unit shorthand is
 * expanded only right after digits ("5tr", "5 tr" → "5 triệu"); there, the other single letters
 * are units too ("220 v", "5 h") and stay. Everything outside the expanded tokens is kept byte
 * for byte.
 *
 * @example
 * expandAbbreviations('gia vang hnay bn') // { text: 'gia vang hôm nay bao nhiêu', changed: true }
 * expandAbbreviations('tt Mỹ la ai', lm.logProb) // 'tổng thống Mỹ la ai' when the model says so
 */
import { foldDiacritics } from '../normalize.js';
import { ABBREVIATIONS, type Abbreviation } from './abbreviations.js';
import { contextAround } from './context.js';

export interface Expanded {
  text: string;
  changed: boolean;
}

function byForm(entries: readonly Abbreviation[]): Map<string, Abbreviation> {
  const map = new Map<string, Abbreviation>();
  for (const entry of entries) for (const form of entry.forms) map.set(form, entry);
  return map;
}

/** Standalone words ("ko", "hn") and unit shorthand ("tr" in "5tr"): "k" is in both, as "không" and "nghìn". */
const WORDS = byForm(ABBREVIATIONS.filter((a) => !a.afterNumber));
const UNITS = byForm(ABBREVIATIONS.filter((a) => a.afterNumber));

/**
 * A URL (with a scheme, "www.", or a domain followed by a path), or a word: letters, digits and
 * marks, joined by . - _ ' ’ @ & + when a letter or digit follows, and by a decimal comma ("TP.HCM",
 * "Covid-19", "a@b.vn", "2,34tr" are one piece each; only the last is expanded).
 */
const TOKEN =
  /(?:https?:\/\/|www\.)\S+|[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+\/\S*|[\p{L}\p{M}\p{N}]+(?:[-.\u2019_'@&+][\p{L}\p{M}\p{N}]+|,\d[\p{L}\p{M}\p{N}]*)*/gu;
const DIGIT = /^\d/;
const NUMBER = /^\d+(?:[.,]\d+)*$/;
const NUMBER_WITH_UNIT = /^(\d+(?:[.,]\d+)*)(\p{Ll}+)$/u;
/**
 * What may touch a token that is expanded: the edge of the text, white space, sentence punctuation.
 * A slash may follow ("5tr/tháng", "ko/k") but not precede: "km/h" is a unit, not "km/giờ".
 */
const OPEN_EDGE = /[\s([{"'“‘«\-–—]/u;
const CLOSE_EDGE = /[\s)\]}"'”’».,;:!?…/\-–—]/u;

/** One expandable token: where it is, what was typed, and what it may become. */
interface Slot {
  start: number;
  end: number;
  typed: string;
  /** Candidates in order of preference when nothing else decides; may include `typed`. */
  options: string[];
  /** `typed` is among the options: without a scorer it is kept. */
  keepable: boolean;
}

/**
 * Expands the abbreviations of a question. `score(candidate)` (higher = more likely; the caller passes a language model's
 * log-probability of a piece of text: here the token and three words on each side) chooses between the expansions of an
 * ambiguous token, and decides "keepable" tokens;
 * without it the first expansion is taken, and keepable tokens stay as typed (a name must not be lost for want of a model).
 */
export function expandAbbreviations(text: string, score?: (candidate: string) => number): Expanded {
  // NFC only: tone placement (normalizeText) runs before this in the pipeline, and no form carries a tone mark.
  const normalized = text.normalize('NFC');
  const slots = findSlots(normalized);
  if (slots.length === 0) return { text: normalized, changed: false };

  // Unambiguous tokens first, so that ambiguous ones are judged with as much expanded context as possible.
  const values = slots.map((s) => (s.options.length === 1 && !s.keepable ? s.options[0]! : s.typed));
  slots.forEach((slot, i) => {
    if (slot.options.length === 1 && !slot.keepable) return;
    if (!score) {
      values[i] = slot.keepable ? slot.typed : slot.options[0]!;
      return;
    }
    // Left to right: tokens before this one as decided, after it as typed (or expanded, when unambiguous),
    // in the few words around it (context.ts).
    const [from, to] = contextAround(normalized, slot.start, slot.end);
    let best = -Infinity;
    let chosen = slot.options[0]!;
    for (const option of slot.options) {
      values[i] = option;
      const s = score(render(normalized, slots, values, from, to));
      if (s > best) [best, chosen] = [s, option]; // ties go to the earlier option: the typed form of a keepable token
    }
    values[i] = chosen;
  });
  const changed = values.some((v, i) => v !== slots[i]!.typed);
  return { text: changed ? render(normalized, slots, values) : normalized, changed };
}

/** The text, or its stretch [from, to), with each slot in it replaced by its value. */
function render(text: string, slots: readonly Slot[], values: readonly string[], from = 0, to = text.length): string {
  let out = '';
  let at = from;
  slots.forEach((slot, i) => {
    if (slot.start < from || slot.end > to) return;
    out += text.slice(at, slot.start) + values[i]!;
    at = slot.end;
  });
  return out + text.slice(at, to);
}

function findSlots(text: string): Slot[] {
  const slots: Slot[] = [];
  let previous: { text: string; end: number } | undefined;
  for (const match of text.matchAll(TOKEN)) {
    const token = match[0];
    const start = match.index;
    const end = start + token.length;
    const last = previous;
    previous = { text: token, end };
    // One Map lookup settles almost every token: only forms (all lower case), numbers with a unit, and
    // a form capitalized to start a sentence go on.
    const capitalized = !WORDS.has(token) && !UNITS.has(token) && !DIGIT.test(token) ? sentenceStartForm(text, token, start) : undefined;
    if (capitalized === undefined && !WORDS.has(token) && !UNITS.has(token) && !DIGIT.test(token)) continue;
    // The word just before, when only spaces separate it from this one: "5" in "5 tr", "tp" in "tp hcm".
    const before = last && /^[ \t]+$/.test(text.slice(last.end, start)) ? last.text : undefined;
    if (!standsAlone(text, start, end)) continue;
    const slot = capitalized
      ? capitalizedSlot(wordSlot(capitalized, undefined)!, token)
      : before !== undefined && NUMBER.test(before)
        ? unitSlot(before, token)
        : (attachedUnitSlot(token) ?? wordSlot(token, before));
    if (slot) slots.push({ ...slot, start, end, typed: token });
  }
  return slots;
}

/**
 * The form of a word that starts a sentence with a capital, as phone keyboards write the first word
 * ("Ko biết…", "Hn có mưa ko"): two letters or more, the rest in lower case. A single capital letter
 * ("K", "V") and a capital in mid-sentence ("Andrew Ng") are names.
 */
function sentenceStartForm(text: string, token: string, start: number): string | undefined {
  if (token.length < 2 || !/^\p{Lu}\p{Ll}+$/u.test(token)) return undefined;
  const form = token.toLowerCase();
  if (!WORDS.has(form) || !SENTENCE_START.test(text.slice(Math.max(0, start - 8), start))) return undefined;
  return form;
}

/** What precedes a word that starts a sentence: nothing, or a full stop, question or exclamation mark, a line break. */
const SENTENCE_START = /(?:^|[.!?…\n]["'”’)]*)\s*$/u;

/** The options of a capitalized form, capitalized in turn: "Ko" → "Không". */
function capitalizedSlot(choice: Choice, typed: string): Choice {
  const options = choice.options.map((o) => (o === typed.toLowerCase() ? typed : o.charAt(0).toUpperCase() + o.slice(1)));
  return { options, keepable: choice.keepable };
}

/** Forms spelt with "đ" ("đc", "sđt", "200.000đ"): an ASCII keyboard types them too, so they do not show an input method at work. */
const MARKED_FORMS = new Set([...WORDS.keys(), ...UNITS.keys()].filter((form) => /[^\p{ASCII}]/u.test(form)));

/**
 * The text without its standalone abbreviations spelt with "đ": what tells whether the reader
 * typed with diacritics. "gia vang hnay đc bn" is a question typed without them.
 */
export function withoutMarkedForms(text: string): string {
  return text.normalize('NFC').replace(TOKEN, (token: string, start: number, whole: string) => {
    const unit = NUMBER_WITH_UNIT.exec(token)?.[2];
    const marked = MARKED_FORMS.has(token) || (unit !== undefined && MARKED_FORMS.has(unit));
    return marked && standsAlone(whole, start, start + token.length) ? '' : token;
  });
}

function standsAlone(text: string, start: number, end: number): boolean {
  return (start === 0 || OPEN_EDGE.test(text[start - 1]!)) && (end === text.length || CLOSE_EDGE.test(text[end]!));
}

type Choice = Pick<Slot, 'options' | 'keepable'>;

/** "tr" in "5 tr"; any other single letter right after a number is a unit of its own ("220 v", "5 h") and stays. */
function unitSlot(number: string, token: string): Choice | undefined {
  const entry = UNITS.get(token);
  if (!entry) return token.length > 1 ? wordSlot(token, undefined) : undefined;
  return unitChoice(entry, number, token, entry.expansions);
}

/** "5tr" → "5 triệu", "200.000đ" → "200.000 đồng"; "3h30", "U23" and "5tr5" do not match. */
function attachedUnitSlot(token: string): Choice | undefined {
  const parts = NUMBER_WITH_UNIT.exec(token);
  const entry = parts ? UNITS.get(parts[2]!) : undefined;
  if (!parts || !entry) return undefined;
  const number = parts[1]!;
  return unitChoice(
    entry,
    number,
    token,
    entry.expansions.map((e) => `${number} ${e}`),
  );
}

/**
 * A keepable unit after a single digit may be a name: "tivi 4k", "thế hệ 2k" (money in "k" is
 * mostly "20k", "100k"). Keeping it is then a candidate, and without a scorer it stays.
 */
function unitChoice(entry: Abbreviation, number: string, typed: string, options: readonly string[]): Choice {
  return entry.keepable && /^\d$/.test(number)
    ? { options: [typed, ...options], keepable: true }
    : { options: [...options], keepable: false };
}

/** A standalone word typed as a form is (lower case); `before` is the word just before it, when only spaces separate them. */
function wordSlot(token: string, before: string | undefined): Choice | undefined {
  const entry = WORDS.get(token);
  if (!entry) return undefined;
  const options = entry.expansions.map((e) => withoutRepeatedWord(e, before, token));
  return entry.keepable ? { options: [token, ...options], keepable: true } : { options, keepable: false };
}

/**
 * "tp hcm" → "tp hcm", not "tp TP HCM": the reader already typed the expansion's first word, and
 * what is left ("HCM") differs from what was typed only in case, which nothing downstream minds.
 */
function withoutRepeatedWord(expansion: string, before: string | undefined, typed: string): string {
  const space = expansion.indexOf(' ');
  if (space < 0 || before === undefined) return expansion;
  const [first, rest] = [expansion.slice(0, space), expansion.slice(space + 1)];
  if (foldDiacritics(first.toLowerCase()) !== foldDiacritics(before.toLowerCase())) return expansion;
  return rest.toLowerCase() === typed ? typed : rest;
}
