/**
 * What kind of answer a question asks for, from its question words: a person or organization
 * ("ai", "người nào"), a quantity ("bao nhiêu", "mấy"), a date or time ("khi nào", "năm nào"),
 * a place ("ở đâu", "nước nào"), a reason ("vì sao"), a manner ("như thế nào"), or anything else.
 * Matched on the folded question, so "o dau" and "ở đâu" are the same; the reader's model
 * learns how each type goes with the shape of a span (numbers, dates, capitalized names).
 */
import { foldDiacritics } from '../../text/normalize.js';

export const ANSWER_TYPES = ['other', 'person', 'quantity', 'date', 'place', 'reason', 'manner'] as const;
export type AnswerType = (typeof ANSWER_TYPES)[number];

// Order matters: "năm nào" is a date before "nào" is anything; "mấy giờ" is a time, not a count.
const PATTERNS: [AnswerType, RegExp][] = [
  [
    'date',
    /\b(khi nao|bao gio|(nam|ngay|thang|luc|hoi|thoi gian|thoi diem|thoi ky|gio|dip|tuan|mua|quy|the ky|doi) nao|may gio|(nam|ngay|thang|thu|quy) (may|bao nhieu)|vao luc nao)\b/,
  ],
  ['reason', /\b(vi sao|tai sao|vi dau|do dau|ly do|nguyen nhan|de lam gi|nham (muc dich )?gi|muc dich)\b/],
  ['manner', /\b(nhu the nao|ra sao|the nao|bang cach nao|cach nao|lam sao)\b/],
  ['quantity', /\b(bao nhieu|may|bao lau|ty le|bao xa|muc (gia )?nao|so luong)\b/],
  [
    'place',
    /\b(o dau|tai dau|den dau|tu dau|noi nao|(nuoc|tinh|thanh pho|quoc gia|dia diem|khu vuc|vung|dia phuong|thi truong|benh vien|truong|san|chau luc|quan|huyen|xa) nao|dau)\b/,
  ],
  [
    'person',
    /\b(ai|nguoi nao|ten (gi|la gi)|(vi|ong|ba|anh|chi|cau thu|hlv|doi|to chuc|cong ty|don vi|co quan|hang|tap doan|ngan hang|ca si|tac gia|nhan vat|doanh nghiep|ben) nao)\b/,
  ],
];

export function answerTypeOf(question: string): AnswerType {
  const folded = foldDiacritics(question.toLowerCase()).replace(/\s+/g, ' ');
  for (const [type, pattern] of PATTERNS) if (pattern.test(folded)) return type;
  return 'other';
}
