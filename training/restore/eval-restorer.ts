/**
 * Measures the diacritic restorer: strip every diacritic, restore, compare with the original.
 *
 * @example
 * npx tsx training/restore/eval-restorer.ts                         # shipped model: news sentences, ViNewsQA + ViQuAD dev questions
 * npx tsx training/restore/eval-restorer.ts --model /tmp/sb.bin --errors 20
 * npx tsx training/restore/eval-restorer.ts --sets tune --model /tmp/x.bin   # choose variants on held-out ViQuAD train questions
 * npx tsx training/restore/eval-restorer.ts --unseen-only           # drop held-out sentences also found in training text
 *
 * Sets (--sets, comma-separated):
 *   news      5,000 sentences of the articles the build held back (same hash rule, same --hold-out-every)
 *   vinewsqa  the 2,497 UIT-ViNewsQA dev questions (evaluation only: never trained on)
 *   viquad    the 2,285 UIT-ViQuAD 1.0 dev questions (evaluation only: never trained on)
 *   tune      ViQuAD train questions the build held back (article title hash, --question-hold-out-every):
 *             where variants are chosen, so the dev sets are looked at sparingly
 * "entirely right" is the share of texts with every syllable right: what the reader sees.
 * Accuracy is counted per syllable (a token of letters; numbers are not syllables), comparing lower
 * case, NFC, classic tone placement:
 *   all        every syllable of the stripped text (the target: ≥ 95%)
 *   accented   syllables whose original had a diacritic (the ones stripping changed)
 *   ambiguous  syllables whose folded form has two or more candidates in the model
 */
import { createReadStream } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { foldDiacritics, hasDiacritics, normalizeForMatch } from '../../src/text/normalize.js';
import { forEachToken } from '../../src/text/restore/format.js';
import { isHeldOutArticle, isHeldOutQuestion } from './build.js';
import { defaultRestorerPath, loadRestorer } from '../../src/node/restorer.js';
import type { DiacriticRestorer } from '../../src/text/restore/restorer.js';
import { splitSentences } from '../../src/text/tokenize.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: defaultRestorerPath() },
    baomoi: { type: 'string', default: resolve(repo, '../shared/datasets/news-baomoi/articles.jsonl') },
    dantri: { type: 'string', default: resolve(repo, '../shared/datasets/news-dantri-unc/articles.jsonl') },
    questions: { type: 'string', default: resolve(repo, '../shared/datasets/uit-vinewsqa/dev.questions.jsonl') },
    'viquad-dev': { type: 'string', default: resolve(repo, '../shared/datasets/uit-viquad-1.0/dev.questions.jsonl') },
    'viquad-train': { type: 'string', default: resolve(repo, '../shared/datasets/uit-viquad-1.0/train.questions.jsonl') },
    sets: { type: 'string', default: 'news,vinewsqa,viquad' },
    sentences: { type: 'string', default: '5000' },
    'hold-out-every': { type: 'string', default: '50' },
    'question-hold-out-every': { type: 'string', default: '10' },
    beam: { type: 'string' },
    errors: { type: 'string', default: '0' },
    json: { type: 'boolean', default: false },
    'unseen-only': { type: 'boolean', default: false },
  },
});

/** Syllable tallies of one evaluation set. */
class Tally {
  all = 0;
  allRight = 0;
  accented = 0;
  accentedRight = 0;
  ambiguous = 0;
  ambiguousRight = 0;
  texts = 0;
  textsRight = 0;
  readonly errors = new Map<string, number>();

  add(truth: string, restored: string, restorer: DiacriticRestorer): void {
    const want = words(normalizeForMatch(truth));
    const got = words(normalizeForMatch(restored));
    if (want.length !== got.length) throw new Error(`Token mismatch:\n  ${truth}\n  ${restored}`);
    let wrong = 0;
    want.forEach((w, i) => {
      const right = w === got[i];
      if (!right) {
        wrong++;
        const pair = `${w} → ${got[i]}`;
        this.errors.set(pair, (this.errors.get(pair) ?? 0) + 1);
      }
      this.all++;
      if (right) this.allRight++;
      if (hasDiacritics(w)) {
        this.accented++;
        if (right) this.accentedRight++;
      }
      if (restorer.candidates(foldDiacritics(w)).length >= 2) {
        this.ambiguous++;
        if (right) this.ambiguousRight++;
      }
    });
    this.texts++;
    if (wrong === 0) this.textsRight++;
  }
}

/**
 * How names come out when the reader types everything in lower case without diacritics: of the
 * syllables the original capitalized mid-sentence (names: "Chile", "Việt Nam"), the share restored
 * capitalized; of those it wrote in lower case mid-sentence, the share wrongly capitalized. The first
 * word of a sentence is left out of both (any word may be capitalized there).
 */
class CaseTally {
  names = 0;
  namesCapitalized = 0;
  others = 0;
  othersCapitalized = 0;
  readonly wrong = new Map<string, number>();
  readonly missed = new Map<string, number>();

  add(truth: string, restored: string): void {
    const want = casedWords(truth);
    const got = casedWords(restored);
    if (want.length !== got.length) throw new Error(`Token mismatch:\n  ${truth}\n  ${restored}`);
    want.forEach(({ word, sentenceStart }, i) => {
      if (sentenceStart) return;
      const isCapital = (w: string) => w.charAt(0) !== w.charAt(0).toLowerCase();
      const capitalized = isCapital(got[i]!.word);
      const tally = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
      if (isCapital(word)) {
        this.names++;
        if (capitalized) this.namesCapitalized++;
        else tally(this.missed, word);
      } else {
        this.others++;
        if (capitalized) {
          this.othersCapitalized++;
          tally(this.wrong, got[i]!.word);
        }
      }
    });
  }
}

/** Syllables with their case, and whether each starts a sentence (the text, or after . ! ? … or a line break). */
function casedWords(text: string): { word: string; sentenceStart: boolean }[] {
  const out: { word: string; sentenceStart: boolean }[] = [];
  let previousEnd = -1;
  forEachToken(text, (start, end, isNumber) => {
    const sentenceStart = previousEnd < 0 || /[.!?…\n]/u.test(text.slice(previousEnd, start));
    previousEnd = end;
    if (!isNumber) out.push({ word: text.slice(start, end), sentenceStart });
  });
  return out;
}

function words(text: string): string[] {
  const out: string[] = [];
  forEachToken(text, (start, end, isNumber) => {
    if (!isNumber) out.push(text.slice(start, end));
  });
  return out;
}

async function* jsonLines<T>(file: string): AsyncGenerator<T> {
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (line.trim()) yield JSON.parse(line) as T;
  }
}

/**
 * Sentences of the held-out articles with at least 4 syllables and some diacritic, `n` of them
 * evenly spaced. With `unseenOnly`, sentences that also occur verbatim in a training article
 * (wire stories republished by several papers, boilerplate) are left out.
 */
async function heldOutSentences(n: number, unseenOnly: boolean): Promise<string[]> {
  const every = Number(args['hold-out-every']);
  const all: string[] = [];
  const seen = new Set<number>();
  for (const file of [args.baomoi, args.dantri]) {
    for await (const a of jsonLines<{ id: string; title?: string; sapo?: string; body?: string }>(file)) {
      const heldOut = isHeldOutArticle(a.id, every);
      if (!heldOut && !unseenOnly) continue;
      for (const text of [a.title, a.sapo, a.body]) {
        if (!text) continue;
        for (const { text: sentence } of splitSentences(text)) {
          if (!heldOut) seen.add(hash53(sentence.toLowerCase()));
          else if (words(sentence).length >= 4 && hasDiacritics(sentence)) all.push(sentence);
        }
      }
    }
  }
  const pool = unseenOnly ? all.filter((s) => !seen.has(hash53(s.toLowerCase()))) : all;
  if (pool.length <= n) return pool;
  return Array.from({ length: n }, (_, i) => pool[Math.floor((i * pool.length) / n)]!);
}

/** A 53-bit string hash (cyrb53): sets of millions of sentences without keeping their text. */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

const percent = (right: number, total: number) => (total ? ((100 * right) / total).toFixed(2) : '–');
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

const rssBefore = process.memoryUsage().rss;
const loadStarted = performance.now();
const restorer = await loadRestorer(args.model, args.beam ? { beamWidth: Number(args.beam) } : {});
const loadMs = performance.now() - loadStarted;
const rssAfter = process.memoryUsage().rss;

const chosenSets = new Set(args.sets.split(',').map((name) => name.trim()));
const known = ['news', 'vinewsqa', 'viquad', 'tune'];
for (const name of chosenSets) if (!known.includes(name)) throw new Error(`--sets: unknown set "${name}"; use ${known.join(', ')}.`);

interface QuestionRecord {
  question: string;
  article_title: string;
}
async function questionsOf(file: string, keep: (q: QuestionRecord) => boolean = () => true): Promise<string[]> {
  const out: string[] = [];
  for await (const q of jsonLines<QuestionRecord>(file)) if (keep(q)) out.push(q.question);
  return out;
}
const questionHoldOut = Number(args['question-hold-out-every']);
const texts: Record<string, string[]> = {};
if (chosenSets.has('news')) texts['news sentences'] = await heldOutSentences(Number(args.sentences), args['unseen-only']);
if (chosenSets.has('vinewsqa')) texts['ViNewsQA dev questions'] = await questionsOf(args.questions);
if (chosenSets.has('viquad')) texts['ViQuAD dev questions'] = await questionsOf(args['viquad-dev']);
if (chosenSets.has('tune')) {
  texts['tune: ViQuAD train held-out questions'] = await questionsOf(args['viquad-train'], (q) =>
    isHeldOutQuestion(q.article_title, questionHoldOut),
  );
}

/**
 * Restores every text, timing each call. Wall-clock times suffer when other jobs share the CPU,
 * so the CPU time of the whole pass (this process only) is reported beside them.
 */
function run(texts: string[]): { tally: Tally; cases: CaseTally; ms: number[]; cpuMs: number } {
  const tally = new Tally();
  const typed = texts.map((t) => foldDiacritics(t));
  for (const text of typed.slice(0, 50)) restorer.restore(text); // warm-up (JIT)
  const restored: string[] = [];
  const ms: number[] = [];
  const cpu = process.cpuUsage();
  for (const text of typed) {
    const started = performance.now();
    restored.push(restorer.restore(text).text);
    ms.push(performance.now() - started);
  }
  const used = process.cpuUsage(cpu);
  texts.forEach((truth, i) => tally.add(truth, restored[i]!, restorer));
  // Names: the same texts typed all in lower case (not timed).
  const cases = new CaseTally();
  for (const truth of texts) cases.add(truth, restorer.restore(foldDiacritics(truth).toLowerCase()).text);
  return { tally, cases, ms: ms.sort((a, b) => a - b), cpuMs: (used.user + used.system) / 1000 / texts.length };
}

const sets = Object.fromEntries(Object.entries(texts).map(([name, list]) => [name, run(list)]));
const rows = Object.entries(sets).map(([name, { tally: t, cases: c, ms, cpuMs }]) => ({
  set: name,
  texts: t.texts,
  syllables: t.all,
  all: percent(t.allRight, t.all),
  accented: percent(t.accentedRight, t.accented),
  ambiguous: percent(t.ambiguousRight, t.ambiguous),
  'entirely right': percent(t.textsRight, t.texts),
  'names capitalized': percent(c.namesCapitalized, c.names),
  'wrongly capitalized': percent(c.othersCapitalized, c.others),
  'ms mean': (ms.reduce((a, b) => a + b, 0) / ms.length).toFixed(3),
  'ms p95': quantile(ms, 0.95).toFixed(3),
  'cpu ms mean': cpuMs.toFixed(3),
}));

if (args.json) {
  console.log(JSON.stringify({ model: args.model, loadMs, rssMB: rssAfter / 1e6, rows }, null, 2));
} else {
  console.log(
    `model ${args.model}: ${restorer.vocabularySize} syllables; loaded in ${loadMs.toFixed(0)} ms; ` +
      `RSS ${(rssBefore / 1e6).toFixed(0)} → ${(rssAfter / 1e6).toFixed(0)} MB`,
  );
  console.log(
    'syllable accuracy, %   (all = every syllable; accented = had a diacritic; ambiguous = ≥ 2 candidates;\n' +
      'entirely right = texts with every syllable right; names capitalized / wrongly capitalized: typed all in lower case,\n' +
      'share of mid-sentence syllables capitalized in the original / written in lower case there that come out capitalized)',
  );
  console.table(rows);
}
const topErrors = Number(args.errors);
if (topErrors > 0) {
  const top = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, topErrors)
      .map(([pair, n]) => `  ${n}\t${pair}`)
      .join('\n');
  for (const [name, { tally, cases }] of Object.entries(sets)) {
    console.log(`\nmost frequent errors, ${name}:\n${top(tally.errors)}`);
    console.log(`names left in lower case, ${name}:\n${top(cases.missed)}`);
    console.log(`wrongly capitalized, ${name}:\n${top(cases.wrong)}`);
  }
}
