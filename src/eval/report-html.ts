/**
 * The eval report as one self-contained HTML page (inline CSS and SVG; no script, font or image
 * from anywhere): the metrics as a bar chart, the outcomes, a latency histogram, and every failed
 * question with what was retrieved and read, so an editor can see why an answer was wrong.
 * User-facing labels are Vietnamese; metric names stay as in the JSON.
 *
 * @example
 * writeFileSync('/tmp/eval.html', renderHtml(report));
 */
import { METRIC_NAMES, quantile, round } from './metrics.js';
import { VERDICT_LABELS, type EvalReport } from './report.js';
import { failed, type QuestionResult, type Verdict } from './run.js';

/** Failed questions listed at most; the JSON report has them all. */
const MAX_FAILURES_SHOWN = 1000;

/** The metrics that are shares (0–1), drawn as bars: all but the median answer length and the latencies. */
const SHARE_METRICS = METRIC_NAMES.filter(
  (name): name is Exclude<(typeof METRIC_NAMES)[number], 'answerLength' | 'latencyMs'> => name !== 'answerLength' && name !== 'latencyMs',
);

const VERDICT_COLORS: Record<Verdict, string> = {
  right: '#2e7d32',
  refused: '#66bb6a',
  'should-refuse': '#c62828',
  'not-retrieved': '#8d6e63',
  'refused-retrieved': '#f9a825',
  'wrong-article': '#ef6c00',
  'passage-missed': '#6a1b9a',
  'wrong-sentence': '#1565c0',
};

export function renderHtml(report: EvalReport): string {
  const failures = report.perQuestion.filter(failed);
  const shown = failures.slice(0, MAX_FAILURES_SHOWN);
  const title = `Đánh giá hỏi đáp — ${report.set}`;
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p class="meta">${esc(report.questions)} câu hỏi (${esc(report.counts.answerable)} có thể trả lời, ${esc(report.counts.refusable)} phải từ chối) ·
${esc(report.corpus.articles)} bài, ${esc(report.corpus.chunks)} đoạn · ${esc(modeInVietnamese(report))}<br>
${esc(report.run.date)} · commit ${esc(report.run.commit ?? '?')} · mô hình ${esc(report.run.models.embedder ?? '—')}, khôi phục dấu ${esc(report.run.models.restorer ?? '—')} · ${esc(report.run.machine.cpus)} nhân, ${esc(report.run.machine.memoryGb)} GB, Node ${esc(report.run.machine.node)} ·
chỉ mục ${esc(report.index.dir)} (${report.index.reused ? 'dùng lại' : 'mới xây'}) · ${esc(round(report.run.seconds, 1))} giây</p>

<section>
<h2>Chỉ số</h2>
${metricsChart(report)}
<p class="note">answerLength (trung vị, số âm tiết): <b>${esc(fmt(report.metrics.answerLength, 1))}</b> ·
latencyMs p50 <b>${esc(fmt(report.metrics.latencyMs.p50, 1))}</b> · p95 <b>${esc(fmt(report.metrics.latencyMs.p95, 1))}</b> ms.
Tỉ lệ trên các câu có thể trả lời; refusalRate trên các câu phải từ chối.</p>
</section>

<section>
<h2>Kết quả theo loại</h2>
${verdictTable(report)}
${report.scope ? scopeTable(report) : ''}
</section>

<section>
<h2>Thời gian trả lời</h2>
${latencyHistogram(report.perQuestion.map((q) => q.latencyMs))}
<p class="note">${esc(report.latency)}.</p>
</section>

<section>
<h2>Câu trả lời sai (${esc(failures.length)})</h2>
${failures.length > shown.length ? `<p class="note">Hiển thị ${esc(shown.length)} câu đầu; báo cáo JSON (--json) có đủ cả ${esc(failures.length)} câu.</p>` : ''}
${shown.length === 0 ? '<p>Không có câu nào sai.</p>' : shown.map(failureItem).join('\n')}
</section>
</body>
</html>
`;
}

function modeInVietnamese(r: EvalReport): string {
  return [
    `bộ truy hồi ${r.retriever}`,
    `trả lời: ${r.answerer}`,
    r.stripDiacritics ? 'câu hỏi bỏ dấu' : 'câu hỏi như đã viết',
    r.unanswerable ? 'đã bỏ bài đúng khỏi chỉ mục (phải từ chối)' : '',
    r.outOfCorpus ? 'câu hỏi ngoài phạm vi các bài viết (phải từ chối)' : '',
    r.scoped ? 'hỏi trong bài đúng' : 'hỏi trên toàn trang',
  ]
    .filter(Boolean)
    .join(' · ');
}

function metricsChart(report: EvalReport): string {
  const rowH = 26;
  const labelW = 150;
  const barW = 420;
  const height = SHARE_METRICS.length * rowH + 10;
  const rows = SHARE_METRICS.map((name, i) => {
    const value = report.metrics[name];
    const y = i * rowH + 5;
    const w = value === null ? 0 : Math.max(0, Math.min(1, value)) * barW;
    return `<g>
<text x="${labelW - 8}" y="${y + 16}" text-anchor="end">${esc(name)}</text>
<rect x="${labelW}" y="${y + 3}" width="${barW}" height="${rowH - 8}" fill="#eceff1"/>
<rect x="${labelW}" y="${y + 3}" width="${round(w, 1)}" height="${rowH - 8}" fill="${name === 'refusalRate' ? '#66bb6a' : '#1e88e5'}"/>
<text x="${labelW + barW + 8}" y="${y + 16}">${esc(fmt(value, 3))}</text>
</g>`;
  });
  return `<svg class="chart" viewBox="0 0 ${labelW + barW + 70} ${height}" width="${labelW + barW + 70}" height="${height}" role="img" aria-label="Biểu đồ các chỉ số">
${rows.join('\n')}
</svg>`;
}

function verdictTable(report: EvalReport): string {
  const total = report.questions || 1;
  const entries = (Object.keys(VERDICT_LABELS) as Verdict[]).filter((v) => report.verdicts[v]);
  let x = 0;
  const segments = entries.map((v) => {
    const w = ((report.verdicts[v] ?? 0) / total) * 600;
    const seg = `<rect x="${round(x, 1)}" y="0" width="${round(w, 1)}" height="18" fill="${VERDICT_COLORS[v]}"><title>${esc(VERDICT_LABELS[v])}: ${esc(report.verdicts[v])}</title></rect>`;
    x += w;
    return seg;
  });
  const rows = entries.map(
    (v) =>
      `<tr><td><span class="swatch" style="background:${VERDICT_COLORS[v]}"></span>${esc(VERDICT_LABELS[v])}</td><td><code>${esc(v)}</code></td><td class="num">${esc(report.verdicts[v])}</td><td class="num">${esc((((report.verdicts[v] ?? 0) * 100) / total).toFixed(1))}%</td></tr>`,
  );
  return `<svg class="chart" viewBox="0 0 600 18" width="600" height="18" role="img" aria-label="Tỉ lệ các loại kết quả">${segments.join('')}</svg>
<table><thead><tr><th>Kết quả</th><th>mã</th><th>số câu</th><th>tỉ lệ</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function scopeTable(report: EvalReport): string {
  const s = report.scope!;
  return `<h3>Hỏi trong bài (--scoped)</h3>
<table><thead><tr><th>Nguồn câu trả lời</th><th>số câu</th><th>answerHit</th></tr></thead><tbody>
<tr><td>Trong bài đang đọc</td><td class="num">${esc(s.article.questions)}</td><td class="num">${esc(fmt(s.article.answerHit, 3))}</td></tr>
<tr><td>Toàn trang (không trả lời được trong bài; ${esc(s.site.fromExpectedArticle)} câu vẫn trích bài đúng)</td><td class="num">${esc(s.site.questions)}</td><td class="num">${esc(fmt(s.site.answerHit, 3))}</td></tr>
<tr><td>Không tìm thấy</td><td class="num">${esc(s.notFound)}</td><td></td></tr>
</tbody></table>`;
}

/** Histogram of latencies: 24 bins up to the 99th percentile, the slowest 1% in the last one. */
export function latencyHistogram(values: readonly number[], bins = 24): string {
  if (values.length === 0) return '<p>Không có số liệu.</p>';
  const top = Math.max(quantile(values, 0.99) ?? 1, 1e-3);
  const width = top / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor(v / width))]!++;
  const most = Math.max(...counts);
  const W = 600;
  const H = 160;
  const barW = W / bins;
  const bars = counts.map((c, i) => {
    const h = most ? (c / most) * (H - 20) : 0;
    const from = i * width;
    const label = i === bins - 1 ? `≥ ${from.toFixed(1)} ms` : `${from.toFixed(1)}–${(from + width).toFixed(1)} ms`;
    return `<rect x="${round(i * barW + 1, 1)}" y="${round(H - 20 - h, 1)}" width="${round(barW - 2, 1)}" height="${round(h, 1)}" fill="#7e57c2"><title>${esc(label)}: ${c}</title></rect>`;
  });
  const axis = [0, 0.5, 1].map((f) => {
    const x = f * W;
    return `<text x="${round(Math.min(Math.max(x, 20), W - 30), 1)}" y="${H - 4}" text-anchor="middle">${esc((f * top).toFixed(0))} ms</text>`;
  });
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="Biểu đồ thời gian trả lời">
<line x1="0" y1="${H - 20}" x2="${W}" y2="${H - 20}" stroke="#90a4ae"/>
${bars.join('\n')}
${axis.join('\n')}
</svg>`;
}

function failureItem(q: QuestionResult): string {
  const expected = new Set(q.expectedArticles);
  const retrieved = q.retrieved.length
    ? `<ol>${q.retrieved.map((a) => `<li${expected.has(a.articleId) ? ' class="expected"' : ''}>${esc(a.title || '(không tiêu đề)')} <code>${esc(a.articleId)}</code></li>`).join('')}</ol>`
    : '<p>(không tìm được đoạn nào)</p>';
  const passages = q.passages.length
    ? q.passages
        .map(
          (p, i) =>
            `<blockquote${expected.has(p.articleId) ? ' class="expected"' : ''}><div class="src">[${i + 1}] ${esc(p.title)} <code>${esc(p.articleId)}</code> · điểm ${esc(p.score)}</div>${highlight(p.text, q.expectedAnswers)}</blockquote>`,
        )
        .join('')
    : '';
  return `<details class="fail">
<summary><span class="swatch" style="background:${VERDICT_COLORS[q.verdict]}"></span><b>${esc(VERDICT_LABELS[q.verdict])}</b> · <code>${esc(q.id)}</code> · ${esc(q.question)}</summary>
<dl>
${q.asked !== q.question ? `<dt>Câu đã hỏi</dt><dd>${esc(q.asked)}</dd>` : ''}
${q.understoodAs ? `<dt>Hiểu là</dt><dd>${esc(q.understoodAs)}</dd>` : ''}
${q.articleId ? `<dt>Hỏi trong bài</dt><dd><code>${esc(q.articleId)}</code> → ${esc(q.scope === 'site' ? 'trả lời từ toàn trang' : q.scope === 'article' ? 'trả lời trong bài' : '')}</dd>` : ''}
<dt>Đáp án mong đợi</dt><dd>${q.expectedAnswers.length ? q.expectedAnswers.map((a) => `<q>${esc(a)}</q>`).join(' · ') : '(không có: phải từ chối)'}</dd>
<dt>Bài mong đợi</dt><dd>${q.expectedArticles.map((a) => `<code>${esc(a)}</code>`).join(' ') || '—'}${q.shouldAnswer ? ` · hạng ${esc(q.articleRank ?? 'ngoài top 10')}` : ''}</dd>
<dt>Câu trả lời</dt><dd class="${q.found ? 'answer' : 'answer refused'}">${esc(q.answer)}${q.answerF1 !== null ? ` <span class="f1">F1 ${esc(q.answerF1.toFixed(2))}</span>` : ''}</dd>
${q.citations.length ? `<dt>Trích dẫn</dt><dd>${q.citations.map((c) => `[${c.n}] ${esc(c.title)} <code>${esc(c.articleId)}</code>${expected.has(c.articleId) ? ' ✓' : ''}`).join('<br>')}</dd>` : ''}
</dl>
<h4>Các bài tìm được</h4>
${retrieved}
${passages ? `<h4>Các đoạn đã đọc</h4>${passages}` : ''}
</details>`;
}

/** Escapes text, marking where an expected answer occurs in it (case-insensitive, NFC). */
function highlight(text: string, answers: readonly string[]): string {
  const nfc = text.normalize('NFC');
  const lower = nfc.toLowerCase();
  const spans: [number, number][] = [];
  for (const a of answers) {
    const needle = a.normalize('NFC').toLowerCase();
    if (!needle) continue;
    // toLowerCase keeps the length of Vietnamese text, so offsets in `lower` are offsets in `nfc`.
    for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + needle.length)) spans.push([i, i + needle.length]);
  }
  if (spans.length === 0 || lower.length !== nfc.length) return esc(nfc);
  spans.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [s, e] of spans) {
    if (s < at) continue;
    out += `${esc(nfc.slice(at, s))}<mark>${esc(nfc.slice(s, e))}</mark>`;
    at = e;
  }
  return out + esc(nfc.slice(at));
}

function fmt(value: number | null, digits: number): string {
  return value === null ? '—' : value.toFixed(digits);
}

function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const CSS = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:980px;padding:0 16px;color:#1f2933}
h1{font-size:22px;margin-bottom:4px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #e0e0e0}h4{margin:10px 0 4px}
.meta,.note{color:#52606d;font-size:13px}
.chart{max-width:100%;height:auto;font-size:13px;display:block;margin:8px 0}
table{border-collapse:collapse;margin:8px 0}td,th{padding:3px 10px;border-bottom:1px solid #eceff1;text-align:left}.num{text-align:right}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px}
details.fail{border:1px solid #e0e0e0;border-radius:6px;margin:6px 0;padding:6px 10px}details.fail[open]{background:#fafafa}
summary{cursor:pointer}dl{display:grid;grid-template-columns:150px 1fr;gap:2px 12px;margin:8px 0}dt{color:#52606d}dd{margin:0}
.answer.refused{color:#8d6e63;font-style:italic}.f1{color:#52606d;font-size:12px}
li.expected,blockquote.expected{background:#e8f5e9}
blockquote{margin:4px 0;padding:6px 10px;border-left:3px solid #b0bec5;font-size:14px}.src{font-size:12px;color:#52606d}
mark{background:#fff176}code{font-size:12px;color:#455a64}
`;
