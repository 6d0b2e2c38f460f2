/**
 * How HybridRetriever merges BM25 and vector search. The default, score fusion, is BM25 scaled by
 * the question's best BM25 plus a weighted cosine: it keeps BM25's margins (a passage far ahead on
 * the words stays ahead) while letting a passage that says the same thing in other words in. RRF
 * is the alternative, and flattens those margins. Tested through `search()` on a real lexical
 * index and a real HNSW vector index holding hand-made unit vectors, so every cosine is known.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/corpus/article.js';
import { article as newsArticle } from '../support/news-fixtures.js';
import { buildIndex, type BuiltIndex } from '../../src/index/build.js';
import { Question } from '../../src/index/question.js';
import { DEFAULT_RETRIEVER_SETTINGS, type Hit, type QuestionEmbedder, type RetrieverSettings } from '../../src/index/retriever.js';
import { HybridRetriever } from '../../src/node/memory-index.js';
import { DEFAULT_HNSW, HnswVectorIndex } from '../../src/node/hnsw.js';

const article = (id: string, title: string, body: string): Article => newsArticle(id, title, body, '2025-03-12T08:00:00+07:00');

/** The question's embedding: every passage's cosine to it is the first coordinate of its vector. */
const QUERY = Float32Array.of(1, 0, 0);
/** A unit vector whose cosine to {@link QUERY} is `cos`. */
const unit = (cos: number) => Float32Array.of(cos, Math.sqrt(1 - cos * cos), 0);

const QUESTION = 'Giá vàng miếng SJC hôm nay bao nhiêu?';

// One passage each; doc numbers follow this order (0..6).
const XANG = article('gia-xang', 'Thị trường xăng dầu', 'Giá xăng RON 95 hôm nay giảm nhẹ, về mức 20 nghìn đồng mỗi lít.');
const VANG = article(
  'gia-vang',
  'Giá vàng tăng mạnh',
  'Giá vàng miếng SJC hôm nay tăng lên 92 triệu đồng mỗi lượng, vàng nhẫn cũng tăng theo.',
);
const KIM_LOAI = article('kim-loai-quy', 'Kim loại quý sôi động', 'Nhà đầu tư đổ xô mua tích trữ kim loại quý khi đồng bạc xanh suy yếu.');
const TIET_KIEM = article('lai-suat', 'Lãi suất tiết kiệm', 'Nhiều ngân hàng thương mại điều chỉnh lãi suất tiết kiệm kỳ hạn dài.');
const RAU = article('gia-rau', 'Chợ đầu mối', 'Giá rau xanh tại chợ đầu mối ổn định sau đợt mưa lớn.');
const BONG_DA = article(
  'bong-da',
  'Đội tuyển Việt Nam thắng Thái Lan',
  'Đội tuyển bóng đá Việt Nam thắng Thái Lan 2-1 trong trận chung kết.',
);
const MUA = article('mua', 'Hà Nội mưa dông', 'Chiều tối Hà Nội có mưa dông, nhiệt độ thấp nhất 22 độ C.');

const NEWS = [XANG, VANG, KIM_LOAI, TIET_KIEM, RAU, BONG_DA, MUA];
/**
 * Cosine of each article's passages to the question. The gold article is far ahead on the words
 * but the petrol one is slightly closer in meaning; the precious-metals article shares no word
 * with the question yet means nearly the same.
 */
const COSINES: Record<string, number[]> = {
  [XANG.id]: [0.85],
  [VANG.id]: [0.8],
  [KIM_LOAI.id]: [0.75],
  [TIET_KIEM.id]: [0.72],
  [RAU.id]: [0.7],
  [BONG_DA.id]: [0.1],
  [MUA.id]: [-0.2],
};

/** A question embedder that counts its calls: the retriever's own seam for tests. */
class FixedEmbedder implements QuestionEmbedder {
  readonly calls: string[] = [];
  async embedQuestion(text: string): Promise<Float32Array> {
    this.calls.push(text);
    return QUERY;
  }
}

interface Setup {
  index: BuiltIndex;
  vectors: HnswVectorIndex;
  embedder: FixedEmbedder;
  retriever: (settings?: Partial<RetrieverSettings>) => HybridRetriever;
}

async function setup(articles: Article[], cosines: Record<string, number[]>): Promise<Setup> {
  const index = await buildIndex(articles);
  const vectors = HnswVectorIndex.create(QUERY.length, { ...DEFAULT_HNSW, ef: 50 });
  for (const a of index.store.articles) {
    for (let n = 0; n < a.chunkCount; n++) vectors.add(a.firstChunk + n, unit(cosines[a.id]![n]!));
  }
  const embedder = new FixedEmbedder();
  const retriever = (settings: Partial<RetrieverSettings> = {}) =>
    new HybridRetriever({ store: index.store, lexical: index.lexical, vectors, embedder }, settings);
  return { index, vectors, embedder, retriever };
}

const docOf = (index: BuiltIndex, id: string) => index.store.rangeOf(id)!.start;
const ids = (hits: Hit[]) => hits.map((h) => h.article.id);
const scores = (hits: Hit[]) => new Map(hits.map((h) => [h.doc, h.score]));

let news: Setup;
beforeAll(async () => {
  news = await setup(NEWS, COSINES);
});

describe('score fusion (the default)', () => {
  it('is the default', () => {
    // The choice of fusion cost or won 30 points of articleHit@1: the default must not drift.
    expect(DEFAULT_RETRIEVER_SETTINGS.fusion).toBe('score');
    expect(news.retriever().settings.fusion).toBe('score');
  });

  it('scores each passage as BM25 / best BM25 + scoreVectorWeight × cosine', async () => {
    // The formula is what keeps both signals readable: 1 for the best word match, plus the meaning.
    for (const weight of [DEFAULT_RETRIEVER_SETTINGS.scoreVectorWeight, 0.8]) {
      const retriever = news.retriever({ scoreVectorWeight: weight });
      const lexical = await retriever.search(QUESTION, { k: 10, mode: 'lexical' });
      const vector = await retriever.search(QUESTION, { k: 10, mode: 'vector' });
      const hybrid = await retriever.search(QUESTION, { k: 10, mode: 'hybrid' });
      const bm25 = scores(lexical);
      const cosine = scores(vector);
      const best = lexical[0]!.score;
      expect(lexical[0]!.article.id).toBe(VANG.id);
      expect(hybrid).toHaveLength(NEWS.length);
      for (const hit of hybrid) {
        const expected = (bm25.get(hit.doc) ?? 0) / best + weight * cosine.get(hit.doc)!;
        expect(hit.score, hit.article.id).toBeCloseTo(expected, 10);
      }
      // Known cosines came through the vector index intact.
      expect(cosine.get(docOf(news.index, XANG.id))).toBeCloseTo(0.85, 5);
      expect(cosine.get(docOf(news.index, MUA.id))).toBeCloseTo(-0.2, 5);
      // The best word match is worth exactly 1 before its cosine.
      expect(hybrid[0]!.score).toBeCloseTo(1 + weight * cosine.get(hybrid[0]!.doc)!, 10);
      // Best first.
      expect(hybrid.map((h) => h.score)).toEqual([...hybrid.map((h) => h.score)].sort((a, b) => b - a));
    }
  });

  it("keeps BM25's margin, yet lets a passage with no matching word but a close meaning in", async () => {
    // A reader asking the gold price wants the gold article first, not the petrol one that is a
    // hair closer in embedding space; the precious-metals article, which never says "giá vàng",
    // is still worth showing ahead of passages that share only "giá".
    const retriever = news.retriever();
    const hybrid = await retriever.search(QUESTION, { k: 4, mode: 'hybrid' });
    const vector = await retriever.search(QUESTION, { k: 4, mode: 'vector' });
    const lexical = await retriever.search(QUESTION, { k: 10, mode: 'lexical' });
    expect(ids(vector).slice(0, 2)).toEqual([XANG.id, VANG.id]); // petrol is closer in meaning
    expect(ids(hybrid).slice(0, 2)).toEqual([VANG.id, XANG.id]); // but gold stays first
    expect(hybrid[0]!.score - hybrid[1]!.score).toBeGreaterThan(0.3);
    expect(ids(lexical)).not.toContain(KIM_LOAI.id);
    const metals = hybrid.find((h) => h.article.id === KIM_LOAI.id);
    expect(metals).toBeDefined();
    expect(metals!.lexicalRank).toBeUndefined();
    // Ahead of the football and weather passages, which are far in meaning.
    const all = ids(await retriever.search(QUESTION, { k: 10, mode: 'hybrid' }));
    expect(all.indexOf(KIM_LOAI.id)).toBeLessThan(all.indexOf(BONG_DA.id));
    expect(all.slice(-2)).toEqual([BONG_DA.id, MUA.id]);
  });

  it('gives a candidate found by one side only its exact score from the other side', async () => {
    // With 4 candidates a side, the vegetable-price passage is found by its word "giá" but is not
    // among the 4 nearest vectors; its cosine (0.70) must be computed from its stored vector, not
    // taken as 0, or a relevant passage would be ranked below ones that match nothing.
    const retriever = news.retriever({ candidates: 4 });
    const hybrid = await retriever.search(QUESTION, { k: 4, mode: 'hybrid' });
    const bm25 = scores(await retriever.search(QUESTION, { k: 10, mode: 'lexical' }));
    const cosine = scores(await retriever.search(QUESTION, { k: 10, mode: 'vector' }));
    const best = Math.max(...bm25.values());
    const rau = hybrid.find((h) => h.article.id === RAU.id)!;
    expect(rau).toBeDefined();
    expect(rau.vectorRank).toBeUndefined(); // not in the vector side's list
    expect(rau.lexicalRank).toBe(2);
    const lexicalPart = bm25.get(rau.doc)! / best;
    expect(rau.score).toBeCloseTo(lexicalPart + 0.5 * cosine.get(rau.doc)!, 6);
    expect(rau.score - lexicalPart).toBeCloseTo(0.35, 5);
    // And the other way: a vector-only candidate has no word of the question, so BM25 0.
    const metals = hybrid.find((h) => h.article.id === KIM_LOAI.id)!;
    expect(metals.lexicalRank).toBeUndefined();
    expect(metals.vectorRank).toBe(2);
    expect(metals.score).toBeCloseTo(0.5 * cosine.get(metals.doc)!, 10);
    expect(ids(hybrid)).toEqual([VANG.id, XANG.id, RAU.id, KIM_LOAI.id]);
  });

  it("reports each hit's rank on both sides", async () => {
    // The eval and debugging tools read lexicalRank / vectorRank to tell which side found a passage.
    const retriever = news.retriever();
    const hybrid = await retriever.search(QUESTION, { k: 10, mode: 'hybrid' });
    const lexical = await retriever.search(QUESTION, { k: 10, mode: 'lexical' });
    const vector = await retriever.search(QUESTION, { k: 10, mode: 'vector' });
    for (const hit of hybrid) {
      const l = lexical.findIndex((h) => h.doc === hit.doc);
      const v = vector.findIndex((h) => h.doc === hit.doc);
      expect(hit.lexicalRank, hit.article.id).toBe(l >= 0 ? l : undefined);
      expect(hit.vectorRank, hit.article.id).toBe(v >= 0 ? v : undefined);
    }
    expect(hybrid.find((h) => h.article.id === VANG.id)).toMatchObject({ lexicalRank: 0, vectorRank: 1 });
    expect(vector.every((h) => h.lexicalRank === undefined && h.vectorRank !== undefined)).toBe(true);
    expect(lexical.every((h) => h.vectorRank === undefined && h.lexicalRank !== undefined)).toBe(true);
  });
});

describe('reciprocal rank fusion', () => {
  it('sums 1 / (rrfK + rank + 1) over the sides, the vector side weighted by vectorWeight', async () => {
    // RRF is kept for comparison runs; its scores must be the textbook ones to compare fairly.
    for (const settings of [{ fusion: 'rrf' as const }, { fusion: 'rrf' as const, rrfK: 10, vectorWeight: 2 }]) {
      const retriever = news.retriever(settings);
      const { rrfK, vectorWeight } = retriever.settings;
      const hybrid = await retriever.search(QUESTION, { k: 10, mode: 'hybrid' });
      expect(hybrid).toHaveLength(NEWS.length);
      for (const hit of hybrid) {
        const expected =
          (hit.lexicalRank === undefined ? 0 : 1 / (rrfK + hit.lexicalRank + 1)) +
          (hit.vectorRank === undefined ? 0 : vectorWeight / (rrfK + hit.vectorRank + 1));
        expect(hit.score, hit.article.id).toBeCloseTo(expected, 12);
      }
      const gold = hybrid.find((h) => h.article.id === VANG.id)!;
      expect(gold.score).toBeCloseTo(1 / (rrfK + 1) + vectorWeight / (rrfK + 2), 12);
      const weather = hybrid.find((h) => h.article.id === MUA.id)!;
      expect(weather.score).toBeCloseTo(vectorWeight / (rrfK + NEWS.length), 12);
    }
  });

  it("flattens BM25's margin: first on words and second on meaning ties with the reverse", async () => {
    // Why score fusion is the default: under RRF the gold article, far ahead on the words, only
    // ties the petrol article (second on words, first on meaning) and loses on doc number.
    const rrf = await news.retriever({ fusion: 'rrf' }).search(QUESTION, { k: 3, mode: 'hybrid' });
    const [petrol, gold] = rrf;
    expect(petrol).toMatchObject({ lexicalRank: 1, vectorRank: 0 });
    expect(petrol!.article.id).toBe(XANG.id);
    expect(gold).toMatchObject({ lexicalRank: 0, vectorRank: 1 });
    expect(gold!.article.id).toBe(VANG.id);
    expect(gold!.score).toBe(petrol!.score);
    const score = await news.retriever().search(QUESTION, { k: 3, mode: 'hybrid' });
    expect(ids(score).slice(0, 2)).toEqual([VANG.id, XANG.id]);
  });
});

describe('ordering', () => {
  it('breaks ties by doc number, so the same question always lists the same passages in the same order', async () => {
    // An article republished under a second address has the same words and the same meaning:
    // the older one (lower doc number) comes first, every time.
    const original = article('vang-goc', 'Giá vàng miếng', 'Giá vàng miếng SJC hôm nay tăng lên 92 triệu đồng mỗi lượng.');
    const copy = { ...original, id: 'vang-dang-lai', url: 'https://bao.example/vang-dang-lai' };
    const other = article('vang-nhan', 'Vàng nhẫn', 'Giá vàng nhẫn hôm nay đi ngang.');
    const dup = await setup([other, original, copy], { [original.id]: [0.6], [copy.id]: [0.6], [other.id]: [0.9] });
    for (const fusion of ['score', 'rrf'] as const) {
      const retriever = dup.retriever({ fusion });
      const first = await retriever.search(QUESTION, { k: 3, mode: 'hybrid' });
      const a = first.find((h) => h.article.id === original.id)!;
      const b = first.find((h) => h.article.id === copy.id)!;
      if (fusion === 'score') expect(a.score).toBe(b.score);
      expect(first.indexOf(a)).toBeLessThan(first.indexOf(b));
      expect(a.doc).toBeLessThan(b.doc);
      const again = await retriever.search(QUESTION, { k: 3, mode: 'hybrid' });
      expect(again.map((h) => h.doc)).toEqual(first.map((h) => h.doc));
    }
  });
});

describe('an index without vectors', () => {
  it("refuses 'vector' and 'hybrid' with a message pointing at --retriever lexical", async () => {
    // An editor who built a lexical-only index must be told what to run instead, not see a crash.
    const lexicalOnly = new HybridRetriever({ store: news.index.store, lexical: news.index.lexical });
    expect(lexicalOnly.supports('lexical')).toBe(true);
    expect(lexicalOnly.supports('hybrid')).toBe(false);
    for (const mode of ['vector', 'hybrid'] as const) {
      await expect(lexicalOnly.search(QUESTION, { k: 3, mode })).rejects.toThrow(/--retriever lexical/);
    }
    // Vectors without an embedder cannot embed the question either.
    const noEmbedder = new HybridRetriever({ store: news.index.store, lexical: news.index.lexical, vectors: news.vectors });
    await expect(noEmbedder.search(QUESTION, { k: 3, mode: 'hybrid' })).rejects.toThrow(/--retriever lexical/);
    expect(ids(await lexicalOnly.search(QUESTION, { k: 1, mode: 'lexical' }))).toEqual([VANG.id]);
  });
});

describe('a search scoped to one article', () => {
  const LONG = article(
    'vang-tuan-qua',
    'Thị trường vàng tuần qua',
    [
      'Tuần qua, thị trường vàng trong nước biến động mạnh theo diễn biến của giá thế giới.',
      'Đầu tuần, nhiều cửa hàng tại Hà Nội và Thành phố Hồ Chí Minh ghi nhận lượng khách tăng đột biến.',
      'Các doanh nghiệp kinh doanh vàng bạc đá quý cho biết nguồn cung vẫn được bảo đảm.',
      'Ngân hàng Nhà nước tiếp tục theo dõi sát diễn biến thị trường và sẵn sàng can thiệp khi cần thiết.',
      'Giới phân tích nhận định lãi suất và tỷ giá vẫn là những yếu tố chi phối xu hướng trong ngắn hạn.',
      'Người dân được khuyến cáo cân nhắc kỹ trước khi mua vào, tránh chạy theo tâm lý đám đông.',
      'Một số chuyên gia cho rằng biên độ giữa giá mua và giá bán hiện nay quá rộng.',
    ].join(' ') +
      '\n\n' +
      [
        'Cuối tuần, giá vàng miếng SJC hôm nay được niêm yết ở mức 90 triệu đồng mỗi lượng.',
        'Vàng nhẫn cũng tăng nhưng chậm hơn, dao động quanh mức 88 triệu đồng mỗi lượng.',
        'Các nhà đầu tư nhỏ lẻ chủ yếu mua vàng nhẫn để tích trữ dài hạn.',
        'Nhiều cửa hàng cho biết lượng khách bán ra cũng tăng khi giá lên cao.',
        'Dự báo tuần tới thị trường sẽ tiếp tục biến động theo diễn biến của đồng đô la Mỹ.',
        'Giới kinh doanh khuyên người mua nên chọn các cửa hàng uy tín có hóa đơn rõ ràng.',
      ].join(' '),
  );

  it('restricts both sides, and the fusion, to that article’s passages', async () => {
    // Under an article the widget answers from that article first: passages of other articles,
    // however good on words or meaning, must not slip in through either side.
    const scoped = await setup([VANG, LONG, XANG], { [VANG.id]: [0.95], [XANG.id]: [0.9], [LONG.id]: [0.3, 0.5] });
    const range = scoped.index.store.rangeOf(LONG.id)!;
    expect(range.end - range.start).toBe(2); // two passages
    const retriever = scoped.retriever();
    const siteWide = await retriever.search(QUESTION, { k: 10, mode: 'hybrid' });
    expect(siteWide[0]!.article.id).toBe(VANG.id); // the other article would win site-wide

    const options = { k: 10, articleId: LONG.id };
    const hybrid = await retriever.search(QUESTION, { ...options, mode: 'hybrid' });
    const lexical = await retriever.search(QUESTION, { ...options, mode: 'lexical' });
    const vector = await retriever.search(QUESTION, { ...options, mode: 'vector' });
    for (const hits of [hybrid, lexical, vector]) {
      expect(hits.length).toBeGreaterThan(0);
      expect(new Set(ids(hits))).toEqual(new Set([LONG.id]));
      for (const h of hits) expect(h.doc >= range.start && h.doc < range.end).toBe(true);
    }
    expect(vector).toHaveLength(range.end - range.start);
    expect(vector.map((h) => h.score)).toEqual([expect.closeTo(0.5, 5), expect.closeTo(0.3, 5)]);
    expect(vector.map((h) => h.doc)).toEqual([range.start + 1, range.start]);
    // Ranks are within the article, and BM25 is scaled by the article's own best passage.
    const bm25 = scores(lexical);
    const cosine = scores(vector);
    const best = lexical[0]!.score;
    for (const hit of hybrid) {
      expect(hit.score).toBeCloseTo((bm25.get(hit.doc) ?? 0) / best + 0.5 * cosine.get(hit.doc)!, 6);
      if (hit.lexicalRank !== undefined) expect(hit.lexicalRank).toBeLessThan(range.end - range.start);
      expect(hit.vectorRank).toBeLessThan(range.end - range.start);
    }
    expect(hybrid.some((h) => h.lexicalRank === 0 && h.score >= 1)).toBe(true);
    expect(await retriever.search(QUESTION, { k: 10, articleId: 'khong-co-bai-nay', mode: 'hybrid' })).toEqual([]);
  });
});

describe('the question embedding', () => {
  it('is computed once for two searches of the same Question, and once per search of a plain string', async () => {
    // Under an article the service searches twice (the article, then the site): embedding the
    // question twice would double the slowest step of answering on a small server.
    const { embedder, retriever } = await setup(NEWS, COSINES);
    const r = retriever();
    const question = new Question({ asked: 'gia vang mieng sjc hom nay', restored: 'giá vàng miếng SJC hôm nay' });
    const scopedHits = await r.search(question, { k: 3, mode: 'hybrid', articleId: VANG.id });
    const siteHits = await r.search(question, { k: 3, mode: 'hybrid' });
    expect(embedder.calls).toEqual(['giá vàng miếng SJC hôm nay']); // once, the restored reading
    expect(ids(scopedHits)).toEqual([VANG.id]);
    expect(siteHits[0]!.article.id).toBe(VANG.id);

    embedder.calls.length = 0;
    await r.search(QUESTION, { k: 3, mode: 'hybrid' });
    await r.search(QUESTION, { k: 3, mode: 'hybrid' });
    expect(embedder.calls).toEqual([QUESTION, QUESTION]);

    embedder.calls.length = 0;
    await r.search(QUESTION, { k: 3, mode: 'lexical' });
    expect(embedder.calls).toEqual([]); // lexical search needs no embedding
  });
});
