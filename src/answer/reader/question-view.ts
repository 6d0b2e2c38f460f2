/**
 * The question as the reader compares it with passages: its content words weighted by rarity,
 * its bigrams, and the kind of answer it asks for. A question typed without diacritics is
 * compared in the folded space ("chu tich" = "chủ tịch"), as the extractive answerer always did.
 */
import { contentSyllables } from '../../index/terms.js';
import { foldWord, hasDiacritics } from '../../text/normalize.js';
import { syllables } from '../../text/tokenize.js';
import { ANSWER_TYPES, answerTypeOf, type AnswerType } from './answer-type.js';
import { tokenize, type Token } from './tokens.js';

export interface QuestionView {
  folded: boolean;
  /** Content word (folded when {@link folded}) → its weight, the index's idf (at least 0.1). */
  weights: Map<string, number>;
  total: number;
  /** The largest weight among the question's words, for "a rare word is missing". */
  maxWeight: number;
  bigrams: Set<string>;
  /** Every syllable of the question, question words included: an answer seldom repeats them. */
  all: Set<string>;
  type: AnswerType;
  typeIndex: number;
  /** Capitalized words past the first ("Chile", "Lương Cường"): names a passage must mention to be about them. */
  names: Set<string>;
}

/** The form a passage token is compared in for this question. */
export function keyOf(view: QuestionView, token: Token): string {
  return view.folded ? token.fold : token.key;
}

export function viewQuestion(question: string, idf: (term: string) => number): QuestionView {
  const folded = !hasDiacritics(question);
  const key = (w: string) => (folded ? foldWord(w) : w);
  const words = [...new Set(contentSyllables(question).map(key))];
  const weights = new Map(words.map((w) => [w, Math.max(idf(folded ? `~${w}` : w), 0.1)]));
  const tokens = syllables(question).map(key);
  const type = answerTypeOf(question);
  return {
    folded,
    weights,
    total: [...weights.values()].reduce((a, b) => a + b, 0),
    maxWeight: Math.max(0, ...weights.values()),
    bigrams: new Set(tokens.slice(1).map((w, i) => `${tokens[i]} ${w}`)),
    all: new Set(tokens),
    type,
    typeIndex: ANSWER_TYPES.indexOf(type),
    names: new Set(
      tokenize(question)
        .filter((t, i) => i > 0 && t.word && t.upper)
        .map((t) => key(t.key)),
    ),
  };
}
