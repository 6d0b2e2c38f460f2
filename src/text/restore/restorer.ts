/**
 * Vietnamese diacritic restoration: "benh nhan bi gi khi nhap vien" → "bệnh nhân bị gì khi nhập
 * viện". Every syllable typed without diacritics is given the accented spelling that a syllable
 * trigram language model, trained on news text and questions, finds most likely in context (Viterbi search
 * with a beam). Syllables typed with diacritics are kept as typed and serve as context, so
 * mixed input ("bệnh nhan bi gì") works. Names typed in lower case are spelt the way the
 * training articles write them ("chile" → "Chile", "viet nam" → "Việt Nam"), and a sentence typed
 * in lower case starts with a capital; nothing the reader capitalized is lower-cased. Pure: runs
 * anywhere a Uint8Array can be read.
 *
 * @example
 * const restorer = DiacriticRestorer.fromBytes(bytes); // bytes of models/hoidap-vi-restore/restorer.bin
 * restorer.restore('chu tich nuoc tham chile'); // { text: 'Chủ tịch nước thăm Chile', changed: true }
 *
 * On Node, `loadRestorer()` from `src/node/restorer.ts` reads the shipped file.
 */
import { foldDiacritics, hasDiacritics, normalizeText } from '../normalize.js';
import { BOS, CODEBOOK, decodeRestorerTables, EOS, forEachToken, indexOfSorted, NUM, UNK, type RestorerTables } from './format.js';

export interface RestoreResult {
  /** The text, normalized (NFC, classic tone placement), with restored syllables in place. */
  text: string;
  /**
   * True when at least one syllable was given diacritics or spelt as a name ("chile" → "Chile"). A
   * capital at the start of a sentence alone does not count: nothing was understood differently.
   */
  changed: boolean;
  /**
   * The runner-up reading: `text` with each restored syllable whose next-best spelling scored
   * within {@link RestorerOptions.alternativeMargin} of the chosen one replaced by it. Absent
   * when every choice was clear. A search can weigh it lower to hedge against a wrong choice.
   */
  alternative?: string;
}

export interface RestorerOptions {
  /** Hypotheses kept per syllable in the Viterbi search. Wider is slower; past 16 it rarely changes an answer. */
  beamWidth?: number;
  /** Hypotheses scoring this much (log10) below the best are dropped early. */
  beamMargin?: number;
  /**
   * A syllable's runner-up spelling goes into {@link RestoreResult.alternative} when its score,
   * with the chosen neighbours around it, is within this much (log10) of the chosen spelling's.
   */
  alternativeMargin?: number;
  /**
   * Spell names typed in lower case the way the model's articles do ("chile" → "Chile") and start
   * each sentence typed in lower case with a capital: the restored text is shown to the reader.
   * Only syllables typed bare and all lower case are touched. Search lower-cases anyway.
   */
  capitalize?: boolean;
}

const DEFAULTS: Required<RestorerOptions> = { beamWidth: 16, beamMargin: 6, alternativeMargin: 1, capitalize: true };

/** A syllable the reader typed without any diacritic: ASCII letters only. */
const BARE = /^[A-Za-z]+$/;
/** A bare syllable typed all in lower case: the only kind whose case the restorer changes. */
const BARE_LOWER = /^[a-z]+$/;
/** A gap that starts a sentence: a full stop, question or exclamation mark, or a line break. */
const SENTENCE_GAP = /[.!?…\n]/u;

/**
 * True when the text has words but not a single diacritic: the way readers type without a
 * Vietnamese keyboard. Mixed text is not "unaccented", though {@link DiacriticRestorer.restore}
 * still restores its bare syllables.
 */
export function looksUnaccented(text: string): boolean {
  return /\p{L}/u.test(text) && !hasDiacritics(text);
}

/** One token of the input and what the search may choose for it. */
interface Slot {
  start: number;
  end: number;
  /** Word ids allowed here: one fixed id, or the candidates of a bare syllable. */
  choices: ArrayLike<number>;
  /** Set when the syllable may change (bare, with candidates). */
  restorable: boolean;
  /** Typed bare and all lower case: its case may change. */
  lowerBare: boolean;
  /** First word of a phrase (after punctuation), and of the text or of a sentence in it. */
  phraseStart: boolean;
  sentenceStart: boolean;
}

export class DiacriticRestorer {
  private readonly options: Required<RestorerOptions>;
  private readonly vocabulary: string[];
  private readonly ids: Map<string, number>;
  private readonly groups: Map<string, Uint16Array>;
  private readonly t: RestorerTables;
  private readonly book: Float32Array;
  /** Backoff charged when a context was never seen: 0 for Kneser-Ney (γ = 1), the penalty for stupid backoff. */
  private readonly unseenContextBackoff: number;
  /** Word id → its spelling as a name ("Chile"), for syllables the articles write capitalized. */
  private readonly casedForms: Map<number, string>;

  private constructor(tables: RestorerTables, options: RestorerOptions) {
    this.options = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
    this.t = tables;
    this.book = tables.codebooks;
    this.vocabulary = tables.vocabulary;
    this.ids = new Map(tables.vocabulary.map((word, id) => [word, id]));
    this.groups = new Map();
    const { groupStart, candidateIds } = tables;
    for (let g = 0; g + 1 < groupStart.length; g++) {
      const ids = candidateIds.subarray(groupStart[g], groupStart[g + 1]);
      this.groups.set(foldDiacritics(this.vocabulary[ids[0]!]!), ids);
    }
    this.unseenContextBackoff =
      tables.smoothing === 'stupid-backoff' ? this.book[CODEBOOK.unigramBackoff + tables.unigramBackoff[BOS]!]! : 0;
    this.casedForms = new Map(Array.from(tables.casedIds, (id, i) => [id, tables.casedForms[i]!]));
  }

  /** Reads a model file (see format.ts). The arrays are views into `bytes`: keep them unmodified. */
  static fromBytes(bytes: Uint8Array, options: RestorerOptions = {}): DiacriticRestorer {
    return new DiacriticRestorer(decodeRestorerTables(bytes), options);
  }

  /** Syllables in the model, specials included. */
  get vocabularySize(): number {
    return this.vocabulary.length;
  }

  /** Accented spellings the model knows for a bare syllable, most frequent first ("tham" → thăm, tham, thâm, …). */
  candidates(bare: string): string[] {
    const ids = this.groups.get(bare.toLowerCase());
    return ids ? Array.from(ids, (id) => this.vocabulary[id]!) : [];
  }

  /** Restores the diacritics of every bare syllable; everything else is kept as given (but see {@link RestorerOptions.capitalize}). */
  restore(text: string): RestoreResult {
    const normalized = normalizeText(text);
    const phrases = this.phrasesOf(normalized);
    const slots = phrases.flat();
    const restorable = slots.some((s) => s.restorable);
    if (!restorable && !(this.options.capitalize && slots.some((s) => s.lowerBare))) return { text: normalized, changed: false };

    // Per syllable that may change: its place, its spelling as shown and, for a close call, the runner-up.
    const restored: { start: number; end: number; word: string; runnerUp: string | undefined }[] = [];
    const chosen: number[] = [];
    const second: (number | undefined)[] = [];
    for (const phraseSlots of phrases) {
      if (!phraseSlots.some((s) => s.restorable)) {
        for (const slot of phraseSlots) {
          chosen.push(slot.choices[0]!);
          second.push(undefined);
        }
        continue;
      }
      const best = this.decode(phraseSlots).words;
      chosen.push(...best);
      second.push(...this.runnersUp(phraseSlots, best));
    }
    const isName = this.options.capitalize ? this.names(slots, chosen) : undefined;
    let changed = false;
    slots.forEach((slot, i) => {
      if (!slot.restorable && !slot.lowerBare) return;
      const typed = normalized.slice(slot.start, slot.end);
      const word = slot.restorable ? this.vocabulary[chosen[i]!]! : typed;
      let shown = withCaseOf(typed, word);
      if (isName && slot.lowerBare) {
        const name = isName[i] ? this.casedForms.get(chosen[i]!) : undefined;
        if (name !== undefined) shown = name;
        else if (isName[i] || slot.sentenceStart) shown = capitalized(shown);
        if (isName[i] && shown !== typed) changed = true;
      }
      if (word !== typed.toLowerCase()) changed = true;
      const runnerUp = second[i];
      restored.push({
        start: slot.start,
        end: slot.end,
        word: shown,
        runnerUp: runnerUp === undefined ? undefined : withCaseOf(shown, this.vocabulary[runnerUp]!),
      });
    });
    const reading = spliceWords(normalized, restored);
    const alternative = restored.some((r) => r.runnerUp)
      ? spliceWords(
          normalized,
          restored.map((r) => ({ ...r, word: r.runnerUp ?? r.word })),
        )
      : undefined;
    return {
      text: reading,
      changed,
      ...(alternative !== undefined && alternative !== reading ? { alternative } : {}),
    };
  }

  /** The tokens of a normalized text, cut into phrases, with what the search may choose for each. */
  private phrasesOf(normalized: string): Slot[][] {
    const phrases: Slot[][] = [];
    let phrase: Slot[] = [];
    let previousEnd = -1;
    forEachToken(normalized, (start, end, isNumber, phraseStart) => {
      if (phraseStart && phrase.length > 0) {
        phrases.push(phrase);
        phrase = [];
      }
      const word = normalized.slice(start, end);
      const lower = word.toLowerCase();
      const bare = !isNumber && BARE.test(word);
      const group = bare ? this.groups.get(lower) : undefined;
      phrase.push({
        start,
        end,
        choices: group ?? [isNumber ? NUM : (this.ids.get(lower) ?? UNK)],
        restorable: group !== undefined,
        lowerBare: bare && BARE_LOWER.test(word),
        phraseStart,
        sentenceStart: previousEnd < 0 || SENTENCE_GAP.test(normalized.slice(previousEnd, start)),
      });
      previousEnd = end;
    });
    if (phrase.length > 0) phrases.push(phrase);
    return phrases;
  }

  /**
   * Per slot, whether its chosen word is written as a name: 'word' for a syllable the articles
   * capitalize ("chile") unless it stands in a pair they write in lower case ("thẩm mỹ"), 'pair'
   * for one of a pair they capitalize together ("việt nam"), false otherwise.
   */
  private names(slots: Slot[], chosen: number[]): ('word' | 'pair' | false)[] {
    const { casedBigrams, lowerBigrams } = this.t;
    // Adjacent words of one phrase: a comma or full stop between them breaks a pair.
    const inPair = (list: Uint32Array, i: number) =>
      i > 0 && i < slots.length && !slots[i]!.phraseStart && indexOfSorted(list, chosen[i - 1]! * 0x10000 + chosen[i]!) >= 0;
    return slots.map((_, i) => {
      if (inPair(casedBigrams, i) || inPair(casedBigrams, i + 1)) return 'pair';
      if (this.casedForms.has(chosen[i]!) && !inPair(lowerBigrams, i) && !inPair(lowerBigrams, i + 1)) return 'word';
      return false;
    });
  }

  /**
   * Per slot, the best other spelling when it comes close: each candidate is scored by the three
   * trigrams it takes part in, with the chosen words around it (a cheap stand-in for its
   * posterior), and kept if within {@link RestorerOptions.alternativeMargin} of the choice.
   */
  private runnersUp(slots: Slot[], best: number[]): (number | undefined)[] {
    const words = [BOS, ...best, EOS];
    const cache = new Map<number, number>();
    const logP = (u: number, v: number, w: number) => this.logProb(u, v, w, u < 0 ? -1 : this.findBigram(u, v), cache);
    // The score of word `w` at position p of `words` (p ≥ 1), its neighbours as chosen.
    const local = (p: number, w: number) => {
      const u = p >= 2 ? words[p - 2]! : -1;
      let score = logP(u, words[p - 1]!, w);
      if (p + 1 < words.length) score += logP(words[p - 1]!, w, words[p + 1]!);
      if (p + 2 < words.length) score += logP(w, words[p + 1]!, words[p + 2]!);
      return score;
    };
    return slots.map((slot, i) => {
      if (!slot.restorable || slot.choices.length < 2) return undefined;
      const p = i + 1;
      const chosenScore = local(p, words[p]!);
      let runnerUp: number | undefined;
      let runnerUpScore = -Infinity;
      for (let c = 0; c < slot.choices.length; c++) {
        const w = slot.choices[c]!;
        if (w === words[p]) continue;
        const score = local(p, w);
        if (score > runnerUpScore) {
          runnerUpScore = score;
          runnerUp = w;
        }
      }
      return runnerUp !== undefined && chosenScore - runnerUpScore <= this.options.alternativeMargin ? runnerUp : undefined;
    });
  }

  /**
   * How likely the language model finds a text, as it would best read it (bare syllables at their
   * most likely spelling): the log10 probability of each phrase, closed by </s>, summed. Compares
   * readings of one question that differ in a few words, e.g. "tt Mỹ" as "thủ tướng Mỹ" or
   * "tổng thống Mỹ" (src/text/typing/).
   */
  score(text: string): number {
    let total = 0;
    for (const phrase of this.phrasesOf(normalizeText(text))) total += this.decode(phrase).score;
    return total;
  }

  /** The most likely word id per slot, and its log10 probability: Viterbi over (previous, current) word states, pruned to a beam. */
  private decode(slots: Slot[]): { words: number[]; score: number } {
    const { beamWidth, beamMargin } = this.options;
    // Hypotheses of each step, kept for the back-trace: words (u, v), score, parent index.
    const steps: { prev: number[]; cur: number[]; score: number[]; parent: number[] }[] = [];
    let prev = [-1];
    let cur = [BOS];
    let score = [0];
    for (const slot of slots) {
      const index = new Map<number, number>();
      const next = { prev: [] as number[], cur: [] as number[], score: [] as number[], parent: [] as number[] };
      const lower = new Map<number, number>(); // (v, w) → log p(w | v) with backoff, shared by hypotheses ending in v
      for (let h = 0; h < cur.length; h++) {
        const u = prev[h]!;
        const v = cur[h]!;
        const context = u < 0 ? -1 : this.findBigram(u, v);
        for (let c = 0; c < slot.choices.length; c++) {
          const w = slot.choices[c]!;
          const s = score[h]! + this.logProb(u, v, w, context, lower);
          const key = v * 0x10000 + w;
          const at = index.get(key);
          if (at === undefined) {
            index.set(key, next.cur.length);
            next.prev.push(v);
            next.cur.push(w);
            next.score.push(s);
            next.parent.push(h);
          } else if (s > next.score[at]!) {
            next.score[at] = s;
            next.parent[at] = h;
          }
        }
      }
      const kept = beam(next.score, beamWidth, beamMargin);
      const step = {
        prev: kept.map((i) => next.prev[i]!),
        cur: kept.map((i) => next.cur[i]!),
        score: kept.map((i) => next.score[i]!),
        parent: kept.map((i) => next.parent[i]!),
      };
      steps.push(step);
      prev = step.prev;
      cur = step.cur;
      score = step.score;
    }
    // Close the phrase with </s>, then walk back.
    let bestHypothesis = 0;
    let bestScore = -Infinity;
    const lower = new Map<number, number>();
    for (let h = 0; h < cur.length; h++) {
      const u = prev[h]!;
      const context = u < 0 ? -1 : this.findBigram(u, cur[h]!);
      const s = score[h]! + this.logProb(u, cur[h]!, EOS, context, lower);
      if (s > bestScore) {
        bestScore = s;
        bestHypothesis = h;
      }
    }
    const words = new Array<number>(slots.length);
    for (let i = slots.length - 1, h = bestHypothesis; i >= 0; i--) {
      const step = steps[i]!;
      words[i] = step.cur[h]!;
      h = step.parent[h]!;
    }
    return { words, score: bestScore };
  }

  /**
   * log10 p(w | u v): the trigram if stored, else the context's backoff plus log10 p(w | v),
   * which is the bigram if stored, else v's backoff plus the unigram. `context` is the bigram
   * node of (u, v), or -1.
   */
  private logProb(u: number, v: number, w: number, context: number, lowerCache: Map<number, number>): number {
    const t = this.t;
    let backoff = 0;
    if (u >= 0) {
      if (context >= 0) {
        const found = indexOfSorted(t.trigramWord, w, t.trigramStart[context], t.trigramStart[context + 1]);
        if (found >= 0) return this.book[CODEBOOK.trigramProb + t.trigramProb[found]!]!;
        backoff = this.book[CODEBOOK.bigramBackoff + t.bigramBackoff[context]!]!;
      } else {
        backoff = this.unseenContextBackoff;
      }
    }
    const key = v * 0x10000 + w;
    let lower = lowerCache.get(key);
    if (lower === undefined) {
      const found = this.findBigram(v, w);
      lower =
        found >= 0
          ? this.book[CODEBOOK.bigramProb + t.bigramProb[found]!]!
          : this.book[CODEBOOK.unigramBackoff + t.unigramBackoff[v]!]! + this.book[CODEBOOK.unigramProb + t.unigramProb[w]!]!;
      lowerCache.set(key, lower);
    }
    return backoff + lower;
  }

  private findBigram(v: number, w: number): number {
    return indexOfSorted(this.t.bigramWord, w, this.t.bigramStart[v], this.t.bigramStart[v + 1]);
  }
}

/** Indices of the best `width` scores, none more than `margin` below the best. */
function beam(scores: number[], width: number, margin: number): number[] {
  let best = -Infinity;
  for (const s of scores) if (s > best) best = s;
  const kept: number[] = [];
  for (let i = 0; i < scores.length; i++) if (scores[i]! >= best - margin) kept.push(i);
  if (kept.length > width) {
    kept.sort((a, b) => scores[b]! - scores[a]!);
    kept.length = width;
  }
  return kept;
}

/**
 * The accented syllable spelled with the case of what was typed: "Chu" → "Chủ", "CHU" → "CHỦ".
 * Both have the same number of code points in NFC (each Vietnamese letter is one precomposed
 * code point), so case is copied letter by letter.
 */
function withCaseOf(typed: string, lower: string): string {
  if (typed === typed.toLowerCase()) return lower;
  if (typed === typed.toUpperCase()) return lower.toUpperCase();
  const letters = [...lower];
  return [...typed].map((ch, i) => (ch !== ch.toLowerCase() ? (letters[i] ?? '').toUpperCase() : (letters[i] ?? ''))).join('');
}

/** "chile" → "Chile". */
function capitalized(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** `text` with each [start, end) range replaced by its word (spelt as shown); ranges in order. */
function spliceWords(text: string, words: readonly { start: number; end: number; word: string }[]): string {
  let out = '';
  let copied = 0;
  for (const { start, end, word } of words) {
    if (word === text.slice(start, end)) continue;
    out += text.slice(copied, start) + word;
    copied = end;
  }
  return out + text.slice(copied);
}
