/**
 * `npm run bench:typing`: what reading a question back from phone typing costs (`readTyping`:
 * Telex/VNI leftovers decoded, abbreviations expanded, an ambiguous one chosen by the restorer's
 * language model, src/text/typing/), per question, over every ViNewsQA dev question in three
 * forms: as written, without diacritics, and as `npm run eval -- --noise typing` asks it. The
 * issue's target is ≤ 1 ms per question. Diacritic restoration, which ran before this issue, is
 * timed beside it for scale.
 *
 * Each question is timed alone over several rounds and its median kept, so one slow call (a
 * garbage collection) does not make a question look slow.
 *
 * @example
 * npm run bench:typing                 (5 rounds over the 2,497 dev questions × 3 forms)
 */
import { countFlag, parseCommandLine } from '../src/node/args.js';
import { defaultRestorerPath, loadRestorer } from '../src/node/restorer.js';
import { DEFAULT_NOISE_SEED, questionSeed, typingNoise } from '../src/eval/noise.js';
import { foldDiacritics, normalizeText } from '../src/text/normalize.js';
import { readTyping } from '../src/text/typing/read.js';
import { loadQuestions } from './lib/questions.js';
import { runMeta } from './lib/meta.js';
import { mean, percentile } from './lib/stats.js';

const USAGE = 'npm run bench:typing -- [--rounds N]';

async function main(argv: string[]): Promise<void> {
  const { values } = parseCommandLine(argv, { options: { rounds: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) return console.log(USAGE);
  const rounds = countFlag(values.rounds, '--rounds', 5);
  const meta = runMeta();
  const restorer = await loadRestorer(defaultRestorerPath());
  // What the service scores with (src/qa.ts), counted so the table says how often the model was asked.
  let scoreCalls = 0;
  const score = (text: string) => {
    scoreCalls++;
    return restorer.score(text);
  };
  const questions = loadQuestions(Infinity);
  const forms: [string, string[]][] = [
    ['as written', questions.map((q) => q.question)],
    ['without diacritics', questions.map((q) => foldDiacritics(q.question))],
    ['typed on a phone (--noise typing)', questions.map((q) => typingNoise(q.question, questionSeed(DEFAULT_NOISE_SEED, q.id)))],
  ];
  console.log(`${questions.length} ViNewsQA dev questions, ${rounds} rounds, median per question over the rounds\n`);
  console.log('| form | changed | model calls / question | readTyping mean | p50 | p95 | p99 | max | > 1 ms | restore p50 (for scale) |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, texts] of forms) {
    const typed = texts.map((t) => normalizeText(t).trim());
    for (const t of typed) readTyping(t, score); // warm the JIT and the model's caches
    scoreCalls = 0;
    const times: number[][] = typed.map(() => []);
    const restoreTimes: number[][] = typed.map(() => []);
    let changed = 0;
    for (let round = 0; round < rounds; round++) {
      typed.forEach((text, i) => {
        let started = performance.now();
        const read = readTyping(text, score);
        times[i]!.push(performance.now() - started);
        if (round === 0 && read.changed) changed++;
        started = performance.now();
        restorer.restore(read.text);
        restoreTimes[i]!.push(performance.now() - started);
      });
    }
    const perQuestion = times.map((t) => percentile(t, 50));
    const restorePerQuestion = restoreTimes.map((t) => percentile(t, 50));
    const ms = (x: number) => `${x.toFixed(3)} ms`;
    console.log(
      `| ${name} | ${changed} | ${(scoreCalls / rounds / typed.length).toFixed(2)} | ${ms(mean(perQuestion))} | ${ms(percentile(perQuestion, 50))} | ${ms(percentile(perQuestion, 95))} | ${ms(percentile(perQuestion, 99))} | ${ms(Math.max(...perQuestion))} | ${perQuestion.filter((t) => t > 1).length} | ${ms(percentile(restorePerQuestion, 50))} |`,
    );
  }
  console.log(
    `\n${meta.date}, commit ${meta.commit}${meta.dirty ? ' + uncommitted src/ changes' : ''}, ${meta.machine}, Node ${meta.node}, load average ${meta.loadAtStart.toFixed(2)}`,
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
