/**
 * What the reader sees (issue #17), in headless Chromium at 1280×900 and on a 360×740 phone:
 * the short answer first and large, then the quoted sentence with it marked, then the sources;
 * "unsure" on a low-confidence answer; a thread that stays short after ten questions; a
 * citation that lands on the quoted sentence; ways forward after "not found"; the service's
 * failures told apart from the reader's network; only known dates and links; no 404 on the page.
 * Every answer comes from the real service over corpus/; screenshots go to test-artifacts/browser/.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { AskResponse } from '../../src/contract.js';
import { T } from '../../src/widget/strings.js';
import { LOW_CONFIDENCE } from '../../src/widget/turn-view.js';
import { ARTIFACTS, deepActive, describeBrowser, inViewport, launchBrowser, screenshot, startSite, type Site } from './harness.js';

const APEC = 'apec-peru-2024-11-16';
const CHILE = 'chile-paulina-vodanovic-2024-11-10';
/** Answered with a short answer ("hơn 1.000") at high confidence. */
const HOW_MANY = 'Hội nghị Thượng đỉnh doanh nghiệp APEC 2024 có bao nhiêu lãnh đạo doanh nghiệp tham dự?';
/** Answered under the Chile article, but below LOW_CONFIDENCE. */
const UNSURE = 'Đoàn tuần hành đi từ đâu?';
/** Answered from a sentence in the second half of its passage. */
const ALLENDE = 'Tổng thống Salvador Allende đắc cử năm nào?';
/** Its quoted sentence sits at the end of a long passage: on a phone, more than a screen below the source's title. */
const DEEP = 'Bà Paulina Vodanovic khẳng định Đảng Xã hội Chile sẽ làm gì?';
/** Nothing in the corpus answers it. */
const GOLD = 'Giá vàng hôm nay bao nhiêu?';
const W = 'hoi-dap-thong-minh';
const POLL = { timeout: 10_000, interval: 50 };
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 }, locale: 'vi-VN' };
const PHONE: BrowserContextOptions = {
  viewport: { width: 360, height: 740 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
  locale: 'vi-VN',
};
const SCREENS = [
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const;

let site: Site;
let browser: Browser;
/** A news site on another origin: its article page with the script tag, and its search page. */
let newsSite: Server;
let newsOrigin: string;
/** An origin where nothing listens: the service is down. */
let deadOrigin: string;

const newsPage = (path: string) => {
  const api = path.startsWith('/dich-vu-tat') ? ` data-api="${deadOrigin}"` : '';
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>Báo Ví Dụ</title>
<style>body{font-family:serif;max-width:680px;margin:auto;padding:16px}</style>
</head><body>
<h1>Nhìn lại chuyến thăm Chile, Peru, dự APEC của Chủ tịch nước Lương Cường</h1>
<p>Chiều 16-11 theo giờ địa phương, Chủ tịch nước Lương Cường và đoàn đại biểu cấp cao Việt Nam đã rời Lima…</p>
<script src="${site.base}/widget.js" data-article-id="${APEC}" data-search-url="/tim-kiem?q={q}"${api} defer></script>
</body></html>`;
};

describeBrowser('what the reader sees', () => {
  beforeAll(async () => {
    newsSite = createServer((req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(newsPage(req.url ?? '/')));
    await new Promise<void>((ready) => newsSite.listen(0, '127.0.0.1', ready));
    newsOrigin = `http://127.0.0.1:${(newsSite.address() as AddressInfo).port}`;
    // A port that was just free: connecting to it is refused, as to a service that is down.
    const dead = createServer();
    await new Promise<void>((ready) => dead.listen(0, '127.0.0.1', ready));
    deadOrigin = `http://127.0.0.1:${(dead.address() as AddressInfo).port}`;
    await new Promise((done) => dead.close(done));
    [site, browser] = await Promise.all([startSite({ paceMs: 120, allowedOrigins: [newsOrigin] }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await new Promise((done) => newsSite?.close(done));
  });

  const open = async (url: string, options: BrowserContextOptions): Promise<Page> => {
    const page = await browser.newPage(options);
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await page.goto(url.startsWith('http') ? url : `${site.base}${url}`);
    await page.locator(`${W} .panel`).waitFor();
    return page;
  };
  /** The service's own answer to compare the page with (POST /api/ask, not the stream). */
  const expected = async (question: string, articleId: string): Promise<AskResponse> => {
    const res = await fetch(`${site.base}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question, articleId }),
    });
    return (await res.json()) as AskResponse;
  };
  const ask = async (page: Page, question: string): Promise<void> => {
    const before = await page.locator(`${W} .turn`).count();
    await page.locator(`${W} #hd-q`).fill(question);
    await page.locator(`${W} #hd-q`).press('Enter');
    await expect.poll(() => page.locator(`${W} .turn[data-state=done], ${W} .turn[data-state=error]`).count(), POLL).toBe(before + 1);
  };
  const top = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!.y;
  /** Controls under 44 px high (a finger's width), by text. */
  const smallTargets = async (controls: Locator): Promise<string[]> => {
    const small: string[] = [];
    for (const control of await controls.all()) {
      const box = await control.boundingBox();
      if (box && (box.height < 44 || box.width < 44)) small.push(`${await control.textContent()}: ${box.width}×${box.height}`);
    }
    return small;
  };

  for (const [screen, options] of SCREENS) {
    it(`leads with the short answer, then the sentence with it marked, then the sources (${screen})`, async () => {
      const truth = await expected(HOW_MANY, APEC);
      expect(truth.found).toBe(true);
      const short = truth.shortAnswer!.text;
      expect(short.length).toBeGreaterThan(0);
      expect(truth.confidence).toBeGreaterThanOrEqual(LOW_CONFIDENCE);

      const page = await open(`/?article=${APEC}`, options);
      await page.locator(`${W} #hd-q`).fill(HOW_MANY);
      await page.locator(`${W} #hd-q`).press('Enter');
      // The fact is on screen while the sentence is still arriving.
      const early = await page.waitForFunction(
        (tag) => {
          const turn = document.querySelector(tag)!.shadowRoot!.querySelector('.turn');
          const shown = turn?.querySelector<HTMLElement>('.short');
          if (!shown || shown.hidden || turn?.getAttribute('data-state') !== 'streaming') return false;
          return { short: shown.textContent, sentence: turn.querySelector('.answer')?.textContent ?? '' };
        },
        W,
        { polling: 20 },
      );
      const { short: shownEarly, sentence: sentenceEarly } = (await early.jsonValue()) as { short: string; sentence: string };
      expect(shownEarly).toBe(short);
      expect(sentenceEarly.length).toBeLessThan(truth.answer.length);
      await page.locator(`${W} .turn[data-state=done]`).waitFor();

      const turn = page.locator(`${W} .turn`).first();
      expect(await turn.locator('.answer').textContent()).toBe(truth.answer);
      // The short answer's words, marked inside the quoted sentence.
      expect(await turn.locator('.answer mark').textContent()).toBe(short);
      expect(await turn.locator('.unsure').isHidden()).toBe(true);
      // Order on screen: fact, sentence, sources; the fact is large.
      const [shortY, answerY, sourcesY] = [
        await top(page, `${W} .short`),
        await top(page, `${W} .answer`),
        await top(page, `${W} .sources`),
      ];
      expect(shortY).toBeLessThan(answerY);
      expect(answerY).toBeLessThan(sourcesY);
      const size = (selector: string) => turn.locator(selector).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      expect(await size('.short')).toBeGreaterThanOrEqual(1.4 * (await size('.answer')));
      // In the source, the fact is bold inside the highlighted sentence.
      await turn.locator('.source').first().locator('.src-head').click();
      expect(await turn.locator('.source blockquote mark strong').textContent()).toBe(short);
      await page.evaluate((tag) => document.querySelector(tag)!.scrollIntoView(), W);
      await screenshot(page, `${screen}-short-answer`, { fullPage: false });

      // Rebuilt from `done` alone (as for an answerer that sends no `short` event): a reload
      // restores the turn from the tab's storage, and it looks the same.
      await page.reload();
      await page.locator(`${W} .turn[data-state=done]`).waitFor();
      expect(await page.locator(`${W} .turn .short`).textContent()).toBe(short);
      expect(await page.locator(`${W} .turn .answer mark`).textContent()).toBe(short);
      await page.close();
    });
  }

  it('shows the sentence as before when the answerer gives no short answer', async () => {
    // Without the trained reader the service answers with a sentence and no short answer.
    const plain = await startSite({ env: { HOIDAP_READER: 'off' } });
    try {
      const page = await browser.newPage(PHONE);
      await page.goto(`${plain.base}/?article=${APEC}`);
      await ask(page, HOW_MANY);
      const turn = page.locator(`${W} .turn`).first();
      expect((await turn.locator('.answer').textContent())?.length).toBeGreaterThan(20);
      expect(await turn.locator('.short').isHidden()).toBe(true);
      expect(await turn.locator('.unsure').isHidden()).toBe(true);
      expect(await turn.locator('.answer mark').count()).toBe(0);
      expect(await turn.locator('.answer').getAttribute('class')).not.toContain('quoted');
      expect(await turn.locator('.rate').count()).toBe(2);
      await page.close();
    } finally {
      await plain.close();
    }
  });

  it('says so in one line when the answer is given with low confidence', async () => {
    const truth = await expected(UNSURE, CHILE);
    expect(truth.found, 'the question should be answered').toBe(true);
    expect(truth.confidence, `pick a question the reader answers below ${LOW_CONFIDENCE}`).toBeLessThan(LOW_CONFIDENCE);
    const page = await open(`/?article=${CHILE}`, PHONE);
    await ask(page, UNSURE);
    const turn = page.locator(`${W} .turn`).first();
    expect(await turn.locator('.unsure').textContent()).toBe(T.unsure);
    expect(await turn.locator('.unsure').isVisible()).toBe(true);
    // The fact still comes first, but not as large as a sure one.
    expect(await turn.locator('.short').textContent()).toBe(truth.shortAnswer!.text);
    expect(await turn.locator('.short').getAttribute('class')).toContain('low');
    await page.evaluate((tag) => document.querySelector(tag)!.scrollIntoView(), W);
    await screenshot(page, 'phone-low-confidence', { fullPage: false });
    await page.close();
  });

  it('keeps the thread small on a phone: older sources folded, ten questions in about two screens', async () => {
    const page = await open(`/?article=${APEC}`, PHONE);
    const questions = [
      HOW_MANY,
      'Chủ tịch nước rời Lima vào ngày nào?',
      'Việt Nam sẽ tổ chức Năm APEC vào năm nào?',
      'Việt Nam có thể mở cơ quan đại diện ngoại giao ở đâu?',
      'Peru trao tặng gì cho Chủ tịch nước?',
      'Chuyến thăm mở ra cơ hội hợp tác trong lĩnh vực nào?',
      'Tầm nhìn APEC là năm nào?',
      'Ai trao đổi với Hội đồng tư vấn kinh doanh APEC?',
      'Chủ tịch nước phát biểu ở đâu?',
      'Bộ trưởng Ngoại giao là ai?',
    ];
    const heights: number[] = [];
    for (const question of questions) {
      await ask(page, question);
      heights.push((await page.locator(W).boundingBox())!.height);
    }
    expect(await page.locator(`${W} .turn`).count()).toBe(10);
    // The newest answer keeps its sources open; the two before it show one line each.
    const visible = page.locator(`${W} .turn:not([hidden])`);
    expect(await visible.count()).toBe(3);
    expect(await visible.nth(0).locator('.src-toggle').getAttribute('aria-expanded')).toBe('true');
    expect(await visible.nth(0).locator('.sources ol').isVisible()).toBe(true);
    for (const i of [1, 2]) {
      const toggle = visible.nth(i).locator('.src-toggle');
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      expect(await toggle.textContent()).toMatch(/^\d+ nguồn/);
      expect(await visible.nth(i).locator('.sources ol').isHidden()).toBe(true);
    }
    expect(await page.locator(`${W} .earlier`).textContent()).toBe(T.earlier(7));
    expect(await smallTargets(page.locator(`${W} .src-toggle:visible, ${W} .earlier, ${W} .rate:visible`))).toEqual([]);
    await page.locator(W).screenshot({ path: join(ARTIFACTS, 'phone-ten-questions.png') });
    // Two screens at most, and no taller after ten questions than after three.
    const height = heights.at(-1)!;
    console.log(`widget height on a 360×740 phone after each question: ${heights.map(Math.round).join(', ')} px`);
    expect(height).toBeLessThanOrEqual(2 * 740);
    expect(height).toBeLessThanOrEqual(Math.max(...heights.slice(0, 3)) + 400);

    // An older turn's sources open with the keyboard.
    const toggle = visible.nth(1).locator('.src-toggle');
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await visible.nth(1).locator('.sources ol').isVisible()).toBe(true);
    // The rest of the thread is one button away; focus goes to the first turn it reveals.
    await page.locator(`${W} .earlier`).focus();
    await page.keyboard.press('Enter');
    expect(await page.locator(`${W} .turn:not([hidden])`).count()).toBe(10);
    expect(await page.locator(`${W} .earlier`).isHidden()).toBe(true);
    expect((await deepActive(page))?.text).toBe(`${T.youAsked} ${questions[6]}`);
    await page.close();
  });

  for (const [screen, options] of SCREENS) {
    it(`scrolls the quoted sentence itself into view when [n] is clicked (${screen})`, async () => {
      const page = await open(`/?article=${CHILE}`, options);
      await ask(page, DEEP);
      const source = page.locator(`${W} .source[data-n="1"]`);
      await page.locator(`${W} .answer .cite[data-n="1"]`).first().click();
      await expect.poll(() => inViewport(page, `${W} .source[data-n="1"] blockquote mark`), POLL).toBe(true);
      expect(await source.getAttribute('class')).toContain('target');
      expect(await source.locator('blockquote mark').textContent()).toContain('Đảng Xã hội Chile sẽ tiếp tục giữ gìn');
      // The case that matters: on the phone, title and sentence do not fit one screen together
      // (on the desktop they do, and both are shown).
      const head = (await source.locator('.src-head').boundingBox())!;
      const mark = (await source.locator('blockquote mark').boundingBox())!;
      if (screen === 'phone') expect(mark.y + mark.height - head.y).toBeGreaterThan(740);
      else expect(await inViewport(page, `${W} .source[data-n="1"] .src-head`)).toBe(true);
      // Focus is on the source's button, for the keyboard, even when the sentence is what is shown.
      expect((await deepActive(page))?.cls).toBe('src-head');
      await page.waitForTimeout(400); // let the smooth scroll settle for the picture
      await screenshot(page, `${screen}-citation-quote`, { fullPage: false });
      await page.close();
    });
  }

  for (const [screen, options] of SCREENS) {
    it(`offers a way forward after "not found", and asks for no 👍/👎 there (${screen})`, async () => {
      const suggestions = ((await (await fetch(`${site.base}/api/widget/${APEC}`)).json()) as { suggestions: string[] }).suggestions;
      expect(suggestions.length).toBeGreaterThan(0);
      const page = await open(`${newsOrigin}/the-gioi/apec`, options);
      await ask(page, GOLD);
      const turn = page.locator(`${W} .turn`).first();
      expect(await turn.getAttribute('data-found')).toBe('false');
      // The article's own questions.
      const offered = await turn.locator('.next button').allTextContents();
      expect(offered.length).toBeGreaterThan(0);
      expect(offered.length).toBeLessThanOrEqual(3);
      for (const q of offered) expect(suggestions).toContain(q);
      // The site's search for the question's words, from data-search-url, on the site's origin.
      const href = await turn.locator('a.search').getAttribute('href');
      expect(href).toBe(`${newsOrigin}/tim-kiem?q=${encodeURIComponent(GOLD)}`);
      expect(new URL(href!).searchParams.get('q')).toBe(GOLD);
      // No rating; one report that the article does say it.
      expect(await turn.locator('.rate').count()).toBe(0);
      expect(await smallTargets(turn.locator('.next button, a.search, .feedback button'))).toEqual([]);
      await page.evaluate((tag) => document.querySelector(tag)!.scrollIntoView(), W);
      await screenshot(page, `${screen}-not-found`, { fullPage: false });
      const count = site.feedback().length;
      expect(await turn.locator('.feedback').getAttribute('aria-labelledby')).toBeTruthy();
      expect(await turn.locator('.feedback > span').textContent()).toBe(T.missedArticle);
      await turn.getByRole('button', { name: T.reportMissed }).click();
      await turn.locator('.fb-status', { hasText: T.thanksMissed }).waitFor();
      expect(site.feedback()).toHaveLength(count + 1);
      expect(site.feedback().at(-1)).toMatchObject({
        rating: 'down',
        reasons: ['missed_answer'],
        question: GOLD,
        citations: [],
        articleId: APEC,
      });
      // A suggestion asks that question, and the service answers it.
      await turn.locator('.next button').first().click();
      await expect.poll(() => page.locator(`${W} .turn[data-state=done]`).count(), POLL).toBe(2);
      expect(await page.locator(`${W} .turn .q`).first().textContent()).toBe(`${T.youAsked} ${offered[0]}`);
      // The refusal, now older, keeps its thanks but no longer its suggestions.
      expect(await page.locator(`${W} .turn`).nth(1).locator('.next').isHidden()).toBe(true);
      await page.close();
    });
  }

  it('says the service is unavailable when it is down, and to check the network only when offline', async () => {
    const page = await open(`${newsOrigin}/dich-vu-tat`, PHONE);
    await ask(page, HOW_MANY);
    expect(await page.locator(`${W} .turn .error`).textContent()).toBe(T.errorUnavailable);
    await page.evaluate((tag) => document.querySelector(tag)!.scrollIntoView(), W);
    await screenshot(page, 'phone-service-down', { fullPage: false });
    await page.context().setOffline(true);
    await page.locator(`${W} .turn`).getByRole('button', { name: T.retry }).click();
    await expect.poll(() => page.locator(`${W} .turn .error`).textContent(), POLL).toBe(T.errorNetwork);
    await page.close();
  });

  it('fits the placeholder in the question box on a phone, before the first question', async () => {
    const page = await open(`/?article=${APEC}`, PHONE);
    const fit = await page.locator(`${W} #hd-q`).evaluate((box: HTMLTextAreaElement) => {
      const shown = box.clientHeight;
      box.value = box.placeholder; // what the placeholder needs, measured as text
      const needed = box.scrollHeight;
      box.value = '';
      return { shown, needed, lines: Math.round((needed - 22) / parseFloat(getComputedStyle(box).lineHeight)) };
    });
    expect(fit.lines).toBeGreaterThanOrEqual(2); // it does wrap at 360 px: the case that clipped
    expect(fit.shown).toBeGreaterThanOrEqual(fit.needed);
    await page.locator(W).screenshot({ path: join(ARTIFACTS, 'phone-placeholder.png') });
    await page.close();
  });

  it('shows no unknown date or link, and the page asks for nothing that is not there', async () => {
    const page = await browser.newPage(DESKTOP);
    const bad: string[] = [];
    page.on('response', (res) => {
      if (res.status() >= 400) bad.push(`${res.status()} ${res.url()}`);
    });
    page.on('requestfailed', (req) => bad.push(`failed ${req.url()}`));
    await page.goto(`${site.base}/?article=${CHILE}`);
    await page.locator(`${W} .suggest button`).first().waitFor();
    // The article has neither date nor URL: the page says nothing about them.
    expect(await page.locator('article').textContent()).not.toContain('Không rõ ngày đăng');
    expect(await page.locator('article .meta').count()).toBe(0);
    // The icon is inline, and it is an image.
    const icon = await page.locator('link[rel=icon]').getAttribute('href');
    expect(icon).toMatch(/^data:image\/svg\+xml,/);
    expect(
      await page.evaluate(
        (src) => new Promise((ok) => Object.assign(new Image(), { onload: () => ok(true), onerror: () => ok(false), src })),
        icon,
      ),
    ).toBe(true);
    await ask(page, ALLENDE);
    const source = page.locator(`${W} .source`).first();
    expect(await source.locator('.src-title').textContent()).toBe(
      'Việt Nam mong muốn hợp tác với các nước bạn bè truyền thống ở Mỹ Latinh',
    );
    expect(await source.locator('.src-date').count()).toBe(0);
    expect(await page.locator(W).evaluate((host) => host.shadowRoot!.textContent)).not.toContain('Không rõ ngày đăng');
    expect(bad).toEqual([]);
    await page.close();
  });
});
