/**
 * A question typed without diacritics is searched with its restored reading, the reader's own
 * folded words as a fallback, and the restorer's runner-up reading of close calls: "chuoi" may
 * be chuối (banana) or chuỗi (chain), and a wrong guess must not hide the banana article.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/corpus/article.js';
import { article as newsArticle } from '../support/news-fixtures.js';
import { buildIndex, type BuiltIndex } from '../../src/index/build.js';
import { Question } from '../../src/index/question.js';
import { HybridRetriever } from '../../src/node/memory-index.js';
import { QaService } from '../../src/qa.js';
import { loadRestorer } from '../../src/node/restorer.js';

const article = (id: string, title: string, body: string): Article => newsArticle(id, title, body, '');

const BANANA = article(
  'chuoi-tre-nho',
  'Chuối tốt cho trẻ nhỏ',
  'Chuối giàu kali và chất xơ. Các bác sĩ nhi khoa cho biết tác dụng của chuối đối với trẻ nhỏ là giúp tiêu hóa tốt hơn. Mỗi ngày trẻ có thể ăn một quả chuối chín.',
);
const CHAIN = article(
  'chuoi-cua-hang',
  'Chuỗi cửa hàng đồ chơi mở rộng',
  'Một chuỗi cửa hàng đồ chơi vừa mở thêm mười cửa hàng. Theo giám đốc, tác dụng của chuỗi đối với trẻ nhỏ là có thêm nơi vui chơi an toàn.',
);
const OTHER = article('gia-vang', 'Giá vàng tăng', 'Sáng nay giá vàng miếng tăng mạnh, lên mức cao nhất trong năm.');

describe('retrieval of a restored question', () => {
  let index: BuiltIndex;
  beforeAll(async () => {
    index = await buildIndex([BANANA, CHAIN, OTHER]);
  });
  const top = async (settings: ConstructorParameters<typeof HybridRetriever>[1], forms: { restored: string; alternative?: string }) => {
    const question = new Question({ asked: 'tac dung cua chuoi doi voi tre nho', ...forms });
    const hits = await new HybridRetriever(index, settings).search(question, { k: 3, mode: 'lexical' });
    return hits.map((h) => h.article.id);
  };

  it('follows the restored reading when there is no runner-up', async () => {
    expect((await top({}, { restored: 'tác dụng của chuỗi đối với trẻ nhỏ' }))[0]).toBe('chuoi-cua-hang');
  });

  it('lets the runner-up reading bring back the article it spells', async () => {
    const options = { restored: 'tác dụng của chuỗi đối với trẻ nhỏ', alternative: 'tác dụng của chuối đối với trẻ nhỏ' };
    // Off, the wrong guess wins; on, the banana article (more of its words) comes first.
    expect((await top({ alternativeWeight: 0 }, options))[0]).toBe('chuoi-cua-hang');
    expect((await top({}, options))[0]).toBe('chuoi-tre-nho');
  });

  it('gets the runner-up from the shipped restorer through QaService', async () => {
    const qa = new QaService({ retriever: new HybridRetriever(index), mode: 'lexical', restorer: await loadRestorer() });
    const { response, hits } = await qa.askWithHits({ question: 'Tac dung cua chuoi doi voi tre nho?', k: 3 });
    expect(response.understoodAs).toBe('Tác dụng của chuỗi đối với trẻ nhỏ?');
    expect(hits[0]!.article.id).toBe('chuoi-tre-nho');
  });
});
