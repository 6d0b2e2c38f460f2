/**
 * npm run insights — what readers asked over the last days, for editors: questions per day,
 * the articles that drew most questions, unanswered questions grouped by topic, and the answers
 * marked 👎 with their cited passages. The same figures as GET /admin/insights (both read
 * through src/node/insights.ts); `--html FILE` writes that page to a file to send round.
 *
 * @example
 * npm run insights                       # last 30 days of HOIDAP_QUESTION_LOG and HOIDAP_FEEDBACK_FILE
 * npm run insights -- --days 7 --json    # the figures as JSON
 * npm run insights -- --log .data/questions --html insights.html
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../src/config.js';
import { REASON_LABELS } from '../src/contract.js';
import { insightsPage } from '../src/insights/page.js';
import type { Insights } from '../src/insights/types.js';
import { dateTime, dayDate, passageUrl, topicSpan } from '../src/insights/wording.js';
import { countFlag, parseCommandLine, runEntry } from '../src/node/args.js';
import { loadInsights } from '../src/node/insights.js';

const USAGE = `npm run insights -- [--days N] [--log DIR] [--feedback FILE] [--json] [--html FILE] [--limit N]

  --days N         the last N days, today included (default: HOIDAP_QUESTION_LOG_DAYS, 30)
  --log DIR        the question log's folder (default: HOIDAP_QUESTION_LOG; without it, feedback only)
  --feedback FILE  the feedback file (default: HOIDAP_FEEDBACK_FILE, .data/feedback.jsonl)
  --json           the figures as JSON
  --html FILE      also write the page /admin/insights shows to FILE
  --limit N        topics and 👎 listed in full (default 10)`;

interface Command {
  days: number;
  log: string | undefined;
  feedback: string;
  json: boolean;
  html: string | undefined;
  limit: number;
}

/** The command, or undefined for --help. */
export function readCommandLine(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Command | undefined {
  const { values } = parseCommandLine(argv, {
    options: {
      days: { type: 'string' },
      log: { type: 'string' },
      feedback: { type: 'string' },
      json: { type: 'boolean' },
      html: { type: 'string' },
      limit: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return undefined;
  const { config } = loadConfig(env);
  const log = values.log ?? config.questionLog;
  return {
    days: countFlag(values.days, '--days', config.questionLogDays),
    log: log === undefined ? undefined : resolve(log),
    feedback: resolve(values.feedback ?? config.feedbackFile),
    json: values.json === true,
    html: values.html === undefined ? undefined : resolve(values.html),
    limit: countFlag(values.limit, '--limit', 10),
  };
}

const number = new Intl.NumberFormat('vi-VN');
const share = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)}%` : '–');
const cut = (text: string, n: number) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > n ? `${flat.slice(0, n - 1)}…` : flat;
};

/** The insights as text an editor reads in a terminal or an e-mail. */
export function formatInsights(s: Insights, limit: number): string {
  const { totals } = s;
  const lines = [`Điều độc giả hỏi — ${dayDate(s.from)} → ${dayDate(s.to)} (giờ Việt Nam)`, ''];
  if (!s.questionLog) {
    lines.push(
      'Nhật ký câu hỏi đang tắt: chỉ có góp ý 👍/👎. Đặt HOIDAP_QUESTION_LOG=.data/questions (hoặc --log DIR) để xem độc giả hỏi gì.',
    );
  } else {
    lines.push(
      `Câu hỏi: ${number.format(totals.questions)} — có câu trả lời ${number.format(totals.found)} (${share(totals.found, totals.questions)}), ` +
        `chưa trả lời được ${number.format(totals.unanswered)} (${share(totals.unanswered, totals.questions)})`,
    );
  }
  lines.push(`Góp ý: 👍 ${totals.up} · 👎 ${totals.down}`);
  if (s.damaged.questions || s.damaged.feedback)
    lines.push(
      `Bỏ qua dòng hỏng (ghi dở khi máy chủ dừng đột ngột): ${s.damaged.questions} trong nhật ký, ${s.damaged.feedback} trong góp ý.`,
    );

  if (s.questionLog) {
    const max = Math.max(1, ...s.perDay.map((d) => d.questions));
    lines.push('', 'Câu hỏi mỗi ngày (█ có trả lời, ░ chưa trả lời được):');
    for (const d of s.perDay) {
      const answered = Math.round(((d.questions - d.unanswered) / max) * 40);
      const missed = Math.round((d.questions / max) * 40) - answered;
      lines.push(
        `  ${dayDate(d.day).slice(0, 5)}  ${'█'.repeat(answered)}${'░'.repeat(missed)} ${d.questions}${d.unanswered ? ` (${d.unanswered} chưa trả lời)` : ''}`,
      );
    }
    lines.push('', 'Bài viết được hỏi nhiều nhất:');
    if (!s.topArticles.length) lines.push('  (chưa có câu hỏi nào dưới một bài viết)');
    for (const a of s.topArticles.slice(0, limit))
      lines.push(
        `  ${String(a.questions).padStart(5)} câu (${a.unanswered} chưa trả lời)  ${a.title ? `${cut(a.title, 70)} — ` : ''}${a.url || a.articleId}`,
      );
    lines.push('', 'Độc giả hỏi nhưng chưa có bài trả lời:');
    if (!s.unansweredTopics.length) lines.push('  (không có câu hỏi nào chưa trả lời được)');
    for (const t of s.unansweredTopics.slice(0, limit)) {
      lines.push(`  • Độc giả hỏi ${number.format(t.count)} lần về «${t.label}» (${topicSpan(t)}), không bài nào trả lời.`);
      for (const example of t.examples) lines.push(`      – ${cut(example, 120)}`);
      if (t.articles.length) lines.push(`      dưới bài: ${t.articles.slice(0, 5).join(', ')}`);
    }
  }

  lines.push('', 'Câu trả lời bị đánh giá 👎 (mới nhất trước):');
  if (!s.downvotes.length) lines.push('  (chưa có)');
  for (const d of s.downvotes.slice(0, limit)) {
    lines.push('', `  • ${dateTime(d.at)}${d.articleId ? ` — dưới bài ${d.articleId}` : ''}`);
    lines.push(`    Câu hỏi: ${cut(d.question, 200)}`, `    Trả lời: ${cut(d.answer, 300)}`);
    lines.push(`    Lý do: ${d.reasons.map((r) => REASON_LABELS[r] ?? r).join(', ') || '(không chọn)'}`);
    if (d.note) lines.push(`    Ghi chú: ${cut(d.note, 300)}`);
    for (const c of d.citations) {
      lines.push(
        `    [${c.n}] ${cut(c.title || c.articleId, 80)}: ${c.url && c.quote ? passageUrl(c.url, c.quote) : c.url || c.articleId}`,
      );
      if (c.quote) lines.push(`        «${cut(c.quote, 200)}»`);
    }
  }
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  // A flag this script does not know: runEntry prints it with the usage, exit 2; a wrong value: its message, exit 1.
  const command = readCommandLine(argv, process.env);
  if (!command) {
    console.log(USAGE);
    return 0;
  }
  const insights = await loadInsights({ questionLog: command.log, feedbackFile: command.feedback, days: command.days });
  if (command.html) writeFileSync(command.html, insightsPage(insights));
  console.log(command.json ? JSON.stringify(insights, null, 2) : formatInsights(insights, command.limit));
  if (command.html) console.error(`Wrote the page to ${command.html}.`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) runEntry(() => main(process.argv.slice(2)), USAGE);
