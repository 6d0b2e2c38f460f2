/**
 * npm run feedback — what readers said about the answers, for editors: how many found them
 * useful, why the others did not, which articles draw the most 👎, and the latest 👎 in full
 * (question, answer, sources, reasons, note). Reads HOIDAP_FEEDBACK_FILE (default
 * .data/feedback.jsonl) or the file given.
 *
 * @example
 * npm run feedback                          # summary of .data/feedback.jsonl
 * npm run feedback -- --limit 20            # show the 20 latest 👎
 * npm run feedback -- other.jsonl --json    # the numbers as JSON
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../src/config.js';
import { countFlag, parseCommandLine, UsageError } from '../src/node/args.js';
import { readFeedback } from '../src/node/feedback-store.js';
import { FEEDBACK_REASONS, REASON_LABELS, type FeedbackReason } from '../src/contract.js';
import type { FeedbackRecord } from '../src/server/feedback.js';

export interface ArticleTally {
  articleId: string;
  /** A title seen for it in the cited sources, when it was cited. */
  title: string;
  up: number;
  down: number;
}

export interface FeedbackSummary {
  total: number;
  up: number;
  down: number;
  damaged: number;
  first?: string;
  last?: string;
  reasons: Record<FeedbackReason, number>;
  /** Most 👎 first. */
  articles: ArticleTally[];
  /** Newest first. */
  recentDown: FeedbackRecord[];
}

/** The numbers and the latest 👎, from records in file order (oldest first). */
export function summarizeFeedback(records: readonly FeedbackRecord[], options: { limit?: number; damaged?: number } = {}): FeedbackSummary {
  const reasons = Object.fromEntries(FEEDBACK_REASONS.map((r) => [r, 0])) as Record<FeedbackReason, number>;
  const articles = new Map<string, ArticleTally>();
  let up = 0;
  let down = 0;
  for (const r of records) {
    if (r.rating === 'up') up++;
    else down++;
    for (const reason of r.reasons ?? []) if (reason in reasons) reasons[reason]++;
    const id = r.articleId ?? '';
    const tally = articles.get(id) ?? { articleId: id, title: '', up: 0, down: 0 };
    tally[r.rating]++;
    tally.title ||= r.citations?.find((c) => c.articleId === id)?.title ?? '';
    articles.set(id, tally);
  }
  const times = records
    .map((r) => r.at)
    .filter(Boolean)
    .sort();
  return {
    total: records.length,
    up,
    down,
    damaged: options.damaged ?? 0,
    ...(times.length ? { first: times[0]!, last: times.at(-1)! } : {}),
    reasons,
    articles: [...articles.values()].sort((a, b) => b.down - a.down || b.up + b.down - (a.up + a.down)),
    recentDown: records
      .filter((r) => r.rating === 'down')
      .slice(-(options.limit ?? 10))
      .reverse(),
  };
}

const vnTime = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** An ISO time as editors in Việt Nam read it: "16/11/2024 11:00". */
function when(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const p = Object.fromEntries(vnTime.formatToParts(date).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

const cut = (text: string, n: number) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > n ? `${flat.slice(0, n - 1)}…` : flat;
};

/** The summary as text an editor reads in a terminal or an e-mail. */
export function formatSummary(s: FeedbackSummary, file: string): string {
  const lines: string[] = [`Góp ý của bạn đọc — ${file}`];
  if (s.total === 0) {
    lines.push('', 'Chưa có góp ý nào.');
    if (s.damaged) lines.push(`(${s.damaged} dòng hỏng bị bỏ qua.)`);
    return lines.join('\n');
  }
  const rate = Math.round((s.up / s.total) * 100);
  lines.push(
    '',
    `Tổng cộng: ${s.total} góp ý — 👍 ${s.up} hữu ích, 👎 ${s.down} chưa hữu ích (${rate}% hữu ích)`,
    `Thời gian: ${when(s.first)} → ${when(s.last)} (giờ Việt Nam)`,
  );
  if (s.damaged) lines.push(`Bỏ qua ${s.damaged} dòng hỏng (ghi dở khi máy chủ dừng đột ngột).`);
  if (s.down) {
    lines.push('', 'Lý do 👎 (một góp ý có thể chọn nhiều lý do):');
    for (const reason of FEEDBACK_REASONS) lines.push(`  ${REASON_LABELS[reason].padEnd(20)} ${String(s.reasons[reason]).padStart(4)}`);
  }
  lines.push('', 'Theo bài viết (nhiều 👎 nhất trước):');
  for (const a of s.articles.slice(0, 15)) {
    const name = a.articleId ? `${a.articleId}${a.title ? ` — ${cut(a.title, 60)}` : ''}` : '(hỏi chung, không gắn bài viết)';
    lines.push(`  👎 ${String(a.down).padStart(3)}  👍 ${String(a.up).padStart(3)}  ${name}`);
  }
  if (s.recentDown.length) {
    lines.push('', `${s.recentDown.length} góp ý 👎 gần nhất:`);
    for (const r of s.recentDown) {
      lines.push('', `• ${when(r.at)}${r.articleId ? ` — bài ${r.articleId}` : ''}`);
      lines.push(`  Câu hỏi: ${cut(r.question, 200)}`);
      lines.push(`  Trả lời: ${cut(r.answer, 300)}`);
      const reasons = (r.reasons ?? []).map((x) => REASON_LABELS[x] ?? x).join(', ');
      lines.push(`  Lý do: ${reasons || '(không chọn)'}`);
      if (r.note) lines.push(`  Ghi chú: ${cut(r.note, 500)}`);
      for (const c of r.citations ?? [])
        lines.push(`  Nguồn [${c.n}]: ${cut(c.title, 80)} (${c.url || c.articleId}, ký tự ${c.start}–${c.end})`);
    }
  }
  return lines.join('\n');
}

const USAGE = `npm run feedback -- [FILE] [--limit N] [--json]

  FILE        the feedback file (default: HOIDAP_FEEDBACK_FILE, else .data/feedback.jsonl)
  --limit N   how many of the latest 👎 to show in full (default 10)
  --json      the numbers as JSON`;

/** The file to read, how many 👎 to show, and whether as JSON; undefined for --help. */
export function readCommandLine(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): { file: string; limit: number; json: boolean } | undefined {
  const { values, positionals } = parseCommandLine(argv, {
    options: { limit: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } },
    allowPositionals: true,
  });
  if (values.help) return undefined;
  if (positionals.length > 1)
    throw new UsageError(`Give one feedback file, not ${positionals.length}: ${positionals.map((p) => `"${p}"`).join(' ')}.`, 'unknown');
  return {
    file: resolve(positionals[0] ?? loadConfig(env).config.feedbackFile),
    limit: countFlag(values.limit, '--limit', 10),
    json: values.json === true,
  };
}

function main(argv: string[]): number {
  let command;
  try {
    command = readCommandLine(argv, process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    // Not a flag of this script: the usage and 2; a wrong value: its message and 1.
    console.error(error.kind === 'unknown' ? `${error.message}\n\n${USAGE}` : error.message);
    return error.kind === 'unknown' ? 2 : 1;
  }
  if (!command) {
    console.log(USAGE);
    return 0;
  }
  const { records, damaged } = readFeedback(command.file);
  const summary = summarizeFeedback(records, { limit: command.limit, damaged });
  console.log(command.json ? JSON.stringify(summary, null, 2) : formatSummary(summary, command.file));
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) process.exitCode = main(process.argv.slice(2));
