/**
 * Suggested questions for an article, derived at index time from the article itself (its
 * lead sentences and the acronyms it spells out): no language model, nothing to download.
 * The widget shows them before the reader's first question, so they must read naturally and
 * be answerable from the article; each template only fires when the sentence has the part
 * the question asks for (a place after "tại", a date, a number with its unit, a subject
 * before "đã"), and the question reuses the article's own words, which is also what the
 * retriever and the extractive answerer match on.
 *
 * @example
 * suggestQuestions({ title, body: 'Trong khuôn khổ chuyến thăm, chiều 10/11, tại Thủ đô Santiago de Chile, ' +
 *   'Chủ tịch nước Lương Cường đã tiếp Chủ tịch Đảng Xã hội Chile Paulina Vodanovic.' })
 * // ['Chủ tịch nước Lương Cường tiếp Chủ tịch Đảng Xã hội Chile Paulina Vodanovic ở đâu?',
 * //  'Ai đã tiếp Chủ tịch Đảng Xã hội Chile Paulina Vodanovic?', '… khi nào?']
 */
import type { Article } from '../corpus/article.js';
import { splitSentences } from '../text/tokenize.js';

export interface SuggestOptions {
  /** Suggestions returned at most. Default 4. */
  max?: number;
  /** Lead sentences read (after skipping headings). Default 4. */
  leadSentences?: number;
}

type Kind = 'where' | 'who' | 'when' | 'said' | 'amount' | 'define' | 'title';

/** Which template comes first when there are more candidates than places. */
const PRIORITY: readonly Kind[] = ['where', 'who', 'when', 'said', 'amount', 'define', 'title'];

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

/** Up to `max` questions (default 4), most specific first; [] when the article gives nothing to ask. */
export function suggestQuestions(article: Pick<Article, 'title' | 'body'>, options: SuggestOptions = {}): string[] {
  const max = options.max ?? 4;
  const found = new Map<Kind, string[]>(PRIORITY.map((k) => [k, []]));
  const add = (kind: Kind, question: string | undefined) => {
    if (question) found.get(kind)!.push(question);
  };

  for (const sentence of leadSentences(article.body, options.leadSentences ?? 4)) {
    const clauses = splitClauses(sentence);
    const hasDate = clauses.some((c) => c.time !== undefined && /\d/.test(c.time));
    const hasPlace = clauses.some((c) => PLACE.test(c.text));
    const main = clauses.find((c, i) => isMainClause(c.rest, i > 0 && clauses[i - 1]!.framesNext));
    for (const clause of clauses) add('said', reportedQuestion(clause.rest));
    for (const clause of clauses) add('amount', amountQuestion(clause.rest));
    if (!main) continue;
    const event = withoutTense(main.rest);
    if (syllableCount(event) <= MAX_CLAUSE_SYLLABLES) {
      if (hasPlace) add('where', `${event} ở đâu?`);
      if (hasDate) add('when', `${event} khi nào?`);
    }
    add('who', whoQuestion(main.rest));
  }
  for (const match of article.body.slice(0, 4000).matchAll(ACRONYM)) add('define', `${match[2]} là gì?`);
  // Too little to build on: ask about the title itself, whose words the retriever matches best.
  const title = article.title.trim().replace(/[.!?…:]+$/u, '');
  if ([...found.values()].flat().length < 2 && title && title.length <= 100) add('title', `Bài viết “${title}” cho biết những gì?`);

  const picked: string[] = [];
  const seen = new Set<string>();
  for (let round = 0; picked.length < max && round < 3; round++) {
    for (const kind of PRIORITY) {
      const question = tidy(found.get(kind)![round]);
      const key = question?.toLocaleLowerCase('vi');
      if (!question || !key || seen.has(key) || question.length > MAX_QUESTION_CHARS) continue;
      seen.add(key);
      picked.push(question);
      if (picked.length === max) break;
    }
  }
  return picked;
}

/** The first sentences of the body that are sentences: headings and captions have no final stop. */
function leadSentences(body: string, count: number): string[] {
  return splitSentences(body.slice(0, 3000))
    .map((s) => s.text)
    .filter((s) => /[.!?…]["”»)]*$/u.test(s) && syllableCount(s) >= 6)
    .slice(0, count);
}

interface Clause {
  text: string;
  /** The time phrase the clause starts with, if any. */
  time?: string;
  /** The clause without that time phrase. */
  rest: string;
  /** A time, place or framing clause: the next clause is likely the main one. */
  framesNext: boolean;
}

/** Comma-separated clauses ("2,5" and "1.000" are numbers, not clause breaks). */
function splitClauses(sentence: string): Clause[] {
  return sentence
    .replace(/[.!?…]["”»)]*$/u, '')
    .split(/[,;:]\s+/u)
    .map((text) => text.trim().replace(/^["“«(]+|["”»)]+$/gu, ''))
    .filter(Boolean)
    .map((text) => {
      const time = TIME_PREFIX.exec(text);
      const rest = time ? text.slice(time[0].length).trim() : text;
      return {
        text,
        ...(time ? { time: time[1]! } : {}),
        rest,
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

/** "giá vàng miếng SJC tăng lên 92 triệu đồng mỗi lượng" → "Giá vàng miếng SJC tăng lên bao nhiêu?" */
function amountQuestion(clause: string): string | undefined {
  // What is reported is the fact: "Bộ … cho biết kỳ thi có 1,1 triệu thí sinh" asks about the exam.
  const reported = REPORTING.exec(` ${clause} `);
  const fact = reported ? clause.slice(reported.index + reported[0].length - 1).trim() : clause;
  const m = AMOUNT.exec(fact);
  if (!m?.groups) return undefined;
  const subject = m.groups.subject!.trim();
  const n = syllableCount(subject);
  // A year may stay in the subject ("kỳ thi năm 2025"); any other number makes it a different question.
  if (n < 2 || n > 10 || /\d/.test(subject.replace(/năm \d{4}/gu, '')) || FRAMING.test(subject)) return undefined;
  const counted = m.groups.counted?.replace(/\s+/gu, ' ');
  return `${subject} bao nhiêu${counted ? ` ${counted}` : ''}?`;
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
