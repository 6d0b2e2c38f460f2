/**
 * What the widget needs besides answers: its script (GET /widget.js, bundled from src/widget),
 * an article's suggested questions (GET /api/widget/:id), and the demo article page (GET /),
 * which must show hostile article text as text.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import type { Article } from '../../src/corpus/article.js';
import { buildIndex, type BuiltIndex } from '../../src/index/build.js';
import { LiveIndex } from '../../src/index/live.js';
import { HybridRetriever, MemoryPassages } from '../../src/node/memory-index.js';
import { liveAdmin } from '../../src/server/admin.js';
import { widgetLoader } from '../../src/node/widget-bundle.js';
import { QaService } from '../../src/qa.js';
import { createApp } from '../../src/server/app.js';
import { articleParagraphs, escapeHtml } from '../../src/server/pages.js';
import { GIA_VANG } from '../support/news-fixtures.js';

const HOSTILE: Article = {
  id: 'bai-doc-hai',
  title: 'Cảnh báo <img src=x onerror=alert(1)> và <script>alert(1)</script>',
  body: 'Tin nóng\n\nSáng 2/1, tại Hà Nội, Trung tâm An ninh mạng đã cảnh báo đoạn mã <img src=x onerror=alert(1)> trong bình luận.\n\nThẻ <script>alert("x")</script> "đánh cắp" dữ liệu & mật khẩu.',
  url: 'https://example.vn/bai-doc-hai?a=1&b=2',
  publishedAt: '2025-01-02T08:00:00+07:00',
  origin: 'test',
};
const GOLD: Article = GIA_VANG;
/** A scraped page that gave neither a date nor its URL (like corpus/chile-paulina-vodanovic-2024-11-10.md). */
const UNDATED: Article = {
  id: 'bai-khong-ngay',
  title: 'Bài không rõ ngày đăng',
  body: 'Sáng nay, tại Hà Nội, hội nghị đã khai mạc với sự tham dự của 200 đại biểu.',
  url: '',
  publishedAt: '',
  origin: 'test',
};

let index: BuiltIndex;
let app: Hono;

beforeAll(async () => {
  index = await buildIndex([GOLD, HOSTILE, UNDATED]);
  const qa = new QaService({ retriever: new HybridRetriever({ store: index.store, lexical: index.lexical }) });
  app = createApp({
    qa,
    health: () => ({ articles: 2, chunks: 2, model: null }),
    widget: widgetLoader(),
    articles: new MemoryPassages(index),
    // As `npm start` wires it: the newsroom's routes under /api/articles sit beside the widget's.
    admin: liveAdmin(new LiveIndex(index)),
    logError: () => {},
  });
});

describe('GET /widget.js', () => {
  it('serves the bundled widget, ASCII-only, with an ETag browsers can revalidate', async () => {
    const res = await app.request('/widget.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const source = await res.text();
    expect(source).toContain('hoi-dap-thong-minh');
    expect(source).toContain('customElements');
    expect(source).not.toMatch(/[^\p{ASCII}]/u);
    expect(source).not.toContain('innerHTML');
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    const again = await app.request('/widget.js', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });
});

describe('GET /api/widget/:id', () => {
  it('gives the article and its suggested questions', async () => {
    const res = await app.request('/api/widget/gia-vang');
    expect(res.status).toBe(200);
    const json = (await res.json()) as { id: string; title: string; suggestions: string[] };
    expect(json).toMatchObject({ id: 'gia-vang', title: GOLD.title, url: GOLD.url, publishedAt: GOLD.publishedAt });
    expect(json.suggestions).toContain('Giá vàng miếng SJC tăng lên bao nhiêu?');
  });

  it('answers 404 JSON for an unknown article', async () => {
    const res = await app.request('/api/widget/khong-co');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('article_not_found');
  });
});

describe('GET / (the demo article page)', () => {
  it('shows the article, with the widget script tag under it', async () => {
    const res = await app.request('/?article=gia-vang');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>Giá vàng hôm nay tăng mạnh</h1>');
    expect(html).toContain('<time datetime="2025-03-12T08:00:00+07:00">12/03/2025</time>');
    expect(html).toContain('<script src="/widget.js" data-article-id="gia-vang" defer></script>');
  });

  it('shows only what is known above the title: no "Không rõ ngày đăng", no link to an unknown original', async () => {
    const html = await (await app.request(`/?article=${UNDATED.id}`)).text();
    expect(html).toContain(`<h1>${UNDATED.title}</h1>`);
    expect(html).not.toContain('Không rõ ngày đăng');
    expect(html).not.toContain('class="meta"');
    expect(html).not.toContain('Bài gốc');
    // A dated article with a URL keeps both, linked.
    const dated = await (await app.request('/?article=gia-vang')).text();
    expect(dated).toContain(
      `<p class="meta"><time datetime="${GOLD.publishedAt}">12/03/2025</time> · <a href="${GOLD.url}" rel="noopener">Bài gốc</a></p>`,
    );
  });

  it('gives the page an inline icon, so the browser does not ask for a /favicon.ico that is not there', async () => {
    const html = await (await app.request('/?article=gia-vang')).text();
    const icon = /<link rel="icon" href="([^"]+)">/.exec(html)?.[1];
    expect(icon).toMatch(/^data:image\/svg\+xml,/);
    expect(decodeURIComponent(icon!.slice('data:image/svg+xml,'.length))).toMatch(/^<svg xmlns='http:\/\/www.w3.org\/2000\/svg'.*<\/svg>$/);
    expect((await app.request('/favicon.ico')).status).toBe(404); // which is why the page must not ask for it
  });

  it('shows the first article when none is asked for, and says when the asked one is unknown', async () => {
    expect(await (await app.request('/')).text()).toContain('<h1>Giá vàng hôm nay tăng mạnh</h1>');
    const res = await app.request('/?article=khong-co');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Không tìm thấy bài viết này');
  });

  it('escapes hostile titles, bodies and URLs', async () => {
    const html = await (await app.request('/?article=bai-doc-hai')).text();
    expect(html).not.toContain('<img');
    expect(html.match(/<script/g)).toHaveLength(2); // the widget's tag and the page's own script
    expect(html).toContain('<h1>Cảnh báo &#60;img src=x onerror=alert(1)&#62; và &#60;script&#62;alert(1)&#60;/script&#62;</h1>');
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#34;đánh cắp&#34; dữ liệu &#38; mật khẩu.');
    expect(html).toContain('href="https://example.vn/bai-doc-hai?a=1&#38;b=2"');
  });

  it('gives each paragraph its body offsets, so a citation finds it', async () => {
    const paragraphs = articleParagraphs((await new MemoryPassages(index).article(HOSTILE.id))!.chunks);
    expect(paragraphs.map((p) => p.text)).toEqual(HOSTILE.body.split('\n\n'));
    for (const p of paragraphs) expect(HOSTILE.body.slice(p.start, p.end)).toBe(p.text);
    expect(paragraphs.map((p) => p.heading)).toEqual([true, false, false]);
  });

  it('escapes the five characters that matter', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;');
  });
});
