/**
 * The whole path on the shipped corpus and model: index corpus/ into a temporary folder,
 * answer the questions of the acceptance through the same runtime as `npm start`,
 * then reload the saved index and check that it answers the same without re-embedding.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { readCorpus } from '../src/node/corpus-files.js';
import { startRuntime, type Runtime } from '../src/node/runtime.js';
import { INDEX_FORMAT_VERSION } from '../src/node/persist.js';

let dir: string;
let runtime: Runtime;
const silent = () => {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hoidap-e2e-'));
  const { config } = loadConfig({ HOIDAP_INDEX_DIR: dir });
  runtime = await startRuntime(config, { rebuild: true, log: silent });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CHILE = 'Chủ tịch nước Lương Cường tiếp Chủ tịch Đảng Xã hội Chile ở đâu?';

describe('answers about the seed articles', () => {
  it('built the index from corpus/ with vectors from the shipped model', () => {
    expect(runtime.report.built).toBe(true);
    expect(runtime.index.manifest.counts.articles).toBe(2);
    expect(runtime.index.manifest.model?.id).toBe('hoidap-vi-static');
    expect(runtime.index.vectors?.size).toBe(runtime.index.manifest.counts.chunks);
  });

  it.each([CHILE, 'Chu tich nuoc Luong Cuong tiep Chu tich Dang Xa hoi Chile o dau?'])('finds Santiago for "%s"', async (question) => {
    const res = await runtime.qa.ask({ question });
    expect(res.found).toBe(true);
    const chile = res.citations.find((c) => c.passage.includes('Santiago'));
    expect(chile, JSON.stringify(res, null, 2)).toBeDefined();
    expect(chile!.title).toMatch(/Mỹ Latinh|Chile/);
    expect(res.answer).toContain('Santiago');
    // The reader is shown how the question was understood: names as the articles spell them.
    if (res.understoodAs) expect(res.understoodAs).toContain('Lương Cường');
  });

  it('cites the APEC/Peru article for the Sun of Peru order', async () => {
    const res = await runtime.qa.ask({ question: 'Ai trao Huân chương Mặt trời Peru cho Chủ tịch nước?' });
    expect(res.found).toBe(true);
    expect(res.citations[0]!.title).toMatch(/APEC|Peru/);
    expect(res.answer).toMatch(/Mặt trời/);
  });

  it('cites passages that are exact slices of the article as the reader read it', async () => {
    const { articles } = await readCorpus(['corpus']);
    const res = await runtime.qa.ask({ question: CHILE });
    expect(res.citations.length).toBeGreaterThan(0);
    for (const c of res.citations) {
      const body = articles.find((a) => a.id === c.articleId)!.body;
      expect(body.slice(c.start, c.end)).toBe(c.passage);
      expect(body.slice(c.quote!.start, c.quote!.end).length).toBeGreaterThan(20);
    }
  });

  it('refuses a question the two articles cannot answer', async () => {
    const res = await runtime.qa.ask({ question: 'Giá xăng RON 95 hôm nay là bao nhiêu?' });
    expect(res).toMatchObject({ found: false, citations: [] });
  });

  it('loads the saved index the second time instead of rebuilding', async () => {
    const { config } = loadConfig({ HOIDAP_INDEX_DIR: dir });
    const again = await startRuntime(config, { rebuild: true, log: silent });
    expect(again.report.built).toBe(false);
    const res = await again.qa.ask({ question: CHILE });
    expect(res.citations.map((c) => c.articleId)).toEqual((await runtime.qa.ask({ question: CHILE })).citations.map((c) => c.articleId));
  });

  it('refuses an index built for another model instead of misreading it', async () => {
    const { config } = loadConfig({ HOIDAP_INDEX_DIR: dir, HOIDAP_MODEL: 'Xenova/multilingual-e5-small', HOIDAP_ALLOW_REMOTE_MODELS: '1' });
    await expect(startRuntime(config, { rebuild: false, log: silent })).rejects.toThrow(
      /built with model hoidap-vi-static.*Run `npm run index`/,
    );
  });

  it('rebuilds an index of an older format on start, and says why', async () => {
    const old = mkdtempSync(join(tmpdir(), 'hoidap-e2e-old-'));
    try {
      const { config } = loadConfig({ HOIDAP_INDEX_DIR: old });
      await startRuntime(config, { rebuild: true, log: silent });
      // An index written by an older release: same corpus and model, older file layout.
      const manifestPath = join(old, 'manifest.json');
      writeFileSync(
        manifestPath,
        JSON.stringify({ ...JSON.parse(readFileSync(manifestPath, 'utf8')), formatVersion: INDEX_FORMAT_VERSION - 1 }),
      );
      const lines: string[] = [];
      const rebuilt = await startRuntime(config, { rebuild: true, log: (line) => lines.push(line) });
      expect(rebuilt.report.built).toBe(true);
      expect(rebuilt.report.reason).toMatch(
        new RegExp(`index format ${INDEX_FORMAT_VERSION - 1}, this version reads ${INDEX_FORMAT_VERSION}`),
      );
      expect(rebuilt.index.manifest.formatVersion).toBe(INDEX_FORMAT_VERSION);
      expect((await rebuilt.qa.ask({ question: CHILE })).found).toBe(true);
      // Commands that may not rebuild refuse it with the same reason and what to run.
      writeFileSync(
        manifestPath,
        JSON.stringify({ ...JSON.parse(readFileSync(manifestPath, 'utf8')), formatVersion: INDEX_FORMAT_VERSION - 1 }),
      );
      await expect(startRuntime(config, { rebuild: false, log: silent })).rejects.toThrow(/index format .*Run `npm run index`/);
    } finally {
      rmSync(old, { recursive: true, force: true });
    }
  });
});
