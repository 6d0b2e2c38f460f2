import { describe, expect, it } from 'vitest';
import { finish } from '../../src/eval/run.js';
import { questionResult as result } from '../support/eval-fixtures.js';
import { buildReport, formatTable } from '../../src/eval/report.js';
import { latencyHistogram, renderHtml } from '../../src/eval/report-html.js';

const results = [
  result({ id: 'ok' }),
  result({
    id: 'sai-1',
    question: 'Bà <b>Vodanovic</b> đón đoàn ở đâu & khi nào?',
    answer: 'Đoàn rời Lima. [1]',
    citations: [{ n: 1, articleId: 'peru', title: 'Bài "Peru"' }],
    retrieved: [
      { articleId: 'peru', title: 'Bài "Peru"' },
      { articleId: 'chile', title: 'Bài Chile' },
    ],
    passages: [{ articleId: 'peru', title: 'Bài "Peru"', text: 'Đoàn rời Lima. Còn Santiago thì xa.', score: 0.02 }],
    articleRank: 2,
    answerHit: false,
    answerF1: 0,
    verdict: 'wrong-sentence',
    latencyMs: 80,
  }),
];

const report = buildReport(finish(results, false), {
  set: 'evals/own.jsonl',
  retriever: 'hybrid',
  answerer: 'extractive',
  stripDiacritics: false,
  unanswerable: false,
  scoped: false,
  corpus: { articles: 2, chunks: 16, paths: ['corpus'] },
  index: { dir: '.index/default', reused: true },
  run: {
    date: '2025-01-01T00:00:00.000Z',
    commit: 'abc1234',
    models: { embedder: 'hoidap-vi-static@0123456789ab', restorer: null },
    machine: { cpus: 2, memoryGb: 24, node: '20.0.0' },
    seconds: 1,
  },
});

describe('the HTML report', () => {
  const html = renderHtml(report);

  it('is self-contained: nothing is loaded from the network', () => {
    expect(html).not.toMatch(/<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/@import|url\(/);
    expect(html.startsWith('<!doctype html>')).toBe(true);
  });

  it('charts the metrics and the latencies, and lists only the failed questions, escaped', () => {
    expect(html).toContain('articleHit@1');
    expect((html.match(/<svg/g) ?? []).length).toBe(3);
    expect(html).toContain('Câu trả lời sai (1)');
    expect(html).toContain('<code>sai-1</code>');
    expect(html).not.toContain('<code>ok</code>');
    expect(html).toContain('Bà &#60;b&#62;Vodanovic&#60;/b&#62; đón đoàn ở đâu &#38; khi nào?');
    expect(html).toContain('Còn <mark>Santiago</mark> thì xa.');
  });

  it('puts every latency in one of the histogram bins', () => {
    const svg = latencyHistogram([1, 2, 3, 100]);
    const counts = [...svg.matchAll(/ms: (\d+)<\/title>/g)].map((m) => Number(m[1]));
    expect(counts).toHaveLength(24);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(4);
  });
});

describe('the terminal table', () => {
  it('has one line per metric and shows changes against a baseline', () => {
    const table = formatTable(report, { ...report, metrics: { ...report.metrics, 'articleHit@1': 0.25 } });
    expect(table).toMatch(/^articleHit@1 +0\.500 +1\/2 +0\.250 +\+0\.250$/m);
    expect(table).toMatch(/^latencyMs p95 +76\.6 +ms +76\.6 += *$/m);
    expect(table).toContain('Outcomes: right 1 · wrong-sentence 1');
  });
});
