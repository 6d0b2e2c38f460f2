/**
 * Personal data a reader may type into a question, replaced by a placeholder before the
 * question is logged: e-mail addresses, phone numbers, and ID, card or account numbers.
 * Readers do type them ("số 0912 345 678 có phải lừa đảo không?", "CCCD 001203004567 bị lộ thì
 * sao"); the log must not keep them.
 *
 * What stays: the numbers news questions are made of — years, dates, prices written with
 * thousands separators ("1.500.000 đồng"), percentages, short counts. The rule for digits is
 * length: a run of 9 or more digits (spaces, dots or dashes between groups allowed) is an
 * identifier (CMND has 9, CCCD 12, phones 10–11, cards 16, bank accounts 9–19) unless it is
 * written as an amount (1–3 digits then groups of exactly 3 after dots or commas, not starting
 * with 0), or numbers side by side with spaces. Scrubbing a rare 10-digit amount written without
 * separators is the price of never logging an ID number.
 *
 * @example
 * scrubPersonalData('Gọi 0912.345.678 hay email a.b@gmail.com?'); // 'Gọi [số điện thoại] hay email [email]?'
 * scrubPersonalData('Giá 1.500.000 đồng năm 2024');                // unchanged
 */

export const PLACEHOLDERS = { email: '[email]', phone: '[số điện thoại]', number: '[số giấy tờ]' } as const;

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
/**
 * Digit groups joined by at most one separator each (space, dot, dash, parentheses around an
 * area code), optionally after a "+": the candidates for phone, ID and card numbers.
 */
const DIGIT_RUN = /(?<![\p{L}\p{N}])\+?\(?\d+(?:\)?[ .-]?\(?\d+)*\)?(?![\p{L}\p{N}])/gu;
/** An amount as Vietnamese writes it: 1.500.000, 12,000,000 (first group 1–3 digits, not 0). */
const AMOUNT = /^[1-9]\d{0,2}(?:([.,])\d{3})(?:\1\d{3})*$/;
/** Vietnamese mobile and landline numbers: 0 or +84/84 then 9–10 digits. */
const PHONE = /^(?:\+?84|0)\d{9,10}$/;

export function scrubPersonalData(text: string): string {
  return text.replace(EMAIL, PLACEHOLDERS.email).replace(DIGIT_RUN, (run) => {
    const digits = run.replace(/\D/g, '');
    if (digits.length < 9 || AMOUNT.test(run)) return run;
    // Numbers side by side ("năm 2024 2025 2026", "113 114 115") are not one number; a phone
    // written with spaces starts with 0 or +, a card number has 13 digits or more.
    if (/\s/.test(run) && !/^[+0(]/.test(run) && digits.length < 13) return run;
    const plus = run.startsWith('+') ? '+' : '';
    return PHONE.test(plus + digits) ? PLACEHOLDERS.phone : PLACEHOLDERS.number;
  });
}
