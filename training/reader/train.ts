/**
 * Trains the reader (src/answer/reader/) on UIT-ViQuAD 1.0 train and writes its model file.
 * Deterministic: a fixed seed, no threads; the same data gives the same models (only the
 * recorded training time differs).
 *
 *   npm run train:reader -- [--data ../shared/datasets/uit-viquad-1.0] [--out models/hoidap-reader/reader.json] [--limit N]
 *
 * ViNewsQA and ViQuAD dev are never read here: they measure the result (npm run eval).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { foldDiacritics } from '../../src/text/normalize.js';
import { viewQuestion, type QuestionView } from '../../src/answer/reader/question-view.js';
import { SENTENCE_FEATURES, sentenceCandidates, type SentenceCandidate } from '../../src/answer/reader/sentence-features.js';
import { SPAN_FEATURES, cohesionOf, spanCandidates, type Cohesion } from '../../src/answer/reader/span-features.js';
import { cohesionTable } from './cohesion.js';
import { ANSWERABLE_FEATURES, Reader, answerableFeatures, type ReaderModel } from '../../src/answer/reader/reader.js';
import { sigmoid, Forest, type ForestJson } from '../../src/answer/reader/trees.js';
import { seededRandom } from '../../src/random.js';
import { Matrix, trainForest, type BoostOptions } from './boost.js';
import { loadViquad, PassageSearch, passageSets, type TrainPassage, type TrainQuestion } from './data.js';
import { heldOutReport, spanF1 } from './measure.js';

const SEED = 20261130;
const PASSAGES_READ = 5;
const FOLDED_SHARE = 0.3;
const MAX_WORDS = 16;
const SENTENCES_READ = 2;
const SAMPLED_PARTIAL = 60;
const SPAN_TREES = 130;
/** News articles the syllable-pair table is counted from, and the pairs it keeps. */
const COHESION_ARTICLES = 15_000;
const COHESION_PAIRS = 60_000;
const SAMPLED_ZEROS = 15;
/** Questions the span and answerable models learn from (of the training part), to bound training time. */
const SPAN_QUESTIONS = 7000;
const ANSWERABLE_QUESTIONS = 7000;

const { values: args } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/datasets/uit-viquad-1.0' },
    news: { type: 'string', default: '../shared/datasets/news-baomoi/articles.jsonl' },
    out: { type: 'string', default: 'models/hoidap-reader/reader.json' },
    limit: { type: 'string' },
  },
});
const log = (line: string) => console.log(line);

export interface Example {
  q: TrainQuestion;
  asked: string;
  folded: boolean;
  view: QuestionView;
  sentences: SentenceCandidate[];
  gold: number;
  sets: ReturnType<typeof passageSets>;
}

function examples(passages: TrainPassage[], questions: TrainQuestion[], search: PassageSearch): Example[] {
  const rng = seededRandom(SEED);
  const out: Example[] = [];
  for (const q of questions) {
    const folded = rng() < FOLDED_SHARE;
    const asked = folded ? foldDiacritics(q.question) : q.question;
    const view = viewQuestion(asked, search.idf);
    const sets = passageSets(search, passages, q, asked, folded, PASSAGES_READ);
    const sentences = sentenceCandidates(view, sets.positive);
    let gold = sentences.findIndex((s) => s.passage === sets.goldIndex && s.start <= q.answerStart && q.answerStart < s.end);
    if (gold < 0 || !sentenceHolds(sentences[gold]!, passages[q.passage]!.text, q.answers)) {
      gold = sentences.findIndex((s) => s.passage === sets.goldIndex && sentenceHolds(s, passages[q.passage]!.text, q.answers));
    }
    if (gold >= 0) out.push({ q, asked, folded, view, sentences, gold, sets });
  }
  return out;
}

function sentenceHolds(s: SentenceCandidate, text: string, answers: readonly string[]): boolean {
  const sentence = text.slice(s.start, s.end).toLowerCase();
  return answers.some((a) => sentence.includes(a.toLowerCase()));
}

const BOOST: BoostOptions = {
  trees: 150,
  depth: 6,
  rate: 0.1,
  minLeaf: 20,
  lambda: 1,
  subsample: 0.5,
  loss: 'logistic',
  seed: SEED,
  bins: 48,
};

function trainSentences(train: Example[]): ForestJson {
  const x = new Matrix(SENTENCE_FEATURES.length);
  const y: number[] = [];
  for (const e of train) {
    e.sentences.forEach((s, i) => {
      x.push(s.features);
      y.push(i === e.gold ? 1 : 0);
    });
  }
  log(`sentence model: ${x.rows} sentences of ${train.length} questions`);
  return trainForest(x, Float32Array.from(y), SENTENCE_FEATURES, BOOST, log);
}

function trainSpans(train: Example[], sentenceModel: Forest, cohesion: Cohesion): ForestJson {
  const rng = seededRandom(SEED + 1);
  const x = new Matrix(SPAN_FEATURES.length);
  const y: number[] = [];
  for (const e of train) {
    const ranked = e.sentences
      .map((candidate, i) => ({ candidate, i, score: sigmoid(sentenceModel.predict(candidate.features)) }))
      .sort((a, b) => b.score - a.score || a.i - b.i);
    const read = ranked.slice(0, SENTENCES_READ);
    if (!read.some((r) => r.i === e.gold)) read.push(ranked.find((r) => r.i === e.gold)!);
    read.forEach((r, rank) => {
      const spans = spanCandidates(e.view, r.candidate, r.score, rank, MAX_WORDS, cohesion);
      const zeros: number[] = [];
      const partial: { k: number; f1: number }[] = [];
      spans.forEach((span, k) => {
        const f1 = r.i === e.gold ? spanF1(span, e.q.answers) : 0;
        if (f1 >= 0.7) {
          x.push(span.features);
          y.push(f1);
        } else if (f1 > 0) partial.push({ k, f1 });
        else zeros.push(k);
      });
      // Most spans are plainly wrong or overlap the answer a little; samples of them are
      // enough to learn so, and keep the training set small enough for two cores.
      for (let k = 0; k < Math.min(SAMPLED_PARTIAL, partial.length); k++) {
        const pick = partial.splice(Math.floor(rng() * partial.length), 1)[0]!;
        x.push(spans[pick.k]!.features);
        y.push(pick.f1);
      }
      for (let k = 0; k < Math.min(SAMPLED_ZEROS, zeros.length); k++) {
        const pick = zeros.splice(Math.floor(rng() * zeros.length), 1)[0]!;
        x.push(spans[pick]!.features);
        y.push(0);
      }
    });
  }
  log(`span model: ${x.rows} spans of ${train.length} questions`);
  return trainForest(x, Float32Array.from(y), SPAN_FEATURES, { ...BOOST, trees: SPAN_TREES, depth: 6, loss: 'squared' }, log);
}

function trainAnswerable(train: Example[], reader: Reader, idf: (t: string) => number): ForestJson {
  const x = new Matrix(ANSWERABLE_FEATURES.length);
  const y: number[] = [];
  for (const e of train) {
    for (const [passagesRead, label] of [
      [e.sets.positive, 1],
      [e.sets.negative, 0],
    ] as const) {
      const r = reader.read(e.asked, passagesRead, idf);
      if (!r) continue;
      x.push(answerableFeatures(r.view, r.sentences, r.span, r.spanScore));
      y.push(label);
    }
  }
  log(`answerable model: ${x.rows} passage sets`);
  return trainForest(x, Float32Array.from(y), ANSWERABLE_FEATURES, { ...BOOST, trees: 120, depth: 5 }, log);
}

const EMPTY = (features: readonly string[]): ForestJson => ({ features: [...features], base: 0, trees: [] });

async function main(): Promise<void> {
  const started = Date.now();
  const { passages, questions } = loadViquad(args.data, 0.1);
  const limit = args.limit ? Number(args.limit) : Infinity;
  const search = new PassageSearch(passages);
  const all = examples(passages, questions.slice(0, limit), search);
  const train = all.filter((e) => !e.q.heldOut);
  const heldOut = all.filter((e) => e.q.heldOut);
  log(`${questions.length} questions, ${all.length} with a located answer sentence: ${train.length} train, ${heldOut.length} held out`);

  log(`examples ready after ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const sentence = trainSentences(train);
  log(`sentence model after ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const cohesion = await cohesionTable(
    args.news,
    COHESION_ARTICLES,
    passages.map((p) => p.text),
    COHESION_PAIRS,
  );
  log(`cohesion: ${Object.keys(cohesion).length} syllable pairs, after ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const span = trainSpans(train.slice(0, SPAN_QUESTIONS), new Forest(sentence, SENTENCE_FEATURES, 'sentence'), cohesionOf(cohesion));
  log(`span model after ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const base: ReaderModel = {
    format: 'hoidap-reader/1',
    maxWords: MAX_WORDS,
    sentencesRead: SENTENCES_READ,
    threshold: 0.5,
    sentence,
    span,
    answerable: EMPTY(ANSWERABLE_FEATURES),
    cohesion,
  };
  const answerable = trainAnswerable(train.slice(-ANSWERABLE_QUESTIONS), new Reader(base), search.idf);
  log(`answerable model after ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const model: ReaderModel = { ...base, answerable };
  const report = heldOutReport(new Reader(model), heldOut, search.idf);
  model.threshold = report.threshold;
  model.training = {
    data: 'UIT-ViQuAD 1.0 train (ViNewsQA and ViQuAD dev never read)',
    seed: SEED,
    questions: { train: train.length, heldOut: heldOut.length },
    heldOut: report.figures,
    minutes: Number(((Date.now() - started) / 60000).toFixed(1)),
  };
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, `${JSON.stringify(compact(model))}\n`);
  log(JSON.stringify(model.training, null, 2));
  log(`wrote ${args.out}`);
}

/** Thresholds keep 9 significant digits (a float32 round-trips), leaf values 6. */
function compact(model: ReaderModel): ReaderModel {
  const forest = (f: ForestJson): ForestJson => ({
    ...f,
    trees: f.trees.map((t) => ({
      ...t,
      threshold: t.threshold.map((v) => Number(v.toPrecision(9))),
      value: t.value.map((v) => Number(v.toPrecision(6))),
    })),
  });
  return { ...model, sentence: forest(model.sentence), span: forest(model.span), answerable: forest(model.answerable) };
}

await main();
