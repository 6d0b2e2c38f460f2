/**
 * Corpus-aware correction of a restored question. The restorer's language model learned from
 * years-old news, so names it never saw come out as ordinary words ("Luong Cuong" →
 * "Luống Cuống", flustered). The site's own index knows better: where a restored syllable pair
 * never occurs in the articles but its folded form does, the pair of candidate spellings the
 * articles use most is taken instead.
 *
 * @example
 * refineRestored('Luong Cuong tham Chile', 'Luống Cuống thăm Chile', { candidates, frequency })
 * // 'Lương Cường thăm Chile' when the index holds "lương cường"
 */
import { foldDiacritics, hasDiacritics } from '../normalize.js';
import { INTERROGATIVES } from '../question-words.js';

export interface RefineDeps {
  /** Accented spellings of a bare (folded, lower-case) syllable. */
  candidates: (bare: string) => string[];
  /** How many passages hold a term: an accented bigram "a b", or a folded one "~a b". */
  frequency: (term: string) => number;
}

const SYLLABLE = /[\p{L}\p{M}\p{N}]+/gu;
/** Candidate pairs tried per syllable pair, at most. */
const MAX_PAIRS = 400;

/**
 * Question words: articles state facts, so a question's pairs with these ("tình trạng gì",
 * "bao nhiêu ca") seldom occur in them, and the most frequent spelling of the folded pair is an
 * article's word instead ("tình trạng gỉ", rust; "bao nhiều ca"). The restorer's language
 * model, which learned question phrasing, decides these; the index only corrects the others.
 */
const QUESTION_WORDS: ReadonlySet<string> = new Set(INTERROGATIVES);

export function refineRestored(original: string, restored: string, deps: RefineDeps): string {
  const typed = original.normalize('NFC').match(SYLLABLE) ?? [];
  const tokens = restored.match(SYLLABLE) ?? [];
  if (typed.length !== tokens.length) return restored;
  const lower = tokens.map((t) => t.toLowerCase());
  const fixed = lower.slice();
  const seen = (a: string, b: string) => deps.frequency(`${a} ${b}`) > 0;
  for (let i = 0; i + 1 < lower.length; i++) {
    // Only syllables the reader typed bare were guessed; the others stay as typed.
    if (hasDiacritics(typed[i]!) && hasDiacritics(typed[i + 1]!)) continue;
    if (seen(fixed[i]!, fixed[i + 1]!)) continue;
    if (QUESTION_WORDS.has(fixed[i]!) || QUESTION_WORDS.has(fixed[i + 1]!)) continue;
    const bareA = foldDiacritics(lower[i]!);
    const bareB = foldDiacritics(lower[i + 1]!);
    if (deps.frequency(`~${bareA} ${bareB}`) === 0) continue;
    // Most unseen pairs are two words that merely meet ("kính áp tròng | thích hợp"): a syllable
    // the articles use with its other neighbour is confirmed, and only the other one may change.
    const keepA = hasDiacritics(typed[i]!) || (i > 0 && seen(fixed[i - 1]!, fixed[i]!));
    const keepB = hasDiacritics(typed[i + 1]!) || (i + 2 < lower.length && seen(fixed[i + 1]!, fixed[i + 2]!));
    if (keepA && keepB) continue;
    const optionsA = keepA ? [fixed[i]!] : [fixed[i]!, ...deps.candidates(bareA)];
    const optionsB = keepB ? [fixed[i + 1]!] : [lower[i + 1]!, ...deps.candidates(bareB)];
    let best: [string, string] | undefined;
    let bestCount = 0;
    let tried = 0;
    for (const a of new Set(optionsA)) {
      for (const b of new Set(optionsB)) {
        if (++tried > MAX_PAIRS) break;
        const count = deps.frequency(`${a} ${b}`);
        if (count > bestCount) {
          best = [a, b];
          bestCount = count;
        }
      }
    }
    if (best) [fixed[i], fixed[i + 1]] = best;
  }
  let n = 0;
  return restored.replace(SYLLABLE, (token) => {
    const replacement = fixed[n++]!;
    return replacement === token.toLowerCase() ? token : matchCase(token, replacement);
  });
}

/** The replacement with the token's capitalisation: "Luống" → "Lương", "LUỐNG" → "LƯƠNG". */
function matchCase(token: string, replacement: string): string {
  if (token === token.toUpperCase() && token !== token.toLowerCase()) return replacement.toUpperCase();
  if (token[0] === token[0]!.toUpperCase()) return replacement[0]!.toUpperCase() + replacement.slice(1);
  return replacement;
}
