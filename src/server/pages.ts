/**
 * What the widget needs from the server besides answers, and a page to see it on:
 *
 * - GET /widget.js          the widget, one script (src/widget/, bundled by src/node/widget-bundle.ts)
 * - GET /api/widget/:id     {id, title, url, publishedAt, suggestions}: the questions shown before the first one
 *                           (not under /api/articles, whose GET /:id is the newsroom's admin view)
 * - GET /?article=ID        a demo article page: a real indexed article, its text with one anchor per
 *                           paragraph, and the one script tag a news site adds under its articles
 *
 * Every piece of article text goes through {@link escapeHtml}: titles and bodies come from
 * scraped pages and must never become markup.
 *
 * @example
 * app.get('/', demoPageHandler(new MemoryPassages(runtime.index)));
 */
import type { Handler } from 'hono';
import type { Chunk } from '../corpus/article.js';
import type { ArticleSource, ArticleView } from '../index/ports.js';
import type { StoredArticle } from '../index/store.js';
import { errorResponse } from './errors.js';

/** Articles listed on the demo page besides the one shown. */
const OTHER_ARTICLES = 20;

/** GET /widget.js: the bundle, with an ETag so browsers revalidate instead of downloading it again. */
export function widgetHandler(load: () => Promise<string>): Handler {
  let cached: { source: string; etag: string } | undefined;
  return async (c) => {
    const source = await load();
    if (cached?.source !== source) cached = { source, etag: `"${hash(source)}"` };
    c.header('ETag', cached.etag);
    c.header('Cache-Control', 'public, max-age=300');
    if (c.req.header('if-none-match') === cached.etag) return c.body(null, 304);
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    return c.body(source);
  };
}

/** GET /api/widget/:id: what the widget shows under an article before the first question. */
export function articleHandler(articles: ArticleSource): Handler {
  return async (c) => {
    const article = (await articles.article(c.req.param('id') ?? ''))?.article;
    if (!article) return errorResponse(c, 404, 'article_not_found');
    c.header('Cache-Control', 'public, max-age=60');
    return c.json({
      id: article.id,
      title: article.title,
      url: article.url,
      publishedAt: article.publishedAt,
      suggestions: article.suggestions ?? [],
    });
  };
}

/** A paragraph of the body with its offsets, so a citation (body offsets) finds it. */
export interface Paragraph {
  text: string;
  start: number;
  end: number;
  /** A line without a final stop: a subheading in the source. */
  heading: boolean;
}

/** The article's text, rebuilt from its chunks (each an exact slice of the body), one entry per line. */
export function articleParagraphs(chunks: readonly Chunk[]): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  for (const chunk of chunks) {
    for (const line of chunk.text.matchAll(/[^\n]+/g)) {
      const text = line[0].trim();
      if (!text) continue;
      const start = chunk.start + line.index + (line[0].length - line[0].trimStart().length);
      paragraphs.push({ text, start, end: start + text.length, heading: text.length <= 120 && !/[.!?…:"”)]$/u.test(text) });
    }
  }
  return paragraphs;
}

/** GET / — the demo page: one article (?article=ID, else the first indexed) with the widget under it. */
export function demoPageHandler(articles: ArticleSource): Handler {
  return async (c) => {
    const wanted = c.req.query('article');
    const found = wanted ? await articles.article(wanted) : undefined;
    const missing = wanted !== undefined && !found;
    const listed = await articles.list(OTHER_ARTICLES + 1);
    const shown = found ?? (listed[0] ? await articles.article(listed[0].id) : undefined);
    const others = listed.filter((a) => a.id !== shown?.article.id).slice(0, OTHER_ARTICLES);
    c.header('Cache-Control', 'no-cache');
    return c.html(renderDemoPage(shown, others, missing), missing ? 404 : 200);
  };
}

function renderDemoPage(shown: ArticleView | undefined, others: StoredArticle[], missing: boolean): string {
  const article = shown?.article;
  const date = article?.publishedAt ? formatDate(article.publishedAt) : '';
  const body = shown
    ? articleParagraphs(shown.chunks)
        .map((p) => {
          const attrs = `id="doan-${p.start}" data-start="${p.start}" data-end="${p.end}"`;
          return p.heading ? `<h2 ${attrs}>${escapeHtml(p.text)}</h2>` : `<p ${attrs}>${escapeHtml(p.text)}</p>`;
        })
        .join('\n')
    : '<p>Chưa có bài viết nào trong chỉ mục. Chạy <code>npm run index</code> rồi tải lại trang.</p>';
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(article?.title ?? 'Hỏi đáp thông minh')} — Hỏi đáp thông minh</title>
<link rel="icon" href="${FAVICON}">
<style>${PAGE_CSS}</style>
</head>
<body>
<header class="site"><a class="brand" href="/">Báo Mẫu</a><span>Trang minh họa tiện ích “Hỏi đáp thông minh”</span></header>
<main>
${missing ? '<p class="notice" role="alert">Không tìm thấy bài viết này; đang hiển thị bài mới nhất.</p>' : ''}
<article${article ? ` data-article-id="${escapeHtml(article.id)}"` : ''}>
${article ? `${articleMeta(date, article)}<h1>${escapeHtml(article.title)}</h1>` : '<h1>Hỏi đáp thông minh</h1>'}
<div class="body">
${body}
</div>
</article>
<section class="qa" aria-label="Hỏi đáp về bài viết">
<script src="/widget.js"${article ? ` data-article-id="${escapeHtml(article.id)}"` : ''} defer></script>
</section>
${
  others.length
    ? `<nav class="more" aria-label="Bài viết khác"><h2>Bài viết khác</h2><ul>${others
        .map((a) => `<li><a href="/?article=${encodeURIComponent(a.id)}">${escapeHtml(a.title)}</a></li>`)
        .join('')}</ul></nav>`
    : ''
}
</main>
<footer class="site">Câu trả lời chỉ được trích từ các bài viết của trang, kèm nguồn.</footer>
<script>${PAGE_SCRIPT}</script>
</body>
</html>`;
}

/**
 * The line above the title: the date and a link to the original, each only when known (a
 * scraped page may give neither; "Không rõ ngày đăng" would only tell the reader nothing).
 */
function articleMeta(date: string, article: { publishedAt: string; url: string }): string {
  const parts = [
    date ? `<time datetime="${escapeHtml(article.publishedAt)}">${escapeHtml(date)}</time>` : '',
    /^https?:\/\//i.test(article.url) ? `<a href="${escapeHtml(article.url)}" rel="noopener">Bài gốc</a>` : '',
  ].filter(Boolean);
  return parts.length ? `<p class="meta">${parts.join(' · ')}</p>\n` : '';
}

/**
 * The page's icon, inline (the site's red dot on white), so the browser does not ask for
 * /favicon.ico, which this server does not have, and log a 404 on every page view.
 */
const FAVICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Ccircle cx='8' cy='8' r='7' fill='%239b1c1c'/%3E%3C/svg%3E";

/**
 * When a source the widget cites is this page's article, scroll to the paragraph instead of
 * leaving the page: the widget fires a cancelable "hoidap:cite" event with body offsets.
 */
const PAGE_SCRIPT = `
document.addEventListener('hoidap:cite', function (event) {
  var detail = event.detail || {};
  var article = document.querySelector('article[data-article-id]');
  if (!article || article.getAttribute('data-article-id') !== detail.articleId) return;
  // The quoted sentence when there is one (a passage can span several paragraphs), else the passage.
  var from = detail.quote ? detail.quote.start : detail.start, to = detail.quote ? detail.quote.end : detail.end;
  var hit = [];
  article.querySelectorAll('[data-start]').forEach(function (p) {
    var s = Number(p.getAttribute('data-start')), e = Number(p.getAttribute('data-end'));
    p.classList.remove('cited');
    if (s < to && e > from) hit.push(p);
  });
  if (!hit.length) return;
  event.preventDefault();
  hit.forEach(function (p) { p.classList.add('cited'); });
  hit[0].setAttribute('tabindex', '-1');
  hit[0].scrollIntoView({ behavior: 'smooth', block: 'center' });
  hit[0].focus({ preventScroll: true });
});`;

const PAGE_CSS = `
*{box-sizing:border-box}
body{margin:0;font:17px/1.6 Georgia,"Times New Roman",serif;color:#1a1a1a;background:#fafaf7}
header.site,footer.site{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;padding:12px 16px;background:#fff;border-bottom:1px solid #e5e5e0;display:flex;gap:12px;align-items:baseline;flex-wrap:wrap}
footer.site{border-top:1px solid #e5e5e0;border-bottom:0;color:#555;font-size:14px;margin-top:32px}
.brand{font-weight:700;font-size:20px;color:#9b1c1c;text-decoration:none}
header.site span{color:#666;font-size:14px}
main{max-width:720px;margin:0 auto;padding:16px}
h1{font-size:28px;line-height:1.3;margin:8px 0 16px}
.body h2{font-size:20px;margin:24px 0 8px}
.meta{font-family:system-ui,sans-serif;color:#666;font-size:14px;margin:16px 0 0}
.body p{margin:0 0 14px;overflow-wrap:anywhere}
.body .cited{background:#fff3bf;outline:3px solid #f0c000;outline-offset:2px;transition:background .3s}
.notice{background:#fff3cd;padding:8px 12px;border-radius:6px;font-family:system-ui,sans-serif}
.qa{margin:32px 0}
.more{font-family:system-ui,sans-serif}
.more h2{font-size:18px}
.more li{margin:6px 0}
a{color:#0b57d0}
a:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
@media (max-width:480px){body{font-size:16px}h1{font-size:23px}main{padding:12px}}
`;

/** Text and attribute values as HTML: nothing in them can open a tag or end an attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** "2024-11-16T11:00:00+07:00" → "16/11/2024": the date as the article states it, whatever the server's zone. */
function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

/** FNV-1a, enough to tell two bundles apart for an ETag. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36) + text.length.toString(36);
}
