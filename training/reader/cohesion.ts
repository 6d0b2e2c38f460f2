/**
 * Which syllable pairs are words: PMI of adjacent syllables ("chấn thương", "hồi sức") counted
 * in news text. The span model needs it because most Vietnamese words are two syllables and an
 * answer that starts or ends inside one ("thương cột sống", "sang Khoa Hồi") is wrong however
 * well it sits next to the question's words. Counted from the news articles (allowed for
 * training) and ViQuAD train passages; shipped in the model file as a table.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { normalizeText } from '../../src/text/normalize.js';
import { tokenize } from '../../src/answer/reader/tokens.js';

/** Adds the adjacent word pairs of a text to the counts (pairs across punctuation do not count). */
function count(text: string, unigrams: Map<string, number>, bigrams: Map<string, number>): number {
  const tokens = tokenize(normalizeText(text));
  let n = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!t.word) continue;
    n++;
    unigrams.set(t.key, (unigrams.get(t.key) ?? 0) + 1);
    const next = tokens[i + 1];
    if (next?.word) {
      const pair = `${t.key} ${next.key}`;
      bigrams.set(pair, (bigrams.get(pair) ?? 0) + 1);
    }
  }
  return n;
}

/** PMI (natural log, rounded to 0.1) of the `keep` most frequent pairs seen at least `minCount` times. */
export async function cohesionTable(
  newsFile: string,
  maxArticles: number,
  extra: readonly string[],
  keep: number,
  minCount = 5,
): Promise<Record<string, number>> {
  const unigrams = new Map<string, number>();
  const bigrams = new Map<string, number>();
  let total = 0;
  let articles = 0;
  const lines = createInterface({ input: createReadStream(newsFile, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const a = JSON.parse(line) as { title?: string; body?: string };
    total += count(`${a.title ?? ''}\n${a.body ?? ''}`, unigrams, bigrams);
    if (++articles >= maxArticles) break;
  }
  for (const text of extra) total += count(text, unigrams, bigrams);
  const ranked = [...bigrams].filter(([, c]) => c >= minCount).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const table: Record<string, number> = {};
  for (const [pair, c] of ranked.slice(0, keep)) {
    const [a, b] = pair.split(' ') as [string, string];
    table[pair] = Math.round(10 * Math.log((c * total) / (unigrams.get(a)! * unigrams.get(b)!))) / 10;
  }
  return table;
}
