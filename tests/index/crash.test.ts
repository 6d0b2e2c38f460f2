/**
 * Crash safety: a child process applies changes and saves generations in a loop; it is killed
 * with SIGKILL at random moments. After every kill the index must load and answer, in a state
 * the child really wrote (each article a whole version, never a mix), with the vector and
 * lexical indexes in step with the passages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCorpus } from '../../src/node/corpus-files.js';
import { chunkArticle } from '../../src/corpus/chunk.js';
import { buildIndex } from '../../src/index/build.js';
import { HybridRetriever } from '../../src/node/memory-index.js';
import { QaService } from '../../src/qa.js';
import { loadConfig } from '../../src/config.js';
import { createEmbedder } from '../../src/node/runtime.js';
import { HnswVectorIndex } from '../../src/node/hnsw.js';
import { loadIndex, saveIndex } from '../../src/node/persist.js';
import { crashArticle } from '../fixtures/crash-articles.js';

const KILLS = 20;
let dir: string;
const embedder = createEmbedder(loadConfig({}).config);

/** A small deterministic generator, so a failing run can be repeated. */
function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hoidap-crash-'));
  const { articles } = await readCorpus(['corpus']);
  const index = await buildIndex(articles, { embedder, createVectorIndex: (d) => HnswVectorIndex.create(d) });
  saveIndex(dir, index, {
    corpusHash: 'crash-test',
    corpus: ['corpus'],
    counts: { articles: 2, chunks: index.store.chunkCount, skipped: 0 },
    model: { id: embedder.model, dimensions: index.vectors!.dimensions },
    hnsw: { m: 16, efConstruction: 200, ef: 100 },
    pipelineVersion: 'test',
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runAndKill(startStep: number, delayMs: number): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/fixtures/crash-child.ts', dir, String(startStep)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), delayMs));
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? done() : fail(new Error(`child exited ${code}: ${stderr}`))));
  });
}

describe('SIGKILL at random points during updates and saves', () => {
  it(`leaves a loadable, consistent index every time (${KILLS} kills)`, async () => {
    const next = random(20261122);
    let step = 0;
    let withUpdates = 0;
    let withJournal = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      await runAndKill(step, Math.floor(next() * 1500));
      step += 1000; // each run writes versions no other run writes

      const index = await loadIndex(dir);
      const { store, lexical, vectors } = index;
      if (store.articles.some((a) => a.id.startsWith('tin-nhanh-'))) withUpdates++;
      if (index.journaled > 0) withJournal++;
      expect(lexical.docCount).toBe(store.docCount);
      for (const article of store.articles) {
        const chunks = Array.from({ length: article.chunkCount }, (_, i) => store.chunk(article.firstChunk + i));
        const body = chunks.map((c) => c.text).join('\n\n');
        if (article.id.startsWith('tin-nhanh-')) {
          // Whole versions only: every chunk of the article comes from the same step.
          const steps = new Set([...body.matchAll(/Phiên bản (\d+),/g)].map((m) => m[1]));
          expect(steps.size, `${article.id} mixes versions ${[...steps].join(', ')}`).toBe(1);
          const version = Number([...steps][0]);
          expect(crashArticle(version).id).toBe(article.id);
          expect(chunks.map((c) => c.text)).toEqual(chunkArticle(crashArticle(version)).map((c) => c.text));
        }
        for (let doc = article.firstChunk; doc < article.firstChunk + article.chunkCount; doc++) {
          expect(vectors!.vector(doc), `vector of doc ${doc}`).toBeDefined();
        }
      }
      const qa = new QaService({ retriever: new HybridRetriever(Object.assign(index, { embedder })) });
      const res = await qa.ask({ question: 'Mực nước hồ Dầu Tiếng đo được bao nhiêu?' });
      expect(res.answer.length).toBeGreaterThan(0);
      const seed = await qa.ask({ question: 'Chủ tịch nước Lương Cường tiếp Chủ tịch Đảng Xã hội Chile ở đâu?' });
      expect(seed.found).toBe(true);
    }
    // The kills landed while changes were being written: some runs left journaled changes.
    expect(withUpdates).toBeGreaterThan(KILLS / 2);
    expect(withJournal).toBeGreaterThan(0);
  }, 300_000);
});
