/**
 * The eval report as one self-contained HTML page (inline CSS and SVG; no script, font or image
 * from anywhere): the metrics as a bar chart, the outcomes, a latency histogram, the found and
 * refusal shares over confidence thresholds (when answers carry a confidence), and every failed
 * question with what was retrieved and read, so an editor can see why an answer was wrong.
 * {@link renderTradeoffHtml} draws the trade-off of two reports combined (eval --tradeoff).
 * User-facing labels are Vietnamese; metric names stay as in the JSON.
 *
 * @example
 * writeFileSync('/tmp/eval.html', renderHtml(report));
 */
import { hasConfidences, type CurvePoint, type Tradeoff } from './curve.js';
import { METRIC_NAMES, quantile, round } from './metrics.js';
import { VERDICT_LABELS, curveOf, type EvalReport } from './report.js';
import { failed, type QuestionResult, type Verdict } from './run.js';

/** Failed questions listed at most; the JSON report has them all. */
const MAX_FAILURES_SHOWN = 1000;

/** The metrics that are shares (0–1), drawn as bars: all but the median lengths and the latencies. */
const SHARE_METRICS = METRIC_NAMES.filter(
  (name): name is Exclude<(typeof METRIC_NAMES)[number], 'answerLength' | 'shortAnswerLength' | 'latencyMs'> =>
    name !== 'answerLength' && name !== 'shortAnswerLength' && name !== 'latencyMs',
);

const FOUND_COLOR = '#1e88e5';
const REFUSAL_COLOR = '#2e7d32';
const ACTUAL_COLOR = '#c62828';

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

/** The start of a report page, to its title: one standalone file, no external requests. */
function pageHead(title: string): string {
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
`;
}

export function renderHtml(report: EvalReport): string {
  const failures = report.perQuestion.filter(failed);
  const shown = failures.slice(0, MAX_FAILURES_SHOWN);
  const title = `Đánh giá hỏi đáp — ${report.set}`;
  return `${pageHead(title)}<p class="meta">${esc(report.questions)} câu hỏi (${esc(report.counts.answerable)} có thể trả lời, ${esc(report.counts.refusable)} phải từ chối) ·
${esc(report.corpus.articles)} bài, ${esc(report.corpus.chunks)} đoạn · ${esc(modeInVietnamese(report))}<br>
${esc(report.run.date)} · commit ${esc(report.run.commit ?? '?')} · mô hình ${esc(report.run.models.embedder ?? '—')}, khôi phục dấu ${esc(report.run.models.restorer ?? '—')} · ${esc(report.run.machine.cpus)} nhân, ${esc(report.run.machine.memoryGb)} GB, Node ${esc(report.run.machine.node)} ·
chỉ mục ${esc(report.index.dir)} (${report.index.reused ? 'dùng lại' : 'mới xây'}) · ${esc(round(report.run.seconds, 1))} giây</p>

<section>
<h2>Chỉ số</h2>
${metricsChart(report)}
<p class="note">answerLength (trung vị, số âm tiết): <b>${esc(fmt(report.metrics.answerLength, 1))}</b> ·
shortAnswerLength (trung vị, số âm tiết của câu trả lời ngắn): <b>${esc(fmt(report.metrics.shortAnswerLength ?? null, 1))}</b> ·
latencyMs p50 <b>${esc(fmt(report.metrics.latencyMs.p50, 1))}</b> · p95 <b>${esc(fmt(report.metrics.latencyMs.p95, 1))}</b> ms.
Tỉ lệ trên các câu có thể trả lời; refusalRate trên các câu phải từ chối.</p>
</section>

<section>
<h2>Kết quả theo loại</h2>
${verdictTable(report)}
${report.scope ? scopeTable(report) : ''}
</section>

<section>
<h2>Trả lời hay từ chối theo ngưỡng độ tin cậy</h2>
${curveSection(report)}
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
    r.noise
      ? `câu hỏi gõ vội trên điện thoại (--noise ${r.noise.mode}, seed ${r.noise.seed})`
      : r.stripDiacritics
        ? 'câu hỏi bỏ dấu'
        : 'câu hỏi như đã viết',
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
    // A report saved before a metric existed lacks it: no bar.
    const value = report.metrics[name] ?? null;
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

/** The curve of the report: drawn when some answer carries a confidence; a flat line says nothing otherwise. */
function curveSection(report: EvalReport): string {
  if (!hasConfidences(report.perQuestion)) {
    return '<p class="note">Không câu trả lời nào có độ tin cậy (confidence): bộ trả lời này không cho biết, nên không vẽ được đường đánh đổi.</p>';
  }
  const curve = curveOf(report);
  const actual = { found: report.metrics.found, refusal: report.metrics.refusalRate };
  const both = curve.some((p) => p.found !== null) && curve.some((p) => p.refusal !== null);
  return `${thresholdChart(curve, actual)}
${both ? tradeoffChart(curve, actual) : ''}
<p class="note">${esc(CURVE_NOTE)}${both ? '' : ' Bộ câu hỏi này chỉ có một loại câu; để có cả hai đường, ghép hai báo cáo: npm run eval -- --tradeoff A.json B.json --html out.html.'}</p>`;
}

const CURVE_NOTE =
  'found(t): tỉ lệ câu có thể trả lời vẫn được trả lời nếu ngưỡng là t (độ tin cậy ≥ t); refusal(t): tỉ lệ câu phải từ chối bị từ chối. ' +
  'Câu không có độ tin cậy: được trả lời ở mọi ngưỡng nếu đã trả lời, bị từ chối ở mọi ngưỡng nếu không. ' +
  'Đường đứt nét và chấm đỏ: kết quả thực tế của dịch vụ (ở ngưỡng nó dùng).';

/** Plot area of the curve charts, in SVG units. */
const PLOT = { left: 44, top: 12, width: 420, height: 220 };

function plotX(v: number): number {
  return round(PLOT.left + Math.max(0, Math.min(1, v)) * PLOT.width, 1);
}

function plotY(v: number): number {
  return round(PLOT.top + (1 - Math.max(0, Math.min(1, v))) * PLOT.height, 1);
}

/** Axes, grid and tick labels of a 0–1 × 0–1 plot. */
function plotFrame(xLabel: string, yLabel: string): string {
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const grid = ticks
    .map(
      (v) =>
        `<line x1="${plotX(0)}" y1="${plotY(v)}" x2="${plotX(1)}" y2="${plotY(v)}" stroke="#eceff1"/>` +
        `<text x="${PLOT.left - 6}" y="${plotY(v) + 4}" text-anchor="end">${v.toFixed(2)}</text>` +
        `<text x="${plotX(v)}" y="${PLOT.top + PLOT.height + 16}" text-anchor="middle">${v.toFixed(2)}</text>`,
    )
    .join('');
  return `${grid}
<line x1="${plotX(0)}" y1="${plotY(0)}" x2="${plotX(1)}" y2="${plotY(0)}" stroke="#90a4ae"/>
<line x1="${plotX(0)}" y1="${plotY(0)}" x2="${plotX(0)}" y2="${plotY(1)}" stroke="#90a4ae"/>
<text x="${plotX(0.5)}" y="${PLOT.top + PLOT.height + 32}" text-anchor="middle">${esc(xLabel)}</text>
<text x="12" y="${plotY(0.5)}" text-anchor="middle" transform="rotate(-90 12 ${plotY(0.5)})">${esc(yLabel)}</text>`;
}

/** A line through the points that have a value, with a dot (and its value as a tooltip) at each. */
function series(points: { x: number; y: number; label: string }[], color: string, name: string): string {
  if (points.length === 0) return '';
  const path = points.map((p) => `${plotX(p.x)},${plotY(p.y)}`).join(' ');
  const dots = points
    .map((p) => `<circle cx="${plotX(p.x)}" cy="${plotY(p.y)}" r="2.5" fill="${color}"><title>${esc(p.label)}</title></circle>`)
    .join('');
  return `<g class="series" data-series="${esc(name)}"><polyline points="${path}" fill="none" stroke="${color}" stroke-width="2"/>${dots}</g>`;
}

/** found(t) and refusal(t) against the threshold t; the service's actual shares as dashed lines. */
function thresholdChart(curve: readonly CurvePoint[], actual: { found: number | null; refusal: number | null }): string {
  const W = PLOT.left + PLOT.width + 150;
  const H = PLOT.top + PLOT.height + 40;
  const line = (key: 'found' | 'refusal') =>
    curve.flatMap((p) => {
      const v = p[key];
      return v === null ? [] : [{ x: p.threshold, y: v, label: `ngưỡng ${p.threshold.toFixed(2)}: ${key} ${v.toFixed(3)}` }];
    });
  const legend: string[] = [];
  const actualLines: string[] = [];
  const draw = (key: 'found' | 'refusal', color: string, row: number) => {
    const points = line(key);
    if (points.length === 0) return '';
    const y = PLOT.top + 10 + row * 40;
    legend.push(
      `<line x1="${PLOT.left + PLOT.width + 12}" y1="${y}" x2="${PLOT.left + PLOT.width + 32}" y2="${y}" stroke="${color}" stroke-width="2"/>` +
        `<text x="${PLOT.left + PLOT.width + 38}" y="${y + 4}">${key}</text>`,
    );
    const a = actual[key];
    if (a !== null) {
      actualLines.push(
        `<line class="actual" x1="${plotX(0)}" y1="${plotY(a)}" x2="${plotX(1)}" y2="${plotY(a)}" stroke="${color}" stroke-dasharray="5 4"><title>thực tế: ${key} ${esc(a.toFixed(3))}</title></line>`,
      );
      legend.push(`<text x="${PLOT.left + PLOT.width + 38}" y="${y + 20}" fill="${color}">╌ thực tế ${esc(a.toFixed(3))}</text>`);
    }
    return series(points, color, key);
  };
  const found = draw('found', FOUND_COLOR, 0);
  const refusal = draw('refusal', REFUSAL_COLOR, 1);
  return `<svg class="chart curve" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="Tỉ lệ trả lời và từ chối theo ngưỡng độ tin cậy">
${plotFrame('ngưỡng độ tin cậy t', 'tỉ lệ')}
${actualLines.join('\n')}
${found}
${refusal}
${legend.join('\n')}
</svg>`;
}

/** found(t) against refusal(t), one dot per threshold; the service's actual outcome as a red dot. */
function tradeoffChart(curve: readonly CurvePoint[], actual: { found: number | null; refusal: number | null }): string {
  const W = PLOT.left + PLOT.width + 20;
  const H = PLOT.top + PLOT.height + 40;
  const points = curve.flatMap((p) =>
    p.found === null || p.refusal === null
      ? []
      : [
          {
            x: p.refusal,
            y: p.found,
            t: p.threshold,
            label: `ngưỡng ${p.threshold.toFixed(2)}: found ${p.found.toFixed(3)}, refusal ${p.refusal.toFixed(3)}`,
          },
        ],
  );
  const labels = points
    .filter((p) => Math.abs(p.t * 4 - Math.round(p.t * 4)) < 1e-9)
    .map((p) => `<text x="${plotX(p.x) + 5}" y="${plotY(p.y) - 5}" class="tick">${p.t.toFixed(2)}</text>`)
    .join('');
  const mark =
    actual.found !== null && actual.refusal !== null
      ? `<circle class="actual" cx="${plotX(actual.refusal)}" cy="${plotY(actual.found)}" r="5" fill="${ACTUAL_COLOR}"><title>thực tế: found ${esc(actual.found.toFixed(3))}, refusal ${esc(actual.refusal.toFixed(3))}</title></circle>`
      : '';
  return `<svg class="chart tradeoff" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="Đánh đổi giữa trả lời và từ chối">
${plotFrame('refusal (câu phải từ chối bị từ chối)', 'found')}
${series(points, '#6a1b9a', 'found-vs-refusal')}
${labels}
${mark}
</svg>`;
}

/** The combined trade-off of two reports (eval --tradeoff) as a self-contained page. */
export function renderTradeoffHtml(t: Tradeoff): string {
  const title = `Đánh đổi trả lời / từ chối — ${t.foundFrom.set} + ${t.refusalFrom.set}`;
  const side = (label: string, s: Tradeoff['foundFrom'], what: string) =>
    `<li>${esc(label)}: <code>${esc(s.source)}</code> (bộ ${esc(s.set)}, trả lời: ${esc(s.answerer)}) — ${esc(s.questions)} ${esc(what)}, ${esc(s.withConfidence)} câu có độ tin cậy</li>`;
  const rows = t.curve
    .map(
      (p) =>
        `<tr><td class="num">${esc(p.threshold.toFixed(2))}</td><td class="num">${esc(fmt(p.found, 3))}</td><td class="num">${esc(fmt(p.refusal, 3))}</td></tr>`,
    )
    .join('');
  const warnings = [
    t.foundFrom.answerer !== t.refusalFrom.answerer
      ? `Hai báo cáo đến từ hai bộ trả lời khác nhau (${t.foundFrom.answerer}, ${t.refusalFrom.answerer}).`
      : '',
    t.foundFrom.withConfidence + t.refusalFrom.withConfidence === 0
      ? 'Không câu trả lời nào có độ tin cậy: đường đánh đổi phẳng (câu đã trả lời được tính là trả lời ở mọi ngưỡng).'
      : '',
  ].filter(Boolean);
  return `${pageHead(title)}<ul class="meta">
${side('found(t) từ', t.foundFrom, 'câu có thể trả lời')}
${side('refusal(t) từ', t.refusalFrom, 'câu phải từ chối')}
</ul>
${warnings.map((w) => `<p class="note"><b>${esc(w)}</b></p>`).join('\n')}
<section>
<h2>Theo ngưỡng độ tin cậy</h2>
${thresholdChart(t.curve, t.actual)}
</section>
<section>
<h2>found so với refusal</h2>
${tradeoffChart(t.curve, t.actual)}
<p class="note">${esc(CURVE_NOTE)}</p>
</section>
<section>
<h2>Bảng</h2>
<table><thead><tr><th>ngưỡng</th><th>found</th><th>refusal</th></tr></thead><tbody>${rows}
<tr><td><b>thực tế</b></td><td class="num">${esc(fmt(t.actual.found, 3))}</td><td class="num">${esc(fmt(t.actual.refusal, 3))}</td></tr></tbody></table>
</section>
</body>
</html>
`;
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
${shortAnswerItem(q)}
${q.citations.length ? `<dt>Trích dẫn</dt><dd>${q.citations.map((c) => `[${c.n}] ${esc(c.title)} <code>${esc(c.articleId)}</code>${expected.has(c.articleId) ? ' ✓' : ''}`).join('<br>')}</dd>` : ''}
</dl>
<h4>Các bài tìm được</h4>
${retrieved}
${passages ? `<h4>Các đoạn đã đọc</h4>${passages}` : ''}
</details>`;
}

/** The short answer beside the quoted one, with its scores and the reader's confidence; nothing when neither exists. */
function shortAnswerItem(q: QuestionResult): string {
  const confidence = typeof q.confidence === 'number' ? ` <span class="f1">độ tin cậy ${esc(q.confidence.toFixed(2))}</span>` : '';
  if (q.shortAnswer === undefined) return confidence ? `<dt>Câu trả lời ngắn</dt><dd class="short">(không có)${confidence}</dd>` : '';
  const scores =
    typeof q.shortAnswerF1 === 'number'
      ? ` <span class="f1">F1 ${esc(q.shortAnswerF1.toFixed(2))}${q.shortAnswerEM ? ' · khớp đúng (EM)' : ''}</span>`
      : '';
  return `<dt>Câu trả lời ngắn</dt><dd class="short"><q>${esc(q.shortAnswer)}</q>${scores}${confidence}</dd>`;
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
.answer.refused{color:#8d6e63;font-style:italic}.short q{font-weight:600}.curve text,.tradeoff text{font-size:11px}.f1{color:#52606d;font-size:12px}
li.expected,blockquote.expected{background:#e8f5e9}
blockquote{margin:4px 0;padding:6px 10px;border-left:3px solid #b0bec5;font-size:14px}.src{font-size:12px;color:#52606d}
mark{background:#fff176}code{font-size:12px;color:#455a64}
`;
