/**
 * A question as readers type it on a phone, read back into the Vietnamese the index holds:
 * leftover Telex/VNI keystrokes decoded ("vieetj" → "việt", keystrokes.ts), then abbreviations
 * and teencode expanded ("gia xang bn" → "gia xang bao nhiêu", abbreviations.ts, expand.ts),
 * before diacritics are restored and the question is searched (src/qa.ts). A question with
 * neither comes back unchanged, byte for byte: what is typed cleanly is understood as before.
 *
 * What is uncertain is read the way the restorer's language model finds most likely, in the few
 * words around it (context.ts): an abbreviation with several readings ("tt Mỹ" → tổng thống,
 * "tt Phạm Minh Chính" → thủ tướng), and a word whose only key is a final s or r ("mays bay" →
 * "máy bay"; "giá gas" stays). `score` is the model's log10 probability of a piece of text.
 *
 * @example
 * readTyping('tt my tham vn khi nao', (t) => restorer.score(t));
 * // { text: 'tổng thống my tham Việt Nam khi nao', changed: true, bare: true }
 */
import { hasDiacritics } from '../normalize.js';
import { expandAbbreviations, withoutMarkedForms } from './expand.js';
import { decodeKeystrokes } from './keystrokes.js';

export interface TypedReading {
  text: string;
  /** False when nothing was decoded or expanded: `text` is then the input itself. */
  changed: boolean;
  /**
   * Typed without diacritics: none but the "đ" of an abbreviation ("gia vang hnay đc bn"). Such a
   * question is restored and searched as one typed on a keyboard without Vietnamese input.
   */
  bare: boolean;
}

export function readTyping(text: string, score?: (candidate: string) => number): TypedReading {
  const decoded = decodeKeystrokes(text, score);
  const expanded = expandAbbreviations(decoded.text, score);
  const changed = decoded.changed || expanded.changed;
  const bare = !hasDiacritics(text) || !hasDiacritics(withoutMarkedForms(text));
  return { text: changed ? expanded.text : text, changed, bare };
}
