/**
 * The stretch of a question a language model needs to choose what one token stands for: the
 * token and a few words on each side. The restorer's model is a trigram model, so words further
 * away barely change which reading wins, and scoring the stretch instead of the whole question
 * keeps each choice to a fraction of a millisecond (`npm run bench:typing`).
 *
 * @example
 * const [from, to] = contextAround('hom qua tt my den vn lam gi', 8, 10); // 'hom qua tt my den vn'
 */

/** Words kept on each side: two feed the trigrams that touch the token, one more steadies its neighbours' readings. */
const CONTEXT_WORDS = 3;

const SPACE = /\s/;

/** Character offsets [from, to) of the token at [start, end), its run of non-space characters, and {@link CONTEXT_WORDS} words on each side. */
export function contextAround(text: string, start: number, end: number, words = CONTEXT_WORDS): [number, number] {
  // The token's own run first ("(tt)" in "hôm (tt) Mỹ"), then whole words.
  let from = start;
  while (from > 0 && !SPACE.test(text[from - 1]!)) from--;
  let to = end;
  while (to < text.length && !SPACE.test(text[to]!)) to++;
  for (let n = 0; n < words && from > 0; n++) {
    while (from > 0 && SPACE.test(text[from - 1]!)) from--;
    while (from > 0 && !SPACE.test(text[from - 1]!)) from--;
  }
  for (let n = 0; n < words && to < text.length; n++) {
    while (to < text.length && SPACE.test(text[to]!)) to++;
    while (to < text.length && !SPACE.test(text[to]!)) to++;
  }
  return [from, to];
}
