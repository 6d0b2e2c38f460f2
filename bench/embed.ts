/**
 * `npm run bench:embed`: how fast the project's Embedder turns real news chunks into vectors, the
 * figure issue 4 asks for (≥ 2,000 chunks per second). Chunks come from the same reader and
 * chunker as `npm run index`, with the title in front as the index builder embeds them; reading
 * and chunking happen before the clock starts, so the figure is the model path alone
 * (tokenizer + ONNX + pooling + normalization through transformers.js).
 *
 * @example
 * npm run bench:embed                               (20,000 chunks of the news-37k corpus, batches of 512)
 * npm run bench:embed -- --chunks 50000 --batch 256 --json /tmp/embed.json
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { chunkArticle } from '../src/corpus/chunk.js';
import { streamCorpus } from '../src/node/corpus-files.js';
import { loadConfig } from '../src/config.js';
import { passageEmbeddingText } from '../src/index/build.js';
import { createEmbedder } from '../src/node/runtime.js';
import { countFlag, parseCommandLine } from '../src/node/args.js';
import { NEWS_37K } from './lib/paths.js';
import { round } from './lib/stats.js';

const USAGE = 'npm run bench:embed -- [--corpus PATH...] [--chunks N] [--batch N] [--rounds N] [--json FILE]';

async function collectChunks(corpus: readonly string[], limit: number): Promise<string[]> {
  const texts: string[] = [];
  for await (const article of streamCorpus(corpus)) {
    for (const chunk of chunkArticle(article)) texts.push(passageEmbeddingText(article.title, chunk.text));
    if (texts.length >= limit) break;
  }
  return texts.slice(0, limit);
}

async function main(): Promise<void> {
  const { values } = parseCommandLine(process.argv.slice(2), {
    options: {
      corpus: { type: 'string', multiple: true },
      chunks: { type: 'string' },
      batch: { type: 'string' },
      rounds: { type: 'string' },
      json: { type: 'string' },
      help: { type: 'boolean' },
    },
    lists: ['corpus'],
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const corpus = values.corpus ?? NEWS_37K;
  const limit = countFlag(values.chunks, '--chunks', 20_000);
  const batch = countFlag(values.batch, '--batch', 512);
  const rounds = countFlag(values.rounds, '--rounds', 3);
  const { config } = loadConfig(process.env);
  const embedder = createEmbedder(config);

  const texts = await collectChunks(corpus, limit);
  const chars = texts.reduce((sum, t) => sum + t.length, 0);
  console.log(
    `${texts.length} chunks (${round(chars / texts.length)} characters on average) of ${corpus.length} corpus file(s); model ${config.model}.`,
  );
  // One warm-up batch: the first call loads the ONNX session, which is start-up, not throughput.
  await embedder.embedPassages(texts.slice(0, batch));

  const perRound: number[] = [];
  let dimensions = 0;
  for (let r = 0; r < rounds; r++) {
    const started = performance.now();
    for (let i = 0; i < texts.length; i += batch) {
      const vectors = await embedder.embedPassages(texts.slice(i, i + batch));
      dimensions = vectors[0]!.length;
    }
    const seconds = (performance.now() - started) / 1000;
    perRound.push(texts.length / seconds);
    console.log(`round ${r + 1}: ${round(seconds)} s, ${round(texts.length / seconds)} chunks/s`);
  }
  const sorted = [...perRound].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const report = {
    model: config.model,
    chunks: texts.length,
    averageChars: chars / texts.length,
    batch,
    dimensions,
    chunksPerSecond: median,
    rounds: perRound,
    cores: cpus().length,
    loadAverage: loadavg()[0],
    date: new Date().toISOString(),
  };
  console.log(
    `\n| | value |\n| --- | ---: |\n| chunks per second (median of ${rounds}) | ${round(median)} |\n| chunks × rounds | ${texts.length} × ${rounds} |\n| batch | ${batch} |\n| dimensions | ${dimensions} |\n| load average at end | ${round(loadavg()[0]!)} |`,
  );
  if (values.json) writeFileSync(values.json, JSON.stringify(report, null, 2));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error(USAGE);
  process.exit(1);
});
