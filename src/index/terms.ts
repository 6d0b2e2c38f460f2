/**
 * What the lexical index stores for a passage and what it looks up for a question.
 *
 * Passages are indexed under four families of terms: accented syllables, accented bigrams,
 * and their folded ("~") twins, so "chu tich" finds "chủ tịch". A question typed with
 * diacritics searches the accented family first; one typed without searches the folded one.
 */
import { foldDiacritics, foldWord, hasDiacritics } from '../text/normalize.js';
import { INTERROGATIVES } from '../text/question-words.js';
import { syllables, withBigrams } from '../text/tokenize.js';
import type { WeightedTerm } from './lexical.js';

/**
 * Question words and function words: they say what kind of answer is wanted, not what it is
 * about. A question typed with diacritics is compared with them as written; one typed without,
 * with their folded forms. One set for both would drop real words of accented questions whose
 * folded form happens to be a stopword's: "tai nạn" (tại), "vay" (vậy), "nay" (này), "nhu cầu" (như).
 */
// prettier-ignore
const STOPWORDS = [
  ...INTERROGATIVES, 'thế', 'vì', 'tại', 'không', 'chưa', 'là', 'của', 'và',
  'có', 'được', 'những', 'các', 'một', 'cho', 'với', 'này', 'đã', 'bị', 'thì', 'mà', 'ra', 'vào', 'lại', 'đó', 'nhé',
  'ạ', 'vậy', 'hả', 'gồm', 'như', 'hãy', 'biết', 'bạn', 'ở', 'trong', 'tên',
];
const ACCENTED_STOPWORDS = new Set(STOPWORDS);
const FOLDED_STOPWORDS = new Set(STOPWORDS.map(foldDiacritics));

/** The stopwords to compare a question's words with: as written, or folded when it has no diacritics. */
function stopwordsFor(question: string): ReadonlySet<string> {
  return hasDiacritics(question) ? ACCENTED_STOPWORDS : FOLDED_STOPWORDS;
}

/** Terms of one passage: the chunk text with its article title in front, as one document. */
export function passageTerms(title: string, text: string): { terms: string[]; length: number } {
  const tokens = syllables(`${title}\n${text}`);
  const accented = withBigrams(tokens);
  const folded = withBigrams(tokens.map(foldWord)).map((t) => `~${t}`);
  return { terms: accented.concat(folded), length: tokens.length };
}

export interface QueryTermOptions {
  /** Weight of folded terms for a question typed with diacritics (a hedge for misspelt tones). */
  foldedWeight?: number;
  /** Weight of a bigram relative to a syllable: phrases matter more than scattered syllables. */
  bigramWeight?: number;
}

/** The weighted terms a question searches. */
export function queryTerms(question: string, options: QueryTermOptions = {}): WeightedTerm[] {
  const foldedWeight = options.foldedWeight ?? 0.3;
  const bigramWeight = options.bigramWeight ?? 1;
  const tokens = syllables(question);
  const accented = hasDiacritics(question);
  const out = new Map<string, number>();
  const add = (term: string, weight: number) => out.set(term, Math.max(out.get(term) ?? 0, weight));
  const family = (words: string[], prefix: string, weight: number, stopwords: ReadonlySet<string>) => {
    words.forEach((w, i) => {
      if (!stopwords.has(w)) add(prefix + w, weight);
      const next = words[i + 1];
      if (next !== undefined && !(stopwords.has(w) && stopwords.has(next))) {
        add(`${prefix}${w} ${next}`, weight * bigramWeight);
      }
    });
  };
  const folded = tokens.map(foldDiacritics);
  if (accented) {
    family(tokens, '', 1, ACCENTED_STOPWORDS);
    // The folded twins of the words kept above: "~tai" of "tai nạn" stays, "~tai" of "tại" goes.
    if (foldedWeight > 0) family(folded, '~', foldedWeight, new Set(tokens.filter((w) => ACCENTED_STOPWORDS.has(w)).map(foldDiacritics)));
  } else {
    family(folded, '~', 1, FOLDED_STOPWORDS);
  }
  return [...out].map(([term, weight]) => ({ term, weight }));
}

/** Question syllables that carry meaning, for scoring answer sentences. */
export function contentSyllables(question: string): string[] {
  const stopwords = stopwordsFor(question);
  return syllables(question).filter((w) => !stopwords.has(w));
}
