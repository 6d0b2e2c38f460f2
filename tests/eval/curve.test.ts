/**
 * The found-vs-refusal trade-off over confidence thresholds: the curve of a handful of questions
 * with known confidences, worked out by hand; two reports combined (eval --tradeoff); the SVG.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CURVE_THRESHOLDS,
  TradeoffError,
  answeredAt,
  combineTradeoff,
  formatTradeoff,
  tradeoffCurve,
  type ConfidenceOutcome,
  type CurvePoint,
} from '../../src/eval/curve.js';
import { buildReport, formatTable, type EvalReport, type ReportMeta } from '../../src/eval/report.js';
import { renderHtml, renderTradeoffHtml } from '../../src/eval/report-html.js';
import { finish, type QuestionResult } from '../../src/eval/run.js';
import { questionResult } from '../support/eval-fixtures.js';

const result = (over: Partial<QuestionResult>): QuestionResult => questionResult({ passages: [], ...over });

const at = (curve: readonly CurvePoint[], t: number) => curve.find((p) => Math.abs(p.threshold - t) < 1e-9)!;

describe('answered at a threshold', () => {
  it('answers a candidate whose confidence is at least t, found or not', () => {
    expect(answeredAt({ shouldAnswer: true, found: true, confidence: 0.6 }, 0.6)).toBe(true);
    expect(answeredAt({ shouldAnswer: true, found: true, confidence: 0.6 }, 0.65)).toBe(false);
    // Refused by the service (under its threshold) but a candidate: answered at lower thresholds.
    expect(answeredAt({ shouldAnswer: false, found: false, confidence: 0.2 }, 0.2)).toBe(true);
    expect(answeredAt({ shouldAnswer: false, found: false, confidence: 0.2 }, 0.25)).toBe(false);
  });

  it('without a confidence: answered everywhere when found, refused everywhere when not', () => {
    for (const t of CURVE_THRESHOLDS) {
      expect(answeredAt({ shouldAnswer: true, found: true }, t)).toBe(true);
      expect(answeredAt({ shouldAnswer: true, found: false }, t)).toBe(false);
    }
  });
});

describe('the curve of one run', () => {
  // Four answerable (confidences 0.9, 0.5, 0.3 refused, none but found) and three to refuse (0.6 found, 0.1 refused, none refused).
  const questions: ConfidenceOutcome[] = [
    { shouldAnswer: true, found: true, confidence: 0.9 },
    { shouldAnswer: true, found: true, confidence: 0.5 },
    { shouldAnswer: true, found: false, confidence: 0.3 },
    { shouldAnswer: true, found: true },
    { shouldAnswer: false, found: true, confidence: 0.6 },
    { shouldAnswer: false, found: false, confidence: 0.1 },
    { shouldAnswer: false, found: false },
  ];
  const curve = tradeoffCurve(questions);

  it('has the 21 thresholds 0, 0.05, …, 1', () => {
    expect(curve.map((p) => p.threshold)).toEqual(Array.from({ length: 21 }, (_, i) => i / 20));
    expect(at(curve, 0.15).threshold).toBe(0.15);
  });

  it('gives found(t) over the answerable and refusal(t) over those to refuse, by hand', () => {
    expect(at(curve, 0)).toEqual({ threshold: 0, found: 1, refusal: 0.3333 });
    expect(at(curve, 0.1)).toEqual({ threshold: 0.1, found: 1, refusal: 0.3333 });
    expect(at(curve, 0.15)).toEqual({ threshold: 0.15, found: 1, refusal: 0.6667 });
    expect(at(curve, 0.3)).toEqual({ threshold: 0.3, found: 1, refusal: 0.6667 });
    expect(at(curve, 0.35)).toEqual({ threshold: 0.35, found: 0.75, refusal: 0.6667 });
    expect(at(curve, 0.5)).toEqual({ threshold: 0.5, found: 0.75, refusal: 0.6667 });
    expect(at(curve, 0.55)).toEqual({ threshold: 0.55, found: 0.5, refusal: 0.6667 });
    expect(at(curve, 0.65)).toEqual({ threshold: 0.65, found: 0.5, refusal: 1 });
    expect(at(curve, 0.95)).toEqual({ threshold: 0.95, found: 0.25, refusal: 1 });
    expect(at(curve, 1)).toEqual({ threshold: 1, found: 0.25, refusal: 1 });
  });

  it('is null on the side a run has no question for', () => {
    const answerableOnly = tradeoffCurve(questions.slice(0, 4));
    expect(answerableOnly.every((p) => p.refusal === null && p.found !== null)).toBe(true);
    expect(tradeoffCurve([]).every((p) => p.found === null && p.refusal === null)).toBe(true);
  });

  it('never rises for found, never falls for refusal', () => {
    for (let i = 1; i < curve.length; i++) {
      expect(curve[i]!.found!).toBeLessThanOrEqual(curve[i - 1]!.found!);
      expect(curve[i]!.refusal!).toBeGreaterThanOrEqual(curve[i - 1]!.refusal!);
    }
  });
});

const META: ReportMeta = {
  set: 'evals/own.jsonl',
  retriever: 'hybrid',
  answerer: 'reader',
  stripDiacritics: false,
  unanswerable: false,
  scoped: false,
  corpus: { articles: 2, chunks: 16, paths: ['corpus'] },
  index: { dir: '.index/default', reused: true },
  run: {
    date: '2026-01-01T00:00:00.000Z',
    commit: 'abc1234',
    models: { embedder: null, restorer: null },
    machine: { cpus: 2, memoryGb: 24, node: '20.0.0' },
    seconds: 1,
  },
};

/** An answerable run (ViNewsQA-like): confidences 0.8, 0.4, and a refusal at 0.2. */
const answerableReport: EvalReport = buildReport(
  finish(
    [
      result({ id: 'a1', confidence: 0.8 }),
      result({ id: 'a2', confidence: 0.4 }),
      result({
        id: 'a3',
        found: false,
        confidence: 0.2,
        answer: 'Chưa tìm thấy thông tin.',
        verdict: 'refused-retrieved',
        answerHit: false,
      }),
    ],
    false,
  ),
  { ...META, set: 'vinewsqa.jsonl' },
);

/** A run of questions to refuse (XQuAD-vi --out-of-corpus-like): a guess at 0.7, refusals at 0.3 and without a candidate. */
const refusableReport: EvalReport = buildReport(
  finish(
    [
      result({ id: 'r1', shouldAnswer: false, confidence: 0.7, verdict: 'should-refuse', answerHit: null }),
      result({ id: 'r2', shouldAnswer: false, found: false, confidence: 0.3, verdict: 'refused', answerHit: null }),
      result({ id: 'r3', shouldAnswer: false, found: false, verdict: 'refused', answerHit: null }),
      result({ id: 'r4', shouldAnswer: false, found: false, verdict: 'refused', answerHit: null }),
    ],
    false,
  ),
  { ...META, set: 'xquad-vi.jsonl', outOfCorpus: true },
);

describe('the curve in the run and the report', () => {
  it('is in the EvalRun and the JSON report', () => {
    expect(answerableReport.curve).toHaveLength(21);
    expect(at(answerableReport.curve!, 0.4)).toEqual({ threshold: 0.4, found: 0.6667, refusal: null });
    expect(at(answerableReport.curve!, 0.45)).toEqual({ threshold: 0.45, found: 0.3333, refusal: null });
    expect((JSON.parse(JSON.stringify(answerableReport)) as EvalReport).curve).toEqual(answerableReport.curve);
  });

  it('is summed up in the terminal table when answers carry a confidence', () => {
    const table = formatTable(answerableReport);
    expect(table).toContain('Confidence thresholds (3 of 3 answers carry a confidence');
    expect(table).toMatch(
      /^ {2}found {4}0\.00 1\.000 · 0\.20 1\.000 · 0\.40 0\.667 · 0\.50 0\.333 · 0\.60 0\.333 · 0\.80 0\.333 · 1\.00 0\.000$/m,
    );
    expect(table).not.toMatch(/^ {2}refusal/m);
  });
});

describe('two reports combined (eval --tradeoff)', () => {
  const t = combineTradeoff(answerableReport, refusableReport, { answerable: 'A.json', refusable: 'B.json' });

  it('takes found(t) from the first report and refusal(t) from the second', () => {
    expect(t.curve).toHaveLength(21);
    expect(at(t.curve, 0)).toEqual({ threshold: 0, found: 1, refusal: 0.5 });
    expect(at(t.curve, 0.25)).toEqual({ threshold: 0.25, found: 0.6667, refusal: 0.5 });
    expect(at(t.curve, 0.35)).toEqual({ threshold: 0.35, found: 0.6667, refusal: 0.75 });
    expect(at(t.curve, 0.5)).toEqual({ threshold: 0.5, found: 0.3333, refusal: 0.75 });
    expect(at(t.curve, 0.75)).toEqual({ threshold: 0.75, found: 0.3333, refusal: 1 });
    expect(at(t.curve, 0.85)).toEqual({ threshold: 0.85, found: 0, refusal: 1 });
    expect(t.actual).toEqual({ found: 0.6667, refusal: 0.75 });
    expect(t.foundFrom).toEqual({ source: 'A.json', set: 'vinewsqa.jsonl', answerer: 'reader', questions: 3, withConfidence: 3 });
    expect(t.refusalFrom).toEqual({ source: 'B.json', set: 'xquad-vi.jsonl', answerer: 'reader', questions: 4, withConfidence: 2 });
  });

  it('refuses reports given the wrong way round', () => {
    expect(() => combineTradeoff(refusableReport, answerableReport)).toThrow(TradeoffError);
    expect(() => combineTradeoff(refusableReport, answerableReport)).toThrow(/has no answerable question/);
    expect(() => combineTradeoff(answerableReport, answerableReport)).toThrow(/has no question to refuse/);
  });

  it('prints the table threshold / found / refusal', () => {
    const table = formatTradeoff(t);
    expect(table).toMatch(/^threshold +found +refusal$/m);
    expect(table).toMatch(/^0\.35 +0\.667 +0\.750$/m);
    expect(table).toMatch(/^actual +0\.667 +0\.750$/m);
    expect(table.split('\n').filter((l) => /^\d\.\d\d /.test(l))).toHaveLength(21);
  });

  it('draws the curves as inline SVG, the actual outcome marked, nothing loaded from elsewhere', () => {
    const html = renderTradeoffHtml(t);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/https?:\/\//);
    expect((html.match(/<svg class="chart curve"/g) ?? []).length).toBe(1);
    expect((html.match(/<svg class="chart tradeoff"/g) ?? []).length).toBe(1);
    expect(html).toContain('data-series="found"');
    expect(html).toContain('data-series="refusal"');
    expect(html).toContain('data-series="found-vs-refusal"');
    // One dot per threshold on each of the three lines.
    expect((html.match(/<circle cx=/g) ?? []).length).toBe(63);
    // The actual outcome: a dot at refusal 0.75, found 0.6667 (x = 44 + 0.75·420, y = 12 + (1 − 0.6667)·220).
    expect(html).toMatch(/<circle class="actual" cx="359" cy="85\.3"/);
    expect(html).toContain('thực tế: found 0.667, refusal 0.750');
    expect(html).toContain('<code>A.json</code>');
  });
});

describe('the curve in the HTML report of one run', () => {
  it('is drawn when answers carry a confidence, with the actual share as a dashed line', () => {
    const html = renderHtml(refusableReport);
    expect(html).toContain('<svg class="chart curve"');
    expect(html).toContain('data-series="refusal"');
    expect(html).not.toContain('data-series="found"');
    expect(html).toContain('thực tế: refusal 0.750');
    expect(html).toContain('--tradeoff A.json B.json');
  });

  it('draws found against refusal too when the run has both kinds of question', () => {
    const mixed = buildReport(finish([...answerableReport.perQuestion, ...refusableReport.perQuestion], false), META);
    const html = renderHtml(mixed);
    expect(html).toContain('<svg class="chart tradeoff"');
    expect(html).toMatch(/<circle class="actual"/);
  });

  it('is left out, with a note, when no answer carries a confidence', () => {
    const plain = buildReport(finish([result({}), result({ id: 'x', found: false })], false), META);
    const html = renderHtml(plain);
    expect(html).not.toContain('class="chart curve"');
    expect(html).toContain('Không câu trả lời nào có độ tin cậy');
    expect(formatTable(plain)).not.toContain('Confidence thresholds');
  });
});

describe('npm run eval -- --tradeoff', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hoidap-tradeoff-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const a = join(dir, 'a.json');
  const b = join(dir, 'b.json');
  writeFileSync(a, JSON.stringify(answerableReport));
  // A report saved before the curve existed: recomputed from its questions.
  const { curve: _curve, ...older } = refusableReport;
  writeFileSync(b, JSON.stringify(older));

  const run = (args: string[]) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', resolve('src/node/eval-cli.ts'), ...args], { encoding: 'utf8' }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );

  it('prints the combined table and writes the HTML and JSON', async () => {
    const html = join(dir, 'out.html');
    const json = join(dir, 'out.json');
    const res = await run(['--tradeoff', a, b, '--html', html, '--json', json]);
    expect(res.stderr).toContain(`Wrote ${html}`);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^0\.35 +0\.667 +0\.750$/m);
    expect(readFileSync(html, 'utf8')).toContain('<svg class="chart tradeoff"');
    expect((JSON.parse(readFileSync(json, 'utf8')) as { curve: unknown[] }).curve).toHaveLength(21);
  });

  it('says what to give when the arguments are wrong', async () => {
    const [one, withSet, swapped, missing] = await Promise.all([
      run(['--tradeoff', a]),
      run(['--tradeoff', a, b, '--set', 'evals/own.jsonl']),
      run(['--tradeoff', b, a]),
      run(['--tradeoff', join(dir, 'none.json'), b]),
    ]);
    expect(one.code).toBe(1);
    expect(one.stderr).toContain('--tradeoff needs exactly two --json reports');
    expect(withSet.code).toBe(1);
    expect(withSet.stderr).toContain('--set cannot be combined with it');
    expect(swapped.code).toBe(1);
    expect(swapped.stderr).toContain('has no answerable question');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Cannot read');
  });
});
