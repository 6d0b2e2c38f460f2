/**
 * Suggested questions for an article, derived at index time from the article itself (its
 * lead sentences and the acronyms it spells out): no language model, nothing to download.
 * The widget shows them before the reader's first question, so they must read naturally, make
 * sense without the article, and be answerable from it. Each template only fires when the
 * sentence has the part the question asks for (a place after "tại", a date, a number with its
 * unit, a subject before "đã"), and the question reuses the article's own words, which is also
 * what the retriever and the reader match on.
 *
 * Three steps: {@link candidateQuestions} writes more questions than are shown; those that do not
 * {@link namesSubject name their subject} are dropped ("Ai đã rời Lima?" means nothing under
 * a widget); {@link pickSuggestions} keeps up to 4 that ask distinct facts, and, given answers
 * (src/index/suggest-check.ts runs the reader at index time), only those the service answers
 * confidently. {@link suggestQuestions} is the first and last step without answers.
 *
 * @example
 * suggestQuestions({ title, body: 'Trong khuôn khổ chuyến thăm, chiều 10/11, tại Thủ đô Santiago de Chile, ' +
 *   'Chủ tịch nước Lương Cường đã tiếp Chủ tịch Đảng Xã hội Chile Paulina Vodanovic.' })
 * // ['Ai đã tiếp Chủ tịch Đảng Xã hội Chile Paulina Vodanovic?'] (the "where" and "when" questions
 * // repeat its words: near-duplicates)
 */
import type { Article } from '../corpus/article.js';
import { INTERROGATIVES } from '../text/question-words.js';
import { splitSentences, syllables, type Span } from '../text/tokenize.js';

export interface SuggestOptions {
  /** Suggestions returned at most. Default 4. */
  max?: number;
  /** Lead sentences read (after skipping headings). Default 8: more than 4 places' worth, since the filters drop many. */
  leadSentences?: number;
  /** Candidates written at most, most specific first. Default 12. */
  candidates?: number;
}

type Kind = 'where' | 'who' | 'when' | 'said' | 'amount' | 'define' | 'title';

/** Which template comes first when there are more candidates than places. */
const PRIORITY: readonly Kind[] = ['who', 'where', 'when', 'said', 'amount', 'define', 'title'];

/** Longest clause a question reuses, in syllables: longer ones read like a sentence, not a question. */
const MAX_CLAUSE_SYLLABLES = 18;
const MAX_QUESTION_CHARS = 140;

/** "Chiều 16-11 theo giờ địa phương", "sáng nay", "ngày 2/1/2025": a time phrase at the start of a clause. */
const TIME_PREFIX =
  /^((?:vào\s+)?(?:rạng\s+sáng|sáng|trưa|chiều|tối|đêm|ngày|hôm)\s+(?:nay|qua|mai|\d{1,2}(?:[/-]\d{1,2}(?:[/-]\d{2,4})?)?)(?:\s+theo\s+giờ\s+(?:địa\s+phương|Việt\s+Nam))?)(?:\s+|$)/iu;
/** A place: "tại Thủ đô Santiago de Chile", "ở Hà Nội", "tại sân Mỹ Đình" (a name right after the preposition). */
const PLACE = /^(?:tại|ở)\s+(?:\p{Ll}+\s+)?\p{Lu}/u;
/** Clauses that frame the sentence instead of saying what happened. */
const FRAMING =
  /^(?:trong|theo|tại|với|sau|trước|khi|nhân|để|về|bên\s+cạnh|đáng\s+chú\s+ý|ngoài\s+ra|đồng\s+thời|cùng\s+với|mặc\s+dù|tuy|nếu|do|vì|và|nhưng|còn|mà)(?=\s)/iu;
/** Tense markers split a subject from what it did: "Chủ tịch nước | đã tiếp …". */
const TENSE = /\s(đã|vừa|sẽ|đang)\s/u;
/** Reporting verbs: "Bộ trưởng … nhấn mạnh …" → "Bộ trưởng … nhấn mạnh điều gì?". */
const REPORTING = /\s(nhấn\s+mạnh|cho\s+biết|khẳng\s+định|cho\s+rằng|đề\s+nghị|kêu\s+gọi|yêu\s+cầu|đánh\s+giá|bày\s+tỏ)\s/u;
/** Subjects that are pronouns name nobody a reader could ask about. */
const PRONOUN = /^(?:ông|bà|anh|chị|họ|em|tôi|chúng\s+tôi|người\s+này|đây|đó)$/iu;
/** Units counted with "bao nhiêu <unit>" ("bao nhiêu thí sinh"); other units are measured ("bao nhiêu?"). */
const COUNTED = 'người|ca|lượt|chiếc|căn|học\\s+sinh|thí\\s+sinh|tuyến|dự\\s+án|doanh\\s+nghiệp';
/** A number with the unit that makes it an amount ("92 triệu đồng", "22 độ C", "15%", "1,1 triệu thí sinh"). */
const AMOUNT = new RegExp(
  '^(?<subject>.*?\\S)\\s+(?:là\\s+|khoảng\\s+|gần\\s+|hơn\\s+|trên\\s+|dưới\\s+)?\\d[\\d.,]*\\s*(?:(?:nghìn|ngàn|triệu|tỷ)\\s+)*' +
    `(?:(?<counted>${COUNTED})|%|phần\\s+trăm|đồng|USD|đô\\s+la|euro|triệu|tỷ|nghìn|độ\\s+C|độ|km|mét|m2|ha|kg|tấn)(?=[\\s,.;]|$)`,
  'u',
);
/** "Diễn đàn hợp tác kinh tế châu Á - Thái Bình Dương (APEC)": an acronym spelled out. */
const ACRONYM = /(\p{Lu}[\p{L}\p{M}]*(?:[\s-]+[\p{L}\p{M}]+){1,12})\s+\((\p{Lu}[\p{Lu}\d&-]{1,9})\)/gu;

const syllableCount = (text: string) => (text.match(/[\p{L}\p{M}\p{N}]+/gu) ?? []).length;

/**
 * Up to `max` questions (default 4) that name their subject and ask distinct facts, most
 * specific first; [] when the article gives nothing to ask. Not checked against answers: the
 * index build does that when it has the reader (src/index/suggest-check.ts).
 */
export function suggestQuestions(article: Pick<Article, 'title' | 'body'>, options: SuggestOptions = {}): string[] {
  return pickSuggestions(candidateQuestions(article, options), undefined, options.max);
}

/** A question written from the article, and where from. */
export interface Candidate {
  text: string;
  /**
   * Body offsets of the sentence it was written from: its answer must come from there, or the
   * service would answer another question than the one asked. Absent for the question about the title.
   */
  source?: { start: number; end: number };
  /** Body offsets of the words that answer it, when the template knows them: the answer must overlap them. */
  expected?: { start: number; end: number };
}

/**
 * Every question the templates write for the article that names its subject, most specific
 * first (the templates in {@link PRIORITY} order, one of each kind per round), without exact
 * repeats. More than are shown: the answer check and the distinct-fact rule drop some.
 */
export function candidateQuestions(article: Pick<Article, 'title' | 'body'>, options: SuggestOptions = {}): Candidate[] {
  const limit = options.candidates ?? 12;
  const found = new Map<Kind, Candidate[]>(PRIORITY.map((k) => [k, []]));
  let source: Candidate['source'];
  const add = (kind: Kind, question: string | undefined, expected?: Candidate['expected']) => {
    if (question) found.get(kind)!.push({ text: question, ...(source ? { source } : {}), ...(expected ? { expected } : {}) });
  };

  for (const sentence of leadSentences(article.body, options.leadSentences ?? 8)) {
    source = { start: sentence.start, end: sentence.end };
    const clauses = splitClauses(sentence);
    // Each template also says which words answer it (`expected`), for the answer check.
    const date = clauses.find((c) => c.time !== undefined && /\d/.test(c.time));
    const place = clauses.find((c) => PLACE.test(c.text));
    const main = clauses.find((c, i) => isMainClause(c.rest, i > 0 && clauses[i - 1]!.framesNext));
    for (const clause of clauses) {
      const verb = REPORTING.exec(` ${clause.rest} `);
      const said = verb ? clause.restAt + verb.index + verb[0].length - 1 : 0;
      add('said', reportedQuestion(clause.rest), { start: said, end: sentence.end });
    }
    for (const clause of clauses) {
      const amount = amountQuestion(clause.rest);
      if (amount) add('amount', amount.question, { start: clause.restAt + amount.amount.start, end: clause.restAt + amount.amount.end });
    }
    if (!main) continue;
    const event = withoutTense(main.rest);
    if (syllableCount(event) <= MAX_CLAUSE_SYLLABLES) {
      if (place) add('where', `${event} ở đâu?`, { start: place.at, end: place.at + place.text.length });
      if (date) add('when', `${event} khi nào?`, { start: date.at, end: date.at + date.time!.length });
    }
    const tense = TENSE.exec(main.rest);
    add('who', whoQuestion(main.rest), tense ? { start: main.restAt, end: main.restAt + tense.index } : undefined);
  }
  const sentences = splitSentences(article.body.slice(0, 4000));
  for (const match of article.body.slice(0, 4000).matchAll(ACRONYM)) {
    source = sentences.find((s) => s.start <= match.index && match.index < s.end);
    // "APEC là gì?" is answered by the words spelled out, not by another sentence naming APEC.
    if (source) add('define', `${match[2]} là gì?`, { start: match.index, end: match.index + match[1]!.length });
  }
  // Too little to build on: ask about the title itself, whose words the retriever matches best.
  source = undefined;
  const title = article.title.trim().replace(/[.!?…:]+$/u, '');
  if ([...found.values()].flat().length < 2 && title && title.length <= 100) add('title', `Bài viết “${title}” cho biết những gì?`);

  const places = placeNames(article.body.slice(0, 4000));
  const picked: Candidate[] = [];
  const seen = new Set<string>();
  const rounds = Math.max(...[...found.values()].map((list) => list.length));
  for (let round = 0; picked.length < limit && round < rounds; round++) {
    for (const kind of PRIORITY) {
      const candidate = found.get(kind)![round];
      const question = tidy(candidate?.text);
      const key = question?.toLocaleLowerCase('vi');
      if (!candidate || !question || !key || seen.has(key) || question.length > MAX_QUESTION_CHARS) continue;
      seen.add(key);
      if (!namesSubject(question, places)) continue;
      picked.push({ ...candidate, text: question });
      if (picked.length === limit) break;
    }
  }
  return picked;
}

/** What the service answered to a candidate, as far as picking suggestions needs it. */
export interface CandidateAnswer {
  /** The reader's confidence, 0–1. */
  confidence: number;
  /** Body offsets of the short answer; null when there is none. */
  shortAnswer: { start: number; end: number } | null;
  /** Body offsets of the sentence holding the short answer. */
  sentence: { start: number; end: number } | null;
}

/**
 * Up to `max` (default 4) candidates, in their order, that ask distinct facts: none is a
 * near-duplicate of one kept before ({@link sameQuestion}), and, when `answers` are given,
 * each is answered with a short answer, at least `minConfidence`, inside the sentence it was
 * written from, and from a sentence no kept one is answered from. `answers` is called lazily,
 * in order, and no more once `max` are kept.
 */
export function pickSuggestions(
  candidates: readonly Candidate[],
  answers?: (question: string) => CandidateAnswer | null,
  max = 4,
  minConfidence = 0,
): string[] {
  const kept: { question: string; answer: CandidateAnswer | null }[] = [];
  for (const { text: question, source, expected } of candidates) {
    if (kept.length >= max) break;
    if (kept.some((k) => sameQuestion(k.question, question))) continue;
    // Without a source (the question about the title) nothing says which answer is right, so
    // a checked pick leaves it out, without the cost of reading.
    if (answers && !source) continue;
    const answer = answers ? answers(question) : null;
    if (answers && source) {
      const short = answer?.shortAnswer;
      if (!answer?.sentence || !short || answer.confidence < minConfidence) continue;
      // An answer from elsewhere answers another question, however confident: "APEC là gì?"
      // answered "Hội đồng tư vấn kinh doanh APEC".
      if (short.start < source.start || short.end > source.end) continue;
      if (expected && !mostlyInside(short, expected)) continue;
      if (kept.some((k) => k.answer && sameFact(k.answer, answer))) continue;
    }
    kept.push({ question, answer });
  }
  return kept.map((k) => k.question);
}

/**
 * True when at least half of the answer lies in the words the question asks about: "Theo hợp
 * đồng, Công" does not answer "Ai sẽ xuất hóa đơn VAT…?" although it touches the subject;
 * "Ủy ban Thường vụ Quốc" does, cut short.
 */
function mostlyInside(answer: { start: number; end: number }, expected: { start: number; end: number }): boolean {
  const inside = Math.min(answer.end, expected.end) - Math.max(answer.start, expected.start);
  return inside > 0 && inside * 2 >= answer.end - answer.start;
}

/** Two answers give the same fact when they come from one sentence or their short answers overlap. */
function sameFact(a: CandidateAnswer, b: CandidateAnswer): boolean {
  const overlaps = (x: { start: number; end: number } | null, y: { start: number; end: number } | null) =>
    x !== null && y !== null && x.start < y.end && y.start < x.end;
  return overlaps(a.sentence, b.sentence) || overlaps(a.shortAnswer, b.shortAnswer);
}

/** Words that say what is asked, not what about: left out when comparing two questions. */
const QUESTION_WORDS: ReadonlySet<string> = new Set([
  ...INTERROGATIVES,
  'ở',
  'khi',
  'điều',
  'là',
  'như',
  'thế',
  'những',
  'đã',
  'vừa',
  'sẽ',
  'đang',
]);

/** The syllables of a question that say what it is about, lower-cased. */
function topicSyllables(question: string): Set<string> {
  return new Set(syllables(question).filter((w) => !QUESTION_WORDS.has(w)));
}

/** Share of topic syllables two questions have in common (Jaccard) above which they are one question. */
const NEAR_DUPLICATE = 0.6;

/**
 * True when two questions are about the same thing in nearly the same words: "Chủ tịch nước
 * Lương Cường tiếp … ở đâu?" and "… khi nào?" ask about one event, and showing both reads like
 * a form being filled in.
 */
export function sameQuestion(a: string, b: string): boolean {
  const x = topicSyllables(a);
  const y = topicSyllables(b);
  let shared = 0;
  for (const w of x) if (y.has(w)) shared++;
  const union = x.size + y.size - shared;
  return union === 0 || shared / union >= NEAR_DUPLICATE;
}

/** Words that make the capitalized name after them a place: "rời Lima", "tại Hà Nội", "thủ đô Santiago". */
const PLACE_MARKER = new RegExp(
  '(?:^|\\s)(?:(?:[Tt]ại|[Ởở]|rời|đến|tới|sang)\\s+(?:(?:[Tt]hủ\\s+đô|[Tt]hành\\s+phố|[Tt]ỉnh|[Qq]uận|[Hh]uyện|[Xx]ã|sân)\\s+)?' +
    '|(?:[Tt]hủ\\s+đô|[Tt]hành\\s+phố|[Tt]ỉnh)\\s+)' +
    '(\\p{Lu}[\\p{L}\\p{M}]*(?:[\\s-]+(?:de\\s+|del\\s+)?\\p{Lu}[\\p{L}\\p{M}]*)*)',
  'gu',
);
/**
 * Ranks and titles, even capitalized: "Chủ tịch nước" alone names a post, not who holds it, so
 * "Chủ tịch nước nhấn mạnh điều gì?" does not say whom it is about.
 */
const TITLE =
  /(?:phó\s+)?(?:chủ\s+tịch(?:\s+nước)?|tổng\s+bí\s+thư|thủ\s+tướng|tổng\s+thống|bộ\s+trưởng|thứ\s+trưởng|đại\s+sứ|giám\s+đốc|tổng\s+giám\s+đốc|huấn\s+luyện\s+viên|người\s+phát\s+ngôn|nhà\s+vua|hoàng\s+tử|thủ\s+đô|thành\s+phố)/giu;
/** A capitalized word: the start of a name ("Lương", "Paulina") or an acronym ("APEC", "SJC"). */
const NAME_WORD = /^\p{Lu}/u;
const ACRONYM_WORD = /^\p{Lu}[\p{Lu}\d&-]+$/u;

/**
 * The names an article uses as places: the capitalized words after "tại", "ở", "rời", "đến",
 * "thủ đô", … anywhere in the text given ("Lima", "Santiago de Chile").
 */
export function placeNames(text: string): Set<string> {
  const places = new Set<string>();
  for (const m of text.matchAll(PLACE_MARKER)) places.add(m[1]!.toLocaleLowerCase('vi'));
  return places;
}

/**
 * True when a reader who sees only the question knows what it is about: it holds a name (a
 * person, an organization, a team, an acronym, a quoted title) besides ranks and besides the
 * places it mentions. "Ai đã rời Lima?" names only a place and "Nhiệt độ thấp nhất bao nhiêu?"
 * nothing at all: both fail. `places` adds the article's own place names ({@link placeNames})
 * to those the question marks itself ("rời Lima", "tại Hà Nội").
 *
 * A lower-case noun phrase is not enough: "giá xăng", "nhiệt độ thấp nhất" need the article to
 * say where and which; such questions are left out, as fewer suggestions beat a vague one.
 */
export function namesSubject(question: string, places: ReadonlySet<string> = new Set()): boolean {
  if (/[“"«].{3,}[”"»]/u.test(question)) return true;
  // Places first, then ranks: each becomes a gap that no name can be read across.
  let text = question
    .replace(/[?!.…]+$/u, '')
    .replace(PLACE_MARKER, (all: string, name: string) => all.slice(0, all.length - name.length) + ' | ');
  text = text.replace(TITLE, ' | ');
  const words = text.split(/\s+/u).filter(Boolean);
  // The first word is capitalized as the start of the question, not as a name, unless the
  // next word is too ("Hà Nội …") or it is an acronym ("APEC là gì?").
  const marks = words.map((word, i) =>
    NAME_WORD.test(word) && (i > 0 || ACRONYM_WORD.test(word) || NAME_WORD.test(words[1] ?? '')) ? word : '|',
  );
  const names = marks
    .join(' ')
    .split('|')
    .map((n) => n.trim())
    .filter(Boolean);
  return names.some((n) => !places.has(n.toLocaleLowerCase('vi')));
}

/** The first sentences of the body that are sentences: headings and captions have no final stop. */
function leadSentences(body: string, count: number): Span[] {
  return splitSentences(body.slice(0, 3000))
    .filter((s) => /[.!?…]["”»)]*$/u.test(s.text) && syllableCount(s.text) >= 6)
    .slice(0, count);
}

interface Clause {
  text: string;
  /** Body offset of `text`. */
  at: number;
  /** Body offset of `rest`. */
  restAt: number;
  /** The time phrase the clause starts with, if any. */
  time?: string;
  /** The clause without that time phrase. */
  rest: string;
  /** A time, place or framing clause: the next clause is likely the main one. */
  framesNext: boolean;
}

/** Comma-separated clauses ("2,5" and "1.000" are numbers, not clause breaks). */
function splitClauses(sentence: Span): Clause[] {
  let cursor = 0;
  return sentence.text
    .replace(/[.!?…]["”»)]*$/u, '')
    .split(/[,;:]\s+/u)
    .map((text) => text.trim().replace(/^["“«(]+|["”»)]+$/gu, ''))
    .filter(Boolean)
    .map((text) => {
      const time = TIME_PREFIX.exec(text);
      const rest = time ? text.slice(time[0].length).trim() : text;
      cursor = sentence.text.indexOf(text, cursor);
      const at = sentence.start + cursor;
      cursor += text.length;
      return {
        text,
        at,
        ...(time ? { time: time[1]! } : {}),
        rest,
        restAt: at + text.length - rest.length,
        framesNext: PLACE.test(text) || FRAMING.test(text) || (time !== null && rest === ''),
      };
    });
}

/** A clause that says who did what: starts with a name (a capital) or follows a framing clause. */
function isMainClause(rest: string, afterFrame: boolean): boolean {
  if (rest === '' || FRAMING.test(rest) || PLACE.test(rest)) return false;
  const n = syllableCount(rest);
  if (n < 4 || n > 30) return false;
  return /^\p{Lu}/u.test(rest) || afterFrame;
}

/** "Chủ tịch nước Lương Cường đã tiếp …" → "Chủ tịch nước Lương Cường tiếp …" (a question supplies its own time). */
function withoutTense(clause: string): string {
  return clause.replace(/\s(?:đã|vừa)\s/u, ' ');
}

/** "X đã tiếp Y" → "Ai đã tiếp Y?", when X names someone and the predicate is a phrase. */
function whoQuestion(clause: string): string | undefined {
  const m = TENSE.exec(clause);
  if (!m) return undefined;
  const subject = clause.slice(0, m.index).trim();
  const predicate = clause.slice(m.index + m[0].length).trim();
  const s = syllableCount(subject);
  const p = syllableCount(predicate);
  // The subject must name someone (contain a capital), and the clause not report what someone else did.
  if (s < 2 || !/\p{Lu}/u.test(subject) || PRONOUN.test(subject) || REPORTING.test(` ${subject} `)) return undefined;
  if (p < 2 || p > 14 || REPORTING.test(` ${predicate} `)) return undefined;
  return `Ai ${m[1]} ${predicate}?`;
}

/** "Bộ trưởng Ngoại giao Bùi Thanh Sơn nhấn mạnh …" → "Bộ trưởng Ngoại giao Bùi Thanh Sơn nhấn mạnh điều gì?" */
function reportedQuestion(clause: string): string | undefined {
  const m = REPORTING.exec(` ${clause} `);
  if (!m) return undefined;
  const subject = clause.slice(0, m.index).trim();
  const n = syllableCount(subject);
  if (n < 2 || n > 10 || !/^\p{Lu}/u.test(subject) || PRONOUN.test(subject) || FRAMING.test(subject)) return undefined;
  const verb = m[1]!.replace(/\s+/gu, ' ');
  return `${subject} ${verb} ${verb === 'đánh giá' ? 'như thế nào' : 'điều gì'}?`;
}

/**
 * "giá vàng miếng SJC tăng lên 92 triệu đồng mỗi lượng" → "Giá vàng miếng SJC tăng lên bao nhiêu?",
 * and where "92 triệu đồng" is in the clause.
 */
function amountQuestion(clause: string): { question: string; amount: { start: number; end: number } } | undefined {
  // What is reported is the fact: "Bộ … cho biết kỳ thi có 1,1 triệu thí sinh" asks about the exam.
  const reported = REPORTING.exec(` ${clause} `);
  const fact = reported ? clause.slice(reported.index + reported[0].length - 1).trimStart() : clause;
  const m = AMOUNT.exec(fact);
  if (!m?.groups) return undefined;
  const subject = m.groups.subject!.trim();
  const n = syllableCount(subject);
  // A year may stay in the subject ("kỳ thi năm 2025"); any other number makes it a different question.
  if (n < 2 || n > 10 || /\d/.test(subject.replace(/năm \d{4}/gu, '')) || FRAMING.test(subject)) return undefined;
  const counted = m.groups.counted?.replace(/\s+/gu, ' ');
  // Where the number and its unit are in the clause: the words that answer.
  const end = clause.length - fact.length + m[0].length;
  return {
    question: `${subject} bao nhiêu${counted ? ` ${counted}` : ''}?`,
    amount: { start: end - (m[0].length - m.groups.subject!.length), end },
  };
}

/** One space, no space before the question mark, a capital first letter. */
function tidy(question: string | undefined): string | undefined {
  if (!question) return undefined;
  const text = question
    .replace(/\s+/gu, ' ')
    .replace(/\s+\?$/u, '?')
    .trim();
  return text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);
}
