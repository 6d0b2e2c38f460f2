/**
 * The editors' page (GET /admin/insights): what readers asked day by day, under which articles,
 * what the site could not answer, and which answers readers marked 👎, with the cited passages
 * one click away. One HTML document in Vietnamese, for the newsroom.
 *
 * The page makes no request of its own: the styles are inline, the charts are SVG drawn here,
 * there is no script and no web font, and the icon is a data: URL. So it works behind the admin
 * login, offline from a saved copy, and in print. Geometry is in SVG attributes and colours in
 * the stylesheet, never in `style` attributes, so a future Content-Security-Policy needs to allow
 * only the one `<style>` element.
 *
 * Questions, notes and answers are readers' input and article titles come from scraped pages:
 * every piece of text goes through {@link escapeHtml}, and only http(s) URLs become links.
 *
 * @example
 * app.get('/admin/insights', async (c) => c.html(insightsPage(await summarize())));
 */
import { REASON_LABELS, type FeedbackCitation } from '../contract.js';
import { escapeHtml } from '../server/pages.js';
import type { ArticleCount, DayCount, Downvote, Insights, TopicGroup } from './types.js';
import { dateTime, dayDate, passageUrl, topicSpan } from './wording.js';

const WEEKDAYS = ['Chủ nhật', 'Thứ hai', 'Thứ ba', 'Thứ tư', 'Thứ năm', 'Thứ sáu', 'Thứ bảy'];
const NUMBER = new Intl.NumberFormat('vi-VN');
const PERCENT = new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 });

/** Height of the daily chart's drawing area, in SVG units; bar heights are counts scaled to it. */
const CHART_HEIGHT = 100;
/** Width of one day in the daily chart, in SVG units (the chart is stretched to the page's width). */
const DAY_WIDTH = 10;
/** A short period is drawn at least this many days wide, so one day is not one wall-to-wall bar. */
const MIN_CHART_DAYS = 7;

export function insightsPage(insights: Insights): string {
  const period = `${escapeHtml(dayDate(insights.from))} – ${escapeHtml(dayDate(insights.to))}`;
  const articles = knownArticles(insights);
  const sections = insights.questionLog
    ? [perDaySection(insights.perDay), topArticlesSection(insights.topArticles), topicsSection(insights.unansweredTopics, articles)]
    : [];
  sections.push(downvotesSection(insights.downvotes, articles));
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Độc giả hỏi gì · ${period} — Hỏi đáp thông minh</title>
<link rel="icon" href="${FAVICON}">
<style>${PAGE_CSS}</style>
</head>
<body>
${pageHeader(insights)}
<main>
${insights.questionLog ? '' : LOG_OFF_NOTICE}
${damagedNotice(insights.damaged)}
${sections.join('\n')}
</main>
<footer>Trang dành cho biên tập viên, không hiển thị với độc giả.</footer>
</body>
</html>`;
}

function pageHeader(insights: Insights): string {
  const { totals } = insights;
  const tiles: [string, string, string?][] = insights.questionLog
    ? [
        ['Câu hỏi', NUMBER.format(totals.questions)],
        ['Có câu trả lời', NUMBER.format(totals.found), percentOf(totals.found, totals.questions)],
        ['Chưa trả lời được', NUMBER.format(totals.unanswered), percentOf(totals.unanswered, totals.questions)],
      ]
    : [];
  tiles.push(['👍 Hữu ích', NUMBER.format(totals.up)], ['👎 Chưa tốt', NUMBER.format(totals.down)]);
  const nav = insights.questionLog
    ? `<nav class="toc" aria-label="Các phần của trang"><a href="#moi-ngay">Mỗi ngày</a><a href="#bai-viet">Bài viết</a><a href="#chua-tra-loi">Chưa trả lời</a><a href="#danh-gia">Đánh giá 👎</a></nav>`
    : '';
  return `<header class="top">
<p class="brand">Hỏi đáp thông minh · Dành cho biên tập viên</p>
<h1>Độc giả hỏi gì</h1>
<p class="period">Từ <time datetime="${escapeHtml(insights.from)}">${escapeHtml(dayDate(insights.from))}</time> đến <time datetime="${escapeHtml(insights.to)}">${escapeHtml(dayDate(insights.to))}</time> <span class="muted">(giờ Việt Nam; cập nhật ${escapeHtml(dateTime(insights.generatedAt))})</span></p>
<dl class="totals">${tiles
    .map(([label, value, share]) => `<div><dt>${label}</dt><dd>${value}${share ? ` <span class="share">(${share})</span>` : ''}</dd></div>`)
    .join('')}</dl>
${nav}
</header>`;
}

const LOG_OFF_NOTICE = `<p class="notice" role="status">Nhật ký câu hỏi đang tắt, nên trang này chỉ có đánh giá 👍/👎 của độc giả. Để xem độc giả hỏi gì mỗi ngày, dưới bài nào và câu nào chưa trả lời được, đặt biến môi trường <code>HOIDAP_QUESTION_LOG=.data/questions</code> rồi khởi động lại dịch vụ.</p>`;

/** Lines skipped because a write was torn (a crash mid-line): worth knowing, so only shown when there are some. */
function damagedNotice(damaged: Insights['damaged']): string {
  const parts = [
    damaged.questions ? `${NUMBER.format(damaged.questions)} dòng trong nhật ký câu hỏi` : '',
    damaged.feedback ? `${NUMBER.format(damaged.feedback)} dòng trong tệp đánh giá` : '',
  ].filter(Boolean);
  if (!parts.length) return '';
  return `<p class="notice damaged" role="status">Đã bỏ qua ${parts.join(' và ')} bị hỏng (thường do ghi dở khi dịch vụ dừng đột ngột); số liệu dưới đây không tính các dòng này.</p>`;
}

// —— Câu hỏi mỗi ngày ——

function perDaySection(days: readonly DayCount[]): string {
  const total = days.reduce((sum, d) => sum + d.questions, 0);
  const body = total ? dayChart(days) + dayTable(days) : '<p class="empty">Chưa có câu hỏi nào trong khoảng thời gian này.</p>';
  return `<section id="moi-ngay" aria-labelledby="moi-ngay-h">
<h2 id="moi-ngay-h">Câu hỏi mỗi ngày</h2>
${body}
</section>`;
}

/**
 * One stacked bar per day: answered at the bottom, unanswered on top, the whole bar's height
 * proportional to the day's questions. The SVG is stretched to the page's width (so a phone
 * shows all days without scrolling); text stays in HTML around it, where it is not stretched.
 */
function dayChart(days: readonly DayCount[]): string {
  const max = Math.max(...days.map((d) => d.questions));
  const scale = (n: number) => round((n / max) * CHART_HEIGHT);
  const width = Math.max(days.length, MIN_CHART_DAYS) * DAY_WIDTH;
  const bars = days.map((d, i) => {
    const x = i * DAY_WIDTH;
    const total = scale(d.questions);
    const missed = scale(d.unanswered);
    const answered = round(total - missed);
    return `<g class="day" data-day="${escapeHtml(d.day)}"><title>${escapeHtml(dayLabel(d))}</title><rect class="hit" fill="transparent" x="${x}" y="0" width="${DAY_WIDTH}" height="${CHART_HEIGHT}"/><rect class="ok" x="${x + 1}" y="${round(CHART_HEIGHT - answered)}" width="${DAY_WIDTH - 2}" height="${answered}"/><rect class="miss" x="${x + 1}" y="${round(CHART_HEIGHT - total)}" width="${DAY_WIDTH - 2}" height="${missed}"/></g>`;
  });
  const middle = days[Math.floor((days.length - 1) / 2)]!;
  const ticks = [days[0]!, ...(days.length > 2 ? [middle] : []), ...(days.length > 1 ? [days.at(-1)!] : [])];
  return `<figure class="chart">
<div class="plot"><span class="ymax" aria-hidden="true">${NUMBER.format(max)}</span>
<svg viewBox="0 0 ${width} ${CHART_HEIGHT}" preserveAspectRatio="none" role="img" aria-label="Biểu đồ cột: số câu hỏi mỗi ngày, nhiều nhất ${NUMBER.format(max)} câu một ngày; số liệu từng ngày ở bảng ngay sau biểu đồ.">
<line class="grid" x1="0" x2="${width}" y1="0.5" y2="0.5" vector-effect="non-scaling-stroke"/><line class="grid" x1="0" x2="${width}" y1="${CHART_HEIGHT / 2}" y2="${CHART_HEIGHT / 2}" vector-effect="non-scaling-stroke"/>
${bars.join('\n')}
</svg></div>
<div class="xaxis" aria-hidden="true">${ticks.map((d) => `<span>${escapeHtml(shortDay(d.day))}</span>`).join('')}</div>
<figcaption class="legend"><span class="key ok"></span>Có câu trả lời <span class="key miss"></span>Chưa trả lời được</figcaption>
</figure>`;
}

/**
 * The chart's numbers for screen readers (and for anyone who copies the page): visually hidden.
 * Hidden through a wrapper: a table sizes to its content whatever its own width says, and would
 * widen a phone's page.
 */
function dayTable(days: readonly DayCount[]): string {
  const rows = days
    .map(
      (d) =>
        `<tr><th scope="row">${escapeHtml(weekday(d.day))} ${escapeHtml(dayDate(d.day))}</th><td>${NUMBER.format(d.questions)}</td><td>${NUMBER.format(d.questions - d.unanswered)}</td><td>${NUMBER.format(d.unanswered)}</td></tr>`,
    )
    .join('');
  return `<div class="sr-only"><table><caption>Số câu hỏi mỗi ngày</caption><thead><tr><th scope="col">Ngày</th><th scope="col">Câu hỏi</th><th scope="col">Có câu trả lời</th><th scope="col">Chưa trả lời được</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function dayLabel(d: DayCount): string {
  return `${weekday(d.day)} ${dayDate(d.day)}: ${NUMBER.format(d.questions)} câu hỏi, ${NUMBER.format(d.questions - d.unanswered)} có câu trả lời, ${NUMBER.format(d.unanswered)} chưa trả lời được`;
}

// —— Bài viết được hỏi nhiều nhất ——

function topArticlesSection(articles: readonly ArticleCount[]): string {
  const max = Math.max(1, ...articles.map((a) => a.questions));
  const body = articles.length
    ? `<ol class="articles">${articles.map((a) => articleItem(a, max)).join('\n')}</ol>`
    : '<p class="empty">Chưa có câu hỏi nào được hỏi dưới một bài viết.</p>';
  return `<section id="bai-viet" aria-labelledby="bai-viet-h">
<h2 id="bai-viet-h">Bài viết được hỏi nhiều nhất</h2>
${body}
</section>`;
}

/** The article's title (its id when the title is unknown), its counts, and a bar of its share of the busiest one. */
function articleItem(a: ArticleCount, max: number): string {
  const total = round((a.questions / max) * 100);
  const missed = round((a.unanswered / max) * 100);
  const counts = `${NUMBER.format(a.questions)} câu hỏi${a.unanswered ? `, ${NUMBER.format(a.unanswered)} chưa trả lời được` : ''}`;
  return `<li><div class="item-head">${articleLink(a.articleId, a.title, a.url)}<span class="count">${counts}</span></div><svg class="hbar" viewBox="0 0 100 4" preserveAspectRatio="none" aria-hidden="true"><rect class="ok" x="0" y="0" width="${round(total - missed)}" height="4"/><rect class="miss" x="${round(total - missed)}" y="0" width="${missed}" height="4"/></svg></li>`;
}

// —— Độc giả hỏi nhưng chưa có bài trả lời ——

function topicsSection(topics: readonly TopicGroup[], articles: ReadonlyMap<string, KnownArticle>): string {
  const body = topics.length
    ? topics.map((t) => topicCard(t, articles)).join('\n')
    : '<p class="empty">Không có câu hỏi nào bị bỏ ngỏ: mọi câu hỏi trong khoảng thời gian này đều có bài trả lời.</p>';
  return `<section id="chua-tra-loi" aria-labelledby="chua-tra-loi-h">
<h2 id="chua-tra-loi-h">Độc giả hỏi nhưng chưa có bài trả lời</h2>
${topics.length ? '<p class="intro">Những câu hỏi gần giống nhau được gom theo chủ đề: gợi ý cho bài viết tiếp theo.</p>' : ''}
${body}
</section>`;
}

function topicCard(topic: TopicGroup, articles: ReadonlyMap<string, KnownArticle>): string {
  const examples = topic.examples.length
    ? `<h3 class="sub">Ví dụ câu hỏi</h3><ul class="examples">${topic.examples.map((q) => `<li>${escapeHtml(q)}</li>`).join('')}</ul>`
    : '';
  const where = topic.articles.length
    ? `<h3 class="sub">Hỏi dưới bài</h3><ul class="where">${topic.articles
        .map((id) => `<li>${articleLink(id, articles.get(id)?.title ?? '', articles.get(id)?.url ?? '')}</li>`)
        .join('')}</ul>`
    : '<p class="where">Hỏi trên toàn trang, không dưới bài nào.</p>';
  return `<article class="card topic"><p class="lead">${topicSentence(topic)}</p>${examples}${where}</article>`;
}

/** "Độc giả hỏi 37 lần về «giá xăng» (3/11 – 29/11), không bài nào trả lời." */
function topicSentence(topic: TopicGroup): string {
  return `Độc giả hỏi <strong>${NUMBER.format(topic.count)} lần</strong> về <strong>«${escapeHtml(topic.label)}»</strong> (${topicSpan(topic)}), không bài nào trả lời.`;
}

// —— Câu trả lời bị đánh giá 👎 ——

function downvotesSection(downvotes: readonly Downvote[], articles: ReadonlyMap<string, KnownArticle>): string {
  const body = downvotes.length
    ? downvotes.map((d) => downvoteCard(d, articles)).join('\n')
    : '<p class="empty">Chưa có câu trả lời nào bị đánh giá 👎.</p>';
  return `<section id="danh-gia" aria-labelledby="danh-gia-h">
<h2 id="danh-gia-h">Câu trả lời bị đánh giá 👎</h2>
${downvotes.length ? '<p class="intro">Mới nhất trước. Mỗi đoạn trích mở thẳng tới chỗ được trích trong bài để kiểm tra.</p>' : ''}
${body}
</section>`;
}

function downvoteCard(d: Downvote, articles: ReadonlyMap<string, KnownArticle>): string {
  const under = d.articleId
    ? ` · hỏi dưới bài ${articleLink(d.articleId, articles.get(d.articleId)?.title ?? '', articles.get(d.articleId)?.url ?? '')}`
    : ' · hỏi trên toàn trang';
  const reasons = d.reasons.length
    ? `<ul class="reasons" aria-label="Lý do">${d.reasons.map((r) => `<li>${escapeHtml(REASON_LABELS[r] ?? r)}</li>`).join('')}</ul>`
    : '';
  const note = d.note ? `<p class="note"><span class="label">Độc giả ghi:</span> ${escapeHtml(d.note)}</p>` : '';
  const citations = d.citations.length
    ? `<h4 class="sub">Đoạn được trích</h4><ol class="citations">${d.citations.map(citationItem).join('')}</ol>`
    : '<p class="muted">Câu trả lời không trích đoạn nào.</p>';
  return `<article class="card downvote">
<p class="when"><time datetime="${escapeHtml(d.at)}">${escapeHtml(dateTime(d.at))}</time>${under}</p>
<h3 class="question">${escapeHtml(d.question)}</h3>
${reasons}
<div class="answer"><span class="label">Câu trả lời</span><p>${escapeHtml(d.answer)}</p></div>
${note}
${citations}
</article>`;
}

/** A cited passage: the quote, and a link that opens the article scrolled to it and highlighted. */
function citationItem(c: FeedbackCitation): string {
  const title = escapeHtml(c.title || c.articleId);
  const linkable = isWebUrl(c.url);
  const source = linkable
    ? `<a href="${escapeHtml(c.url)}" rel="noopener noreferrer">${title}</a>`
    : `${title} <span class="muted">(bài <code>${escapeHtml(c.articleId)}</code>, không có địa chỉ)</span>`;
  const quote = c.quote?.trim() ? `<blockquote>${escapeHtml(c.quote.trim())}</blockquote>` : '';
  const open =
    linkable && c.quote?.trim()
      ? `<a class="open" href="${escapeHtml(passageUrl(c.url, c.quote))}" target="_blank" rel="noopener noreferrer">Mở bài tại đoạn này ↗</a>`
      : '';
  return `<li value="${c.n}"><p class="source"><span class="n">[${c.n}]</span> ${source}</p>${quote}${open}</li>`;
}

// —— Articles, links, dates, numbers ——

interface KnownArticle {
  title: string;
  url: string;
}

/** Titles and URLs the insights know, by article id: topics and 👎 name articles by id only. */
function knownArticles(insights: Insights): Map<string, KnownArticle> {
  const known = new Map<string, KnownArticle>();
  for (const d of insights.downvotes) for (const c of d.citations) known.set(c.articleId, { title: c.title, url: c.url });
  for (const a of insights.topArticles) if (a.title || a.url) known.set(a.articleId, { title: a.title, url: a.url });
  return known;
}

/** The title linked to the article (the id when the title is unknown); plain text when the URL is not a web address. */
function articleLink(id: string, title: string, url: string): string {
  const text = escapeHtml(title || id);
  return isWebUrl(url)
    ? `<a class="title" href="${escapeHtml(url)}" rel="noopener noreferrer">${text}</a>`
    : `<span class="title">${text}</span>`;
}

/** Only http(s) becomes a link: a scraped "javascript:" URL must not run in an editor's logged-in page. */
function isWebUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

/** "2025-11-03" → "03/11", under the chart. */
function shortDay(day: string): string {
  return dayDate(day).slice(0, 5);
}

function weekday(day: string): string {
  const date = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? '' : WEEKDAYS[date.getUTCDay()]!;
}

function percentOf(part: number, whole: number): string {
  return whole ? PERCENT.format(part / whole) : '';
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** The page's icon inline (a red dot), so the browser does not ask this server for /favicon.ico. */
const FAVICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Ccircle cx='8' cy='8' r='7' fill='%239b1c1c'/%3E%3C/svg%3E";

const PAGE_CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#f6f6f3}
header.top,main,footer{max-width:960px;margin:0 auto;padding:16px}
header.top{padding-bottom:8px}
.brand{margin:0;color:#9b1c1c;font-weight:700;font-size:14px;letter-spacing:.02em}
h1{font-size:28px;line-height:1.25;margin:4px 0 4px}
h2{font-size:21px;line-height:1.3;margin:0 0 12px}
h3,h4{margin:0}
.sub{font-size:13px;font-weight:600;color:#555;text-transform:uppercase;letter-spacing:.03em;margin:12px 0 4px}
.period{margin:0 0 12px}
.muted{color:#666}
.totals{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:8px;margin:0}
.totals div{background:#fff;border:1px solid #e2e2dc;border-radius:8px;padding:8px 12px}
.totals dt{font-size:13px;color:#555}
.totals dd{margin:0;font-size:22px;font-weight:700}
.totals .share{font-size:14px;font-weight:400;color:#555}
.toc{display:flex;flex-wrap:wrap;gap:4px 16px;margin-top:12px;font-size:14px}
section{background:#fff;border:1px solid #e2e2dc;border-radius:10px;padding:16px;margin:0 0 16px}
.intro{margin:-4px 0 12px;color:#555}
.empty{margin:0;padding:12px;background:#f6f6f3;border-radius:6px;color:#444}
.notice{background:#fff3cd;border:1px solid #f0d98c;padding:10px 14px;border-radius:8px;margin:0 0 16px}
.damaged{background:#fdecea;border-color:#f3c1bb}
code{font:14px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f0f0eb;padding:1px 4px;border-radius:4px;overflow-wrap:anywhere}
a{color:#0b57d0}
a:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
p,li,blockquote,h3,dd{overflow-wrap:anywhere}
.ok{fill:#2f6fb3;background:#2f6fb3}
.miss{fill:#d9822b;background:#d9822b}
.chart{margin:0}
.plot{position:relative;padding-top:18px}
.ymax{position:absolute;top:0;left:0;font-size:12px;color:#666}
.chart svg{display:block;width:100%;height:180px;border-bottom:1px solid #999}
.grid{stroke:#e5e5e0;stroke-width:1}
.day:hover .hit{fill:rgba(0,0,0,.06)}
.xaxis{display:flex;justify-content:space-between;font-size:12px;color:#666;margin-top:2px}
.legend{font-size:13px;color:#444;margin-top:8px}
.key{display:inline-block;width:12px;height:12px;border-radius:2px;vertical-align:-1px;margin:0 4px 0 0}
.key.miss{margin-left:12px}
.articles{list-style:none;margin:0;padding:0;counter-reset:n}
.articles li{margin:0 0 12px}
.item-head{display:flex;flex-wrap:wrap;justify-content:space-between;gap:0 12px}
.item-head .title{font-weight:600}
.count{color:#555;font-size:14px;white-space:nowrap}
.hbar{display:block;width:100%;height:10px;margin-top:4px;background:#f0f0eb;border-radius:3px}
.card{border:1px solid #e2e2dc;border-left:4px solid #d9822b;border-radius:8px;padding:12px 14px;margin:0 0 12px;background:#fffdfa}
.downvote{border-left-color:#b3261e}
.lead{margin:0;font-size:17px}
.examples,.where,.citations{margin:0;padding-left:20px}
.examples li{font-style:italic}
p.where{padding:0;margin-top:8px;color:#555}
.when{margin:0 0 4px;font-size:13px;color:#666}
.question{font-size:18px;line-height:1.35}
.reasons{list-style:none;display:flex;flex-wrap:wrap;gap:6px;margin:8px 0 0;padding:0}
.reasons li{background:#fdecea;color:#8c1d18;border-radius:999px;padding:1px 10px;font-size:13px}
.answer{margin:10px 0 0;padding:8px 12px;background:#f6f6f3;border-radius:6px}
.answer p{margin:2px 0 0;white-space:pre-line}
.label{font-size:13px;font-weight:600;color:#555}
.note{margin:8px 0 0}
.citations li{margin:0 0 10px}
.source{margin:0}
.n{color:#666}
blockquote{margin:4px 0;padding:4px 12px;border-left:3px solid #c9c9c0;color:#333}
.open{font-size:14px}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
footer{color:#666;font-size:13px}
@media (max-width:480px){h1{font-size:24px}header.top,main,footer{padding:12px}section{padding:12px}.totals dd{font-size:19px}.chart svg{height:150px}}
@media print{body{background:#fff;font-size:12pt}.toc{display:none}section,.totals div{border-color:#bbb}.card,.articles li,.totals div{break-inside:avoid}h2{break-after:avoid}.ok,.miss,.key,.reasons li{-webkit-print-color-adjust:exact;print-color-adjust:exact}a{color:inherit}}
`;
