/**
 * The extractive answerer (the default: no language model, no network). It picks the sentences
 * of the retrieved passages that best cover the question's content words, weighted by how
 * rare those words are, and quotes them with [n] markers. When no sentence covers enough of
 * the question, it says so instead of guessing.
 *
 * @example
 * const answer = answerExtractive({ question, hits, idf: (t) => lexical.idf(t) });
 * // { found: true, answer: 'Tại Thủ đô Santiago de Chile, … [1]', citations: [{ n: 1, … }] }
 */
import { foldDiacritics, foldWord, hasDiacritics } from '../text/normalize.js';
import { splitSentences, syllables } from '../text/tokenize.js';
import { contentSyllables } from '../index/terms.js';
import type { Hit } from '../index/retriever.js';
import { rewriteMarkers } from './citations.js';
import type { Answer, Citation } from '../contract.js';

export interface ExtractiveOptions {
  /** Share of the question's weighted content a sentence must cover to be an answer. */
  minCoverage: number;
  /** Sentences in the answer at most. */
  maxSentences: number;
  /** A further sentence must score at least this share of the best one. */
  followerRatio: number;
  /** Passages whose sentences are considered. */
  passages: number;
  /** Credit for a question word found only in the article title, not the sentence. */
  titleCredit: number;
  /** Coverage factor of a sentence without any digit, for a question that asks for a number or a date. */
  noNumberFactor: number;
}

export const DEFAULT_EXTRACTIVE_OPTIONS: ExtractiveOptions = {
  minCoverage: 0.5,
  maxSentences: 2,
  followerRatio: 0.8,
  passages: 5,
  titleCredit: 0.5,
  noNumberFactor: 0.75,
};

export interface ExtractiveInput {
  question: string;
  /** The question with restored diacritics, when the reader typed without. */
  restored?: string;
  hits: Hit[];
  /** Inverse document frequency of an index term (accented syllable, or "~" + folded). */
  idf: (term: string) => number;
  options?: Partial<ExtractiveOptions>;
}

/** "Not found" in the reader's language: plain, and pointing at what to try next. */
export const NOT_FOUND_ANSWER =
  'Chưa tìm thấy thông tin trả lời câu hỏi này trong các bài viết của trang. Bạn có thể hỏi lại với từ khóa khác.';

/** A sentence of a retrieved passage, scored as an answer to the question. */
export interface SentenceCandidate {
  /** Index of its hit in the input. */
  hit: number;
  text: string;
  /** Offsets in the article body. */
  start: number;
  end: number;
  score: number;
  coverage: number;
  /** Question words the sentence itself contains. */
  covers: Set<string>;
}

/** The sentences of the first passages, best answer first (see {@link answerExtractive}). */
export function rankSentences(input: ExtractiveInput): SentenceCandidate[] {
  const options = { ...DEFAULT_EXTRACTIVE_OPTIONS, ...input.options };
  const asked = input.question;
  // A question typed without diacritics is compared in the folded space: "chu tich" = "chủ tịch".
  // What the reader typed is the truth; a restored spelling is a guess (names especially:
  // "Luong Cuong" is not "Luống Cuống"), so it only breaks ties between sentences.
  const folded = !hasDiacritics(asked);
  const key = (w: string) => (folded ? foldWord(w) : w);
  const termOf = (w: string) => (folded ? `~${foldWord(w)}` : w);
  const words = [...new Set(contentSyllables(asked).map(key))];
  const restoredWords = input.restored && folded ? new Set(contentSyllables(input.restored)) : undefined;
  const weights = new Map(words.map((w) => [w, Math.max(input.idf(termOf(w)), 0.1)]));
  const total = [...weights.values()].reduce((a, b) => a + b, 0);
  const bigrams = words.length > 1 ? questionBigrams(asked, key) : [];
  const wantsNumber = expectsNumber(input.restored ?? asked);

  const candidates: SentenceCandidate[] = [];
  input.hits.slice(0, options.passages).forEach((hit, rank) => {
    const titleWords = new Set(syllables(hit.article.title).map(key));
    for (const s of splitSentences(hit.chunk.text)) {
      const sentenceWords = syllables(s.text).map(key);
      const present = new Set(sentenceWords);
      let covered = 0;
      const covers = new Set<string>();
      for (const [w, weight] of weights) {
        if (present.has(w)) {
          covered += weight;
          covers.add(w);
        } else if (titleWords.has(w)) covered += weight * options.titleCredit;
      }
      // "Bao nhiêu", "năm nào", "khi nào": a sentence without a figure cannot be the answer,
      // however many of the question's names it repeats.
      const coverage = (total > 0 ? covered / total : 0) * (wantsNumber && !/\d/.test(s.text) ? options.noNumberFactor : 1);
      const sentenceBigrams = new Set(sentenceWords.slice(1).map((w, i) => `${sentenceWords[i]} ${w}`));
      const phrase = bigrams.length ? bigrams.filter((b) => sentenceBigrams.has(b)).length / bigrams.length : 0;
      const restoredShare = restoredWords?.size ? countIn(restoredWords, syllables(s.text)) / restoredWords.size : 0;
      // Rank prior: among equal matches, trust the retriever's order.
      const score = coverage + 0.2 * phrase + 0.1 * restoredShare + 0.05 / (rank + 1);
      candidates.push({ hit: rank, text: s.text, start: hit.chunk.start + s.start, end: hit.chunk.start + s.end, score, coverage, covers });
    }
  });
  return candidates.sort((a, b) => b.score - a.score || a.hit - b.hit || a.start - b.start);
}

export function answerExtractive(input: ExtractiveInput): Answer {
  const options = { ...DEFAULT_EXTRACTIVE_OPTIONS, ...input.options };
  const candidates = rankSentences(input);
  const best = candidates[0];
  if (!best || best.coverage < options.minCoverage) return { answer: NOT_FOUND_ANSWER, found: false, citations: [] };

  const chosen = [best];
  for (const c of candidates.slice(1)) {
    if (chosen.length >= options.maxSentences) break;
    if (c.score < best.score * options.followerRatio || c.coverage < options.minCoverage) break;
    if (chosen.some((x) => x.text === c.text || (x.hit === c.hit && overlaps(x, c)))) continue;
    // A further sentence must bring a question word the answer does not have yet; a sentence
    // that only repeats the same names is noise on a phone screen.
    if (![...c.covers].some((w) => !chosen.some((x) => x.covers.has(w)))) continue;
    chosen.push(c);
  }
  // Read in document order when both come from one passage.
  chosen.sort((a, b) => a.hit - b.hit || a.start - b.start);

  const citations: Citation[] = [];
  const numberOf = new Map<number, number>();
  const parts = chosen.map((c) => {
    let n = numberOf.get(c.hit);
    if (n === undefined) {
      n = citations.length + 1;
      numberOf.set(c.hit, n);
      citations.push(citationOf(input.hits[c.hit]!, n, c));
    }
    // The quote is article text: a "[7]" in it (a footnote, or a planted fake) would read as one
    // of our markers and point at no passage, so bracketed numbers in quotes are dropped.
    return `${stripTrailingSpace(rewriteMarkers(c.text, () => false).text)} [${n}]`;
  });
  return { answer: parts.join(' '), found: true, citations };
}

/** Question phrases that ask for a quantity, a date or a time, in folded form. */
const NUMBER_QUESTION =
  /\b(bao nhieu|bao lau|bao gio|may (nguoi|ngay|nam|thang|lan|tuoi|gio|phut|km|ty|trieu|nghin)|(nam|ngay|thang|khi|luc|hoi|thoi gian|thoi diem|gio) nao|luc may gio|ty le)\b/;

/** True when the question asks for a number, a date or a time ("bao nhiêu", "năm nào", "khi nào"). */
export function expectsNumber(question: string): boolean {
  return NUMBER_QUESTION.test(foldDiacritics(question.toLowerCase()).replace(/\s+/g, ' '));
}

function questionBigrams(question: string, key: (w: string) => string): string[] {
  const tokens = syllables(question).map(key);
  return tokens.slice(1).map((w, i) => `${tokens[i]} ${w}`);
}

/** How many of the words occur among the tokens. */
function countIn(words: ReadonlySet<string>, tokens: readonly string[]): number {
  const present = new Set(tokens);
  let n = 0;
  for (const w of words) if (present.has(w)) n++;
  return n;
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

function stripTrailingSpace(text: string): string {
  return text.replace(/\s+$/u, '');
}

/** A citation built from the index's own record of the passage, never from answer text. */
export function citationOf(hit: Hit, n: number, quote?: { start: number; end: number }): Citation {
  return {
    n,
    articleId: hit.article.id,
    title: hit.article.title,
    url: hit.article.url,
    publishedAt: hit.article.publishedAt,
    passage: hit.chunk.text,
    start: hit.chunk.start,
    end: hit.chunk.end,
    ...(quote ? { quote: { start: quote.start, end: quote.end } } : {}),
    score: Number(hit.score.toFixed(6)),
  };
}
