/**
 * The widget as a reader uses it, in headless Chromium (Debian's, driven by playwright-core):
 * ask about the article, watch the answer stream in, follow a citation to its passage, give
 * feedback, ask a follow-up; on a phone-sized screen; and with the keyboard alone.
 * Screenshots go to test-artifacts/browser/.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ARTIFACTS, deepActive, describeBrowser, inViewport, launchBrowser, screenshot, startSite, type Site } from './harness.js';

const CHILE = 'chile-paulina-vodanovic-2024-11-10';
const WHERE = 'Chủ tịch nước Lương Cường tiếp Chủ tịch Đảng Xã hội Chile Paulina Vodanovic ở đâu?';
const W = 'hoi-dap-thong-minh';
// expect.poll gives up after 1 s by default; a paced answer takes longer.
const POLL = { timeout: 10_000, interval: 50 };

let site: Site;
let browser: Browser;
/** A news site's own article page, on another origin than the service, with the one script tag. */
let newsSite: Server;
let newsOrigin: string;

const newsPage = () => `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Báo Ví Dụ</title>
<style>body{font-family:serif;max-width:680px;margin:auto;padding:16px} hoi-dap-thong-minh{--hd-accent:#9b1c1c;--hd-radius:4px}</style>
</head><body>
<h1>Nhìn lại chuyến thăm Chile, Peru, dự APEC của Chủ tịch nước Lương Cường</h1>
<p>Chiều 16-11 theo giờ địa phương, Chủ tịch nước Lương Cường và đoàn đại biểu cấp cao Việt Nam đã rời Lima…</p>
<script src="${site.base}/widget.js" data-article-id="apec-peru-2024-11-16" defer></script>
</body></html>`;

describeBrowser('the widget in a browser', () => {
  beforeAll(async () => {
    newsSite = createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(newsPage()));
    await new Promise<void>((ready) => newsSite.listen(0, '127.0.0.1', ready));
    // Another port is another origin: the browser applies CORS to every call the widget makes.
    newsOrigin = `http://127.0.0.1:${(newsSite.address() as AddressInfo).port}`;
    [site, browser] = await Promise.all([startSite({ paceMs: 120, allowedOrigins: [newsOrigin] }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await new Promise((done) => newsSite?.close(done));
  });

  const open = async (path: string, options: Parameters<Browser['newPage']>[0] = {}): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', ...options });
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await page.goto(`${site.base}${path}`);
    await page.locator(`${W} .panel`).waitFor();
    return page;
  };

  it('answers a question about the article, streaming, and a citation lands on its passage', async () => {
    const page = await open(`/?article=${CHILE}`);
    // The article's own suggested questions, from the API, before the first question.
    const suggested = (await (await fetch(`${site.base}/api/widget/${CHILE}`)).json()) as { suggestions: string[] };
    await page.locator(`${W} .suggest button`).first().waitFor();
    expect(await page.locator(`${W} .suggest button`).allTextContents()).toEqual(suggested.suggestions);
    expect(suggested.suggestions.length).toBeGreaterThanOrEqual(2);
    await page.locator(W).scrollIntoViewIfNeeded();
    await screenshot(page, 'desktop-suggestions', { fullPage: false });

    await page.locator(`${W} #hd-q`).fill(WHERE);
    await page.locator(`${W} .ask button[type=submit]`).click();

    // Streaming: some text is on screen while the answer is still arriving.
    const partial = await page.waitForFunction(
      (tag) => {
        const root = document.querySelector(tag)!.shadowRoot!;
        const turn = root.querySelector('.turn');
        const text = turn?.querySelector('.answer')?.textContent ?? '';
        return turn?.getAttribute('data-state') === 'streaming' && text.length > 0 ? text : false;
      },
      W,
      { polling: 20 },
    );
    const early = (await partial.jsonValue()) as string;
    await screenshot(page, 'desktop-streaming', { fullPage: false });
    await page.locator(`${W} .turn[data-state=done]`).waitFor();
    const answer = (await page.locator(`${W} .turn .answer`).textContent()) ?? '';
    expect(answer.length).toBeGreaterThan(early.length);
    expect(answer.startsWith(early)).toBe(true);
    expect(answer).toContain('Santiago');
    expect(await page.locator(`${W} .suggest`).isHidden()).toBe(true);

    // Sources: title (and date, when the article has one: this one does not) under the answer, passages collapsed.
    const source = page.locator(`${W} .source[data-n="1"]`);
    expect(await source.locator('.src-title').textContent()).toBe(
      'Việt Nam mong muốn hợp tác với các nước bạn bè truyền thống ở Mỹ Latinh',
    );
    expect(await source.locator('.src-date').count()).toBe(0);
    expect(await source.locator('blockquote').isHidden()).toBe(true);

    // Click [1] in the answer: the source is expanded, marked, scrolled into view, and focused.
    await page.locator(`${W} .answer .cite[data-n="1"]`).first().click();
    await expect.poll(() => inViewport(page, `${W} .source[data-n="1"] .src-head`), POLL).toBe(true);
    await expect.poll(() => inViewport(page, `${W} .source[data-n="1"] mark`), POLL).toBe(true);
    expect(await source.getAttribute('class')).toContain('target');
    expect(await source.locator('.src-head').getAttribute('aria-expanded')).toBe('true');
    expect(await source.locator('blockquote').isVisible()).toBe(true);
    expect(await source.locator('blockquote mark').textContent()).toContain('Santiago de Chile');
    expect((await deepActive(page))?.cls).toBe('src-head');
    await screenshot(page, 'desktop-citation', { fullPage: false });

    // The cited article is this page's: "read in the article" scrolls to its paragraph here.
    await source.locator('.src-link').click();
    await expect.poll(() => inViewport(page, 'article .cited'), POLL).toBe(true);
    expect(await page.locator('article .cited').first().textContent()).toContain('Santiago de Chile');
    expect(new URL(page.url()).search).toBe(`?article=${CHILE}`);
    await screenshot(page, 'desktop-passage-in-article', { fullPage: false });

    // 👎 with reason tags and a note, stored with question, answer and citations.
    const turn = page.locator(`${W} .turn`).first();
    await turn.getByRole('button', { name: 'Chưa hữu ích' }).click();
    await turn.getByLabel('Sai thông tin').check();
    await turn.getByLabel('Thiếu nguồn').check();
    await turn.getByLabel('Ghi chú thêm (không bắt buộc)').fill('Cần ghi rõ ngày tháng năm.');
    await turn.getByRole('button', { name: 'Gửi góp ý' }).click();
    await turn.locator('.fb-status', { hasText: 'Cảm ơn góp ý' }).waitFor();
    const [record] = site.feedback();
    expect(record).toMatchObject({
      rating: 'down',
      reasons: ['wrong_info', 'missing_source'],
      note: 'Cần ghi rõ ngày tháng năm.',
      question: WHERE,
      answer,
      articleId: CHILE,
      scope: 'article',
    });
    expect(record!.citations[0]).toMatchObject({ n: 1, articleId: CHILE });
    expect(Date.parse(record!.at)).toBeGreaterThan(Date.now() - 60_000);

    // A follow-up in the same panel carries the previous turn; the newest turn comes first.
    await page.locator(`${W} #hd-q`).fill('Chủ tịch nước nhấn mạnh điều gì?');
    await page.locator(`${W} #hd-q`).press('Enter');
    await expect.poll(() => page.locator(`${W} .turn[data-state=done]`).count(), POLL).toBe(2);
    expect(site.asked.at(-1)?.history).toEqual([{ question: WHERE, answer }]);
    expect(await page.locator(`${W} .turn .q`).allTextContents()).toEqual([
      'Bạn hỏi: Chủ tịch nước nhấn mạnh điều gì?',
      `Bạn hỏi: ${WHERE}`,
    ]);
    await screenshot(page, 'desktop-thread');

    // The thread is kept for the page view: a reload in the tab shows it again, feedback included.
    await page.reload();
    await expect.poll(() => page.locator(`${W} .turn[data-state=done]`).count(), POLL).toBe(2);
    expect(await page.locator(`${W} .turn`).nth(1).locator('.fb-status').textContent()).toContain('Cảm ơn góp ý');
    await page.close();
  });

  it('works on a news site’s own page, on another origin, with one script tag, themed by the site', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 900 } });
    const failed: string[] = [];
    page.on('requestfailed', (request) => failed.push(request.url()));
    await page.goto(`${newsOrigin}/the-gioi/apec`);
    await page.locator(`${W} .suggest button`).first().waitFor();
    await page.locator(`${W} .suggest button`).first().click();
    await page.locator(`${W} .turn[data-state=done]`).waitFor();
    expect(await page.locator(`${W} .source`).count()).toBeGreaterThan(0);
    await page.locator(`${W} .turn`).first().getByRole('button', { name: 'Hữu ích', exact: true }).click();
    await page.locator(`${W} .fb-status`, { hasText: 'Cảm ơn' }).waitFor();
    expect(site.feedback().at(-1)).toMatchObject({ rating: 'up', articleId: 'apec-peru-2024-11-16', page: `${newsOrigin}/the-gioi/apec` });
    expect(failed).toEqual([]);
    // The site's --hd-accent reaches inside the shadow root.
    expect(await page.locator(`${W} .ask button[type=submit]`).evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(
      'rgb(155, 28, 28)',
    );
    await screenshot(page, 'cross-origin-news-site', { fullPage: false });
    await page.close();
  });

  it('shows the service’s own message when a question is refused, and asks again on “Thử lại”', async () => {
    const page = await open(`/?article=${CHILE}`);
    const message = 'Bạn gửi quá nhiều yêu cầu. Vui lòng thử lại sau 30 giây.';
    await page.route('**/api/ask/stream', (route) =>
      route.fulfill({
        status: 429,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'rate_limited', message, messageEn: '' } }),
      }),
    );
    await page.locator(`${W} #hd-q`).fill(WHERE);
    await page.locator(`${W} #hd-q`).press('Enter');
    await page.locator(`${W} .turn[data-state=error]`).waitFor();
    expect(await page.locator(`${W} .turn .error`).textContent()).toBe(message);
    await page.locator(W).scrollIntoViewIfNeeded();
    await screenshot(page, 'error-retry', { fullPage: false });
    await page.unroute('**/api/ask/stream');
    await page.locator(`${W} .turn`).getByRole('button', { name: 'Thử lại' }).click();
    await page.locator(`${W} .turn[data-state=done]`).waitFor();
    expect(await page.locator(`${W} .turn`).count()).toBe(1);
    await page.close();
  });

  it('fits a 360 px phone screen, with touch targets of at least 44 px', async () => {
    const page = await open('/', { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const noHorizontalScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(await noHorizontalScroll()).toBe(true);
    await page.locator(`${W} .suggest button`).first().tap();
    await page.locator(`${W} .turn[data-state=done]`).waitFor();
    await page.locator(`${W} .answer .cite`).first().tap();
    // The quoted sentence is what lands on screen (the source's title may be above it, off screen).
    await expect.poll(() => inViewport(page, `${W} .source.target blockquote mark`), POLL).toBe(true);
    expect(await noHorizontalScroll()).toBe(true);
    const box = await page.locator(W).boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(360);
    const small = await page.locator(W).evaluate((host) =>
      Array.from(host.shadowRoot!.querySelectorAll('button:not([hidden]), .tag, .src-link'))
        .filter((el) => (el as HTMLElement).offsetParent !== null)
        .map((el) => {
          const { x, y, width, height } = el.getBoundingClientRect();
          return { text: el.textContent?.trim() || el.getAttribute('aria-label'), x, y, width, height };
        })
        .filter((r) => r.height < 44 || r.width < 44),
    );
    expect(small).toEqual([]);
    await screenshot(page, 'phone-answer', { fullPage: false });
    await page.locator(W).screenshot({ path: join(ARTIFACTS, 'phone-widget.png') });
    await page.close();
  });

  it('works with the keyboard alone', async () => {
    const page = await open(`/?article=${CHILE}`);
    // Tab from the top of the page until the question box has focus.
    let active = await deepActive(page);
    for (let i = 0; i < 40 && active?.tag !== 'textarea'; i++) {
      await page.keyboard.press('Tab');
      active = await deepActive(page);
    }
    expect(active?.tag).toBe('textarea');
    expect(active?.outline).not.toMatch(/^none/);
    await page.keyboard.type('Chủ tịch nước nhấn mạnh Việt Nam mong muốn hợp tác với ai?');
    await page.keyboard.press('Enter');
    await page.locator(`${W} .turn[data-state=done]`).waitFor();

    // Tab on: past the send button, the [n] links, to the first source; Enter expands it.
    for (let i = 0; i < 10 && active?.cls !== 'src-head'; i++) {
      await page.keyboard.press('Tab');
      active = await deepActive(page);
    }
    expect(active?.cls).toBe('src-head');
    expect(active?.outline).toMatch(/^solid 3px/);
    await page.keyboard.press('Enter');
    const first = page.locator(`${W} .source`).first();
    expect(await first.locator('.src-head').getAttribute('aria-expanded')).toBe('true');
    expect(await first.locator('blockquote').isVisible()).toBe(true);

    // And on to 👍, which Enter sends.
    for (let i = 0; i < 20 && active?.label !== 'Hữu ích'; i++) {
      await page.keyboard.press('Tab');
      active = await deepActive(page);
    }
    expect(active?.label).toBe('Hữu ích');
    await page.keyboard.press('Enter');
    await page.locator(`${W} .fb-status`, { hasText: 'Cảm ơn bạn đã đánh giá' }).waitFor();
    expect(site.feedback().at(-1)).toMatchObject({ rating: 'up', reasons: [] });
    // Focus stays where the reader is.
    expect((await deepActive(page))?.label).toBe('Hữu ích');
    await screenshot(page, 'keyboard', { fullPage: false });
    await page.close();
  });
});
