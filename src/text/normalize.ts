/**
 * Vietnamese text normalization: one Unicode form, one tone-mark convention, and the
 * diacritic-free ("folded") form readers type on phones.
 *
 * The same word reaches us as "hoà" or "hòa", "thuỷ" or "thủy", precomposed or decomposed
 * (NFD, as pasted from some editors). Everything that compares text — the lexical index,
 * the embedder, the eval metrics — goes through {@link normalizeText} first, so those
 * spellings meet.
 *
 * @example
 * normalizeText('Hoà bình') // 'Hòa bình'
 * foldDiacritics('Chủ tịch nước thăm Chile') // 'Chu tich nuoc tham Chile'
 */

/** Combining tone marks: grave, acute, tilde, hook above, dot below. */
const TONE_MARKS = new Set(['\u0300', '\u0301', '\u0303', '\u0309', '\u0323']);
/** Vowels, in decomposed form, that carry a quality mark (ă â ê ô ơ ư) and so take the tone. */
const MARKED_VOWEL = /^(?:a\u0306|a\u0302|e\u0302|o\u0302|o\u031b|u\u031b)$/i;
const PLAIN_VOWELS = new Set('aeiouyAEIOUY');
/** A word made only of letters and combining marks: the only thing tone placement applies to. */
const WORD = /[\p{L}\p{M}]+/gu;

/**
 * NFC, with tone marks placed by the classic convention used by most Vietnamese newsrooms:
 * "hòa", "thủy", "quý", "toán", "người". Case is kept.
 */
export function normalizeText(text: string): string {
  const nfc = text.normalize('NFC');
  // Fast path: pure ASCII needs no tone handling.
  if (/^\p{ASCII}*$/u.test(nfc)) return nfc;
  return nfc.replace(WORD, placeToneMarkCached);
}

/**
 * Words repeat endlessly in news text (Vietnamese has some 7,000 syllables), so placement and
 * folding are memoized. Explicit, bounded caches: cleared when full, never unbounded.
 */
const CACHE_LIMIT = 200_000;
const toneCache = new Map<string, string>();
const foldCache = new Map<string, string>();

function cached(cache: Map<string, string>, key: string, compute: (key: string) => string): string {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    value = compute(key);
    cache.set(key, value);
  }
  return value;
}

function placeToneMarkCached(word: string): string {
  return /^\p{ASCII}*$/u.test(word) ? word : cached(toneCache, word, placeToneMark);
}

/** {@link foldDiacritics} for one word, memoized: the lexical index folds every syllable it stores. */
export function foldWord(word: string): string {
  return cached(foldCache, word, foldDiacritics);
}

/** Lower case and normalize: the form every index key and comparison uses. */
export function normalizeForMatch(text: string): string {
  return normalizeText(text.toLowerCase());
}

/** Remove every diacritic (NFD, drop U+0300–U+036F, đ→d): what a reader without a Vietnamese keyboard types. */
export function foldDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}

/** True when the text carries at least one Vietnamese diacritic (tone, quality mark or đ). */
export function hasDiacritics(text: string): boolean {
  return /[\u0300-\u036fđĐ]/.test(text.normalize('NFD'));
}

interface Letter {
  base: string;
  marks: string;
}

/**
 * Re-places the tone mark of one syllable. Words that are not Vietnamese syllables (no tone
 * mark, several tone marks, foreign names) come back unchanged, in NFC.
 */
function placeToneMark(word: string): string {
  const letters = splitLetters(word.normalize('NFD'));
  let tone = '';
  let toneCount = 0;
  for (const letter of letters) {
    for (const mark of letter.marks) {
      if (TONE_MARKS.has(mark)) {
        tone = mark;
        toneCount++;
      }
    }
  }
  if (toneCount !== 1) return word;
  for (const letter of letters) letter.marks = [...letter.marks].filter((m) => !TONE_MARKS.has(m)).join('');

  const target = toneTarget(letters);
  if (target < 0) return word;
  const chosen = letters[target]!;
  chosen.marks += tone;
  return letters
    .map((l) => l.base + l.marks)
    .join('')
    .normalize('NFC');
}

function splitLetters(nfd: string): Letter[] {
  const letters: Letter[] = [];
  for (const ch of nfd) {
    if (/\p{M}/u.test(ch) && letters.length > 0) letters[letters.length - 1]!.marks += ch;
    else letters.push({ base: ch, marks: '' });
  }
  return letters;
}

function isVowel(letter: Letter): boolean {
  return PLAIN_VOWELS.has(letter.base);
}

/** Index of the letter that should carry the tone mark, or -1 when the word is not a syllable. */
function toneTarget(letters: Letter[]): number {
  let start = letters.findIndex(isVowel);
  if (start < 0) return -1;
  let end = start;
  while (end < letters.length && isVowel(letters[end]!)) end++;
  // A syllable has one vowel cluster; anything else (e.g. "Santiago") is left alone.
  for (let i = end; i < letters.length; i++) if (isVowel(letters[i]!)) return -1;

  const lower = (i: number) => letters[i]?.base.toLowerCase() ?? '';
  // "qu" and "gi" before another vowel are consonants: quý, già, giữa.
  if (start > 0 && end - start >= 2) {
    const initial = lower(start - 1) + lower(start);
    if (initial === 'qu' || (initial === 'gi' && start === 1 && lower(0) === 'g')) start++;
  }

  for (let i = end - 1; i >= start; i--) {
    if (MARKED_VOWEL.test(letters[i]!.base + letters[i]!.marks.replace(/[^\u0302\u0306\u031b]/g, ''))) {
      // "ươ": the tone goes on ơ, the last marked vowel.
      return i;
    }
  }
  const size = end - start;
  const closed = end < letters.length;
  if (size === 1) return start;
  if (closed) return end - 1; // toán, hoàng, quyết
  if (size === 3) return start + 1; // khuỷu, ngoài
  return start; // hòa, thủy, mùa
}
