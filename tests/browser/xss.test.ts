/**
 * Safe rendering, in a real browser: an article whose title and body carry
 * `<img src=x onerror=alert(1)>` and `<script>…</script>` is shown on the demo page, suggested,
 * answered from and cited. Nothing may execute (no dialog opens, no element is created from
 * it), and the reader sees the markup as the text it is.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { describeBrowser, launchBrowser, screenshot, startSite, type Site } from './harness.js';

const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert("nội dung")</script>';
const HOSTILE = {
  id: 'bai-doc-hai',
  title: `Cảnh báo ${IMG} và <script>alert('tiêu đề')</script> trên mạng xã hội`,
  body:
    `Sáng 2/1, tại Hà Nội, Trung tâm Giám sát an toàn không gian mạng đã cảnh báo đoạn mã ${IMG} được chèn vào bình luận.\n\n` +
    `Chuyên gia cho biết thẻ ${SCRIPT} có thể đánh cắp dữ liệu của người dùng.`,
  url: "javascript:alert('url')",
  published_date: '2025-01-02T08:00:00+07:00',
};
const W = 'hoi-dap-thong-minh';

let dir: string;
let site: Site;
let browser: Browser;

describeBrowser('hostile article text in the browser', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hoidap-xss-'));
    writeFileSync(join(dir, 'hostile.jsonl'), `${JSON.stringify(HOSTILE)}\n`);
    // Without the reader, suggestions are picked by wording alone and include the one made from
    // the title, which carries the markup; the reader would drop it (it asks for no one fact).
    [site, browser] = await Promise.all([startSite({ corpus: [dir], env: { HOIDAP_READER: 'off' } }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows markup in titles, answers and passages as text, and runs none of it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${site.base}/?article=${HOSTILE.id}`);

    // The demo page: title and body as text.
    expect(await page.locator('h1').textContent()).toBe(HOSTILE.title);
    expect(await page.locator('article .body').textContent()).toContain(IMG);
    expect(await page.locator('article .body').textContent()).toContain(SCRIPT);

    // Suggestions made from the title keep its markup as text.
    await page.locator(`${W} .suggest button`).first().waitFor();
    expect((await page.locator(`${W} .suggest`).textContent()) ?? '').toContain(IMG);

    // The widget: ask about the passage that carries the markup.
    await page.locator(`${W} #hd-q`).fill('Trung tâm Giám sát an toàn không gian mạng cảnh báo đoạn mã nào được chèn vào bình luận?');
    await page.locator(`${W} #hd-q`).press('Enter');
    await page.locator(`${W} .turn[data-state=done]`).waitFor();
    expect(await page.locator(`${W} .answer`).textContent()).toContain(IMG);
    const source = page.locator(`${W} .source`).first();
    expect(await source.locator('.src-title').textContent()).toBe(HOSTILE.title);
    await source.locator('.src-head').click();
    expect(await source.locator('blockquote').textContent()).toContain(IMG);

    // A second question reaches the <script> sentence.
    await page.locator(`${W} #hd-q`).fill('Chuyên gia cho biết thẻ script có thể đánh cắp dữ liệu của ai?');
    await page.locator(`${W} #hd-q`).press('Enter');
    await page.locator(`${W} .turn[data-state=done]`).nth(1).waitFor();
    expect(await page.locator(`${W} .answer`).first().textContent()).toContain(SCRIPT);
    await page.locator(`${W} .answer .cite`).first().click();

    await page.waitForTimeout(300); // an onerror would have fired by now
    expect(dialogs).toEqual([]);
    const created = await page.evaluate((tag) => {
      const root = document.querySelector(tag)!.shadowRoot!;
      const all = (q: string) => [...Array.from(document.querySelectorAll(q)), ...Array.from(root.querySelectorAll(q))];
      return {
        images: all('img').length,
        scripts: all('script').filter((s) => !(s as HTMLScriptElement).src && s.textContent?.includes('alert')).length,
        handlers: all('[onerror]').length,
        jsLinks: all('a[href]').filter((a) => /^javascript:/i.test(a.getAttribute('href') ?? '')).length,
      };
    }, W);
    expect(created).toEqual({ images: 0, scripts: 0, handlers: 0, jsLinks: 0 });
    await screenshot(page, 'xss-article', { fullPage: true });
    await page.close();
  });
});
