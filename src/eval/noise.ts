/**
 * Questions as hurried readers type them on a phone (issue #20), for `npm run eval -- --noise typing`:
 * a seeded noise model that turns a clean, accented question into what a reader would have typed.
 *
 * What it does to a question, in this order (every choice drawn from a generator seeded by the
 * question's own seed, so the noisy set is the same on every run and machine, whatever the order of
 * the questions):
 * 1. abbreviations ("không" → "ko", "được" → "dc", "5 triệu" → "5tr", "Hà Nội" → "HN"), each at the
 *    rate of {@link TYPING_RATES}; an abbreviation is typed as the table spells it ("đc" keeps its đ);
 * 2. every other word with diacritics loses them (as `--strip-diacritics` does: foldDiacritics),
 *    except a few written as the Telex keystrokes of the accented word ("việt" → "vieetj", the input
 *    method off) and fewer as its VNI keystrokes ("Việt" → "Vie65t");
 * 3. the whole question in lower case, for most questions; the final "?" dropped, for some.
 *
 * It is independent of the normalizer that undoes it (src/text/typing/): written from how readers
 * type, not from that table, so the eval does not test the table against itself.
 *
 * @example
 * typingNoise('Thủ tướng đến Hà Nội khi nào?', questionSeed(1, 'q1')) // e.g. "tt den hn khi nao"
 * telexKeys('đường') // "dduwowngf"
 * vniKeys('Việt') // "Vie65t"
 */
import { seededRandom, stringSeed } from '../random.js';
import { foldDiacritics } from '../text/normalize.js';

/** The ways of asking otherwise than written that --noise names. */
export const NOISE_MODES = ['typing'] as const;
export type NoiseMode = (typeof NOISE_MODES)[number];

/** The global seed when none is given (--noise-seed). */
export const DEFAULT_NOISE_SEED = 1;

/** One abbreviation: what is written, and what readers type instead at which rate. */
export interface Abbreviation {
  /**
   * The written forms (NFC), matched as whole words, case aside; "<n>" stands for a number
   * ("5", "1,5", "100.000") and is kept in what is typed.
   */
  written: readonly string[];
  /**
   * What readers type instead, each with the share of occurrences typed so (the shares add up to at
   * most 1; the rest is typed in full, then loses its diacritics like any word). Lower-case forms
   * take a capital where the written form had one ("Không" → "Ko"); names are written in capitals
   * ("HN"), which the lower-case questions lower.
   */
  typed: readonly (readonly [form: string, rate: number])[];
}

/** Every rate of the noise model, in one place. */
export interface TypingNoiseRates {
  abbreviations: readonly Abbreviation[];
  /** Share of questions typed all in lower case. */
  lowerCase: number;
  /** Share of questions ending in "?" typed without it. */
  dropQuestionMark: number;
  /** Share of the words with diacritics (not abbreviated) typed as their Telex keystrokes. */
  telex: number;
  /** Share of the words with diacritics (not abbreviated) typed as their VNI keystrokes. */
  vni: number;
}

/**
 * The rates. There is no data here to measure them (no log of what readers type, no corpus of phone
 * questions): they are chosen by hand from how Vietnamese readers write in comments, forums and chat,
 * and are meant to be plausible, not measured. Change them here, and only here; the tests check that
 * the model produces them on the ViNewsQA dev questions.
 */
export const TYPING_RATES: TypingNoiseRates = {
  abbreviations: [
    // Issue #20's list.
    {
      written: ['không'],
      typed: [
        ['ko', 0.35],
        ['k', 0.15],
        ['hok', 0.05],
      ],
    },
    {
      written: ['được'],
      typed: [
        ['dc', 0.4],
        ['đc', 0.15],
      ],
    },
    {
      written: ['bao nhiêu'],
      typed: [
        ['bn', 0.35],
        ['bnh', 0.05],
      ],
    },
    { written: ['như thế nào'], typed: [['ntn', 0.35]] },
    { written: ['gì'], typed: [['j', 0.3]] },
    {
      written: ['vậy'],
      typed: [
        ['v', 0.25],
        ['z', 0.05],
      ],
    },
    { written: ['rồi'], typed: [['r', 0.35]] },
    { written: ['người'], typed: [['ng', 0.3]] },
    { written: ['công ty'], typed: [['cty', 0.5]] },
    { written: ['Hà Nội'], typed: [['HN', 0.35]] },
    {
      written: ['TP HCM', 'TP.HCM', 'TP. HCM', 'TPHCM', 'TP Hồ Chí Minh', 'TP. Hồ Chí Minh', 'Thành phố Hồ Chí Minh'],
      typed: [
        ['TPHCM', 0.3],
        ['HCM', 0.2],
        ['SG', 0.15],
      ],
    },
    { written: ['Việt Nam'], typed: [['VN', 0.4]] },
    { written: ['thủ tướng', 'tổng thống'], typed: [['tt', 0.35]] },
    { written: ['<n> triệu'], typed: [['<n>tr', 0.3]] },
    { written: ['<n> nghìn', '<n> ngàn'], typed: [['<n>k', 0.3]] },
    // Beyond the list: as common on phones, and frequent in health news.
    { written: ['Sài Gòn'], typed: [['SG', 0.3]] },
    { written: ['thành phố'], typed: [['tp', 0.3]] },
    { written: ['bác sĩ'], typed: [['bs', 0.2]] },
    { written: ['bệnh viện'], typed: [['bv', 0.2]] },
    { written: ['với'], typed: [['vs', 0.1]] },
    { written: ['trước'], typed: [['trc', 0.1]] },
    { written: ['hôm nay'], typed: [['hnay', 0.2]] },
  ],
  lowerCase: 0.7,
  dropQuestionMark: 0.4,
  telex: 0.05,
  vni: 0.01,
};

/** The seed of one question: the global seed and the question's id, so the order of questions does not matter. */
export function questionSeed(globalSeed: number, id: string): string {
  return `${globalSeed}/${id}`;
}

/** The question as a hurried reader types it on a phone; the same seed always gives the same text. */
export function typingNoise(question: string, seed: string, rates: TypingNoiseRates = TYPING_RATES): string {
  const random = seededRandom(stringSeed(seed));
  // Question-wide choices first, so they do not depend on how many words the question has.
  const lower = random() < rates.lowerCase;
  const dropMark = random() < rates.dropQuestionMark;
  let text = abbreviate(question.normalize('NFC'), rates.abbreviations, random, (words) =>
    words.replace(WORD, (word) => typeWord(word, random, rates)),
  );
  if (lower) text = text.toLowerCase();
  if (dropMark) text = text.replace(/\s*\?\s*$/u, '');
  return text;
}

/** A word with diacritics: folded, or typed as its Telex or VNI keystrokes. */
function typeWord(word: string, random: () => number, rates: TypingNoiseRates): string {
  if (foldDiacritics(word) === word) return word;
  const r = random();
  if (r < rates.telex) return telexKeys(word);
  if (r < rates.telex + rates.vni) return vniKeys(word);
  return foldDiacritics(word);
}

const WORD = /[\p{L}\p{M}]+/gu;
const NUMBER = String.raw`\d+(?:[.,]\d+)*`;

interface Matcher {
  regex: RegExp;
  /** The abbreviation of each named group (f0, f1, …). */
  groups: Map<string, Abbreviation>;
}

/** Compiled matchers, one per table (an explicit cache: tables are constants or test values). */
const matchers = new WeakMap<readonly Abbreviation[], Matcher>();

/** One regex over every written form, the longest first, so "Thành phố Hồ Chí Minh" wins over "thành phố". */
function matcherOf(table: readonly Abbreviation[]): Matcher {
  const cached = matchers.get(table);
  if (cached) return cached;
  const forms = table.flatMap((entry) => entry.written.map((written) => ({ entry, written: written.normalize('NFC') })));
  forms.sort((a, b) => b.written.length - a.written.length);
  const groups = new Map<string, Abbreviation>();
  const alternatives = forms.map(({ entry, written }, i) => {
    groups.set(`f${i}`, entry);
    const pattern = written
      .split(/\s+/u)
      .map((part) => part.split('<n>').map(escapeRegex).join(NUMBER))
      .join(String.raw`\s+`);
    return `(?<f${i}>${pattern})`;
  });
  const matcher = { regex: new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{M}\\p{N}])`, 'giu'), groups };
  matchers.set(table, matcher);
  return matcher;
}

/** The text with abbreviations drawn for each written form found; `rest` types the text between them. */
function abbreviate(text: string, table: readonly Abbreviation[], random: () => number, rest: (text: string) => string): string {
  if (table.length === 0) return rest(text);
  const { regex, groups } = matcherOf(table);
  let out = '';
  let at = 0;
  for (const match of text.matchAll(regex)) {
    const name = Object.entries(match.groups ?? {}).find(([, value]) => value !== undefined)![0];
    const form = draw(groups.get(name)!.typed, random());
    if (form === undefined) continue; // typed in full: left to `rest`
    out += rest(text.slice(at, match.index)) + spell(form, match[0]);
    at = match.index + match[0].length;
  }
  return out + rest(text.slice(at));
}

/** The form drawn by `r` from the cumulative rates, or undefined for "typed in full". */
function draw(typed: Abbreviation['typed'], r: number): string | undefined {
  let sum = 0;
  for (const [form, rate] of typed) {
    sum += rate;
    if (r < sum) return form;
  }
  return undefined;
}

/** The typed form for what was written: its number kept, a capital where the written form began with one. */
function spell(form: string, written: string): string {
  const typed = form.replace('<n>', /\d+(?:[.,]\d+)*/u.exec(written)?.[0] ?? '');
  const capital = /^\p{Lu}/u.test(written) && typed === typed.toLowerCase();
  return capital ? typed.charAt(0).toUpperCase() + typed.slice(1) : typed;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Keystrokes. Both encoders start from the accented word (NFC) and key one letter at a time.

const CIRCUMFLEX = '\u0302';
const BREVE = '\u0306';
const HORN = '\u031b';
/** Tone marks and their keys: Telex, VNI. */
const TONES = new Map([
  ['\u0301', ['s', '1']], // sắc
  ['\u0300', ['f', '2']], // huyền
  ['\u0309', ['r', '3']], // hỏi
  ['\u0303', ['x', '4']], // ngã
  ['\u0323', ['j', '5']], // nặng
]);

interface Letter {
  base: string;
  quality?: string;
  tone?: string;
}

/** The word's letters with their marks; undefined when a mark is not a Vietnamese one (a French "ü"). */
function letters(word: string): Letter[] | undefined {
  const out: Letter[] = [];
  for (const char of word.normalize('NFC')) {
    if (char === 'đ' || char === 'Đ') {
      out.push({ base: char === 'đ' ? 'd' : 'D', quality: 'đ' });
      continue;
    }
    const [base = '', ...marks] = [...char.normalize('NFD')];
    const letter: Letter = { base };
    for (const mark of marks) {
      if (TONES.has(mark)) letter.tone = mark;
      else if (mark === CIRCUMFLEX || mark === BREVE || mark === HORN) letter.quality = mark;
      else return undefined;
    }
    out.push(letter);
  }
  return out;
}

/** Keys typed after a letter's own: in lower case, in capitals when the whole word is. */
function keyCase(keys: string, word: string): string {
  return word.length > 1 && word === word.toUpperCase() ? keys.toUpperCase() : keys;
}

/**
 * The Telex keystrokes of a word, typed with the input method off: each letter then its mark's key
 * (â ê ô → aa ee oo, ă ơ ư → aw ow uw, đ → dd), the tone's key (s f r x j) at the end of the word.
 * "ươ" is typed letter by letter ("người" → "nguwowif"), not with the "uow" shortcut Telex also
 * accepts. Words with marks Telex cannot type are folded.
 */
export function telexKeys(word: string): string {
  const parts = letters(word);
  if (!parts) return foldDiacritics(word);
  let out = '';
  let tone = '';
  for (const { base, quality, tone: mark } of parts) {
    out += base;
    if (quality === 'đ' || quality === CIRCUMFLEX) out += keyCase(base.toLowerCase(), word);
    else if (quality) out += keyCase('w', word);
    if (mark) tone = TONES.get(mark)![0]!;
  }
  return out + keyCase(tone, word);
}

/**
 * The VNI keystrokes of a word: each letter then its marks' digits, right after the letter that
 * carries them (â ê ô 6, ă 8, ơ ư 7, đ → d9; tones 1 sắc, 2 huyền, 3 hỏi, 4 ngã, 5 nặng after the
 * quality digit): "Việt" → "Vie65t", "người" → "ngu7o72i". Words with marks VNI cannot type are folded.
 */
export function vniKeys(word: string): string {
  const parts = letters(word);
  if (!parts) return foldDiacritics(word);
  let out = '';
  for (const { base, quality, tone } of parts) {
    out += base;
    if (quality === 'đ') out += '9';
    else if (quality === CIRCUMFLEX) out += '6';
    else if (quality === BREVE) out += '8';
    else if (quality === HORN) out += '7';
    if (tone) out += TONES.get(tone)![1]!;
  }
  return out;
}
