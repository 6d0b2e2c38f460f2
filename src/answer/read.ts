/**
 * The answer the reader writes (src/answer/reader/): the short answer it points at, the
 * sentence holding it as quoted evidence, and its confidence. Below the reader's threshold, or
 * when the question names a time no retrieved passage matches, it says "not found" instead of
 * quoting a passage about something else: a confident wrong quote under the paper's name is
 * worse than no answer.
 *
 * @example
 * answerWithReader({ question: 'Chủ tịch nước thăm Chile khi nào?', hits, idf, reader, now: new Date() })
 * // { found: true, answer: 'Từ ngày 10/11 đến 13/11, … [1]', shortAnswer: { text: 'ngày 10/11', n: 1, … }, confidence: 0.91 }
 */
import type { Hit } from '../index/retriever.js';
import type { Answer, Citation } from '../contract.js';
import { rewriteMarkers } from './citations.js';
import { trimLeadingConnective } from './evidence.js';
import { citationOf, NOT_FOUND_ANSWER } from './extractive.js';
import type { Reader, Reading } from './reader/reader.js';
import type { SentenceCandidate } from './reader/sentence-features.js';
import type { Cohesion } from './reader/span-features.js';
import type { Token } from './reader/tokens.js';
import { datedPrefix, passageMatches, timeOf } from './time.js';

export interface ReaderInput {
  /** The question compared with the passages: as typed (folded matching when typed without diacritics). */
  question: string;
  /** The restored question, when typed without diacritics: read for the time it names. */
  restored?: string;
  hits: Hit[];
  idf: (term: string) => number;
  reader: Reader;
  /** Refuse below this confidence (the model's own threshold when not given). */
  threshold?: number;
  /** Today, for dating answers to "hiện nay" questions from old articles. */
  now: Date;
  /** Passages read. */
  passages?: number;
}

const PASSAGES_READ = 5;
/** A second sentence is quoted only when it scores close to the first and adds a question word. */
const SECOND_SENTENCE_RATIO = 0.8;

export function answerWithReader(input: ReaderInput): Answer {
  const time = timeOf(input.restored ?? input.question);
  // A question about 2022 is not answered from an article about 2017, however close its words.
  const hits = time
    ? input.hits.filter((h) => passageMatches(time, { text: h.chunk.text, publishedAt: h.article.publishedAt, title: h.article.title }))
    : input.hits;
  const read = hits.slice(0, input.passages ?? PASSAGES_READ);
  const passages = read.map((h) => ({ text: h.chunk.text, offset: h.chunk.start, title: h.article.title }));
  const reading = passages.length ? input.reader.read(input.question, passages, input.idf) : null;
  const threshold = input.threshold ?? input.reader.threshold;
  if (!reading?.span || reading.confidence < threshold) return notFound(reading?.confidence ?? 0);
  // The passage may name the year anywhere ("World Cup 2022" in a 2017 article about the bid):
  // the sentence that answers, its article's title or its date must be of the time asked.
  const answering = reading.span.sentence;
  const source = read[answering.passage]!.article;
  if (time && !passageMatches(time, { text: answering.text, publishedAt: source.publishedAt, title: source.title })) return notFound(0);
  const chosen = evidence(reading);
  const citations: Citation[] = [];
  const numberOf = new Map<number, number>();
  const parts = chosen.map((s) => {
    const hit = read[s.passage]!;
    const quote = quoteOf(s, reading);
    let n = numberOf.get(s.passage);
    if (n === undefined) {
      n = citations.length + 1;
      numberOf.set(s.passage, n);
      citations.push(citationOf(hit, n, quote));
    }
    const text = hit.chunk.text.slice(quote.start - hit.chunk.start, quote.end - hit.chunk.start);
    // The quote is article text: a "[7]" in it would read as one of our markers.
    return `${rewriteMarkers(text, () => false).text.trimEnd()} [${n}]`;
  });
  const span = reading.span;
  const hit = read[span.sentence.passage]!;
  const numbers = wholeNumbers(span.sentence.tokens, span.first, span.last);
  const { first, last } = wholeWords(span.sentence.tokens, numbers.first, numbers.last, input.reader.cohesion);
  const start = span.sentence.tokens[first]!.start;
  const end = span.sentence.tokens[last]!.end;
  const dated = time?.current ? datedPrefix(hit.article.publishedAt, input.now) : '';
  return {
    answer: dated + parts.join(' '),
    found: true,
    citations,
    shortAnswer: {
      text: hit.chunk.text.slice(start - hit.chunk.start, end - hit.chunk.start),
      n: numberOf.get(span.sentence.passage)!,
      start,
      end,
    },
    confidence: round(reading.confidence),
  };
}

/**
 * The sentence holding the short answer, and a second one only when it scores close to the
 * best and brings a question word the first lacks; in reading order when from one passage.
 */
function evidence(reading: Reading): SentenceCandidate[] {
  const first = reading.span!.sentence;
  const firstScore = reading.sentences.find((s) => s.candidate === first)?.score ?? 0;
  const best = reading.sentences[0]!;
  const chosen = [first];
  const second = best.candidate !== first ? best : reading.sentences[1];
  if (
    second &&
    second.score >= firstScore * SECOND_SENTENCE_RATIO &&
    [...second.candidate.covers].some((w) => !first.covers.has(w)) &&
    second.candidate.text !== first.text
  ) {
    chosen.push(second.candidate);
  }
  return chosen.sort((a, b) => a.passage - b.passage || a.start - b.start);
}

/** The quoted sentence without its leading filler ("Đáng chú ý, …"), never past the short answer. */
function quoteOf(s: SentenceCandidate, reading: Reading): { start: number; end: number } {
  let start = s.start + trimLeadingConnective(s.text);
  if (reading.span?.sentence === s) start = Math.min(start, s.tokens[reading.span.first]!.start);
  return { start, end: s.end };
}

/** Marks that join the parts of one number or date: "16-11", "10/11/2024", "72,46", "1.500". */
const NUMBER_JOINS = new Set(['/', '-', '.', ',', ':']);

/**
 * The span widened to whole numbers and dates: the reader's tokens split "16-11" into three, and
 * a span ending at "16" would answer "Chiều 16" for a visit on 16-11.
 */
function wholeNumbers(tokens: readonly Token[], first: number, last: number): { first: number; last: number } {
  const joined = (a: Token, join: Token, b: Token) =>
    a.digit && b.digit && NUMBER_JOINS.has(join.text) && a.end === join.start && join.end === b.start;
  while (last + 2 < tokens.length && joined(tokens[last]!, tokens[last + 1]!, tokens[last + 2]!)) last += 2;
  while (first >= 2 && joined(tokens[first - 2]!, tokens[first - 1]!, tokens[first]!)) first -= 2;
  return { first, last };
}

/**
 * Syllable pairs at least this cohesive (PMI from news text, the reader's table) are one word:
 * "tiếp tục" (6.0), "thượng đỉnh" (6.7), "giữ gìn" (7.0), while pairs that only meet across
 * words stay below it ("nghị thượng" 4.2 in "Hội nghị Thượng đỉnh"). Measured on ViQuAD dev
 * and ViNewsQA dev (evals/RESULTS.md).
 */
const WORD_COHESION = 5.5;

/**
 * The span widened to whole words: the reader scores spans by syllable, and a span that starts
 * at "tục" of "tiếp tục" or ends at "Thượng" of "Thượng đỉnh" is shown large as the answer.
 * One syllable each side at most: Vietnamese words are mostly one or two syllables.
 */
function wholeWords(tokens: readonly Token[], first: number, last: number, cohesion: Cohesion): { first: number; last: number } {
  const joined = (a: Token | undefined, b: Token | undefined) =>
    a !== undefined &&
    b !== undefined &&
    a.word &&
    b.word &&
    !a.digit &&
    !b.digit &&
    b.start - a.end === 1 &&
    cohesion(a.key, b.key) >= WORD_COHESION;
  if (joined(tokens[first - 1], tokens[first]) && !joined(tokens[first - 2], tokens[first - 1])) first -= 1;
  if (joined(tokens[last], tokens[last + 1]) && !joined(tokens[last + 1], tokens[last + 2])) last += 1;
  return { first, last };
}

function notFound(confidence: number): Answer {
  return { answer: NOT_FOUND_ANSWER, found: false, citations: [], shortAnswer: null, confidence: round(confidence) };
}

function round(v: number): number {
  return Number(v.toFixed(4));
}
