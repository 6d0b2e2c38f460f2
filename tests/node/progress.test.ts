/**
 * Indexing progress: the line's values (done/total, percentage, rate, time left) for known and
 * unknown totals, on a terminal (one line redrawn in place) and in a log (sparse lines), and the
 * corpus count behind the total, checked against what reading the corpus actually yields.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { streamCorpus } from '../../src/node/corpus-files.js';
import { countCorpusInputs, countNonBlankLines, formatProgress, formatSeconds, Progress } from '../../src/node/progress.js';

const dir = mkdtempSync(join(tmpdir(), 'hoidap-progress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = { label: 'index', unit: 'articles' };

describe('formatProgress', () => {
  it('shows done/total, percentage, rate, elapsed and time left once the total is known', () => {
    expect(formatProgress({ ...base, done: 3700, total: 10_000, seconds: 71, extra: '14233 chunks' })).toBe(
      'index: 37% 3700/10000 articles · 52/s · 1m11s elapsed · 2m01s left · 14233 chunks',
    );
  });

  it('adds a bar on a terminal', () => {
    expect(formatProgress({ ...base, done: 250, total: 1000, seconds: 10, bar: true })).toBe(
      'index: [######..................] 25% 250/1000 articles · 25/s · 10s elapsed · 30s left',
    );
  });

  it('shows what is done and the time spent while the total is not counted yet', () => {
    expect(formatProgress({ ...base, done: 42, seconds: 8.4, bar: true })).toBe('index: 42 articles · 5.0/s · 8s elapsed');
    expect(formatProgress({ ...base, done: 0, total: 0, seconds: 0 })).toBe('index: 0 articles · 0s elapsed');
    // No rate, and so no time left, from the first fraction of a second.
    expect(formatProgress({ ...base, done: 1, total: 2, seconds: 0.00002 })).toBe('index: 50% 1/2 articles · 0s elapsed');
  });

  it('counts skipped inputs as read and names them', () => {
    expect(formatProgress({ ...base, done: 90, skipped: 10, total: 200, seconds: 20 })).toBe(
      'index: 50% 100/200 articles · 5.0/s · 20s elapsed · 20s left · 10 skipped',
    );
  });

  it('stops at 100% with no time left when the count passes an estimated total', () => {
    expect(formatProgress({ ...base, done: 1005, total: 1000, seconds: 100 })).toBe(
      'index: 100% 1005/1000 articles · 10/s · 1m40s elapsed',
    );
    // 99.9% is not rounded up to a done-looking 100%.
    expect(formatProgress({ ...base, done: 999, total: 1000, seconds: 999 })).toMatch(/^index: 99% 999\/1000/);
  });

  it('writes durations as seconds, minutes or hours, rounded once', () => {
    expect([0, 59.4, 59.6, 187, 3599.4, 3599.6, 7500, 90_000].map(formatSeconds)).toEqual([
      '0s',
      '59s',
      '1m00s',
      '3m07s',
      '59m59s',
      '1h00m',
      '2h05m',
      '25h00m',
    ]);
  });
});

/** A real stream that keeps what is written, posing as a terminal or not. */
function capture(tty: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream: Object.assign(stream, { isTTY: tty }) as unknown as NodeJS.WriteStream, text: () => chunks.join('') };
}

describe('Progress', () => {
  it('redraws one line in place on a terminal, the total arriving mid-job, and ends it with a newline', async () => {
    const out = capture(true);
    const progress = new Progress({ ...base, stream: out.stream });
    progress.update(10);
    progress.setTotal(40);
    await new Promise((wait) => setTimeout(wait, 120)); // terminal redraws are at most every 100 ms
    progress.update(20);
    progress.finish(40);
    const text = out.text();
    const lines = text.split('\r\x1b[2K').filter(Boolean);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^index: 10 articles · /);
    expect(lines[1]).toMatch(/^index: \[#{12}\.{12}\] 50% 20\/40 articles · 0s elapsed$/);
    expect(lines[2]).toMatch(/^index: \[#{24}\] 100% 40\/40 articles · .* elapsed\n$/);
    expect(text.split('\n')).toHaveLength(2); // one line, ended once
  });

  it('writes sparse log lines elsewhere: the first at once, then one per logEvery seconds', () => {
    const out = capture(false);
    const progress = new Progress({ ...base, total: 3, stream: out.stream, logEvery: 60 });
    progress.update(1);
    progress.update(2); // within the minute: not written
    progress.skip();
    progress.finish(2);
    expect(out.text().split('\n')).toEqual([
      expect.stringMatching(/^index: 33% 1\/3 articles · /),
      expect.stringMatching(/^index: 100% 3\/3 articles · .* · 1 skipped$/),
      '',
    ]);
    expect(out.text()).not.toContain('\r');
  });
});

describe('countCorpusInputs', () => {
  it('counts non-blank lines, with or without a last newline, CRLF, and lines longer than a read chunk', async () => {
    const file = join(dir, 'lines.jsonl');
    writeFileSync(file, `{"a":1}\r\n\r\n   \n\t\n{"b":2}\n${'x'.repeat(3 << 20)}\n\n{"c":3}`);
    expect(await countNonBlankLines(file)).toBe(4);
    writeFileSync(file, '');
    expect(await countNonBlankLines(file)).toBe(0);
    writeFileSync(file, '\n\n \n');
    expect(await countNonBlankLines(file)).toBe(0);
  });

  it('gives the number of inputs reading the corpus yields: articles and skipped ones alike', async () => {
    const corpus = join(dir, 'corpus');
    const line = (id: string, body: string) => JSON.stringify({ id, title: `Bài ${id}`, body });
    mkdirSync(join(corpus, 'sub'), { recursive: true });
    writeFileSync(
      join(corpus, 'bai.jsonl'),
      [line('a', 'Giá vàng tăng.'), '', 'không phải JSON', line('b', ''), line('a', 'Bản trùng id.'), line('c', 'Mưa lớn ở Hà Nội.')].join(
        '\n',
      ) + '\n',
    );
    writeFileSync(join(corpus, 'sub', 'cau-tu-lien.md'), '---\ntitle: Cầu Tứ Liên\n---\nHà Nội khánh thành cầu Tứ Liên dài 5,2 km.\n');
    writeFileSync(join(corpus, 'sub', 'trong.md'), '---\ntitle: Trống\n---\n');
    writeFileSync(join(corpus, 'README.md'), '# Kho bài viết\n'); // describes the folder: not an input
    let read = 0;
    for await (const _article of streamCorpus([corpus], { onSkip: () => read++ })) read++;
    expect(read).toBe(7);
    expect(await countCorpusInputs([corpus])).toBe(read);
  });
});
