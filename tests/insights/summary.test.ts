import { describe, expect, it } from 'vitest';
import { summarizeInsights } from '../../src/insights/summary.js';
import { vietnamDay } from '../../src/insights/wording.js';
import type { QuestionRecord } from '../../src/insights/types.js';
import type { FeedbackRecord } from '../../src/server/feedback.js';

const now = new Date('2026-11-30T10:00:00Z'); // 17:00 in Hà Nội

const q = (at: string, question: string, found: boolean, articleId?: string, top?: QuestionRecord['top']): QuestionRecord => ({
  at,
  question,
  found,
  ms: 8,
  ...(articleId ? { articleId } : {}),
  ...(top ? { top } : {}),
});

const down = (at: string, question: string, extra: Partial<FeedbackRecord> = {}): FeedbackRecord => ({
  id: at,
  at,
  rating: 'down',
  reasons: ['wrong_info'],
  question,
  answer: 'Ngày 10/11. [1]',
  citations: [
    {
      n: 1,
      articleId: 'bai-chile',
      title: 'Chủ tịch nước thăm Chile',
      url: 'https://tintuc.vn/chile',
      start: 0,
      end: 40,
      quote: 'Ngày 10/11, Chủ tịch nước đến Santiago',
    },
  ],
  ...extra,
});

describe('vietnamDay', () => {
  it('counts days in Việt Nam (UTC+7)', () => {
    expect(vietnamDay('2026-11-29T16:59:59Z')).toBe('2026-11-29');
    expect(vietnamDay('2026-11-29T17:00:00Z')).toBe('2026-11-30');
  });
});

describe('summarizeInsights', () => {
  const questions = [
    q('2026-10-20T00:00:00Z', 'ngoài kỳ', false, 'bai-cu'), // before the 7 days: not counted
    q('2026-11-24T01:00:00Z', 'Chủ tịch nước thăm Chile khi nào?', true, 'bai-chile', {
      articleId: 'bai-chile',
      title: 'Chủ tịch nước thăm Chile',
      url: 'https://tintuc.vn/chile',
    }),
    q('2026-11-29T17:30:00Z', 'Giá xăng hôm nay bao nhiêu?', false, 'bai-xang'), // 30/11 in Hà Nội
    q('2026-11-30T02:00:00Z', 'gia xang hom nay bao nhieu', false, 'bai-xang'),
    q('2026-11-30T03:00:00Z', 'Giá xăng tuần này thế nào?', false),
    q('2026-11-30T04:00:00Z', 'Ai dẫn đầu đoàn?', true, 'bai-chile'),
  ];
  const feedback = [
    down('2026-11-25T00:00:00Z', 'Số 0912345678 của ai?', { note: 'gọi tôi 0987654321' }),
    down('2026-11-30T05:00:00Z', 'Chủ tịch nước thăm Chile khi nào?', { articleId: 'bai-chile' }),
    { ...down('2026-11-29T00:00:00Z', 'Tốt'), rating: 'up' as const, reasons: [] },
    down('2026-10-01T00:00:00Z', 'ngoài kỳ'),
  ];
  const insights = summarizeInsights({
    questions,
    feedback,
    now,
    days: 7,
    questionLog: true,
    article: (id) => (id === 'bai-xang' ? { title: 'Giá xăng giảm lần thứ ba', url: 'https://tintuc.vn/xang' } : undefined),
  });

  it('covers the last days, zeros included, in Việt Nam days', () => {
    expect(insights.from).toBe('2026-11-24');
    expect(insights.to).toBe('2026-11-30');
    expect(insights.perDay.map((d) => [d.day, d.questions, d.unanswered])).toEqual([
      ['2026-11-24', 1, 0],
      ['2026-11-25', 0, 0],
      ['2026-11-26', 0, 0],
      ['2026-11-27', 0, 0],
      ['2026-11-28', 0, 0],
      ['2026-11-29', 0, 0],
      ['2026-11-30', 4, 3],
    ]);
    expect(insights.totals).toEqual({ questions: 5, found: 2, unanswered: 3, up: 1, down: 2 });
  });

  it('ranks the articles asked under, titled from the log or the index', () => {
    expect(insights.topArticles).toEqual([
      { articleId: 'bai-xang', title: 'Giá xăng giảm lần thứ ba', url: 'https://tintuc.vn/xang', questions: 2, unanswered: 2 },
      { articleId: 'bai-chile', title: 'Chủ tịch nước thăm Chile', url: 'https://tintuc.vn/chile', questions: 2, unanswered: 0 },
    ]);
  });

  it('groups the unanswered questions by topic', () => {
    expect(insights.unansweredTopics).toHaveLength(1);
    const [group] = insights.unansweredTopics;
    expect(group?.count).toBe(3);
    expect(group?.label).toContain('xăng');
    expect(group?.articles).toEqual(['bai-xang']);
  });

  it('lists 👎 newest first, scrubbed, with the cited passage', () => {
    expect(insights.downvotes.map((d) => d.at)).toEqual(['2026-11-30T05:00:00Z', '2026-11-25T00:00:00Z']);
    expect(insights.downvotes[1]?.question).toBe('Số [số điện thoại] của ai?');
    expect(insights.downvotes[1]?.note).toBe('gọi tôi [số điện thoại]');
    expect(insights.downvotes[0]?.citations[0]?.quote).toBe('Ngày 10/11, Chủ tịch nước đến Santiago');
  });
});
