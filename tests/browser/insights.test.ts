/**
 * The editors' page (GET /admin/insights) in headless Chromium, served by the real app: the
 * browser's login prompt (HTTP Basic, the admin token as the password), a page that asks
 * nothing of any origin, a chart whose bars carry their numbers, a 👎's passage link that opens
 * the article scrolled to the quote, and a layout that fits a phone. Screenshots go to
 * test-artifacts/browser/insights.png and insights-mobile.png.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { insightsPage } from '../../src/insights/page.js';
import type { DayCount, Insights } from '../../src/insights/types.js';
import { createApp } from '../../src/server/app.js';
import { listen, stubQa, type Listening } from '../server/harness.js';
import { describeBrowser, launchBrowser, screenshot } from './harness.js';

const TOKEN = 'a-long-admin-token-123456';
const TOPIC_SENTENCE = 'Độc giả hỏi 37 lần về «giá xăng» (3/11 – 29/11), không bài nào trả lời.';
/** The quoted sentence, far down the news site's article: the passage link must scroll to it. */
const QUOTE = 'Giá xăng RON-95, theo Bộ Công Thương, giảm 980 đồng/lít từ 15 giờ chiều nay, còn dầu diesel giữ nguyên.';

/** November 2025, 30 days: more questions on weekdays, a spike on the 20th (the fuel price change). */
const PER_DAY: DayCount[] = Array.from({ length: 30 }, (_, i) => {
  const date = new Date(Date.UTC(2025, 10, i + 1));
  const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
  const questions = i === 19 ? 96 : i === 8 ? 0 : (weekend ? 14 : 35) + ((i * 7) % 11);
  return { day: date.toISOString().slice(0, 10), questions, unanswered: Math.round(questions * (i === 19 ? 0.4 : 0.15)) };
});

function fixture(news: string): Insights {
  const questions = PER_DAY.reduce((sum, d) => sum + d.questions, 0);
  const unanswered = PER_DAY.reduce((sum, d) => sum + d.unanswered, 0);
  return {
    generatedAt: '2025-11-30T16:45:00.000Z',
    from: '2025-11-01',
    to: '2025-11-30',
    totals: { questions, found: questions - unanswered, unanswered, up: 184, down: 3 },
    perDay: PER_DAY,
    topArticles: [
      {
        articleId: 'gia-xang-giam-980-dong',
        title: 'Giá xăng giảm 980 đồng mỗi lít từ chiều nay',
        url: `${news}/gia-xang-giam-980-dong.html`,
        questions: 212,
        unanswered: 41,
      },
      {
        articleId: 'lich-nghi-tet-2026',
        title: 'Lịch nghỉ Tết Nguyên đán Bính Ngọ 2026 của người lao động',
        url: `${news}/lich-nghi-tet-2026.html`,
        questions: 130,
        unanswered: 22,
      },
      {
        articleId: 'lai-suat-tiet-kiem-thang-11',
        title: 'Lãi suất tiết kiệm tháng 11: ngân hàng nào cao nhất?',
        url: `${news}/lai-suat-thang-11.html`,
        questions: 74,
        unanswered: 9,
      },
      { articleId: 'bai-2025-11-07-0031', title: '', url: '', questions: 18, unanswered: 3 },
    ],
    unansweredTopics: [
      {
        label: 'giá xăng',
        count: 37,
        examples: ['Giá xăng E5 hôm nay bao nhiêu một lít?', 'Bao giờ giá xăng giảm tiếp?', 'Giá xăng ở Đà Nẵng có khác Hà Nội không?'],
        articles: ['gia-xang-giam-980-dong'],
        first: '2025-11-02T18:30:00.000Z', // 01:30 on 3/11 in Việt Nam
        last: '2025-11-29T09:00:00.000Z',
      },
      {
        label: 'thưởng Tết công chức',
        count: 14,
        examples: ['Công chức được thưởng Tết bao nhiêu?', 'Thưởng Tết 2026 có tăng không?'],
        articles: ['lich-nghi-tet-2026', 'bai-2025-11-07-0031'],
        first: '2025-11-10T02:00:00.000Z',
        last: '2025-11-28T11:00:00.000Z',
      },
      {
        label: 'vé tàu Tết',
        count: 6,
        examples: ['Khi nào mở bán vé tàu Tết?'],
        articles: [],
        first: '2025-11-21T03:00:00.000Z',
        last: '2025-11-27T04:00:00.000Z',
      },
    ],
    downvotes: [
      {
        at: '2025-11-29T07:05:00.000Z',
        question: 'Giá xăng RON 95 giảm bao nhiêu? <img src=x onerror=alert(1)>',
        answer: 'Giá xăng RON 95 giảm 1.000 đồng mỗi lít. [1]',
        reasons: ['wrong_info'],
        note: 'Bài viết nói 980 đồng, không phải 1.000.',
        articleId: 'gia-xang-giam-980-dong',
        citations: [
          {
            n: 1,
            articleId: 'gia-xang-giam-980-dong',
            title: 'Giá xăng giảm 980 đồng mỗi lít từ chiều nay',
            url: `${news}/gia-xang-giam-980-dong.html`,
            start: 2400,
            end: 2504,
            quote: QUOTE,
          },
        ],
      },
      {
        at: '2025-11-25T02:30:00.000Z',
        question: 'Tết 2026 được nghỉ mấy ngày?',
        answer: 'Người lao động được nghỉ 5 ngày Tết. [1]',
        reasons: ['missing_source', 'other'],
        citations: [
          {
            n: 1,
            articleId: 'lich-nghi-tet-2026',
            title: 'Lịch nghỉ Tết Nguyên đán Bính Ngọ 2026 của người lao động',
            url: `${news}/lich-nghi-tet-2026.html`,
            start: 0,
            end: 90,
            quote: 'Người lao động được nghỉ Tết 5 ngày.',
          },
        ],
      },
      {
        at: '2025-11-12T13:00:00.000Z',
        question: 'Lãi suất gửi 6 tháng là bao nhiêu?',
        answer: 'Không tìm thấy thông tin trong các bài viết.',
        reasons: ['missed_answer'],
        articleId: 'lai-suat-tiet-kiem-thang-11',
        citations: [],
      },
    ],
    damaged: { questions: 2, feedback: 0 },
    questionLog: true,
  };
}

/** The news site's article, with the quoted sentence far below the fold. */
const articlePage = () => `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Giá xăng giảm 980 đồng mỗi lít từ chiều nay</title></head><body>
<h1>Giá xăng giảm 980 đồng mỗi lít từ chiều nay</h1>
${Array.from({ length: 40 }, (_, i) => `<p>Đoạn ${i + 1}: diễn biến thị trường xăng dầu thế giới trong tuần qua, theo số liệu của liên Bộ.</p>`).join('\n')}
<p id="quoted">${QUOTE}</p>
${Array.from({ length: 10 }, (_, i) => `<p>Đoạn cuối ${i + 1}.</p>`).join('\n')}
</body></html>`;

let server: Listening;
let news: Server;
let newsOrigin: string;
let browser: Browser;

describeBrowser('the editors’ insights page in a browser', () => {
  beforeAll(async () => {
    news = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(articlePage()));
    await new Promise<void>((ready) => news.listen(0, '127.0.0.1', ready));
    newsOrigin = `http://127.0.0.1:${(news.address() as AddressInfo).port}`;
    const app = createApp({
      qa: stubQa(),
      health: () => ({ articles: 0, chunks: 0, model: null }),
      adminToken: TOKEN,
      insights: async () => insightsPage(fixture(newsOrigin)),
    });
    [server, browser] = await Promise.all([listen(app), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((done) => news?.close(done));
  });

  /** A browser context that answers the login prompt with the token (any user name). */
  const editor = (viewport: { width: number; height: number }): Promise<BrowserContext> =>
    browser.newContext({ viewport, locale: 'vi-VN', httpCredentials: { username: 'bien-tap', password: TOKEN } });

  /** Opens the page, recording every request it makes (data: URLs are not requests). */
  const open = async (context: BrowserContext): Promise<{ page: Page; requests: string[]; status: number; csp: string | undefined }> => {
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith('data:')) requests.push(`${request.resourceType()} ${request.url()}`);
    });
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    const response = await page.goto(`${server.base}/admin/insights`);
    await page.waitForLoadState('networkidle');
    return { page, requests, status: response?.status() ?? 0, csp: response?.headers()['content-security-policy'] };
  };

  it('asks for the admin token with the browser’s login prompt', async () => {
    const refused = await fetch(`${server.base}/admin/insights`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Basic realm="[^"]+"/);
    expect(await refused.text()).not.toContain('Độc giả hỏi');
    const wrong = await fetch(`${server.base}/admin/insights`, { headers: { authorization: `Basic ${btoa('bien-tap:sai-mat-khau')}` } });
    expect(wrong.status).toBe(401);

    // A browser without the token gets the challenge, and headless Chromium (no prompt to
    // show) gives up: the navigation fails with nothing of the page shown.
    const context = await browser.newContext();
    const page = await context.newPage();
    const challenged = page.waitForResponse(`${server.base}/admin/insights`);
    await expect(page.goto(`${server.base}/admin/insights`)).rejects.toThrow(/ERR_INVALID_AUTH_CREDENTIALS/);
    const response = await challenged;
    expect(response.status()).toBe(401);
    expect(response.headers()['www-authenticate']).toMatch(/^Basic realm=/);
    expect(await page.locator('svg g.day').count()).toBe(0);
    await context.close();
  });

  it('loads with the token, asks nothing of any other origin, and shows the numbers', async () => {
    const context = await editor({ width: 1280, height: 900 });
    const { page, requests, status, csp } = await open(context);
    expect(status).toBe(200);
    // No external requests: the document is the only thing fetched (no favicon, font, style or script).
    expect(requests).toEqual([`document ${server.base}/admin/insights`]);

    // The inline stylesheet applies (whatever Content-Security-Policy the app sends): bars are
    // coloured by class, cards bordered, the screen-reader table hidden.
    if (csp !== undefined) expect(csp).toMatch(/style-src[^;]*'unsafe-inline'|style-src[^;]*'nonce-/);
    const styles = await page.evaluate(() => {
      const style = (selector: string) => getComputedStyle(document.querySelector(selector)!);
      return {
        answered: style('svg g.day rect.ok').fill,
        unanswered: style('svg g.day rect.miss').fill,
        card: style('.card.topic').borderLeftColor,
        table: style('#moi-ngay .sr-only').position,
      };
    });
    expect(styles).toEqual({
      answered: 'rgb(47, 111, 179)',
      unanswered: 'rgb(217, 130, 43)',
      card: 'rgb(217, 130, 43)',
      table: 'absolute',
    });

    // One bar per day, each named with its numbers; the same numbers in the hidden table.
    const bars = page.locator('svg g.day');
    expect(await bars.count()).toBe(30);
    const titles = await bars.locator('title').allTextContents();
    PER_DAY.forEach((d, i) => {
      expect(titles[i]).toContain(
        `${d.day.slice(8)}/11/2025: ${d.questions} câu hỏi, ${d.questions - d.unanswered} có câu trả lời, ${d.unanswered} chưa trả lời được`,
      );
    });
    const rows = await page
      .locator('#moi-ngay .sr-only table tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent)));
    expect(rows.map((row) => row.slice(1).map(Number))).toEqual(
      PER_DAY.map((d) => [d.questions, d.questions - d.unanswered, d.unanswered]),
    );
    // Drawn heights follow the counts: the spike on the 20th is the tallest bar, the empty 9th has none.
    const heights = await bars.evaluateAll((gs) =>
      gs.map(
        (g) => g.querySelector('rect.ok')!.getBoundingClientRect().height + g.querySelector('rect.miss')!.getBoundingClientRect().height,
      ),
    );
    expect(heights[8]).toBe(0);
    expect(Math.max(...heights)).toBe(heights[19]);
    expect(heights[0]! / heights[19]!).toBeCloseTo(PER_DAY[0]!.questions / PER_DAY[19]!.questions, 2);

    await expect.poll(() => page.getByText(TOPIC_SENTENCE).isVisible()).toBe(true);
    // The reader's markup is text on the page, not an image.
    expect(await page.locator('img').count()).toBe(0);
    await expect.poll(() => page.getByText('<img src=x onerror=alert(1)>', { exact: false }).first().isVisible()).toBe(true);

    const link = page.locator('.downvote').first().locator('a.open');
    expect(await link.getAttribute('href')).toBe(
      `${newsOrigin}/gia-xang-giam-980-dong.html#:~:text=` +
        'Gi%C3%A1%20x%C4%83ng%20RON%2D95%2C%20theo%20B%E1%BB%99,c%C3%B2n%20d%E1%BA%A7u%20diesel%20gi%E1%BB%AF%20nguy%C3%AAn.',
    );
    await screenshot(page, 'insights');
    await context.close();
  });

  it('opens a 👎’s cited article scrolled to the quoted passage, in one click', async () => {
    const context = await editor({ width: 1280, height: 900 });
    const { page } = await open(context);
    const [article] = await Promise.all([context.waitForEvent('page'), page.locator('.downvote').first().locator('a.open').click()]);
    await article.waitForLoadState('load');
    // The browser found the text fragment: the quoted paragraph is scrolled into view.
    await expect
      .poll(
        () =>
          article.locator('#quoted').evaluate((p) => {
            const r = p.getBoundingClientRect();
            return r.top >= 0 && r.bottom <= window.innerHeight;
          }),
        { timeout: 5_000 },
      )
      .toBe(true);
    expect(await article.evaluate(() => window.scrollY)).toBeGreaterThan(500);
    await context.close();
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const context = await editor({ width: 375, height: 812 });
    const { page } = await open(context);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    // All 30 days still drawn, within the screen.
    const chart = await page.locator('#moi-ngay svg').boundingBox();
    expect(chart!.x).toBeGreaterThanOrEqual(0);
    expect(chart!.x + chart!.width).toBeLessThanOrEqual(375);
    expect(await page.locator('svg g.day').count()).toBe(30);
    await screenshot(page, 'insights-mobile');
    await context.close();
  });
});
