import { describe, expect, it } from 'vitest';
import {
  METRIC_NAMES,
  answerContains,
  answerLength,
  bestF1,
  checkThresholds,
  distinctArticles,
  firstRank,
  median,
  normalizeAnswer,
  quantile,
  scoreQuestion,
  stripMarkers,
  summarize,
  tokenF1,
  type QuestionOutcome,
} from '../../src/eval/metrics.js';

describe('answer text', () => {
  it('strips [n] markers and collapses white space', () => {
    expect(stripMarkers('Tại Thủ đô Santiago de Chile. [1] Bà Vodanovic đón đoàn. [2]')).toBe(
      'Tại Thủ đô Santiago de Chile. Bà Vodanovic đón đoàn.',
    );
    expect(normalizeAnswer('  Hơn   1.000\nLãnh đạo [3] ')).toBe('hơn 1.000 lãnh đạo');
  });

  it('finds an expected answer after NFC, tone-mark, case and space normalization', () => {
    expect(answerContains('Tại Thủ đô Santiago de Chile, Chủ tịch nước tiếp bà Vodanovic. [1]', ['santiago DE chile'])).toBe(true);
    // Decomposed input and the old tone placement ("hoà") meet the newsroom form ("hòa").
    expect(answerContains('Cộng hoà Chile'.normalize('NFD'), ['Cộng hòa Chile'])).toBe(true);
    expect(answerContains('có hơn   1.000 lãnh đạo', ['hơn 1.000 lãnh đạo'])).toBe(true);
    expect(answerContains('Thủ đô Lima của Peru [1]', ['Santiago', 'Valparaiso'])).toBe(false);
    // A marker number is not an answer: "1" must not match the "[1]" marker.
    expect(answerContains('Đoàn đã rời Lima. [1]', ['1'])).toBe(false);
    expect(answerContains('bất cứ điều gì', [''])).toBe(false);
  });

  it('computes SQuAD-style token F1 over syllables', () => {
    expect(tokenF1('Thủ đô Santiago de Chile', 'Santiago de Chile')).toBeCloseTo(0.75, 10);
    // Repeats count as often as they occur in both: 2 in common of 3 and 3.
    expect(tokenF1('a a b', 'a b b')).toBeCloseTo(2 / 3, 10);
    expect(tokenF1('Lima.', 'lima')).toBe(1);
    expect(tokenF1('Santiago [1]', 'Santiago')).toBe(1);
    expect(tokenF1('Lima', 'Santiago')).toBe(0);
    expect(tokenF1('', 'Santiago')).toBe(0);
    expect(bestF1('Thủ đô Santiago de Chile', ['Valparaiso', 'Santiago de Chile'])).toBeCloseTo(0.75, 10);
    expect(bestF1('Santiago', [])).toBe(0);
  });

  it('measures answer length in syllables without markers and punctuation', () => {
    expect(answerLength('Chủ tịch nước Lương Cường. [1]')).toBe(5);
    expect(answerLength('An ninh-quốc phòng, khoa học-công nghệ [2]')).toBe(8);
  });
});

describe('ranks', () => {
  it('counts each article once, in first-seen order', () => {
    expect(distinctArticles(['a', 'a', 'b', 'c', 'b', 'd'])).toEqual(['a', 'b', 'c', 'd']);
    expect(distinctArticles(['a', 'a', 'b', 'c', 'b', 'd'], 3)).toEqual(['a', 'b', 'c']);
  });

  it('gives the 1-based rank of the first expected article', () => {
    expect(firstRank(['a', 'b', 'c'], ['c', 'x'])).toBe(3);
    expect(firstRank(['a', 'b', 'c'], ['b', 'c'])).toBe(2);
    expect(firstRank(['a', 'b'], ['x'])).toBeNull();
  });

  it('interpolates quantiles like numpy', () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([10, 20, 30, 40, 50], 0.95)).toBeCloseTo(48, 10);
    expect(quantile([7], 0.95)).toBe(7);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([])).toBeNull();
  });
});

/** Five questions whose every metric is worked out by hand below. */
function outcomes(): QuestionOutcome[] {
  const base = { expectedAnswers: ['Santiago'], citedArticles: [] as string[] };
  return [
    // Right article first, right answer (2 syllables, F1 2/3), its one citation on target.
    {
      ...base,
      shouldAnswer: true,
      expectedArticles: ['A'],
      retrievedArticles: ['A', 'B'],
      found: true,
      answer: 'Tại Santiago [1]',
      citedArticles: ['A'],
      latencyMs: 10,
    },
    // Expected article third among distinct articles, wrong answer (4 syllables), no citation on target.
    {
      ...base,
      shouldAnswer: true,
      expectedArticles: ['B'],
      retrievedArticles: ['A', 'A', 'C', 'B'],
      found: true,
      answer: 'Ở Lima [1] và Cusco [2]',
      citedArticles: ['A', 'C'],
      latencyMs: 20,
    },
    // Expected article not retrieved, refused.
    {
      ...base,
      shouldAnswer: true,
      expectedArticles: ['Z'],
      retrievedArticles: ['A'],
      found: false,
      answer: 'Chưa tìm thấy thông tin',
      latencyMs: 30,
    },
    // Must refuse, did.
    {
      ...base,
      expectedAnswers: [],
      shouldAnswer: false,
      expectedArticles: [],
      retrievedArticles: ['A'],
      found: false,
      answer: 'Chưa tìm thấy thông tin',
      latencyMs: 40,
    },
    // Must refuse, answered (3 syllables); its citation does not count for citationPrecision.
    {
      ...base,
      expectedAnswers: [],
      shouldAnswer: false,
      expectedArticles: [],
      retrievedArticles: ['A'],
      found: true,
      answer: 'Tổng thống Allende [1]',
      citedArticles: ['A'],
      latencyMs: 100,
    },
  ];
}

describe('summarize', () => {
  const items = outcomes().map((outcome) => ({ outcome, score: scoreQuestion(outcome) }));
  const m = summarize(items);

  it('scores one question', () => {
    expect(items[1]!.score).toEqual({ articleRank: 3, answerHit: false, answerF1: 0, answerLength: 4, citationsOnTarget: 0, citations: 2 });
    expect(items[3]!.score).toEqual({
      articleRank: null,
      answerHit: null,
      answerF1: null,
      answerLength: null,
      citationsOnTarget: 0,
      citations: 0,
    });
  });

  it('gives exactly the metrics of the issue, by hand', () => {
    expect(Object.keys(m).sort()).toEqual([...METRIC_NAMES].sort());
    expect(m['articleHit@1']).toBeCloseTo(1 / 3, 10);
    expect(m['articleHit@5']).toBeCloseTo(2 / 3, 10);
    expect(m['articleHit@10']).toBeCloseTo(2 / 3, 10);
    expect(m['mrr@10']).toBeCloseTo((1 + 1 / 3 + 0) / 3, 10);
    expect(m.answerHit).toBeCloseTo(1 / 3, 10);
    expect(m.answerF1).toBeCloseTo(2 / 3 / 3, 10);
    expect(m.answerLength).toBe(3); // median of 2, 4 and 3
    expect(m.citationPrecision).toBeCloseTo(1 / 3, 10);
    expect(m.found).toBeCloseTo(2 / 3, 10);
    expect(m.refusalRate).toBe(0.5);
    expect(m.latencyMs.p50).toBe(30);
    expect(m.latencyMs.p95).toBeCloseTo(88, 10);
  });

  it('leaves a metric null when no question applies', () => {
    const none = summarize(items.filter((i) => !i.outcome.shouldAnswer));
    expect(none['articleHit@1']).toBeNull();
    expect(none.answerHit).toBeNull();
    expect(none.citationPrecision).toBeNull();
    expect(none.refusalRate).toBe(0.5);
  });

  it('names every threshold the metrics break', () => {
    expect(checkThresholds(m, { min: { 'articleHit@5': 0.6, refusalRate: 0.5 }, max: { 'latencyMs.p95': 100 } })).toEqual([]);
    const failures = checkThresholds(m, { min: { 'articleHit@1': 0.5, answerHit: 0.3, speed: 1 }, max: { 'latencyMs.p95': 50 } });
    expect(failures).toHaveLength(3);
    expect(failures[0]).toBe('articleHit@1 = 0.333 is below its threshold 0.5');
    expect(failures[1]).toMatch(/^speed: no such metric/);
    expect(failures[2]).toBe('latencyMs.p95 = 88 is above its threshold 50');
  });
});
