/**
 * Leftover Telex and VNI keystrokes, read back into the syllables they spell.
 *
 * When a reader's Vietnamese input method is off, or applies only part of what was typed, the
 * question arrives as keystrokes: "vieetj" (việt), "dduwowngf" (đường), "Vie65t" (Việt, VNI),
 * "d9i" (đi), or half-applied: "việtj", "đuowngf". Such a word is decoded only when, as typed,
 * it is not a Vietnamese syllable and, decoded, it is one ({@link isVietnameseSyllable}); a
 * syllable typed without diacritics ("nguoi", "xoong") is left bare for the restorer, and
 * everything else (names, English, codes, URLs, acronyms) is kept as typed.
 *
 * @example
 * decodeKeystrokes('Nguowif Vieetj ddi dduwowngf naof?') // { text: 'Người Việt đi đường nào?', changed: true }
 * isVietnameseSyllable('nghiêng') // true; isVietnameseSyllable('nghan') // false
 */
import { foldDiacritics, normalizeText } from '../normalize.js';
import { contextAround } from './context.js';

// ---------------------------------------------------------------------------------------------
// The syllable inventory

const ONSETS = 'b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x'.split(' ').concat('');

/** Rhymes in their marked, toneless spelling; the first letters after a medial o/u ("oa", "uy") are the nucleus. */
const RHYMES = `a ac ach ai am an ang anh ao ap at au ay ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây
  e ec em en eng eo ep et ê êch êm ên ênh êp êt êu
  i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
  o oc oi om on ong op ot ooc oong ô ôc ôi ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt
  oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt oe oen oeo oet
  u ua uc ui um un ung up ut uôc uôi uôm uôn uông uôt
  uân uâng uât uây uê uêch uênh uơ uy uya uych uyên uyêt uyn uynh uyt uyu
  ư ưa ưc ưi ưm ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
  y yêm yên yêt yêu`.split(/\s+/);

/** Rhymes that open with a medial o/u glide: written with "qu" after /k/, never after c, k, gh, ngh or gi. */
const MEDIAL = /^(?:o[aăe]|u[âêyơ])/;
/**
 * "oong" and "ooc" spell a handful of loanwords (xoong, boong, goòng; moóc, soóc, voọc). Accepting
 * them after any onset would hide the commonest Telex leftover of all: "khoong", "coong", "toong".
 */
const RARE_RHYME_ONSETS: Readonly<Record<string, string>> = { oong: 'b x g', ooc: 'm s v' };

/** The spelling rules of one onset before one rhyme (k/gh/ngh before i e ê, c/g/ng elsewhere…). */
function isAllowed(onset: string, rhyme: string): boolean {
  const rare = RARE_RHYME_ONSETS[rhyme];
  if (rare !== undefined) return rare.split(' ').includes(onset);
  if (rhyme.startsWith('yê')) return onset === '';
  if (rhyme.startsWith('iê') && onset === '') return false;
  const front = /^[ieêy]/.test(rhyme);
  const medial = MEDIAL.test(rhyme);
  switch (onset) {
    case 'qu':
      return false; // spelled out in QU_RHYMES
    case 'k':
      return front;
    case 'gh':
    case 'ngh':
      return /^[ieê]/.test(rhyme);
    case 'c':
      return !front && !medial;
    case 'ng':
      return !front;
    case 'g':
      return !/^[eêy]/.test(rhyme); // "gi", "gìn", "giếng": the i doubles as the onset's
    case 'gi':
      return !/^[iy]/.test(rhyme) && !medial;
    default:
      return true;
  }
}

/** What follows "qu": the medial glide is the u ("qua" = /kwa/), so the rhymes of "oa", "uy", "uê"… less their glide. */
const QU_RHYMES = RHYMES.filter((r) => MEDIAL.test(r))
  .map((r) => r.slice(1))
  .concat('i', 'it', 'ôc', 'ên', 'êt', 'ơi'); // quí, quít, quốc, quên, quết, Quới

const TONES = { acute: '\u0301', grave: '\u0300', hook: '\u0309', tilde: '\u0303', dot: '\u0323' } as const;
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;
/** Syllables closed by p, t, c, ch take only sắc or nặng. */
const STOP_FINAL = /(?:p|t|c|ch)$/;

function buildInventory(): { marked: Set<string>; folded: Set<string> } {
  const marked = new Set<string>();
  for (const onset of ONSETS) {
    for (const rhyme of RHYMES) if (isAllowed(onset, rhyme)) marked.add((onset + rhyme).normalize('NFC'));
  }
  for (const rhyme of QU_RHYMES) marked.add(`qu${rhyme}`);
  return { marked, folded: new Set([...marked].map(foldDiacritics)) };
}

/** Every toneless syllable the spelling allows (some 3,600), marked and folded: built once, never changed. */
const INVENTORY = buildInventory();

/**
 * True for a well-formed Vietnamese syllable (with or without diacritics): onset + rhyme + tone by the
 * language's phonotactics. A word with no diacritic at all is checked against the folded inventory
 * ("nguoi", "tieu"); one with any diacritic must be spelled in full ("người", not "ngưoi").
 */
export function isVietnameseSyllable(word: string): boolean {
  const lower = word.toLowerCase();
  if (/^[a-z]+$/.test(lower)) return INVENTORY.folded.has(lower);
  const nfd = lower.normalize('NFD');
  const tones = nfd.match(TONE_MARKS);
  if (tones && tones.length > 1) return false;
  const toneless = nfd.replace(TONE_MARKS, '').normalize('NFC');
  if (!INVENTORY.marked.has(toneless)) return false;
  if (!STOP_FINAL.test(toneless)) return true;
  return tones?.[0] === TONES.acute || tones?.[0] === TONES.dot;
}

// ---------------------------------------------------------------------------------------------
// Decoding

export interface Decoded {
  text: string;
  /** False when no word was decoded: `text` is then the input itself. */
  changed: boolean;
}

const CIRCUMFLEX = '\u0302';
const BREVE = '\u0306';
const HORN = '\u031b';
/** Not a combining mark: the "quality" a d gets from a second d (Telex) or 9 (VNI). */
const STROKE = 'đ';
const VOWELS = new Set('aeiouy');

/** One letter of the word being decoded: a base letter, its quality mark (â ă ơ…), and whether it was typed upper-case. */
interface Letter {
  base: string;
  mark: string;
  upper: boolean;
}

/** A word part-way through decoding: its letters, its tone, and how the keys were used. */
interface Draft {
  letters: Letter[];
  tone: string;
  /** The tone came from a key typed in this word, not from a mark already there ("việtj"). */
  toneTyped: boolean;
  /**
   * A Telex tone key was typed: no vowel may follow ("vieejt", not "vijeet"). A letter key in the middle of
   * the vowels would turn "taxi" into "tãi"; VNI's digits are unambiguous and may come anywhere ("nguo72i").
   */
  toneSeen: boolean;
  keys: number;
  /** The tone key typed ("s", "f"…, "1"…), or '' when none was. */
  toneKey: string;
  /** A key that changes a letter's quality (aa, w, dd, 6–9), as opposed to a tone key alone. */
  qualityKeys: number;
}

const TELEX_TONES: Readonly<Record<string, string>> = { s: TONES.acute, f: TONES.grave, r: TONES.hook, x: TONES.tilde, j: TONES.dot };
const VNI_TONES: Readonly<Record<string, string>> = {
  '1': TONES.acute,
  '2': TONES.grave,
  '3': TONES.hook,
  '4': TONES.tilde,
  '5': TONES.dot,
};

/**
 * English words and names that happen to spell a syllable in Telex ("door" → dổ, "bus" → bú, "Laos" → Láo),
 * found by running the decoder over news articles, as written and folded. Their evidence is weak: a reader
 * who types "gas" or "sex" in a clean question means it, but in "cow theer" (cơ thể) the input method is
 * plainly off. Left out: words whose syllable readers type far more often than the English word reaches a
 * question ("cos" có, "car" cả, "songs" sóng).
 */
const FOREIGN = new Set(
  `as is us or of if ax ox ex af aj uf ix os
  bar bas bus box bos dos fax gas has his hus jar los lux mas mar mor nor
  pas pos sax sex sir sur tar tax tor vox bax dax lax rex tex wax pus hex
  der des les las ter par mir war was says tips dots lens hans dias luis thor rees dees pax taj hef laos
  bias boss cross dress less loss mass miss moss pass toss kiss bass
  too tee see bee lee zoo boo coo moo goo hoo noo doo soo kee mee thee
  tree door moon noon soon poor moor floor teen queen queens beer cheer reef room boom boost moong choong haan laan
  now how cow bow low row tow mow sow vow wow law saw raw jaw paw down town dawn own wu
  seen keen been deer leer peer toon boots meets coons keer kees loops beef roof boer es er ow
  mix max six trax chow nux pawn bown guns swar rooms heer boos suns wi tux
  saif raf raj chef def top hot ddos aasp`.split(/\s+/),
);

/** A decoded word, and whether it is sure on its own or only when the question shows other keystrokes. */
interface DecodedWord {
  word: string;
  strength: Strength;
}

/**
 * Decodes one typed word, or returns undefined when it is not a Telex or VNI spelling of a syllable, or when
 * the way it is written makes it a name, an English word or an acronym ({@link strengthOf}).
 */
function decodeWord(word: string, atSentenceStart: boolean): DecodedWord | undefined {
  if (word.length < 2 || isVietnameseSyllable(word)) return undefined;
  const vni = /\d/.test(word);
  // VNI digits after a word with diacritics ("giảm48%", "là2") are a missed space, not keys; in a trailing
  // run a tone digit before a quality digit ("tang48") is a number: VNI types the quality first.
  if (vni && !/^[a-z][a-z\d]*$/i.test(word)) return undefined;
  if (vni && /[1-5][6-9]\d*$/.test(word)) return undefined;
  const draft = vni ? typeVni(word) : typeTelex(word);
  if (!draft || draft.keys === 0) return undefined;
  if (vni && draft.letters.length < 2) return undefined; // "A4", "U2": codes, not words
  const casing = caseOf(word);
  const strength = casing && (FOREIGN.has(word.toLowerCase()) ? 'weak' : strengthOf(word, draft, casing, atSentenceStart));
  if (!casing || !strength) return undefined;
  closeOpenUoHorn(draft.letters);
  const spelled = spellDraft(draft);
  const cased =
    casing === 'upper' ? spelled.toUpperCase() : casing === 'capital' ? spelled.charAt(0).toUpperCase() + spelled.slice(1) : spelled;
  return isVietnameseSyllable(cased) && cased !== word ? { word: normalizeText(cased), strength } : undefined;
}

/**
 * Readers' leftovers repeat ("laf", "khoong", "cuar"), and decoding one costs a few microseconds (Unicode
 * normalization, the inventory look-ups), so results are memoized. Explicit and bounded: cleared when full.
 */
const DECODE_CACHE_LIMIT = 50_000;
const decodeCache = new Map<string, DecodedWord | null>();

function decodeWordCached(word: string, atSentenceStart: boolean): DecodedWord | undefined {
  const key = atSentenceStart ? `^${word}` : word;
  let decoded = decodeCache.get(key);
  if (decoded === undefined) {
    if (decodeCache.size >= DECODE_CACHE_LIMIT) decodeCache.clear();
    decoded = decodeWord(word, atSentenceStart) ?? null;
    decodeCache.set(key, decoded);
  }
  return decoded ?? undefined;
}

type Casing = 'lower' | 'capital' | 'upper';

/**
 * The case the reader typed, keys included ("AJ" is capitals, not "A" + a key): all lower, Capitalized (with
 * "DDi" for Đi, "OOng" for Ông: shift held over the doubled key), or ALL CAPS; anything else ("iPhone",
 * "McCain", "ToF") is a name.
 */
function caseOf(word: string): Casing | undefined {
  const letters = word.replace(/\d/g, '');
  const rest = letters.slice(/^(?:DD|AA|EE|OO)/.test(letters) ? 2 : 1);
  if (letters === letters.toLowerCase()) return 'lower';
  if (letters === letters.toUpperCase()) return letters.length > 1 ? 'upper' : 'capital';
  return rest === rest.toLowerCase() ? 'capital' : undefined;
}

/**
 * "strong": decoded wherever it is; "weak": decoded only in a question that has a strong one;
 * "contextual": as weak, or when the caller's language model finds the question likelier decoded
 * ("mays bay" → "máy bay", "cos the" → "có thể"; see {@link decodeKeystrokes}).
 */
type Strength = 'strong' | 'contextual' | 'weak';

/**
 * How much the keys prove, given how the word is written. Names and English words spell syllables too
 * ("Saif" → Sài, "Post" → Pót, "this" → thí, "DW" → DƯ), so:
 * - a quality key (aa, w, dd, a VNI digit…), or a tone key f, j or x, is strong: English words seldom end
 *   in f or j, and none puts f, j or x before a final ("ticjh", "thafnh");
 * - s or r alone is weak, and only at the end of the word ("cuar", "gias"; "this", "days" are English;
 *   "post", "Hans", "born" never decode); in lower case, or capitalized to start a sentence, it is
 *   contextual: the language model may find the decoded question likelier;
 * - a capital in mid-sentence with one key is a name unless the question shows keystrokes elsewhere
 *   ("Haf Nooij": yes; "ông Saif": no);
 * - ALL CAPS is an acronym ("TW", "RWR") unless a letter's quality changed in a word of four letters or more,
 *   with two keys or five letters ("VIEETJ", "KHOONG").
 */
function strengthOf(word: string, draft: Draft, casing: Casing, atSentenceStart: boolean): Strength | undefined {
  if (casing === 'upper') return draft.qualityKeys > 0 && word.length >= 4 && (draft.keys >= 2 || word.length >= 5) ? 'strong' : undefined;
  let strength: Strength = 'strong';
  const halfApplied = /[^\p{ASCII}]/u.test(word); // "việts": the marks show an input method was at work
  if (!/\d/.test(word) && !halfApplied && draft.qualityKeys === 0 && !/[fjx]/.test(draft.toneKey)) {
    if (!word.toLowerCase().endsWith(draft.toneKey)) return undefined;
    strength = casing === 'lower' || (casing === 'capital' && atSentenceStart) ? 'contextual' : 'weak';
  }
  return casing === 'capital' && !atSentenceStart && draft.keys < 2 ? 'weak' : strength;
}

/** The word's letters with the marks already on them (a half-applied word keeps its "ệ", "đ"). */
function startDraft(word: string): Draft | undefined {
  const draft: Draft = { letters: [], tone: '', toneTyped: false, toneSeen: false, keys: 0, toneKey: '', qualityKeys: 0 };
  for (const ch of word.normalize('NFD')) {
    if (/\p{M}/u.test(ch)) {
      const last = draft.letters.at(-1);
      if (!last) return undefined;
      if (/[\u0300\u0301\u0303\u0309\u0323]/.test(ch)) {
        if (draft.tone) return undefined;
        draft.tone = ch;
      } else if (last.mark) return undefined;
      else last.mark = ch;
    } else draft.letters.push({ base: ch.toLowerCase(), mark: '', upper: ch !== ch.toLowerCase() });
  }
  return draft;
}

function isVowel(letter: Letter | undefined): boolean {
  return letter !== undefined && VOWELS.has(letter.base);
}

function hasVowel(draft: Draft): boolean {
  return draft.letters.some(isVowel);
}

function setTone(draft: Draft, key: string, tone: string): boolean {
  if (!hasVowel(draft) || (draft.tone && draft.toneTyped)) return false; // "coffee": a second tone key is not Telex
  draft.tone = tone;
  draft.toneKey = key;
  draft.toneTyped = true;
  draft.keys++;
  return true;
}

function pushLetter(draft: Draft, letter: Letter): boolean {
  if (draft.toneSeen && isVowel(letter)) return false;
  draft.letters.push(letter);
  return true;
}

function markQuality(draft: Draft, letter: Letter, mark: string): void {
  letter.mark = mark;
  draft.keys++;
  draft.qualityKeys++;
}

/** Telex: aa ee oo → â ê ô, aw ow uw → ă ơ ư, uow → ươ, w alone → ư, dd → đ, s f r x j → tones after the vowels. */
function typeTelex(word: string): Draft | undefined {
  const typed = startDraft(word);
  if (!typed) return undefined;
  const draft: Draft = { ...typed, letters: [] };
  for (const letter of typed.letters) {
    const prev = draft.letters.at(-1);
    const key = letter.base;
    const tone = TELEX_TONES[key];
    if (tone !== undefined && hasVowel(draft)) {
      if (!setTone(draft, key, tone)) return undefined;
      draft.toneSeen = true;
    } else if (key === 'w' && !letter.mark) {
      if (!typeW(draft, letter)) return undefined;
    } else if (prev && !prev.mark && !letter.mark && prev.base === key && /[aeod]/.test(key) && !draft.toneSeen) {
      if (key === 'd' && draft.letters.length !== 1) return undefined;
      markQuality(draft, prev, key === 'd' ? STROKE : CIRCUMFLEX);
    } else if (!pushLetter(draft, letter)) return undefined;
  }
  return draft;
}

/** "w" gives a horn or breve to the vowel before it ("uow" → ươ), or stands for ư after a consonant. */
function typeW(draft: Draft, letter: Letter): boolean {
  if (draft.toneSeen) return false;
  const prev = draft.letters.at(-1);
  if (prev && !prev.mark && /[aou]/.test(prev.base)) {
    markQuality(draft, prev, prev.base === 'a' ? BREVE : HORN);
    const before = draft.letters.at(-2);
    if (prev.base === 'o' && before?.base === 'u' && !before.mark) before.mark = HORN;
    return true;
  }
  if (isVowel(prev)) return false;
  draft.letters.push({ base: 'u', mark: HORN, upper: letter.upper });
  draft.keys++;
  draft.qualityKeys++;
  return true;
}

/** VNI: 1–5 tones, 6 circumflex, 7 horn, 8 breve, 9 đ, each after its letter or at the end of the word. */
function typeVni(word: string): Draft | undefined {
  const typed = startDraft(word);
  if (!typed) return undefined;
  const draft: Draft = { ...typed, letters: [] };
  for (const letter of typed.letters) {
    const key = letter.base;
    const tone = VNI_TONES[key];
    if (tone !== undefined) {
      if (!setTone(draft, key, tone)) return undefined;
    } else if (/[6-9]/.test(key)) {
      const target = vniTarget(draft.letters, key);
      if (!target) return undefined;
      markQuality(draft, target, key === '9' ? STROKE : key === '6' ? CIRCUMFLEX : key === '7' ? HORN : BREVE);
      const before = draft.letters[draft.letters.indexOf(target) - 1];
      if (key === '7' && target.base === 'o' && before?.base === 'u' && !before.mark) before.mark = HORN;
    } else if (/\d/.test(key) || !pushLetter(draft, letter)) return undefined;
  }
  return draft;
}

/** The letter a VNI quality key applies to: the one just typed, else the last vowel it fits (the key typed at the end). */
function vniTarget(letters: Letter[], key: string): Letter | undefined {
  if (key === '9') return letters[0]?.base === 'd' && !letters[0].mark ? letters[0] : undefined;
  const fits = key === '6' ? /[aeo]/ : key === '7' ? /[ou]/ : /a/;
  return letters.findLast((l) => !l.mark && fits.test(l.base));
}

/** "ươ" ends a syllable only when something follows it; open, it is "uơ": thuở, huơ. */
function closeOpenUoHorn(letters: Letter[]): void {
  const [u, o] = letters.slice(-2);
  if (u?.base === 'u' && u.mark === HORN && o?.base === 'o' && o.mark === HORN) u.mark = '';
}

function spellDraft(draft: Draft): string {
  let lastVowel = -1;
  draft.letters.forEach((l, i) => {
    if (isVowel(l)) lastVowel = i;
  });
  return draft.letters
    .map((l, i) => {
      const base = l.mark === STROKE ? 'đ' : l.base + l.mark;
      return i === lastVowel ? base + draft.tone : base;
    })
    .join('')
    .normalize('NFC');
}

/**
 * Cheap test for a keystroke pattern anywhere in the text: f j w, a digit, a doubled a/e/o/d, or s x r after a
 * letter (they are never finals; "tr" is an onset). Most questions have none and are returned at once.
 */
const KEY_PATTERN = /[fjw\d]|aa|ee|oo|dd|[\p{L}\p{M}][sx]|[\p{L}\p{M}](?<!t)r/iu;
/** A run of non-space characters, with the punctuation around a word peeled off by {@link WORD_IN_CHUNK}. */
const CHUNK = /\S+/g;
/** What precedes a word that starts a sentence, and so may be capitalized without being a name. */
const SENTENCE_END = /(?:^|[.!?…:;"“(\n])\s*$/u;
const WORD_IN_CHUNK = /^([("'“‘«[]*)([\p{L}\p{M}\p{N}]+)([)"'”’»\].,;:?!…]*)$/u;

/**
 * Decodes words that are leftover Telex or VNI keystrokes into the syllable they spell; every other
 * character is kept as typed. A chunk with inner punctuation (URL, e-mail, "TP.HCM", "Covid-19") is left whole.
 * Weak decodings ("cuar", a capitalized "Haf") are made only when a strong one shows the input method was off,
 * or, for lower-case ones, when `score` (a language model's log-probability of the whole question) prefers them.
 */
export function decodeKeystrokes(text: string, score?: (candidate: string) => number): Decoded {
  if (!KEY_PATTERN.test(text)) return { text, changed: false };
  const decoded = new Map<number, DecodedWord & { prefix: string; suffix: string; end: number }>();
  for (const chunk of text.matchAll(CHUNK)) {
    if (!KEY_PATTERN.test(chunk[0])) continue;
    const parts = WORD_IN_CHUNK.exec(chunk[0]);
    if (!parts) continue;
    const atStart = chunk.index === 0 || SENTENCE_END.test(text.slice(Math.max(0, chunk.index - 8), chunk.index));
    const word = decodeWordCached(parts[2]!, atStart);
    // Not `{ ...word }`: object spread here cost ten times the rest of the loop.
    if (word) {
      const end = chunk.index + chunk[0].length - parts[3]!.length;
      decoded.set(chunk.index, { word: word.word, strength: word.strength, prefix: parts[1]!, suffix: parts[3]!, end });
    }
  }
  const words = [...decoded.values()];
  const spell = (accept: (w: DecodedWord) => boolean) =>
    text.replace(CHUNK, (chunk, offset: number) => {
      const word = decoded.get(offset);
      return word && accept(word) ? word.prefix + word.word + word.suffix : chunk;
    });
  if (words.some((w) => w.strength === 'strong')) return { text: spell(() => true), changed: true };
  // Without a sure sign, each lower-case s/r word is decoded when the language model finds the words
  // around it likelier so: "mays bay" reads better as "máy bay".
  if (!score || !words.some((w) => w.strength === 'contextual')) return { text, changed: false };
  const chosen = new Set<DecodedWord>();
  for (const [offset, word] of decoded) {
    if (word.strength !== 'contextual') continue;
    // Each word on its own: the words around it as typed.
    const start = offset + word.prefix.length;
    const [from, to] = contextAround(text, start, word.end);
    const asTyped = text.slice(from, to);
    const asDecoded = text.slice(from, start) + word.word + text.slice(word.end, to);
    if (score(asTyped) < score(asDecoded)) chosen.add(word);
  }
  return chosen.size > 0 ? { text: spell((w) => chosen.has(w)), changed: true } : { text, changed: false };
}
