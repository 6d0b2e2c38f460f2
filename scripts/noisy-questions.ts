/**
 * npm run noisy-questions — the questions of an eval set as `npm run eval -- --noise typing` asks them
 * (src/eval/noise.ts), one JSONL line each: {id, question, noisy}. For reading what the eval asks, not
 * for training: the datasets' dev questions only measure (../shared/datasets/README.md).
 *
 * @example
 * npm run noisy-questions -- --set evals/own.jsonl
 * npm run noisy-questions -- --set ../shared/datasets/uit-vinewsqa/dev.questions.jsonl --seed 2 --out /tmp/noisy.jsonl
 */
import { writeFileSync } from 'node:fs';
import { countFlag, parseCommandLine, runEntry } from '../src/node/args.js';
import { EvalInputError, readEvalSet } from '../src/node/eval-files.js';
import { DEFAULT_NOISE_SEED, questionSeed, typingNoise } from '../src/eval/noise.js';

const USAGE = `Hỏi đáp thông minh — the questions of an eval set as typed on a phone (--noise typing)

Usage:
  npm run noisy-questions -- --set FILE [--seed N] [--out FILE]

  --set FILE   JSONL questions, in either schema npm run eval reads
  --seed N     the noise's global seed, a whole number (default ${DEFAULT_NOISE_SEED}): the same as npm run eval's --noise-seed
  --out FILE   write the JSONL there (default: standard output)`;

const OPTIONS = {
  set: { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean' },
} as const;

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseCommandLine(argv, { options: OPTIONS });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.set) {
    console.error(`Give the questions with --set FILE.\n\n${USAGE}`);
    return 2;
  }
  const seed = countFlag(values.seed, '--seed', DEFAULT_NOISE_SEED, 0);
  const set = readEvalSet(values.set);
  for (const error of set.errors.slice(0, 10)) console.error(`skipped ${error}`);
  if (set.questions.length === 0) throw new EvalInputError(`${values.set} holds no usable question.`);
  const lines = set.questions.map((q) =>
    JSON.stringify({ id: q.id, question: q.question, noisy: typingNoise(q.question, questionSeed(seed, q.id)) }),
  );
  const text = `${lines.join('\n')}\n`;
  if (values.out) {
    writeFileSync(values.out, text);
    console.error(`Wrote ${set.questions.length} questions to ${values.out} (seed ${seed}).`);
  } else process.stdout.write(text);
  return 0;
}

runEntry(() => main(process.argv.slice(2)), USAGE, [EvalInputError]);
