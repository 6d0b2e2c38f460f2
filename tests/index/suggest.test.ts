/**
 * Suggested questions, derived at index time from each article: natural Vietnamese, built from
 * the article's own lead, and answerable from the article (checked with the real pipeline on
 * the shipped corpus).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readCorpus } from '../../src/node/corpus-files.js';
import type { Article } from '../../src/corpus/article.js';
import { buildIndex, type BuiltIndex } from '../../src/index/build.js';
import { HybridRetriever } from '../../src/index/retriever.js';
import { suggestQuestions } from '../../src/index/suggest.js';
import { QaService } from '../../src/qa.js';

const article = (body: string, title = 'Tin tức'): Pick<Article, 'title' | 'body'> => ({ title, body });

describe('suggestQuestions', () => {
  it('asks where, who and when about the lead’s main event', () => {
    const body =
      'Tối 20/7, tại sân Mỹ Đình, đội tuyển Việt Nam đã đánh bại Thái Lan với tỷ số 2-1. ' +
      'Huấn luyện viên Kim Sang-sik khẳng định các cầu thủ đã chơi đúng chiến thuật.';
    expect(suggestQuestions(article(body))).toEqual([
      'Đội tuyển Việt Nam đánh bại Thái Lan với tỷ số 2-1 ở đâu?',
      'Ai đã đánh bại Thái Lan với tỷ số 2-1?',
      'Đội tuyển Việt Nam đánh bại Thái Lan với tỷ số 2-1 khi nào?',
      'Huấn luyện viên Kim Sang-sik khẳng định điều gì?',
    ]);
  });

  it('asks how much about amounts, with the counted unit', () => {
    expect(suggestQuestions(article('Sáng 12/3, giá vàng miếng SJC tăng lên 92 triệu đồng mỗi lượng.'))).toContain(
      'Giá vàng miếng SJC tăng lên bao nhiêu?',
    );
    expect(suggestQuestions(article('Chiều nay Hà Nội có mưa dông, nhiệt độ thấp nhất 22 độ C.'))).toContain(
      'Nhiệt độ thấp nhất bao nhiêu?',
    );
    expect(
      suggestQuestions(
        article('Ngày 5/6, Bộ Giáo dục và Đào tạo cho biết kỳ thi tốt nghiệp THPT năm 2025 có hơn 1,1 triệu thí sinh đăng ký.'),
      ),
    ).toEqual(['Bộ Giáo dục và Đào tạo cho biết điều gì?', 'Kỳ thi tốt nghiệp THPT năm 2025 có bao nhiêu thí sinh?']);
  });

  it('asks what an acronym the article spells out stands for', () => {
    const body = 'Việt Nam tham dự Diễn đàn hợp tác kinh tế châu Á - Thái Bình Dương (APEC) tại Lima, Peru.';
    expect(suggestQuestions(article(body))).toContain('APEC là gì?');
  });

  it('skips headings, and falls back to the title when the lead gives too little', () => {
    expect(suggestQuestions(article('Tin vắn\n\nTrời đẹp.', 'Thời tiết cuối tuần ở Đà Lạt'))).toEqual([
      'Bài viết “Thời tiết cuối tuần ở Đà Lạt” cho biết những gì?',
    ]);
    expect(suggestQuestions(article('', ''))).toEqual([]);
  });

  it('never asks "who" about a pronoun or a lower-case subject', () => {
    const questions = suggestQuestions(article('Theo kế hoạch, thành phố sẽ xây dựng thêm 7 tuyến metro. Ông đã đề xuất phương án này.'));
    expect(questions.some((q) => q.startsWith('Ai'))).toBe(false);
  });
});

describe('on the shipped corpus', () => {
  let index: BuiltIndex;
  let qa: QaService;
  beforeAll(async () => {
    index = await buildIndex((await readCorpus(['corpus'])).articles);
    qa = new QaService({ retriever: new HybridRetriever({ store: index.store, lexical: index.lexical }) });
  });

  it('stores 2–4 suggestions with every article', () => {
    for (const a of index.store.articles) {
      expect(a.suggestions?.length, a.id).toBeGreaterThanOrEqual(2);
      expect(a.suggestions?.length, a.id).toBeLessThanOrEqual(4);
      for (const q of a.suggestions ?? []) expect(q).toMatch(/^\p{Lu}.{8,138}\?$/u);
    }
    expect(index.store.article('chile-paulina-vodanovic-2024-11-10')?.suggestions).toContain(
      'Chủ tịch nước Lương Cường tiếp Chủ tịch Đảng Xã hội Chile Paulina Vodanovic ở đâu?',
    );
  });

  it('suggests only questions the article answers', async () => {
    for (const a of index.store.articles) {
      for (const question of a.suggestions ?? []) {
        const res = await qa.ask({ question, articleId: a.id });
        expect(res.found, `${a.id}: ${question}`).toBe(true);
        expect(res.scope, `${a.id}: ${question}`).toBe('article');
      }
    }
  });
});
