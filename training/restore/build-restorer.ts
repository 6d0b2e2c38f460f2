/**
 * Builds the diacritic restorer's model file from the news corpora and the UIT-ViQuAD 1.0 train
 * questions (never from ViNewsQA, ViQuAD dev or XQuAD: those measure it).
 *
 * @example
 * npx tsx training/restore/build-restorer.ts                      # → models/hoidap-vi-restore/restorer.bin
 * npx tsx training/restore/build-restorer.ts --question-weight 0 --out /tmp/news-only.bin
 *
 * Articles whose id hashes to 0 modulo --hold-out-every (50) are skipped: training/restore/eval-restorer.ts
 * measures on them. ViQuAD train questions (and passages) whose article title hashes to 0 modulo
 * --question-hold-out-every (10) are skipped too: variants are chosen on them ("tune" in the eval).
 * Deterministic: the same input gives the same bytes.
 */
import { createReadStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isHeldOutArticle, isHeldOutQuestion, RestorerModelBuilder } from './build.js';
import type { Smoothing } from '../../src/text/restore/format.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const { values: args } = parseArgs({
  options: {
    baomoi: { type: 'string', default: resolve(repo, '../shared/datasets/news-baomoi/articles.jsonl') },
    dantri: { type: 'string', default: resolve(repo, '../shared/datasets/news-dantri-unc/articles.jsonl') },
    questions: { type: 'string', default: resolve(repo, '../shared/datasets/uit-viquad-1.0/train.questions.jsonl') },
    passages: { type: 'string', default: resolve(repo, '../shared/datasets/uit-viquad-1.0/train.passages.jsonl') },
    out: { type: 'string', default: resolve(repo, 'models/hoidap-vi-restore/restorer.bin') },
    'question-mix': { type: 'string', default: '0' },
    'question-scale': { type: 'string', default: '10' },
    'question-weight': { type: 'string', default: '0' },
    'passage-weight': { type: 'string', default: '1' },
    'question-hold-out-every': { type: 'string', default: '10' },
    'case-min-share': { type: 'string', default: '0.9' },
    'case-bigram-min-share': { type: 'string', default: '0.9' },
    'case-min-count': { type: 'string', default: '5' },
    smoothing: { type: 'string', default: 'kneser-ney' },
    'max-bytes': { type: 'string', default: '15000000' },
    'min-count': { type: 'string', default: '2' },
    'min-bigram-count': { type: 'string', default: '1' },
    'min-trigram-count': { type: 'string', default: '2' },
    'candidate-min-share': { type: 'string', default: '0.0001' },
    'hold-out-every': { type: 'string', default: '50' },
    limit: { type: 'string', description: 'read at most this many articles per file (quick trials)' },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  console.log(`Usage: npx tsx training/restore/build-restorer.ts [--baomoi FILE] [--dantri FILE] [--out FILE]
  [--smoothing kneser-ney|stupid-backoff] [--max-bytes N] [--min-count N] [--min-bigram-count N]
  [--min-trigram-count N] [--candidate-min-share X] [--hold-out-every N] [--limit N]
  [--questions FILE] [--question-mix X] [--question-scale X] [--question-weight N] [--passages FILE] [--passage-weight N] [--question-hold-out-every N]
  [--case-min-share X] [--case-bigram-min-share X] [--case-min-count N]`);
  process.exit(0);
}

const smoothing = args.smoothing as Smoothing;
if (smoothing !== 'kneser-ney' && smoothing !== 'stupid-backoff') {
  throw new Error(`--smoothing must be kneser-ney or stupid-backoff, not "${args.smoothing}"`);
}
const number = (name: keyof typeof args) => {
  const value = Number(args[name]);
  if (!Number.isFinite(value)) throw new Error(`--${name} must be a number, not "${String(args[name])}"`);
  return value;
};
const holdOutEvery = number('hold-out-every');
const limit = args.limit === undefined ? Infinity : number('limit');

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const builder = new RestorerModelBuilder({
  smoothing,
  maxBytes: number('max-bytes'),
  minCount: number('min-count'),
  minBigramCount: number('min-bigram-count'),
  minTrigramCount: number('min-trigram-count'),
  candidateMinShare: number('candidate-min-share'),
  caseMinShare: number('case-min-share'),
  caseBigramMinShare: number('case-bigram-min-share'),
  caseMinCount: number('case-min-count'),
  questionMix: number('question-mix'),
  questionScale: number('question-scale'),
  log: (message) => console.log(`[${elapsed()}] ${message}`),
});

interface Article {
  id: string;
  title?: string | null;
  sapo?: string | null;
  body?: string | null;
}

for (const file of [args.baomoi, args.dantri]) {
  let read = 0;
  let used = 0;
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    if (read++ >= limit) break;
    const article = JSON.parse(line) as Article;
    if (isHeldOutArticle(article.id, holdOutEvery)) continue;
    used++;
    // Title, sapo and body separately: each ends a phrase, none runs into the next.
    for (const text of [article.title, article.sapo, article.body]) if (text) builder.add(text);
    if (used % 5000 === 0) console.log(`[${elapsed()}] ${file}: ${used} articles`);
  }
  console.log(`[${elapsed()}] ${file}: trained on ${used} of ${Math.min(read, limit)} articles`);
}

// ViQuAD train: Wikipedia paragraphs and the questions people wrote about them. The questions teach
// the model how questions are phrased ("vào tháng mấy", "là ai"), which news text seldom does: by
// default as a question language model merged into the news one by context counts (--question-scale;
// --question-scale 0 --question-mix X mixes with one weight instead); --question-weight N adds them to
// the news text N times as well. The passages are added to the news text --passage-weight times.
// All three measured in the model README.
const questionHoldOut = number('question-hold-out-every');
const questionModel = number('question-mix') > 0 || number('question-scale') > 0;
for (const [file, weight, field] of [
  [args.questions, number('question-weight'), 'question'],
  [args.passages, number('passage-weight'), 'text'],
] as const) {
  const mixed = field === 'question' && questionModel;
  if (weight === 0 && !mixed) continue;
  let used = 0;
  let read = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    read++;
    const record = JSON.parse(line) as { article_title: string; question?: string; text?: string };
    if (isHeldOutQuestion(record.article_title, questionHoldOut)) continue;
    const text = record[field];
    if (!text) continue;
    used++;
    if (mixed) builder.addQuestion(text);
    builder.add(text, weight);
  }
  console.log(`[${elapsed()}] ${file}: trained on ${used} of ${read} (${mixed ? 'question model; ' : ''}weight ${weight})`);
}

const bytes = builder.build();
await mkdir(dirname(args.out), { recursive: true });
await writeFile(args.out, bytes);
console.log(`[${elapsed()}] wrote ${args.out}: ${(bytes.length / 1e6).toFixed(2)} MB`);
console.log(JSON.stringify({ smoothing, ...builder.stats }, null, 2));
