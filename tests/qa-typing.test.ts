/**
 * Questions as readers type them on a phone, through QaService with the shipped restorer: read
 * back (src/text/typing/), restored, searched and answered, with `understoodAs` showing the reader
 * how the question was read. The real language model chooses between readings ("tt").
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../src/corpus/article.js';
import { buildIndex } from '../src/index/build.js';
import { HybridRetriever } from '../src/node/memory-index.js';
import { loadRestorer } from '../src/node/restorer.js';
import { QaService } from '../src/qa.js';
import type { DiacriticRestorer } from '../src/text/restore/restorer.js';
import { foldDiacritics } from '../src/text/normalize.js';
import { readTyping } from '../src/text/typing/read.js';
import { article } from './support/news-fixtures.js';
import { VINEWSQA_DEV } from './support/shared-datasets.js';

const ARTICLES: Article[] = [
  article(
    'gia-vang',
    'Giá vàng hôm nay tăng mạnh',
    'Sáng 12/3, giá vàng miếng SJC tăng lên 92 triệu đồng mỗi lượng. Các chuyên gia cho rằng nhu cầu trú ẩn tăng.',
  ),
  article(
    'thu-tuong',
    'Thủ tướng Phạm Minh Chính thăm Nhật Bản',
    'Thủ tướng Phạm Minh Chính đã thăm chính thức Nhật Bản từ ngày 20 đến 22/5. Trong chuyến thăm, Thủ tướng gặp Thủ tướng Nhật Bản.',
  ),
  article(
    'tong-thong',
    'Tổng thống Mỹ thăm Việt Nam',
    'Tổng thống Mỹ Joe Biden thăm cấp nhà nước Việt Nam vào ngày 10/9/2023. Chiếc máy bay của Tổng thống Mỹ có tên Air Force One.',
  ),
  article(
    'chile',
    'Chủ tịch nước thăm Chile',
    'Chủ tịch nước Lương Cường thăm chính thức Chile. Tại Thủ đô Santiago de Chile, Chủ tịch nước đã tiếp bà Paulina Vodanovic.',
  ),
];

let restorer: DiacriticRestorer;
let qa: QaService;

beforeAll(async () => {
  const index = await buildIndex(ARTICLES);
  restorer = await loadRestorer();
  qa = new QaService({ retriever: new HybridRetriever(index), mode: 'lexical', restorer });
});

const ask = async (question: string) => {
  const { response, hits } = await qa.askWithHits({ question, k: 3 });
  return { understoodAs: response.understoodAs, top: hits[0]?.article.id, answer: response.answer, found: response.found };
};

describe('QaService: a question typed on a phone', () => {
  it('reads "tt" by context with the restorer\'s model: thủ tướng before Phạm Minh Chính, tổng thống before Mỹ', async () => {
    expect(await ask('tt Phạm Minh Chính thăm nước nào')).toMatchObject({
      understoodAs: 'thủ tướng Phạm Minh Chính thăm nước nào',
      top: 'thu-tuong',
    });
    expect(await ask('tt my tham vn khi nao')).toMatchObject({
      understoodAs: 'tổng thống Mỹ thăm Việt Nam khi nào',
      top: 'tong-thong',
    });
  });

  it('restores a question typed without diacritics whose only "đ" is in an abbreviation', async () => {
    const result = await ask('gia vang hnay đc bn');
    expect(result).toMatchObject({ understoodAs: 'Giá vàng hôm nay được bao nhiêu', top: 'gia-vang', found: true });
    expect(result.answer).toContain('92 triệu đồng');
  });

  it('decodes leftover Telex keystrokes, and lets the model decide a lone s/r word', async () => {
    expect(await ask('Chur tichj nuwowcs thawm Chile')).toMatchObject({ understoodAs: 'Chủ tịch nước thăm Chile', top: 'chile' });
    // "mays" has no sure key (English ends words in s): the model finds "máy bay" likelier.
    expect(await ask('mays bay cua tt my ten j')).toMatchObject({ understoodAs: 'máy bay của tổng thống Mỹ tên gì', top: 'tong-thong' });
  });

  it('expands the first word a phone capitalized', async () => {
    expect((await ask('Ko biết giá vàng hôm nay bn')).understoodAs).toBe('Không biết giá vàng hôm nay bao nhiêu');
  });

  it('leaves a clean question as it was understood before: accented untouched, unaccented only restored', async () => {
    expect(await ask('Giá vàng hôm nay bao nhiêu?')).toMatchObject({ understoodAs: undefined, top: 'gia-vang' });
    expect(await ask('chu tich nuoc tham chile')).toMatchObject({ understoodAs: 'Chủ tịch nước thăm Chile', top: 'chile' });
    expect(await ask('giá gas hôm nay')).toMatchObject({ understoodAs: undefined });
  });
});

describe.runIf(VINEWSQA_DEV.length > 0)('readTyping on the ViNewsQA dev questions, with the shipped model', () => {
  it('returns every question, as written and without diacritics, unchanged', () => {
    const questions = VINEWSQA_DEV.map((q) => q.question);
    expect(questions.length).toBeGreaterThan(2000);
    const score = (text: string) => restorer.score(text);
    const changed = questions.flatMap((q) => [q, foldDiacritics(q)]).filter((q) => readTyping(q, score).text !== q);
    expect(changed).toEqual([]);
  });
});
