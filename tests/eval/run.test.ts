/**
 * The runner: how each mode asks (with a recording fake service), and a run of the project's own
 * set through the real pipeline on the shipped corpus, model and restorer — the same numbers
 * `npm run eval:ci` checks against evals/thresholds.json.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AskRequest, AskResponse } from '../../src/contract.js';
import { loadConfig } from '../../src/config.js';
import { METRIC_NAMES, checkThresholds } from '../../src/eval/metrics.js';
import { readEvalSet, readThresholds } from '../../src/node/eval-files.js';
import { leavingOut } from '../../src/eval/exclude.js';
import { runEval, verdictOf, type AskService, type EvalRun } from '../../src/eval/run.js';
import type { EvalQuestion } from '../../src/eval/set.js';
import { startRuntime, type Runtime } from '../../src/node/runtime.js';
import { hit } from '../support/eval-fixtures.js';

/** Answers "Santiago" from article `chile` unless that article is excluded; records every call. */
class FakeService implements AskService {
  calls: { request: AskRequest; exclude?: ReadonlySet<string> }[] = [];
  private left?: ReadonlySet<string>;

  leaveOut(articleIds: ReadonlySet<string>): ReadonlySet<string> {
    this.left = articleIds;
    return articleIds;
  }

  async askWithHits(request: AskRequest) {
    this.calls.push({ request, ...(this.left ? { exclude: this.left } : {}) });
    const hits = [hit('chile', 'Chủ tịch nước tiếp bà Vodanovic tại Santiago.', 0), hit('peru', 'Đoàn rời Lima chiều 16-11.', 1)].filter(
      (h) => !this.left?.has(h.article.id),
    );
    const top = hits[0]!;
    const found = top.article.id === 'chile' || request.question.includes('Lima');
    const response: AskResponse = {
      answer: found ? `${top.chunk.text} [1]` : 'Chưa tìm thấy thông tin.',
      found,
      citations: found
        ? [
            {
              n: 1,
              articleId: top.article.id,
              title: top.article.title,
              url: '',
              publishedAt: '',
              passage: top.chunk.text,
              start: 0,
              end: top.chunk.text.length,
              score: 1,
            },
          ]
        : [],
      answerer: 'fake',
      ...(request.articleId ? { scope: request.articleId === top.article.id ? ('article' as const) : ('site' as const) } : {}),
      tookMs: 1,
    };
    return { response, hits };
  }
}

const QUESTIONS: EvalQuestion[] = [
  { id: 'q1', question: 'Chủ tịch nước tiếp bà Vodanovic ở đâu?', answers: ['Santiago'], articleIds: ['chile'], answerable: true },
  { id: 'q2', question: 'Đoàn rời Lima ngày nào?', answers: ['16-11'], articleIds: ['peru'], answerable: true },
  { id: 'q3', question: 'Giá xăng hôm nay?', answers: [], articleIds: [], answerable: false },
];

describe('runEval modes', () => {
  it('asks as written, with k = 20, and scores each question', async () => {
    const qa = new FakeService();
    const run = await runEval(qa, QUESTIONS, { stripDiacritics: false, unanswerable: false, scoped: false });
    expect(qa.calls.map((c) => c.request)).toEqual([
      { question: QUESTIONS[0]!.question, k: 20 },
      { question: QUESTIONS[1]!.question, k: 20 },
      { question: QUESTIONS[2]!.question, k: 20 },
    ]);
    expect(run.perQuestion.map((q) => q.verdict)).toEqual(['right', 'wrong-sentence', 'should-refuse']);
    expect(run.perQuestion[1]).toMatchObject({ articleRank: 2, answerHit: false, answerInPassages: true, citationPrecision: 0 });
    expect(run.metrics['articleHit@1']).toBe(0.5);
    expect(run.metrics['mrr@10']).toBe(0.75);
    expect(run.metrics.refusalRate).toBe(0);
    expect(run.counts).toEqual({ answerable: 2, refusable: 1 });
  });

  it('--strip-diacritics asks the folded question', async () => {
    const qa = new FakeService();
    await runEval(qa, QUESTIONS.slice(0, 1), { stripDiacritics: true, unanswerable: false, scoped: false });
    expect(qa.calls[0]!.request.question).toBe('Chu tich nuoc tiep ba Vodanovic o dau?');
  });

  it('--unanswerable excludes the expected articles and scores every question as should-refuse', async () => {
    const qa = new FakeService();
    const run = await runEval(qa, QUESTIONS.slice(0, 2), { stripDiacritics: false, unanswerable: true, scoped: false });
    expect([...qa.calls[0]!.exclude!]).toEqual(['chile']);
    expect(run.perQuestion.map((q) => [q.shouldAnswer, q.verdict])).toEqual([
      [false, 'refused'],
      [false, 'should-refuse'],
    ]);
    expect(run.metrics.refusalRate).toBe(0.5);
    expect(run.metrics['articleHit@5']).toBeNull();
  });

  it('--unanswerable refuses a service that cannot leave articles out', async () => {
    const qa = new FakeService();
    const plain: AskService = { askWithHits: (request) => qa.askWithHits(request) };
    await expect(runEval(plain, QUESTIONS, { stripDiacritics: false, unanswerable: true, scoped: false })).rejects.toThrow(/leavingOut/);
  });

  it('--scoped asks under the first expected article and reports where answers came from', async () => {
    const qa = new FakeService();
    const run = await runEval(qa, QUESTIONS, { stripDiacritics: false, unanswerable: false, scoped: true });
    expect(qa.calls.map((c) => c.request.articleId)).toEqual(['chile', 'peru', undefined]);
    expect(run.scope).toEqual({
      article: { questions: 1, answerHit: 1 },
      site: { questions: 1, answerHit: 0, fromExpectedArticle: 0 },
      notFound: 0,
    });
  });

  it('--out-of-corpus asks as written and scores every question as must-refuse', async () => {
    const qa = new FakeService();
    const run = await runEval(qa, QUESTIONS, { stripDiacritics: false, unanswerable: false, outOfCorpus: true, scoped: false });
    expect(qa.calls.map((c) => [c.request, c.exclude])).toEqual(QUESTIONS.map((q) => [{ question: q.question, k: 20 }, undefined]));
    // The fake finds an answer for every question, the fuel price too: three guesses where a refusal was due.
    expect(run.perQuestion.map((q) => [q.shouldAnswer, q.verdict])).toEqual([
      [false, 'should-refuse'],
      [false, 'should-refuse'],
      [false, 'should-refuse'],
    ]);
    expect(run.metrics.refusalRate).toBe(0);
    expect(run.metrics.answerHit).toBeNull();
    expect(run.counts).toEqual({ answerable: 0, refusable: 3 });
    await expect(runEval(qa, QUESTIONS, { stripDiacritics: false, unanswerable: false, outOfCorpus: true, scoped: true })).rejects.toThrow(
      /--out-of-corpus/,
    );
  });

  it('refuses --scoped with --unanswerable', async () => {
    await expect(runEval(new FakeService(), QUESTIONS, { stripDiacritics: false, unanswerable: true, scoped: true })).rejects.toThrow(
      /cannot be combined/,
    );
  });

  it('tells retrieval failures from answer failures', () => {
    expect(verdictOf(true, true, false, null, false)).toBe('wrong-article');
    expect(verdictOf(true, true, false, 1, false)).toBe('passage-missed');
    expect(verdictOf(true, false, false, 2, true)).toBe('refused-retrieved');
    expect(verdictOf(true, false, false, null, false)).toBe('not-retrieved');
    expect(verdictOf(false, false, null, null, null)).toBe('refused');
  });
});

describe('the own set through the real pipeline', () => {
  let dir: string;
  let runtime: Runtime;
  let run: EvalRun;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hoidap-eval-'));
    const { config } = loadConfig({ HOIDAP_INDEX_DIR: dir });
    runtime = await startRuntime(config, { rebuild: true, log: () => {} });
    run = await runEval(runtime.qa, readEvalSet('evals/own.jsonl').questions, {
      stripDiacritics: false,
      unanswerable: false,
      scoped: false,
    });
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has at least 40 questions, 8 of them unanswerable, about the shipped articles', () => {
    const set = readEvalSet('evals/own.jsonl');
    expect(set.errors).toEqual([]);
    expect(set.questions.length).toBeGreaterThanOrEqual(40);
    expect(set.questions.filter((q) => !q.answerable).length).toBeGreaterThanOrEqual(8);
    const ids = new Set(runtime.index.store.articles.map((a) => a.id));
    for (const q of set.questions) for (const id of q.articleIds) expect(ids, q.id).toContain(id);
  });

  it('gives the metrics object its exact shape', () => {
    expect(Object.keys(run.metrics).sort()).toEqual([...METRIC_NAMES].sort());
    expect(Object.keys(run.metrics.latencyMs).sort()).toEqual(['p50', 'p95']);
    for (const name of METRIC_NAMES)
      if (name !== 'latencyMs' && name !== 'answerLength' && name !== 'understoodRight')
        expect(run.metrics[name]).toBeGreaterThanOrEqual(0);
    // Every question was asked as written: nothing to restore, nothing measured.
    expect(run.metrics.understoodRight).toBeNull();
    expect(run.counts).toEqual({ answerable: 42, refusable: 11 });
  });

  it('answers the plain questions and refuses the fuel price', () => {
    const byId = new Map(run.perQuestion.map((q) => [q.id, q]));
    expect(byId.get('chile-01')).toMatchObject({ found: true, answerHit: true, articleRank: 1, verdict: 'right' });
    expect(byId.get('apec-04')).toMatchObject({ found: true, answerHit: true, articleRank: 1 });
    expect(byId.get('none-01')).toMatchObject({ found: false, verdict: 'refused', articleRank: null });
    // Two articles, 20 passages asked for: both are always among the first ten.
    expect(run.metrics['articleHit@10']).toBe(1);
  });

  it('meets the CI thresholds in evals/thresholds.json (the eval:ci gate)', () => {
    expect(checkThresholds(run.metrics, readThresholds('evals/thresholds.json'))).toEqual([]);
  });

  it('--unanswerable on the real service: the left-out article is never retrieved, the other one still is', async () => {
    const question = 'Chủ tịch nước Lương Cường tiếp Chủ tịch Đảng Xã hội Chile ở đâu?';
    const service = leavingOut(runtime.qa);
    const before = await service.askWithHits({ question, k: 20 });
    expect(before.hits[0]!.article.id).toBe('chile-paulina-vodanovic-2024-11-10');
    service.leaveOut(new Set(['chile-paulina-vodanovic-2024-11-10']));
    const without = await service.askWithHits({ question, k: 20 });
    expect(without.hits.length).toBeGreaterThan(0);
    expect(without.hits.every((h) => h.article.id === 'apec-peru-2024-11-16')).toBe(true);
    expect(without.response.citations.every((c) => c.articleId !== 'chile-paulina-vodanovic-2024-11-10')).toBe(true);
    // Leaving nothing out again gives the service's own answer, and the service itself was never changed.
    service.leaveOut(new Set());
    expect((await service.askWithHits({ question, k: 20 })).response.answer).toBe(
      (await runtime.qa.askWithHits({ question, k: 20 })).response.answer,
    );
  });
});
