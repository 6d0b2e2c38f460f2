/**
 * The editors' page as HTML: the numbers it shows (bars, sentences, totals), the links it builds
 * (text fragments to the quoted passage), what it does with readers' markup, and what it says
 * when there is nothing to show. Read through linkedom's DOM, as a browser would parse it; the
 * page in a real browser (auth, requests, layout) is tests/browser/insights.test.ts.
 */
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { insightsPage } from '../../src/insights/page.js';
import type { DayCount, Insights } from '../../src/insights/types.js';

interface Node {
  textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): Node | null;
  querySelectorAll(selector: string): ArrayLike<Node>;
}

/** The parts of linkedom's document these tests read (server code's tsconfig has no DOM lib). */
function parse(html: string): Node & { documentElement: Node } {
  const window: unknown = parseHTML(html);
  return (window as { document: Node & { documentElement: Node } }).document;
}

const all = (root: Node, selector: string): Node[] => Array.from(root.querySelectorAll(selector));
const one = (root: Node, selector: string): Node => {
  const found = root.querySelector(selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found;
};
const text = (node: Node | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
/** The header's totals as "label value", one per tile. */
const tiles = (root: Node) => all(root, '.totals div').map((tile) => `${text(one(tile, 'dt'))} ${text(one(tile, 'dd'))}`);
const num = (node: Node, attribute: string) => Number(node.getAttribute(attribute));

const IMG = '<img src=x onerror=alert(1)>';

const DAYS: DayCount[] = [
  { day: '2025-11-01', questions: 12, unanswered: 3 },
  { day: '2025-11-02', questions: 0, unanswered: 0 },
  { day: '2025-11-03', questions: 40, unanswered: 10 },
  { day: '2025-11-04', questions: 20, unanswered: 0 },
];

function insights(overrides: Partial<Insights> = {}): Insights {
  return {
    generatedAt: '2025-11-04T16:30:00.000Z',
    from: '2025-11-01',
    to: '2025-11-04',
    totals: { questions: 72, found: 59, unanswered: 13, up: 21, down: 2 },
    perDay: DAYS,
    topArticles: [
      {
        articleId: 'gia-xang-giam',
        title: 'Giá xăng giảm gần 1.000 đồng mỗi lít',
        url: 'https://baomau.vn/gia-xang-giam.html',
        questions: 30,
        unanswered: 6,
      },
      { articleId: 'bai-khong-ten', title: '', url: '', questions: 15, unanswered: 0 },
      { articleId: 'bai-lua', title: 'Bài có địa chỉ lạ', url: "javascript:alert('url')", questions: 6, unanswered: 1 },
    ],
    unansweredTopics: [
      {
        label: 'giá xăng',
        count: 37,
        examples: ['Giá xăng hôm nay bao nhiêu?', 'Khi nào giá xăng giảm tiếp?'],
        articles: ['gia-xang-giam', 'bai-chua-biet'],
        // 18:30 UTC on 2 November is 01:30 on 3 November in Việt Nam.
        first: '2025-11-02T18:30:00.000Z',
        last: '2025-11-29T03:00:00.000Z',
      },
      {
        label: 'lịch nghỉ Tết',
        count: 1,
        examples: ['Tết 2026 nghỉ mấy ngày?'],
        articles: [],
        first: '2025-11-04T02:00:00.000Z',
        last: '2025-11-04T02:00:00.000Z',
      },
    ],
    downvotes: [
      {
        at: '2025-11-04T07:05:00.000Z',
        question: 'Giá xăng RON 95 giảm bao nhiêu?',
        answer: 'Giá xăng RON 95 giảm 1.000 đồng mỗi lít. [1]',
        reasons: ['wrong_info', 'missing_source'],
        note: 'Bài nói giảm 980 đồng chứ không phải 1.000.',
        articleId: 'gia-xang-giam',
        citations: [
          {
            n: 1,
            articleId: 'gia-xang-giam',
            title: 'Giá xăng giảm gần 1.000 đồng mỗi lít',
            url: 'https://baomau.vn/gia-xang-giam.html',
            start: 120,
            end: 205,
            quote: 'Giá xăng RON-95, theo Bộ Công Thương, giảm 1.000 đồng/lít từ 15 giờ chiều nay.',
          },
          { n: 2, articleId: 'bai-noi-bo', title: '', url: '', start: 0, end: 80, quote: 'Bài chưa đăng, chỉ có trong chỉ mục.' },
        ],
      },
      {
        at: '2025-11-02T01:00:00.000Z',
        question: 'Vàng hôm nay thế nào?',
        answer: 'Giá vàng tăng, lập đỉnh mới. [1]',
        reasons: ['off_topic'],
        citations: [
          {
            n: 1,
            articleId: 'gia-vang',
            title: 'Giá vàng',
            url: 'https://baomau.vn/gia-vang.html#tom-tat',
            start: 0,
            end: 30,
            quote: 'Giá vàng tăng, lập đỉnh mới',
          },
        ],
      },
    ],
    damaged: { questions: 0, feedback: 0 },
    questionLog: true,
    ...overrides,
  };
}

describe('insightsPage', () => {
  it('is a Vietnamese document that asks nothing of the network and is not indexed', () => {
    const html = insightsPage(insights());
    const doc = parse(html);
    expect(one(doc, 'html').getAttribute('lang')).toBe('vi');
    expect(one(doc, 'meta[name="robots"]').getAttribute('content')).toBe('noindex');
    expect(all(doc, 'script')).toHaveLength(0);
    expect(all(doc, '[src]')).toHaveLength(0);
    expect(all(doc, 'link').map((l) => l.getAttribute('href')!.slice(0, 5))).toEqual(['data:']);
    expect(html).not.toMatch(/@import|url\(/);
    expect(all(doc, 'style')).toHaveLength(1);
  });

  it('states the period in Việt Nam dates and the totals, with the share unanswered', () => {
    const doc = parse(insightsPage(insights()));
    expect(text(one(doc, '.period'))).toContain('Từ 01/11/2025 đến 04/11/2025');
    // 16:30 UTC is 23:30 in Việt Nam, the same day.
    expect(text(one(doc, '.period'))).toContain('23:30 04/11/2025');
    expect(tiles(doc)).toEqual([
      'Câu hỏi 72',
      'Có câu trả lời 59 (81,9%)',
      'Chưa trả lời được 13 (18,1%)',
      '👍 Hữu ích 21',
      '👎 Chưa tốt 2',
    ]);
  });

  it('draws one stacked bar per day, heights proportional to its counts', () => {
    const doc = parse(insightsPage(insights()));
    const bars = all(doc, '#moi-ngay svg g.day');
    expect(bars).toHaveLength(DAYS.length);
    const viewBoxHeight = Number(one(doc, '#moi-ngay svg').getAttribute('viewBox')!.split(' ')[3]);
    const max = Math.max(...DAYS.map((d) => d.questions));
    bars.forEach((bar, i) => {
      const day = DAYS[i]!;
      expect(bar.getAttribute('data-day')).toBe(day.day);
      const ok = one(bar, 'rect.ok');
      const miss = one(bar, 'rect.miss');
      expect(num(ok, 'height') + num(miss, 'height')).toBeCloseTo((day.questions / max) * viewBoxHeight, 1);
      expect(num(miss, 'height')).toBeCloseTo((day.unanswered / max) * viewBoxHeight, 1);
      // Stacked on the baseline: answered at the bottom, unanswered right on top of it.
      expect(num(ok, 'y') + num(ok, 'height')).toBeCloseTo(viewBoxHeight, 1);
      expect(num(miss, 'y') + num(miss, 'height')).toBeCloseTo(num(ok, 'y'), 1);
    });
    expect(text(bars[2]!.querySelector('title'))).toBe('Thứ hai 03/11/2025: 40 câu hỏi, 30 có câu trả lời, 10 chưa trả lời được');
    expect(text(one(doc, '.ymax'))).toBe('40');
  });

  it('gives the chart numbers to screen readers as a table', () => {
    const doc = parse(insightsPage(insights()));
    const svg = one(doc, '#moi-ngay svg');
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toContain('40');
    const rows = all(doc, '#moi-ngay .sr-only table tbody tr').map((row) => all(row, 'th, td').map(text));
    expect(rows).toEqual([
      ['Thứ bảy 01/11/2025', '12', '9', '3'],
      ['Chủ nhật 02/11/2025', '0', '0', '0'],
      ['Thứ hai 03/11/2025', '40', '30', '10'],
      ['Thứ ba 04/11/2025', '20', '20', '0'],
    ]);
  });

  it('lists the most asked articles linked by title, the id when the title is unknown, web URLs only', () => {
    const doc = parse(insightsPage(insights()));
    const items = all(doc, '#bai-viet li');
    expect(items).toHaveLength(3);
    const first = one(items[0]!, 'a.title');
    expect(first.getAttribute('href')).toBe('https://baomau.vn/gia-xang-giam.html');
    expect(text(first)).toBe('Giá xăng giảm gần 1.000 đồng mỗi lít');
    expect(text(one(items[0]!, '.count'))).toBe('30 câu hỏi, 6 chưa trả lời được');
    expect(text(one(items[1]!, '.title'))).toBe('bai-khong-ten');
    expect(items[1]!.querySelector('a')).toBeNull();
    // A javascript: URL stays text.
    expect(items[2]!.querySelector('a')).toBeNull();
    expect(text(one(items[2]!, '.title'))).toBe('Bài có địa chỉ lạ');
    // Bar lengths: share of the busiest article.
    const widths = items.map((item) => num(one(item, 'rect.ok'), 'width') + num(one(item, 'rect.miss'), 'width'));
    expect(widths).toEqual([100, 50, 20]);
    expect(num(one(items[0]!, 'rect.miss'), 'width')).toBe(20);
  });

  it('sums up each unanswered topic in one sentence, with its examples and articles', () => {
    const doc = parse(insightsPage(insights()));
    const cards = all(doc, '#chua-tra-loi .topic');
    expect(cards).toHaveLength(2);
    expect(text(one(cards[0]!, '.lead'))).toBe('Độc giả hỏi 37 lần về «giá xăng» (3/11 – 29/11), không bài nào trả lời.');
    expect(all(cards[0]!, '.examples li').map(text)).toEqual(['Giá xăng hôm nay bao nhiêu?', 'Khi nào giá xăng giảm tiếp?']);
    // An article known from the top list is linked by title; an unknown one shows its id.
    const where = all(cards[0]!, '.where li');
    expect(one(where[0]!, 'a').getAttribute('href')).toBe('https://baomau.vn/gia-xang-giam.html');
    expect(text(where[1]!)).toBe('bai-chua-biet');
    // One day: one date.
    expect(text(one(cards[1]!, '.lead'))).toBe('Độc giả hỏi 1 lần về «lịch nghỉ Tết» (4/11), không bài nào trả lời.');
    expect(text(one(cards[1]!, 'p.where'))).toBe('Hỏi trên toàn trang, không dưới bài nào.');
  });

  it('shows the year when a topic spans two', () => {
    const topic = { ...insights().unansweredTopics[0]!, first: '2025-12-28T10:00:00.000Z', last: '2026-01-02T10:00:00.000Z' };
    const doc = parse(insightsPage(insights({ unansweredTopics: [topic] })));
    expect(text(one(doc, '.lead'))).toContain('(28/12/2025 – 2/1/2026)');
  });

  it('shows each 👎 with question, answer, reasons, note and the cited passages, newest first', () => {
    const doc = parse(insightsPage(insights()));
    const cards = all(doc, '#danh-gia .downvote');
    expect(cards.map((c) => text(one(c, '.question')))).toEqual(['Giá xăng RON 95 giảm bao nhiêu?', 'Vàng hôm nay thế nào?']);
    const first = cards[0]!;
    expect(text(one(first, '.when'))).toBe('14:05 04/11/2025 · hỏi dưới bài Giá xăng giảm gần 1.000 đồng mỗi lít');
    expect(text(one(first, '.answer p'))).toBe('Giá xăng RON 95 giảm 1.000 đồng mỗi lít. [1]');
    expect(all(first, '.reasons li').map(text)).toEqual(['Sai thông tin', 'Thiếu nguồn']);
    expect(text(one(first, '.note'))).toBe('Độc giả ghi: Bài nói giảm 980 đồng chứ không phải 1.000.');
    const citations = all(first, '.citations li');
    expect(text(one(citations[0]!, 'blockquote'))).toBe('Giá xăng RON-95, theo Bộ Công Thương, giảm 1.000 đồng/lít từ 15 giờ chiều nay.');
    // No URL: the article's id, and no link.
    expect(text(one(citations[1]!, '.source'))).toBe('[2] bai-noi-bo (bài bai-noi-bo, không có địa chỉ)');
    expect(citations[1]!.querySelector('a')).toBeNull();
  });

  it('links each quote to its passage with a text fragment of its first and last words', () => {
    const doc = parse(insightsPage(insights()));
    const [first, second] = all(doc, '#danh-gia .downvote');
    const href = one(first!, '.citations li a.open').getAttribute('href')!;
    // "Giá xăng RON-95, theo Bộ" … "từ 15 giờ chiều nay.": commas and hyphens percent-encoded, as the syntax needs.
    expect(href).toBe(
      'https://baomau.vn/gia-xang-giam.html#:~:text=Gi%C3%A1%20x%C4%83ng%20RON%2D95%2C%20theo%20B%E1%BB%99,t%E1%BB%AB%2015%20gi%E1%BB%9D%20chi%E1%BB%81u%20nay.',
    );
    const [start, end] = href.split('#:~:text=')[1]!.split(',').map(decodeURIComponent);
    expect(start).toBe('Giá xăng RON-95, theo Bộ');
    expect(end).toBe('từ 15 giờ chiều nay.');
    // A short quote is used whole; a URL with a fragment gets the directive after it.
    expect(one(second!, 'a.open').getAttribute('href')).toBe(
      'https://baomau.vn/gia-vang.html#tom-tat:~:text=Gi%C3%A1%20v%C3%A0ng%20t%C4%83ng%2C%20l%E1%BA%ADp%20%C4%91%E1%BB%89nh%20m%E1%BB%9Bi',
    );
  });

  it('shows readers’ markup as text, never as tags or attributes', () => {
    const hostile = insights();
    const down = hostile.downvotes[0]!;
    hostile.downvotes[0] = {
      ...down,
      question: `Vì sao ${IMG}?`,
      answer: `Trả lời ${IMG}`,
      note: `<script>alert("ghi chú")</script>`,
      citations: [
        { ...down.citations[0]!, title: `Tiêu đề ${IMG}`, url: 'https://baomau.vn/a"onmouseover="alert(1)', quote: `Trích ${IMG} đoạn` },
      ],
    };
    hostile.unansweredTopics[0] = { ...hostile.unansweredTopics[0]!, label: IMG, examples: [IMG] };
    hostile.perDay = [{ day: '2025-11-01"><img src=x onerror=alert(1)>', questions: 3, unanswered: 1 }];
    const html = insightsPage(hostile);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('"onmouseover="');
    const doc = parse(html);
    expect(all(doc, 'img, script')).toHaveLength(0);
    expect(all(doc, '[onerror], [onmouseover]')).toHaveLength(0);
    const card = all(doc, '.downvote')[0]!;
    expect(text(one(card, '.question'))).toBe(`Vì sao ${IMG}?`);
    expect(text(one(card, '.note'))).toBe('Độc giả ghi: <script>alert("ghi chú")</script>');
    expect(text(one(card, 'blockquote'))).toBe(`Trích ${IMG} đoạn`);
    expect(text(one(doc, '.topic .lead'))).toContain(`«${IMG}»`);
  });

  it('says so when a section has nothing to show', () => {
    const empty = insights({
      totals: { questions: 0, found: 0, unanswered: 0, up: 0, down: 0 },
      perDay: DAYS.map((d) => ({ ...d, questions: 0, unanswered: 0 })),
      topArticles: [],
      unansweredTopics: [],
      downvotes: [],
    });
    const doc = parse(insightsPage(empty));
    expect(text(one(doc, '#moi-ngay .empty'))).toBe('Chưa có câu hỏi nào trong khoảng thời gian này.');
    expect(doc.querySelector('#moi-ngay svg')).toBeNull();
    expect(text(one(doc, '#bai-viet .empty'))).toBe('Chưa có câu hỏi nào được hỏi dưới một bài viết.');
    expect(text(one(doc, '#chua-tra-loi .empty'))).toContain('mọi câu hỏi trong khoảng thời gian này đều có bài trả lời');
    expect(text(one(doc, '#danh-gia .empty'))).toBe('Chưa có câu trả lời nào bị đánh giá 👎.');
    // No share of nothing.
    expect(all(doc, '.totals .share')).toHaveLength(0);
  });

  it('without the question log, shows feedback only and says how to turn the log on', () => {
    const doc = parse(insightsPage(insights({ questionLog: false, perDay: [], topArticles: [], unansweredTopics: [] })));
    const notice = text(one(doc, '.notice'));
    expect(notice).toContain('Nhật ký câu hỏi đang tắt');
    expect(notice).toContain('HOIDAP_QUESTION_LOG=.data/questions');
    expect(all(doc, 'section').map((s) => s.getAttribute('id'))).toEqual(['danh-gia']);
    expect(tiles(doc)).toEqual(['👍 Hữu ích 21', '👎 Chưa tốt 2']);
    expect(all(doc, '.downvote')).toHaveLength(2);
  });

  it('counts damaged lines only when there are some', () => {
    expect(parse(insightsPage(insights())).querySelector('.damaged')).toBeNull();
    const doc = parse(insightsPage(insights({ damaged: { questions: 3, feedback: 1 } })));
    expect(text(one(doc, '.damaged'))).toContain('Đã bỏ qua 3 dòng trong nhật ký câu hỏi và 1 dòng trong tệp đánh giá bị hỏng');
    const onlyFeedback = parse(insightsPage(insights({ damaged: { questions: 0, feedback: 2 } })));
    expect(text(one(onlyFeedback, '.damaged'))).toContain('Đã bỏ qua 2 dòng trong tệp đánh giá bị hỏng');
  });
});
