/**
 * The short-answer metrics (the exact span the reader gives, scored SQuAD-style over syllables),
 * worked out by hand, and how they reach the per-question results, the table and the HTML report.
 */
import { describe, expect, it } from 'vitest';
import type { AskRequest, AskResponse } from '../../src/contract.js';
import {
  METRIC_NAMES,
  checkThresholds,
  exactMatch,
  scoreQuestion,
  shortAnswerScores,
  summarize,
  type QuestionOutcome,
} from '../../src/eval/metrics.js';
import { buildReport, formatTable, type ReportMeta } from '../../src/eval/report.js';
import { renderHtml } from '../../src/eval/report-html.js';
import { runEval, type AskService } from '../../src/eval/run.js';
import { hit } from '../support/eval-fixtures.js';

function outcome(over: Partial<QuestionOutcome>): QuestionOutcome {
  return {
    shouldAnswer: true,
    expectedAnswers: ['10/11'],
    expectedArticles: ['a'],
    found: true,
    answer: 'Đoàn đến Lima ngày 10/11. [1]',
    citedArticles: ['a'],
    retrievedArticles: ['a'],
    latencyMs: 1,
    ...over,
  };
}

describe('short answer scores', () => {
  it('matches exactly after NFC, case folding and dropping punctuation', () => {
    expect(exactMatch('Lima', 'lima')).toBe(true);
    expect(exactMatch('  LIMA. ', 'lima')).toBe(true);
    expect(exactMatch('Cộng hoà'.normalize('NFD'), 'cộng hòa')).toBe(true);
    expect(exactMatch('ngày 10/11', '10/11')).toBe(false);
    expect(exactMatch('10-11', '10/11')).toBe(true); // punctuation is dropped: the same two syllables
    expect(exactMatch('', '')).toBe(false);
  });

  it('"ngày 10/11" against "10/11": F1 0.8 (2 of 3 syllables, both of the gold), not an exact match', () => {
    const s = shortAnswerScores(outcome({ shortAnswer: 'ngày 10/11' }));
    expect(s.em).toBe(false);
    expect(s.f1).toBeCloseTo(0.8, 10);
    expect(s.length).toBe(3);
  });

  it('takes the best of the gold answers', () => {
    const s = shortAnswerScores(outcome({ shortAnswer: 'Lima', expectedAnswers: ['lima', 'Thủ đô Lima'] }));
    expect(s).toEqual({ em: true, f1: 1, length: 1 });
    // Against "Thủ đô Lima" alone: 1 of 1 and 1 of 3 → 2·1·(1/3)/(4/3) = 0.5.
    expect(shortAnswerScores(outcome({ shortAnswer: 'Lima', expectedAnswers: ['Thủ đô Lima'] })).f1).toBeCloseTo(0.5, 10);
  });

  it('scores 0 without a short answer or when not found, and null for a question to refuse', () => {
    expect(shortAnswerScores(outcome({}))).toEqual({ em: false, f1: 0, length: null });
    expect(shortAnswerScores(outcome({ shortAnswer: null }))).toEqual({ em: false, f1: 0, length: null });
    expect(shortAnswerScores(outcome({ found: false, shortAnswer: '10/11' }))).toEqual({ em: false, f1: 0, length: null });
    expect(shortAnswerScores(outcome({ shouldAnswer: false, expectedAnswers: [], shortAnswer: 'Lima' }))).toEqual({
      em: null,
      f1: null,
      length: 1,
    });
  });
});

describe('the set metrics', () => {
  const items = [
    outcome({ shortAnswer: '10/11' }), // EM, F1 1, 2 syllables
    outcome({ shortAnswer: 'ngày 10/11' }), // F1 0.8, 3 syllables
    outcome({ shortAnswer: 'Lima', expectedAnswers: ['Thủ đô Lima'] }), // F1 0.5, 1 syllable
    outcome({}), // no short answer: 0
    outcome({ found: false, answer: 'Chưa tìm thấy thông tin.' }), // not found: 0
    outcome({ shouldAnswer: false, expectedAnswers: [], shortAnswer: 'Hà Nội thủ đô' }), // to refuse: only its length (3) counts
  ].map((o) => ({ outcome: o, score: scoreQuestion(o) }));

  it('averages EM and F1 over the answerable questions, the median length over the short answers given', () => {
    const m = summarize(items);
    expect(m.shortAnswerEM).toBeCloseTo(1 / 5, 10);
    expect(m.shortAnswerF1).toBeCloseTo((1 + 0.8 + 0.5) / 5, 10);
    expect(m.shortAnswerLength).toBe(2.5); // median of 2, 3, 1, 3
    expect(Object.keys(m).sort()).toEqual([...METRIC_NAMES].sort());
  });

  it('is 0 and null when no answer carries a short answer, null when nothing is answerable', () => {
    const none = summarize([outcome({}), outcome({ found: false })].map((o) => ({ outcome: o, score: scoreQuestion(o) })));
    expect(none.shortAnswerEM).toBe(0);
    expect(none.shortAnswerF1).toBe(0);
    expect(none.shortAnswerLength).toBeNull();
    const refusable = summarize(items.slice(5));
    expect(refusable.shortAnswerEM).toBeNull();
    expect(refusable.shortAnswerF1).toBeNull();
  });

  it('can be named by thresholds', () => {
    const m = summarize(items);
    expect(checkThresholds(m, { min: { shortAnswerEM: 0.2, shortAnswerF1: 0.4 }, max: { shortAnswerLength: 3 } })).toEqual([]);
    expect(checkThresholds(m, { min: { shortAnswerF1: 0.5 } })).toEqual(['shortAnswerF1 = 0.46 is below its threshold 0.5']);
  });
});

/** Answers with a short answer and a confidence when the question says so; the others as older answerers do. */
const reader: AskService = {
  async askWithHits(request: AskRequest) {
    const text = 'Đoàn đến Lima chiều 14/11, rời Lima ngày 16/11.';
    const hits = [hit('peru', text, 0)];
    const withSpan = request.question.includes('ngày nào');
    const response: AskResponse = {
      answer: `${text} [1]`,
      found: true,
      citations: [
        { n: 1, articleId: 'peru', title: 'Bài peru', url: '', publishedAt: '', passage: text, start: 0, end: text.length, score: 1 },
      ],
      ...(withSpan ? { shortAnswer: { text: 'ngày 16/11', n: 1, start: 37, end: 47 }, confidence: 0.72 } : {}),
      answerer: 'fake-reader',
      tookMs: 1,
    };
    return { response, hits };
  },
};

const META: ReportMeta = {
  set: 'fake.jsonl',
  retriever: 'hybrid',
  answerer: 'fake-reader',
  stripDiacritics: false,
  unanswerable: false,
  scoped: false,
  corpus: { articles: 1, chunks: 1, paths: ['corpus'] },
  index: { dir: '.index/x', reused: true },
  run: {
    date: '2026-01-01T00:00:00.000Z',
    commit: null,
    models: { embedder: null, restorer: null },
    machine: { cpus: 1, memoryGb: 1, node: '20' },
    seconds: 1,
  },
};

describe('through the runner and the reports', () => {
  const questions = [
    { id: 'span', question: 'Đoàn rời Lima ngày nào?', answers: ['16/11'], articleIds: ['peru'], answerable: true },
    { id: 'old', question: 'Đoàn đến đâu?', answers: ['Cusco'], articleIds: ['peru'], answerable: true },
  ];

  it('keeps the short answer, its scores and the confidence per question', async () => {
    const run = await runEval(reader, questions, { stripDiacritics: false, unanswerable: false, scoped: false });
    const [span, old] = run.perQuestion;
    expect(span).toMatchObject({ shortAnswer: 'ngày 16/11', confidence: 0.72, shortAnswerEM: false, shortAnswerF1: 0.8 });
    // The quoted sentence is scored as before.
    expect(span).toMatchObject({ answerHit: true });
    expect(old).toMatchObject({ shortAnswerEM: false, shortAnswerF1: 0 });
    expect(old).not.toHaveProperty('shortAnswer');
    expect(old).not.toHaveProperty('confidence');
    expect(run.metrics.shortAnswerF1).toBeCloseTo(0.4, 10);
    expect(run.metrics.shortAnswerEM).toBe(0);
    expect(run.metrics.shortAnswerLength).toBe(3);
  });

  it('prints the new metrics in the table and the short answer beside the quoted one in the HTML', async () => {
    const run = await runEval(reader, questions, { stripDiacritics: false, unanswerable: false, scoped: false });
    const report = buildReport(run, META);
    const table = formatTable(report);
    expect(table).toMatch(/^shortAnswerEM +0\.000 +0\/2$/m);
    expect(table).toMatch(/^shortAnswerF1 +0\.400 +n=2$/m);
    expect(table).toMatch(/^shortAnswerLength +3\.0 +syllables$/m);
    const html = renderHtml(report);
    // Both failed on the quoted sentence ("Cusco" is not in it) or are listed: the span question is right, the other failed.
    expect(html).toContain('<code>old</code>');
    expect(html).toContain('shortAnswerF1');
    const failedSpan = renderHtml({
      ...report,
      perQuestion: report.perQuestion.map((q) => ({ ...q, verdict: 'wrong-sentence' as const })),
    });
    expect(failedSpan).toContain('<dt>Câu trả lời ngắn</dt><dd class="short"><q>ngày 16/11</q> <span class="f1">F1 0.80</span>');
    expect(failedSpan).toContain('độ tin cậy 0.72');
  });

  it('reads a baseline saved before the short-answer metrics existed', async () => {
    const run = await runEval(reader, questions, { stripDiacritics: false, unanswerable: false, scoped: false });
    const report = buildReport(run, META);
    const { shortAnswerEM: _em, shortAnswerF1: _f1, shortAnswerLength: _len, ...older } = report.metrics;
    const baseline = { ...report, metrics: older as typeof report.metrics };
    expect(formatTable(report, baseline)).toMatch(/^shortAnswerF1 +0\.400 +n=2 +—$/m);
    expect(renderHtml(baseline)).not.toContain('NaN');
  });
});
