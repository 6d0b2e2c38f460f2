import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { QuestionRecord } from '../../src/insights/types.js';
import { QuestionLog, readQuestionLog } from '../../src/node/question-log.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hoidap-qlog-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const record = (at: string, question = 'Giá xăng hôm nay bao nhiêu?', found = false): QuestionRecord => ({ at, question, found, ms: 5 });

describe('QuestionLog', () => {
  it('returns at once and writes one file per UTC day, read back in order', async () => {
    const dir = tempDir();
    const log = await QuestionLog.open(dir, { days: 30, flushMs: 10_000, now: () => new Date('2026-11-30T12:00:00Z') });
    log.record(record('2026-11-29T23:59:59.000Z', 'Hôm qua'));
    log.record(record('2026-11-30T00:00:01.000Z', 'Hôm nay', true));
    // Nothing is on disk until the flush: the request's path does no I/O.
    expect(readdirSync(dir)).toEqual([]);
    expect(log.stats()).toEqual({ written: 0, dropped: 0, pending: 2 });
    await log.close();
    expect(readdirSync(dir).sort()).toEqual(['questions-2026-11-29.jsonl', 'questions-2026-11-30.jsonl']);
    const { records, damaged } = await readQuestionLog(dir);
    expect(records.map((r) => r.question)).toEqual(['Hôm qua', 'Hôm nay']);
    expect(damaged).toBe(0);
    expect(log.stats()).toEqual({ written: 2, dropped: 0, pending: 0 });
  });

  it('flushes on its timer', async () => {
    const dir = tempDir();
    const log = await QuestionLog.open(dir, { days: 30, flushMs: 20 });
    log.record(record(new Date().toISOString()));
    await expect.poll(() => readdirSync(dir).length, { timeout: 2000 }).toBe(1);
    await log.close();
  });

  it('deletes what is older than the retention, to the record, at open', async () => {
    const dir = tempDir();
    const lines = (...records: QuestionRecord[]) => records.map((r) => `${JSON.stringify(r)}\n`).join('');
    writeFileSync(join(dir, 'questions-2026-10-01.jsonl'), lines(record('2026-10-01T10:00:00.000Z')));
    // The cutoff (30 days before 2026-11-30T12:00Z) falls on 2026-10-31 at 12:00.
    writeFileSync(
      join(dir, 'questions-2026-10-31.jsonl'),
      lines(record('2026-10-31T11:59:59.000Z', 'cũ'), record('2026-10-31T12:00:00.000Z', 'vừa đủ')) + '{"at":torn\n',
    );
    writeFileSync(join(dir, 'questions-2026-11-30.jsonl'), lines(record('2026-11-30T08:00:00.000Z', 'mới')));
    writeFileSync(join(dir, 'notes.txt'), 'not ours');
    const said: string[] = [];
    const log = await QuestionLog.open(dir, { days: 30, now: () => new Date('2026-11-30T12:00:00Z'), log: (l) => said.push(l) });
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', 'questions-2026-10-31.jsonl', 'questions-2026-11-30.jsonl']);
    expect((await readQuestionLog(dir)).records.map((r) => r.question)).toEqual(['vừa đủ', 'mới']);
    expect(said).toEqual(['Question log: removed 1 day file(s) and 3 record(s) older than 30 days.']);
    // Enforced again later (daily in the server): nothing more to remove until time passes.
    expect(await log.enforceRetention()).toEqual({ files: 0, records: 0 });
    await log.close();
  });

  it('skips and counts torn lines when reading', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'questions-2026-11-30.jsonl'),
      `${JSON.stringify(record('2026-11-30T01:00:00.000Z'))}\n{"at":"2026-11-30T0\n[]\n`,
    );
    const { records, damaged } = await readQuestionLog(dir);
    expect(records).toHaveLength(1);
    expect(damaged).toBe(2);
  });

  it('reads from a time on', async () => {
    const dir = tempDir();
    const log = await QuestionLog.open(dir, { days: 3650 });
    for (const at of ['2026-11-01T00:00:00.000Z', '2026-11-20T00:00:00.000Z', '2026-11-29T00:00:00.000Z']) log.record(record(at));
    await log.close();
    const { records } = await readQuestionLog(dir, new Date('2026-11-15T00:00:00Z'));
    expect(records.map((r) => r.at)).toEqual(['2026-11-20T00:00:00.000Z', '2026-11-29T00:00:00.000Z']);
  });

  it('drops and counts records the disk refuses, and goes on answering', async () => {
    const dir = tempDir();
    const said: string[] = [];
    const log = await QuestionLog.open(dir, { days: 30, flushMs: 10_000, log: (l) => said.push(l) });
    // A folder where the day's file should be: the append fails (as root too, unlike permissions).
    const blocked = join(dir, 'questions-2026-11-30.jsonl');
    mkdirSync(blocked);
    log.record(record('2026-11-30T10:00:00.000Z'));
    await log.flush();
    expect(log.stats()).toMatchObject({ written: 0, dropped: 1 });
    expect(said[0]).toMatch(/^Question log .*: dropped 1 record\(s\): EISDIR/);
    rmSync(blocked, { recursive: true });
    log.record(record('2026-11-30T10:00:01.000Z'));
    await log.close();
    expect(log.stats()).toMatchObject({ written: 1, dropped: 1 });
  });

  it('never names a file after anything but a date', async () => {
    const dir = tempDir();
    const log = await QuestionLog.open(dir, { days: 30 });
    log.record(record('../../etc/x'));
    await log.close();
    expect(readdirSync(dir)).toEqual([]);
    expect(log.stats().dropped).toBe(1);
    expect(existsSync(join(dir, '..', 'etc'))).toBe(false);
  });
});
