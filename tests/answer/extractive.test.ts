/**
 * The extractive answerer: it quotes the sentences of the retrieved passages that best cover the
 * question, with [n] markers and citations pointing at the exact characters of the article, and
 * says "not found" rather than guessing. Hits come from a real lexical index of small Vietnamese
 * news articles, as the service would hand them over.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ExtractiveAnswerer, type AnswerChunk, type AnswerInput, type AnswerResult } from '../../src/answer/answerer.js';
import {
  answerExtractive,
  citationOf,
  DEFAULT_EXTRACTIVE_OPTIONS,
  expectsNumber,
  NOT_FOUND_ANSWER,
  rankSentences,
  type ExtractiveInput,
} from '../../src/answer/extractive.js';
import { buildIndex } from '../../src/index/build.js';
import { Question } from '../../src/index/question.js';
import { HybridRetriever } from '../../src/node/memory-index.js';
import { article, GIA_VANG, newsIndex } from '../support/news-fixtures.js';

/** Long enough (over 800 characters) that the answer sentence lies in a later passage. */
const PHAO_HOA = article(
  'phao-hoa-da-nang',
  'Lễ hội pháo hoa quốc tế Đà Nẵng',
  [
    'Lễ hội pháo hoa quốc tế Đà Nẵng là sự kiện du lịch lớn nhất của thành phố bên sông Hàn.',
    'Mỗi mùa lễ hội, hàng trăm nghìn du khách trong và ngoài nước đổ về thành phố để thưởng thức những màn trình diễn rực rỡ.',
    'Các đội thi đến từ nhiều châu lục mang theo những ý tưởng sân khấu độc đáo, kết hợp âm nhạc, ánh sáng và công nghệ trình chiếu hiện đại.',
    'Khán đài hai bên bờ sông được lắp đặt từ nhiều tuần trước, còn các khách sạn ven biển thường kín phòng ngay từ đầu mùa.',
    'Người dân địa phương cũng tổ chức nhiều hoạt động văn hóa, ẩm thực đường phố và chợ đêm để phục vụ du khách.',
    'Ban tổ chức cho biết công tác an ninh, giao thông và vệ sinh môi trường được chuẩn bị kỹ lưỡng với sự tham gia của nhiều lực lượng.',
    'Nhiều tuyến đường trung tâm sẽ cấm xe vào các buổi tối có trình diễn để bảo đảm an toàn cho người đi bộ.',
  ].join(' ') +
    '\n\n' +
    'Đêm chung kết có sự tham gia của đội Phần Lan và đội Italy. Theo ban tổ chức, đội Italy đã giành chức vô địch với màn trình diễn mang chủ đề cổ tích.',
);
const PHAO_HOA_ANSWER = 'Theo ban tổ chức, đội Italy đã giành chức vô địch với màn trình diễn mang chủ đề cổ tích.';

const GDP = article(
  'gdp-2024',
  'Kinh tế năm 2024',
  'Theo báo cáo của Ngân hàng Thế giới [7], tăng trưởng GDP của Việt Nam năm 2024 đạt 7,09%. Xuất khẩu tiếp tục là động lực chính.',
);
const LONG_BIEN = article(
  'cau-long-bien',
  'Cây cầu trăm tuổi',
  'Cầu Long Biên ở Hà Nội khánh thành trong niềm vui của người dân. Cầu Long Biên khánh thành năm 1902.',
);
const CONG_DU = article(
  'cong-du-nam-my',
  'Chuyến công du Nam Mỹ',
  'Chủ tịch nước Lương Cường thăm Chile từ ngày 10/11. Sau đó, Chủ tịch nước Lương Cường thăm Peru từ ngày 13/11.',
);
const PERU = article(
  'peru',
  'Quan hệ Việt Nam - Peru',
  'Ngày 14/11, Chủ tịch nước Lương Cường thăm Peru. Chuyến thăm Peru của Chủ tịch nước Lương Cường kéo dài 3 ngày.',
);
const CHO = article('cho-que', 'Chợ quê', 'Cửa hàng bán chuỗi ngọc trai giá rẻ. Cửa hàng bán chuối chín giá rẻ.');
const CHILE = article(
  'chile',
  'Chuyến thăm Chile',
  'Nhiều du khách luống cuống khi đến Chile. Chủ tịch nước Lương Cường thăm chính thức Chile.',
);
const MUA = article('mua', 'Hà Nội mưa dông', 'Chiều nay Hà Nội có mưa dông, nhiệt độ thấp nhất 22 độ C. Người dân nên mang áo mưa.');
const VANG = article(
  'thi-truong-vang',
  'Thị trường vàng',
  'Nhẫn vàng 9999 được bán ra 91 triệu đồng mỗi lượng. Giá vàng miếng SJC hôm nay tăng lên 92 triệu đồng mỗi lượng.',
);

const ARTICLES = [PHAO_HOA, GDP, LONG_BIEN, CONG_DU, PERU, CHO, CHILE, MUA, VANG];
const bodyOf = (id: string) => ARTICLES.find((a) => a.id === id)!.body;

let retriever: HybridRetriever;

beforeAll(async () => {
  const index = await buildIndex(ARTICLES);
  retriever = new HybridRetriever({ store: index.store, lexical: index.lexical });
});

/** What the service hands the answerer: the question, its top-5 lexical hits, and the index's idf. */
async function inputFor(asked: string, restored?: string): Promise<ExtractiveInput> {
  const question = new Question({ asked, ...(restored ? { restored } : {}) });
  return {
    question: asked,
    ...(restored ? { restored } : {}),
    hits: await retriever.search(question, { k: 5, mode: 'lexical' }),
    idf: (term) => retriever.idf(term),
  };
}

/** The answer's sentences without their markers, in the order shown. */
const quotedSentences = (answer: string) => answer.split(/ \[\d+\] ?/u).filter(Boolean);

describe('answerExtractive', () => {
  it('quotes the best-covering sentence with a [1] marker and a quote pointing at its exact characters', async () => {
    // A reader taps the citation to see the sentence highlighted in the article: the offsets must
    // select exactly the quoted words, even when the sentence lies deep in a later passage.
    const input = await inputFor('Đội nào giành chức vô địch lễ hội pháo hoa Đà Nẵng?');
    const result = answerExtractive(input);
    expect(result.found).toBe(true);
    expect(result.answer).toBe(`${PHAO_HOA_ANSWER} [1]`);
    expect(result.citations).toHaveLength(1);
    const citation = result.citations[0]!;
    expect(citation).toMatchObject({ n: 1, articleId: PHAO_HOA.id, title: PHAO_HOA.title, url: PHAO_HOA.url });
    expect(citation.start).toBeGreaterThan(0); // a later passage: chunk offset + sentence offset
    expect(citation.passage).toBe(PHAO_HOA.body.slice(citation.start, citation.end));
    expect(PHAO_HOA.body.slice(citation.quote!.start, citation.quote!.end)).toBe(PHAO_HOA_ANSWER);
    expect(citation.quote!.start).toBeGreaterThanOrEqual(citation.start);
    expect(citation.quote!.end).toBeLessThanOrEqual(citation.end);
  });

  it('says "not found", with no citations, when no sentence covers enough of the question', async () => {
    // The gold-price article shares "giá" and "hôm nay" with a petrol question; quoting the gold
    // price as the petrol price would mislead the reader, so the answerer must decline.
    const input = await inputFor('Giá xăng RON 95 hôm nay là bao nhiêu?');
    expect(input.hits.length).toBeGreaterThan(0); // there was something to (wrongly) quote
    const best = rankSentences(input)[0]!;
    expect(best.coverage).toBeLessThan(DEFAULT_EXTRACTIVE_OPTIONS.minCoverage);
    expect(answerExtractive(input)).toEqual({ answer: NOT_FOUND_ANSWER, found: false, citations: [] });
    // The threshold is what decides: lowered below that coverage, the same sentence is quoted.
    const lenient = answerExtractive({ ...input, options: { minCoverage: best.coverage / 2 } });
    expect(lenient.found).toBe(true);
    expect(lenient.answer).toBe(`${best.text} [1]`);
  });

  it('prefers a sentence with a figure for a "năm nào" question over one repeating more names without one', async () => {
    // "Cầu Long Biên khánh thành năm nào?" must be answered with the year, not with the sentence
    // that repeats "Hà Nội" too but gives no date.
    const input = await inputFor('Cầu Long Biên ở Hà Nội khánh thành năm nào?');
    const [best, second] = rankSentences(input);
    expect(best!.text).toBe('Cầu Long Biên khánh thành năm 1902.');
    expect(second!.text).toBe('Cầu Long Biên ở Hà Nội khánh thành trong niềm vui của người dân.');
    // It is the no-number factor that decides: without it, the names win.
    const [unpenalized] = rankSentences({ ...input, options: { noNumberFactor: 1 } });
    expect(unpenalized!.text).toBe('Cầu Long Biên ở Hà Nội khánh thành trong niềm vui của người dân.');
    expect(answerExtractive({ ...input, options: { maxSentences: 1 } }).answer).toBe('Cầu Long Biên khánh thành năm 1902. [1]');
    expect(answerExtractive(input).answer).toContain('1902');
  });

  it('does not penalize sentences without figures when the question asks no number', async () => {
    // "như thế nào" asks for a description: the sentence with more of the question's names wins.
    const input = await inputFor('Cầu Long Biên ở Hà Nội khánh thành như thế nào?');
    expect(rankSentences(input)[0]!.text).toBe('Cầu Long Biên ở Hà Nội khánh thành trong niềm vui của người dân.');
  });

  it('adds a second sentence when it brings a question word the first lacks, in document order under one citation', async () => {
    // "thăm Peru và Chile khi nào" needs both dates: the best sentence (Peru) is the second of the
    // passage, so the answer reads Chile then Peru, as the article tells it, both marked [1].
    const input = await inputFor('Chủ tịch nước Lương Cường thăm Peru và Chile khi nào?');
    const [best, follower] = rankSentences(input);
    expect(best!.text).toBe('Sau đó, Chủ tịch nước Lương Cường thăm Peru từ ngày 13/11.');
    expect(follower!.text).toBe('Chủ tịch nước Lương Cường thăm Chile từ ngày 10/11.');
    expect(best!.hit).toBe(follower!.hit);
    const result = answerExtractive(input);
    expect(result.answer).toBe(
      'Chủ tịch nước Lương Cường thăm Chile từ ngày 10/11. [1] Sau đó, Chủ tịch nước Lương Cường thăm Peru từ ngày 13/11. [1]',
    );
    // Shown in the article's order, not in rank order: the follower, which comes first in the passage, is quoted first.
    expect(quotedSentences(result.answer)).toEqual([follower!.text, best!.text]);
    expect(result.citations).toHaveLength(1);
    expect(result.citations[0]!.articleId).toBe(CONG_DU.id);
    // One citation for the passage; its quote starts at the first sentence quoted, inside the passage.
    const { quote, start, end } = result.citations[0]!;
    expect(quote!.start).toBe(follower!.start);
    expect(quote!.start).toBeGreaterThanOrEqual(start);
    expect(quote!.end).toBeLessThanOrEqual(end);
    // maxSentences bounds it: with 1, only the best sentence is quoted.
    expect(answerExtractive({ ...input, options: { maxSentences: 1 } }).answer).toBe(`${best!.text} [1]`);
  });

  it('never adds a sentence that only repeats the names the first one already has', async () => {
    // On a phone screen, "Chuyến thăm Peru của Chủ tịch nước Lương Cường kéo dài 3 ngày" after
    // the date is noise: it scores well, but brings no word of the question the answer lacks.
    const input = await inputFor('Chủ tịch nước Lương Cường thăm Peru khi nào?');
    const [best, second] = rankSentences(input);
    expect(best!.text).toBe('Ngày 14/11, Chủ tịch nước Lương Cường thăm Peru.');
    // The runner-up passes the score and coverage bars; only the novelty rule can keep it out.
    expect(second!.score).toBeGreaterThanOrEqual(best!.score * DEFAULT_EXTRACTIVE_OPTIONS.followerRatio);
    expect(second!.coverage).toBeGreaterThanOrEqual(DEFAULT_EXTRACTIVE_OPTIONS.minCoverage);
    expect([...second!.covers].every((w) => best!.covers.has(w))).toBe(true);
    const result = answerExtractive(input);
    expect(result.answer).toBe('Ngày 14/11, Chủ tịch nước Lương Cường thăm Peru. [1]');
    expect(result.citations.map((c) => c.articleId)).toEqual([PERU.id]);
  });

  it('drops a "[7]" of the article text from the quote, keeping the citation on the original characters', async () => {
    // A footnote or a planted "[7]" would read as our marker and point at no source.
    const input = await inputFor('Tăng trưởng GDP của Việt Nam năm 2024 đạt bao nhiêu?');
    const result = answerExtractive(input);
    expect(result.answer).toBe('Theo báo cáo của Ngân hàng Thế giới, tăng trưởng GDP của Việt Nam năm 2024 đạt 7,09%. [1]');
    expect(result.answer).not.toContain('[7]');
    expect(result.citations.map((c) => c.n)).toEqual([1]);
    const { quote } = result.citations[0]!;
    expect(GDP.body.slice(quote!.start, quote!.end)).toBe(
      'Theo báo cáo của Ngân hàng Thế giới [7], tăng trưởng GDP của Việt Nam năm 2024 đạt 7,09%.',
    );
  });

  it('matches a question typed without diacritics against accented sentences', async () => {
    // Many readers type "gia vang hom nay" on a phone: it must find "Giá vàng … hôm nay".
    const { inputFor: newsInputFor, retriever: news } = await newsIndex();
    const folded = await newsInputFor('gia vang hom nay bao nhieu');
    const result = answerExtractive({ question: 'gia vang hom nay bao nhieu', hits: folded.hits, idf: (t) => news.idf(t) });
    const sentence = 'Sáng 12/3, giá vàng miếng SJC tăng lên 92 triệu đồng mỗi lượng.';
    expect(result.found).toBe(true);
    expect(result.answer).toBe(`${sentence} [1]`);
    expect(GIA_VANG.body.slice(result.citations[0]!.quote!.start, result.citations[0]!.quote!.end)).toBe(sentence);
    const [best] = rankSentences({ question: 'gia vang hom nay bao nhieu', hits: folded.hits, idf: (t) => news.idf(t) });
    expect([...best!.covers].sort()).toEqual(['gia', 'vang']);
    expect(best!.coverage).toBeGreaterThanOrEqual(DEFAULT_EXTRACTIVE_OPTIONS.minCoverage);
  });

  it('lets the restored reading break a tie between sentences equal in the folded comparison', async () => {
    // "chuoi" is chuối (banana) or chuỗi (chain): both sentences match what was typed equally;
    // the restored reading "chuối" decides, and without it the earlier sentence does.
    const asked = 'cua hang ban chuoi gia re';
    const plain = await inputFor(asked);
    const [a, b] = rankSentences(plain);
    expect(a!.coverage).toBe(b!.coverage);
    expect(answerExtractive(plain).answer).toBe('Cửa hàng bán chuỗi ngọc trai giá rẻ. [1]');
    const restored = await inputFor(asked, 'cửa hàng bán chuối giá rẻ');
    expect(answerExtractive(restored).answer).toBe('Cửa hàng bán chuối chín giá rẻ. [1]');
  });

  it('does not let a wrong restored reading outweigh what the reader typed', async () => {
    // "luong cuong" restored as "luống cuống" (flustered) is a bad guess for a name: the sentence
    // covering all the typed words (President Lương Cường visiting Chile) must still win.
    const input = await inputFor('luong cuong tham chile', 'Luống Cuống thăm Chile');
    const ranked = rankSentences(input);
    const flustered = ranked.find((c) => c.text === 'Nhiều du khách luống cuống khi đến Chile.')!;
    expect(flustered).toBeDefined();
    expect(ranked[0]!.text).toContain('Lương Cường thăm');
    expect(ranked[0]!.score).toBeGreaterThan(flustered.score);
    expect(answerExtractive(input).answer).not.toContain('luống cuống');
  });
});

describe('expectsNumber', () => {
  it('recognizes questions asking for a quantity, a date or a time, with or without diacritics', () => {
    // These decide whether a sentence without a figure can answer: a wrong "true" would demote
    // good descriptive answers, a wrong "false" would quote names instead of the price.
    for (const q of [
      'Giá vàng hôm nay bao nhiêu?',
      'gia vang hom nay bao nhieu',
      'Cầu Long Biên khánh thành năm nào?',
      'cau long bien khanh thanh nam nao',
      'Khi nào khai mạc SEA Games?',
      'Trận đấu diễn ra lúc mấy giờ',
      'Có mấy người bị thương?',
      'co may nguoi bi thuong',
    ]) {
      expect(expectsNumber(q), q).toBe(true);
    }
    for (const q of [
      'Ai là chủ tịch nước?',
      'Tại sao giá vàng tăng?',
      'tai sao gia vang tang',
      'Năm nay có gì mới?',
      'Hà Nội mưa dông như thế nào?',
    ]) {
      expect(expectsNumber(q), q).toBe(false);
    }
  });
});

describe('citationOf', () => {
  it('builds the citation from the indexed passage, with a quote only when one is given', async () => {
    // Citations must come from the index, never from answer text; the score is rounded for JSON.
    const input = await inputFor('Giá vàng miếng SJC hôm nay bao nhiêu?');
    const hit = input.hits[0]!;
    expect(hit.article.id).toBe(VANG.id);
    const plain = citationOf(hit, 3);
    expect(plain).toEqual({
      n: 3,
      articleId: VANG.id,
      title: VANG.title,
      url: VANG.url,
      publishedAt: VANG.publishedAt,
      passage: bodyOf(VANG.id).slice(hit.chunk.start, hit.chunk.end),
      start: hit.chunk.start,
      end: hit.chunk.end,
      score: Number(hit.score.toFixed(6)),
    });
    expect('quote' in plain).toBe(false);
    expect(citationOf(hit, 1, { start: 52, end: 112 }).quote).toEqual({ start: 52, end: 112 });
  });
});

describe('ExtractiveAnswerer', () => {
  async function collect(gen: AsyncGenerator<AnswerChunk, AnswerResult>): Promise<{ events: AnswerChunk[]; result: AnswerResult }> {
    const events: AnswerChunk[] = [];
    for (;;) {
      const next = await gen.next();
      if (next.done) return { events, result: next.value };
      events.push(next.value);
    }
  }

  let input: AnswerInput;
  beforeAll(async () => {
    const news = await newsIndex();
    input = await news.inputFor('Chủ tịch nước Lương Cường tiếp Chủ tịch Đảng Xã hội Chile ở đâu và khi nào?');
  });

  it('streams citations before any text, and the text pieces join into the final answer', async () => {
    // The widget draws the source cards first, then types the answer; what it types must be the
    // answer the service records.
    const { events, result } = await collect(new ExtractiveAnswerer().stream(input));
    expect(result.found).toBe(true);
    expect(result.answerer).toBe('extractive');
    expect(events[0]).toEqual({ type: 'citations', citations: result.citations });
    expect(events.slice(1).every((e) => e.type === 'text')).toBe(true);
    expect(events.length).toBeGreaterThan(2); // sent in word groups, not in one piece
    const text = events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('');
    expect(text).toBe(result.answer);
    expect(result.answer).toContain('Santiago de Chile');
    expect(result).toEqual({
      ...answerExtractive({ question: input.question.text, hits: input.hits, idf: input.idf }),
      answerer: 'extractive',
    });
  });

  it('replays an answer already written exactly as it would stream it', async () => {
    // The service keeps the answer its scope decision computed and replays it: the reader must
    // not see any difference from a fresh stream.
    const answerer = new ExtractiveAnswerer();
    const streamed = await collect(answerer.stream(input));
    const replayed = await collect(answerer.replay(answerer.answerNow(input)));
    expect(replayed.events).toEqual(streamed.events);
    expect(replayed.result).toEqual(streamed.result);
    expect(await answerer.answer(input)).toEqual(streamed.result);
  });

  it('streams "not found" with empty citations when nothing answers', async () => {
    // A refusal goes through the same stream: no source cards, the plain Vietnamese message.
    const news = await newsIndex();
    const { events, result } = await collect(new ExtractiveAnswerer().stream(await news.inputFor('Giá xăng RON 95 hôm nay là bao nhiêu?')));
    expect(result).toEqual({ answer: NOT_FOUND_ANSWER, found: false, citations: [], answerer: 'extractive' });
    expect(events[0]).toEqual({ type: 'citations', citations: [] });
    expect(events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('')).toBe(NOT_FOUND_ANSWER);
  });

  it("answers the Question's text and passes its restored reading and the answerer's options on", async () => {
    // A follow-up is answered in its rewritten, standalone form; the restored reading breaks
    // ties as in answerExtractive; options set on the answerer (here minCoverage) apply.
    const asked = 'cua hang ban chuoi gia re';
    const hits = (await inputFor(asked)).hits;
    const idf = (t: string) => retriever.idf(t);
    const answerer = new ExtractiveAnswerer();
    const withRestored = answerer.answerNow({ question: new Question({ asked, restored: 'cửa hàng bán chuối giá rẻ' }), hits, idf });
    expect(withRestored.answer).toBe('Cửa hàng bán chuối chín giá rẻ. [1]');
    const followUp = new Question({ asked: 'còn ngọc trai thì sao?', rewrittenAs: asked, restored: 'cửa hàng bán chuối giá rẻ' });
    expect(answerer.answerNow({ question: followUp, hits, idf }).answer).toBe('Cửa hàng bán chuối chín giá rẻ. [1]');
    const strict = new ExtractiveAnswerer({ minCoverage: 1.01 });
    expect(strict.answerNow({ question: new Question({ asked }), hits, idf })).toEqual({
      answer: NOT_FOUND_ANSWER,
      found: false,
      citations: [],
    });
  });
});
