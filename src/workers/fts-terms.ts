/**
 * The project's lexical terms (src/index/terms.ts) as FTS5 tokens, and term frequencies counted
 * the way the Node index counts them.
 *
 * D1 cannot load a custom tokenizer, so the Worker tokenizes: a passage's terms are stored as one
 * space-separated string, each term one token of FTS5's unicode61 tokenizer (migrations/0001_index.sql
 * keeps '_' and '~' inside tokens and keeps accents). A bigram "a b" becomes "a_b": syllables are
 * letters, marks and digits only (src/text/tokenize.ts), so '_' cannot collide with a real term.
 *
 * @example
 * ftsToken('chủ tịch') // 'chủ_tịch'
 * ftsToken('~chu tich') // '~chu_tich'
 * matchExpression(['chủ tịch', '~chu']) // '"chủ_tịch" OR "~chu"'
 */
import { MAX_TF } from '../index/lexical.js';
import { passageTerms } from '../index/terms.js';
import { foldWord } from '../text/normalize.js';
import { syllables } from '../text/tokenize.js';

/** The FTS5 token of a term: the bigram's space becomes '_'. */
export function ftsToken(term: string): string {
  return term.replaceAll(' ', '_');
}

/** What D1 stores of a passage's text for search. */
export interface FtsDocument {
  /** Its terms (passageTerms) as FTS5 tokens, space-separated: the FTS5 table's column. */
  terms: string;
  /** Its syllables, space-separated: term frequencies are counted from them ({@link TermCounter}). */
  tokens: string;
  /** BM25's document length: the syllable count, as the Node index has it. */
  length: number;
}

export function ftsDocument(title: string, text: string): FtsDocument {
  const { terms, length } = passageTerms(title, text);
  return { terms: terms.map(ftsToken).join(' '), tokens: syllables(`${title}\n${text}`).join(' '), length };
}

/** An FTS5 query matching passages that hold any of the terms. Tokens are quoted: no FTS5 operator can sneak in. */
export function matchExpression(terms: readonly string[]): string {
  return terms.map((t) => `"${ftsToken(t).replace(/"/g, '""')}"`).join(' OR ');
}

/** The wanted terms split by family, so a passage is scanned once without making a string per term occurrence. */
export class TermCounter {
  private readonly unigrams = new Set<string>();
  private readonly foldedUnigrams = new Set<string>();
  /** Bigrams by their first syllable: a pair is only joined into a string when its first syllable starts one. */
  private readonly bigramStarts = new Set<string>();
  private readonly foldedBigramStarts = new Set<string>();
  private readonly bigrams = new Set<string>();
  private readonly foldedBigrams = new Set<string>();

  constructor(terms: Iterable<string>) {
    for (const term of terms) {
      const folded = term.startsWith('~');
      const bare = folded ? term.slice(1) : term;
      const space = bare.indexOf(' ');
      if (space < 0) (folded ? this.foldedUnigrams : this.unigrams).add(bare);
      else {
        (folded ? this.foldedBigramStarts : this.bigramStarts).add(bare.slice(0, space));
        (folded ? this.foldedBigrams : this.bigrams).add(bare);
      }
    }
  }

  /** Whether any wanted term is folded: then the passage's folded syllables are needed too. */
  private get wantsFolded(): boolean {
    return this.foldedUnigrams.size > 0 || this.foldedBigrams.size > 0;
  }

  /**
   * The frequency of each wanted term in a passage, given its {@link FtsDocument.tokens}: as
   * passageTerms would count it, capped at {@link MAX_TF} as the Node index stores it. Terms the
   * passage lacks are absent.
   */
  count(tokens: string): Map<string, number> {
    const counts = new Map<string, number>();
    const bump = (term: string) => counts.set(term, Math.min((counts.get(term) ?? 0) + 1, MAX_TF));
    const words = tokens.split(' ');
    this.countFamily(words, this.unigrams, this.bigramStarts, this.bigrams, '', bump);
    // foldWord's cache: a few thousand distinct syllables fold once per isolate, not once per passage.
    if (this.wantsFolded) {
      const folded = words.map(foldWord);
      this.countFamily(folded, this.foldedUnigrams, this.foldedBigramStarts, this.foldedBigrams, '~', bump);
    }
    return counts;
  }

  private countFamily(
    words: readonly string[],
    unigrams: ReadonlySet<string>,
    starts: ReadonlySet<string>,
    bigrams: ReadonlySet<string>,
    prefix: string,
    bump: (term: string) => void,
  ): void {
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      if (unigrams.has(word)) bump(prefix + word);
      if (i + 1 < words.length && starts.has(word)) {
        const bigram = `${word} ${words[i + 1]!}`;
        if (bigrams.has(bigram)) bump(prefix + bigram);
      }
    }
  }
}
