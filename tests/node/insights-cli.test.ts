/**
 * `npm run insights` over a synthetic question log of 3,000 questions in known topics (written
 * through the real QuestionLog, read back from disk): the figures an editor gets, as JSON, as
 * text and as the page.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Insights } from '../../src/insights/types.js';
import { QuestionLog } from '../../src/node/question-log.js';
import { REPO_ROOT } from '../../src/node/runtime.js';
import type { FeedbackRecord } from '../../src/server/feedback.js';
import { syntheticQuestions } from '../support/synthetic-questions.js';

const run = promisify(execFile);
const DAY_MS = 86_400_000;

let dir: string;
const log = syntheticQuestions({ count: 3000, seed: 7, from: new Date(Date.now() - 31 * DAY_MS).toISOString() });
/** Questions of the known topics go unanswered; the one-offs were answered. */
const truth = new Map<string, number>();
for (const q of log) if (q.group) truth.set(q.group, (truth.get(q.group) ?? 0) + 1);
const [largest, largestCount] = [...truth].sort((a, b) => b[1] - a[1])[0]!;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hoidap-insights-'));
  const questionLog = await QuestionLog.open(join(dir, 'questions'), { days: 60 });
  for (const q of [...log].sort((a, b) => (a.at < b.at ? -1 : 1)))
    questionLog.record({
      at: q.at,
      question: q.question,
      found: q.group === null,
      ms: 9,
      ...(q.articleId ? { articleId: q.articleId } : {}),
    });
  await questionLog.close();
  const feedback: FeedbackRecord = {
    id: 'f1',
    at: new Date(Date.now() - DAY_MS).toISOString(),
    rating: 'down',
    reasons: ['wrong_info'],
    question: 'Giá xăng RON 95 hôm nay bao nhiêu?',
    answer: 'Giá xăng RON 95 là 21.000 đồng. [1]',
    citations: [
      {
        n: 1,
        articleId: 'gia-xang',
        title: 'Giá xăng giảm',
        url: 'https://tintuc.vn/gia-xang',
        start: 0,
        end: 60,
        quote: 'Giá xăng RON 95-III giảm 300 đồng, còn 21.000 đồng mỗi lít',
      },
    ],
  };
  writeFileSync(join(dir, 'feedback.jsonl'), `${JSON.stringify(feedback)}\n`);
}, 30_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const insights = (...args: string[]) =>
  run(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/insights.ts',
      '--log',
      join(dir, 'questions'),
      '--feedback',
      join(dir, 'feedback.jsonl'),
      '--days',
      '32',
      ...args,
    ],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, HOIDAP_QUESTION_LOG: '', HOIDAP_FEEDBACK_FILE: '' },
    },
  );

describe('npm run insights on a synthetic log', () => {
  it('counts every question and groups the unanswered ones by their known topics', async () => {
    const { stdout } = await insights('--json');
    const s = JSON.parse(stdout) as Insights;
    const unanswered = log.filter((q) => q.group !== null).length;
    expect(s.totals).toMatchObject({ questions: 3000, unanswered, found: 3000 - unanswered, down: 1 });
    expect(s.perDay.reduce((sum, d) => sum + d.questions, 0)).toBe(3000);
    // The largest topic comes first, with its count within 10%.
    const top = s.unansweredTopics[0]!;
    expect(
      Math.abs(top.count - largestCount) / largestCount,
      `${top.label}: ${top.count} vs ${largest} ${largestCount}`,
    ).toBeLessThanOrEqual(0.1);
    // Every known topic is a group of about its size (the labels name them: compared by count here).
    const counts = s.unansweredTopics.map((t) => t.count);
    for (const [topic, n] of truth) {
      if (n < 20) continue;
      expect(
        counts.some((c) => Math.abs(c - n) / n <= 0.1),
        `${topic} (${n}) among ${counts.join(', ')}`,
      ).toBe(true);
    }
    expect(s.downvotes[0]?.citations[0]?.quote).toContain('RON 95');
  });

  it('says it in words an editor reads, and writes the page', async () => {
    const page = join(dir, 'insights.html');
    const { stdout, stderr } = await insights('--html', page, '--limit', '3');
    expect(stdout).toMatch(/^Câu hỏi: 3\.000 — có câu trả lời/m);
    expect(stdout).toMatch(/^ {2}• Độc giả hỏi [\d.]+ lần về «[^»]+» \(\d+\/\d+ – \d+\/\d+\), không bài nào trả lời\.$/m);
    expect(stdout).toContain(
      'https://tintuc.vn/gia-xang#:~:text=Gi%C3%A1%20x%C4%83ng%20RON%2095%2DIII%20gi%E1%BA%A3m,c%C3%B2n%2021.000%20%C4%91%E1%BB%93ng%20m%E1%BB%97i%20l%C3%ADt',
    );
    expect(stderr).toContain(`Wrote the page to ${page}`);
    const html = readFileSync(page, 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('Độc giả hỏi');
  });

  it('says the log is off when there is none, and still shows the feedback', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/insights.ts', '--feedback', join(dir, 'feedback.jsonl')], {
      cwd: REPO_ROOT,
      env: { ...process.env, HOIDAP_QUESTION_LOG: '' },
    });
    expect(stdout).toContain('Nhật ký câu hỏi đang tắt');
    expect(stdout).toContain('Giá xăng RON 95 hôm nay bao nhiêu?');
  });

  it('refuses a flag it does not know with its usage (exit 2)', async () => {
    const failed = await run(process.execPath, ['--import', 'tsx', 'scripts/insights.ts', '--dias', '7'], { cwd: REPO_ROOT }).catch(
      (e: unknown) => e as { code: number; stderr: string },
    );
    expect(failed).toMatchObject({ code: 2 });
    expect((failed as { stderr: string }).stderr).toContain('npm run insights -- [--days N]');
  });
});
