/**
 * Small hand-made values for the eval's tests: a scored question as the runner records it, and
 * a retrieved passage as the service returns it.
 */
import type { QuestionResult } from '../../src/eval/run.js';
import type { Hit } from '../../src/index/retriever.js';

/** A question answered right from article `chile`; `over` changes what a test is about. */
export function questionResult(over: Partial<QuestionResult>): QuestionResult {
  return {
    id: 'q',
    question: 'Ai?',
    asked: 'Ai?',
    shouldAnswer: true,
    expectedAnswers: ['Santiago'],
    expectedArticles: ['chile'],
    found: true,
    answer: 'Tại Santiago. [1]',
    citations: [{ n: 1, articleId: 'chile', title: 'Bài Chile' }],
    retrieved: [{ articleId: 'chile', title: 'Bài Chile' }],
    passages: [{ articleId: 'chile', title: 'Bài Chile', text: 'Tại Santiago.', score: 0.03 }],
    answerInPassages: true,
    articleRank: 1,
    answerHit: true,
    answerF1: 0.67,
    answerLength: 2,
    citationPrecision: 1,
    latencyMs: 12,
    tookMs: 11,
    verdict: 'right',
    ...over,
  };
}

/** A one-chunk article's passage, ranked `doc`-th. */
export function hit(articleId: string, text: string, doc: number): Hit {
  return {
    doc,
    score: 1 / (doc + 1),
    chunk: { id: `${articleId}:0`, articleId, n: 0, text, start: 0, end: text.length },
    article: { id: articleId, title: `Bài ${articleId}`, url: '', publishedAt: '', firstChunk: doc, chunkCount: 1 },
  };
}
