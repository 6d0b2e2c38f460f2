/**
 * Suggested questions, derived at index time from each article: natural Vietnamese, built from
 * the article's own lead, naming their subject, asking distinct facts, and answered by the
 * service under the article with a confident short answer (checked with the shipped reader,
 * the shipped embedding model and the shipped corpus).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readCorpus } from '../../src/node/corpus-files.js';
import type { Article } from '../../src/corpus/article.js';
import { buildIndex, type BuiltIndex } from '../../src/index/build.js';
import { HybridRetriever } from '../../src/node/memory-index.js';
import {
  candidateQuestions,
  namesSubject,
  pickSuggestions,
  placeNames,
  sameQuestion,
  suggestQuestions,
  type Candidate,
  type CandidateAnswer,
} from '../../src/index/suggest.js';
import { readerChecker, Suggester, SUGGESTION_MIN_CONFIDENCE } from '../../src/index/suggest-check.js';
import { QaService } from '../../src/qa.js';
import { loadReader } from '../../src/node/reader.js';
import { loadConfig } from '../../src/config.js';
import { createEmbedder } from '../../src/node/runtime.js';
import { HnswVectorIndex } from '../../src/node/hnsw.js';
import type { Reader } from '../../src/answer/reader/reader.js';
import { splitSentences } from '../../src/text/tokenize.js';

const article = (body: string, title = 'Tin tức'): Pick<Article, 'title' | 'body'> => ({ title, body });
const texts = (candidates: Candidate[]) => candidates.map((c) => c.text);

describe('namesSubject', () => {
  it('rejects questions that name only a place, a rank or nothing', () => {
    expect(namesSubject('Ai đã rời Lima?')).toBe(false);
    expect(namesSubject('Ai đã đến Thủ đô Santiago de Chile?')).toBe(false);
    expect(namesSubject('Chủ tịch nước nhấn mạnh điều gì?')).toBe(false);
    expect(namesSubject('Nhiệt độ thấp nhất bao nhiêu?')).toBe(false);
    // "Peru" is a place only because the article says "tại Peru".
    expect(namesSubject('Ai đã thăm Peru?', placeNames('Hội nghị diễn ra tại Peru.'))).toBe(false);
    expect(namesSubject('Ai đã thăm Peru?')).toBe(true);
  });

  it('accepts questions that hold a name, an acronym or a quoted title', () => {
    expect(namesSubject('Ai đã tiếp Chủ tịch Đảng Xã hội Chile Paulina Vodanovic?')).toBe(true);
    expect(namesSubject('Chủ tịch nước Lương Cường và đoàn đại biểu cấp cao Việt Nam rời Lima khi nào?')).toBe(true);
    expect(namesSubject('Giá vàng miếng SJC tăng lên bao nhiêu?')).toBe(true);
    expect(namesSubject('APEC là gì?')).toBe(true);
    expect(namesSubject('Hà Nội khánh thành cầu mới khi nào?')).toBe(true);
    expect(namesSubject('Bài viết “Thời tiết cuối tuần ở Đà Lạt” cho biết những gì?')).toBe(true);
  });

  it('reads the article’s places after "tại", "ở", "rời" and "thủ đô"', () => {
    expect(placeNames('Chiều 10/11, tại Thủ đô Santiago de Chile, đoàn đã rời Lima.')).toEqual(new Set(['santiago de chile', 'lima']));
  });
});

describe('sameQuestion', () => {
  it('takes two questions about one event in nearly the same words as one', () => {
    const event = 'Chủ tịch nước Lương Cường tiếp Chủ tịch Đảng Xã hội Chile Paulina Vodanovic';
    expect(sameQuestion(`${event} ở đâu?`, `${event} khi nào?`)).toBe(true);
    expect(sameQuestion(`${event} ở đâu?`, 'Ai đã tiếp Chủ tịch Đảng Xã hội Chile Paulina Vodanovic?')).toBe(true);
    expect(sameQuestion('Ai đã tiếp Chủ tịch Đảng Xã hội Chile Paulina Vodanovic?', 'Chủ tịch nước Lương Cường bày tỏ điều gì?')).toBe(
      false,
    );
  });
});

describe('pickSuggestions', () => {
  // Body offsets: one sentence 0–100 holding "Lima" at 40–44, another 100–200.
  const lead: Candidate = {
    text: 'Đoàn đại biểu Việt Nam rời Lima khi nào?',
    source: { start: 0, end: 100 },
    expected: { start: 0, end: 11 },
  };
  const said: Candidate = { text: 'Bộ trưởng Bùi Thanh Sơn nhấn mạnh điều gì?', source: { start: 100, end: 200 } };
  const answer = (start: number, end: number, confidence = 0.9, sentence = { start: 0, end: 100 }): CandidateAnswer => ({
    confidence,
    shortAnswer: { start, end },
    sentence,
  });

  it('keeps a candidate answered confidently inside the words it asks about', () => {
    expect(pickSuggestions([lead], () => answer(0, 11), 4, 0.5)).toEqual([lead.text]);
  });

  it('drops a candidate answered below the cut-off, without a short answer, or from elsewhere', () => {
    expect(pickSuggestions([lead], () => answer(0, 11, 0.3), 4, 0.5)).toEqual([]);
    expect(pickSuggestions([lead], () => ({ confidence: 0.9, shortAnswer: null, sentence: null }), 4, 0.5)).toEqual([]);
    expect(pickSuggestions([lead], () => null, 4, 0.5)).toEqual([]);
    // Inside the sentence but mostly outside the date it asks for.
    expect(pickSuggestions([lead], () => answer(8, 40), 4, 0.5)).toEqual([]);
    // Another sentence answers: the service would answer another question.
    expect(pickSuggestions([said], () => answer(20, 30), 4, 0.5)).toEqual([]);
  });

  it('keeps one question per answering sentence, and never the question about the title once answers are checked', () => {
    const other: Candidate = { ...said, source: { start: 0, end: 100 } };
    expect(pickSuggestions([lead, other], (q) => (q === lead.text ? answer(0, 11) : answer(50, 60)), 4, 0.5)).toEqual([lead.text]);
    const title: Candidate = { text: 'Bài viết “Đoàn rời Lima” cho biết những gì?' };
    expect(pickSuggestions([title], () => answer(0, 11), 4, 0.5)).toEqual([]);
    expect(pickSuggestions([title])).toEqual([title.text]);
  });

  it('asks for answers lazily and stops at max', () => {
    const asked: string[] = [];
    const many = ['Việt Nam', 'Hà Lan', 'Nhật Bản'].map((name, i) => ({
      text: `${name} giành bao nhiêu huy chương vàng?`,
      source: { start: i * 100, end: i * 100 + 100 },
    }));
    const picked = pickSuggestions(
      many,
      (q) => (
        asked.push(q),
        answer(asked.length * 100 - 90, asked.length * 100 - 80, 0.9, { start: asked.length * 100 - 100, end: asked.length * 100 })
      ),
      2,
      0.5,
    );
    expect(picked).toEqual([many[0]!.text, many[1]!.text]);
    expect(asked).toHaveLength(2);
  });
});

describe('candidateQuestions', () => {
  it('asks who, where and when about the lead’s main event, and what a person said', () => {
    const body =
      'Tối 20/7, tại sân Mỹ Đình, đội tuyển Việt Nam đã đánh bại Thái Lan với tỷ số 2-1. ' +
      'Huấn luyện viên Kim Sang-sik khẳng định các cầu thủ đã chơi đúng chiến thuật.';
    const candidates = candidateQuestions(article(body));
    expect(texts(candidates)).toEqual([
      'Ai đã đánh bại Thái Lan với tỷ số 2-1?',
      'Đội tuyển Việt Nam đánh bại Thái Lan với tỷ số 2-1 ở đâu?',
      'Đội tuyển Việt Nam đánh bại Thái Lan với tỷ số 2-1 khi nào?',
      'Huấn luyện viên Kim Sang-sik khẳng định điều gì?',
    ]);
    // Each knows the words that answer it: the subject, the place clause, the date, what was said.
    const answeredBy = candidates.map((c) => body.slice(c.expected!.start, c.expected!.end));
    expect(answeredBy).toEqual(['đội tuyển Việt Nam', 'tại sân Mỹ Đình', 'Tối 20/7', 'các cầu thủ đã chơi đúng chiến thuật.']);
    expect(body.slice(candidates[0]!.source!.start, candidates[0]!.source!.end)).toBe(splitSentences(body)[0]!.text);
  });

  it('asks how much about amounts, with the counted unit', () => {
    const gold = 'Sáng 12/3, giá vàng miếng SJC tăng lên 92 triệu đồng mỗi lượng.';
    const amount = candidateQuestions(article(gold)).find((c) => c.text === 'Giá vàng miếng SJC tăng lên bao nhiêu?');
    expect(gold.slice(amount!.expected!.start, amount!.expected!.end).trim()).toBe('92 triệu đồng');
    expect(
      texts(
        candidateQuestions(
          article('Ngày 5/6, Bộ Giáo dục và Đào tạo cho biết kỳ thi tốt nghiệp THPT năm 2025 có hơn 1,1 triệu thí sinh đăng ký.'),
        ),
      ),
    ).toEqual(['Bộ Giáo dục và Đào tạo cho biết điều gì?', 'Kỳ thi tốt nghiệp THPT năm 2025 có bao nhiêu thí sinh?']);
  });

  it('asks what an acronym the article spells out stands for, answered by the words spelled out', () => {
    const body = 'Việt Nam tham dự Diễn đàn hợp tác kinh tế châu Á - Thái Bình Dương (APEC) tại Lima, Peru.';
    const define = candidateQuestions(article(body)).find((c) => c.text === 'APEC là gì?');
    expect(body.slice(define!.expected!.start, define!.expected!.end)).toBe('Diễn đàn hợp tác kinh tế châu Á - Thái Bình Dương');
  });

  it('leaves out the questions that do not name their subject', () => {
    const apecLead =
      'Chiều 16-11 theo giờ địa phương, Chủ tịch nước Lương Cường và đoàn đại biểu cấp cao Việt Nam đã rời Lima, kết thúc tốt đẹp chuyến thăm.';
    const questions = texts(candidateQuestions(article(apecLead)));
    expect(questions).not.toContain('Ai đã rời Lima?');
    expect(questions).toContain('Chủ tịch nước Lương Cường và đoàn đại biểu cấp cao Việt Nam rời Lima khi nào?');
    expect(texts(candidateQuestions(article('Chiều nay Hà Nội có mưa dông, nhiệt độ thấp nhất 22 độ C.')))).not.toContain(
      'Nhiệt độ thấp nhất bao nhiêu?',
    );
  });

  it('never asks "who" about a pronoun or a lower-case subject', () => {
    const questions = texts(
      candidateQuestions(article('Theo kế hoạch, thành phố sẽ xây dựng thêm 7 tuyến metro. Ông đã đề xuất phương án này.')),
    );
    expect(questions.some((q) => q.startsWith('Ai'))).toBe(false);
  });
});

describe('suggestQuestions (wording alone)', () => {
  it('keeps one of near-duplicate questions', () => {
    const body =
      'Trong khuôn khổ chuyến thăm, chiều 10/11, tại Thủ đô Santiago de Chile, ' +
      'Chủ tịch nước Lương Cường đã tiếp Chủ tịch Đảng Xã hội Chile Paulina Vodanovic.';
    expect(suggestQuestions(article(body))).toEqual(['Ai đã tiếp Chủ tịch Đảng Xã hội Chile Paulina Vodanovic?']);
  });

  it('falls back to the title when the lead gives too little', () => {
    expect(suggestQuestions(article('Tin vắn\n\nTrời đẹp.', 'Thời tiết cuối tuần ở Đà Lạt'))).toEqual([
      'Bài viết “Thời tiết cuối tuần ở Đà Lạt” cho biết những gì?',
    ]);
    expect(suggestQuestions(article('', ''))).toEqual([]);
  });
});

describe('on the shipped corpus, checked by the shipped reader', () => {
  let index: BuiltIndex;
  let qa: QaService;
  let reader: Reader;
  let articles: Article[];
  beforeAll(async () => {
    reader = await loadReader('models/hoidap-reader/reader.json');
    articles = (await readCorpus(['corpus'])).articles;
    const embedder = createEmbedder(loadConfig({}).config);
    index = await buildIndex(articles, {
      embedder,
      createVectorIndex: (d) => HnswVectorIndex.create(d),
      suggester: new Suggester({ check: readerChecker(reader) }),
    });
    // The service as it runs: hybrid retrieval, the trained reader.
    qa = new QaService({ retriever: new HybridRetriever(Object.assign(index, { embedder })), reader: { reader } });
  });

  it('stores 1–4 suggestions with every article, each naming its subject, no two alike', () => {
    for (const a of index.store.articles) {
      const suggestions = a.suggestions ?? [];
      expect(suggestions.length, a.id).toBeGreaterThanOrEqual(1);
      expect(suggestions.length, a.id).toBeLessThanOrEqual(4);
      for (const q of suggestions) {
        expect(q).toMatch(/^\p{Lu}.{8,138}\?$/u);
        expect(namesSubject(q), q).toBe(true);
      }
      for (const [i, q] of suggestions.entries())
        for (const r of suggestions.slice(i + 1)) expect(sameQuestion(q, r), `${q} / ${r}`).toBe(false);
    }
  });

  it('drops what the issue saw: the question without a subject and the repeated fact', () => {
    const apec = index.store.article('apec-peru-2024-11-16')!.suggestions!;
    expect(apec).not.toContain('Ai đã rời Lima?');
    expect(apec).toContain('Chủ tịch nước Lương Cường và đoàn đại biểu cấp cao Việt Nam rời Lima khi nào?');
    // The reader answers "APEC là gì?" from a sentence that does not spell it out.
    expect(apec).not.toContain('APEC là gì?');
    const chile = index.store.article('chile-paulina-vodanovic-2024-11-10')!.suggestions!;
    expect(chile).toEqual(['Ai đã tiếp Chủ tịch Đảng Xã hội Chile Paulina Vodanovic?', 'Chủ tịch nước Lương Cường bày tỏ điều gì?']);
  });

  it('suggests only questions the service answers under the article with a confident short answer, each another fact', async () => {
    for (const a of index.store.articles) {
      const sentences = new Set<string>();
      for (const question of a.suggestions ?? []) {
        const res = await qa.ask({ question, articleId: a.id });
        const what = `${a.id}: ${question}`;
        expect(res.found, what).toBe(true);
        expect(res.scope, what).toBe('article');
        expect(res.shortAnswer?.text.trim(), what).toBeTruthy();
        expect(res.citations[res.shortAnswer!.n - 1]!.articleId, what).toBe(a.id);
        expect(res.confidence, what).toBeGreaterThanOrEqual(SUGGESTION_MIN_CONFIDENCE);
        // The sentence the short answer is in: no two suggestions are answered from one.
        const body = articles.find((x) => x.id === a.id)!.body;
        const sentence = splitSentences(body).find((s) => s.start <= res.shortAnswer!.start && res.shortAnswer!.start < s.end)!;
        expect(sentences.has(sentence.text), what).toBe(false);
        sentences.add(sentence.text);
      }
    }
  });
});
