/**
 * `npm run index` on an existing index: only new or changed articles are embedded, the
 * counts add up, bad files are reported and skipped while the rest is indexed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { startRuntime } from '../../src/node/runtime.js';

let root: string;
const silent = () => {};
const article = (id: string, title: string, body: string) => `---\nid: ${id}\ntitle: ${title}\ndate: 2026-11-20\n---\n${body}\n`;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'hoidap-update-'));
  mkdirSync(join(root, 'corpus'));
  copyFileSync('corpus/apec-peru-2024-11-16.md', join(root, 'corpus', 'apec.md'));
  copyFileSync('corpus/chile-paulina-vodanovic-2024-11-10.md', join(root, 'corpus', 'chile.md'));
  writeFileSync(
    join(root, 'corpus', 'lua.md'),
    article('gia-lua', 'Giá lúa tăng ở Đồng bằng sông Cửu Long', 'Giá lúa tươi tại An Giang tăng lên 8.200 đồng mỗi kg trong tuần này.'),
  );
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const open = () => {
  const { config } = loadConfig({ HOIDAP_CORPUS: join(root, 'corpus'), HOIDAP_INDEX_DIR: join(root, 'index'), HOIDAP_RESTORER: 'off' });
  return startRuntime(config, { rebuild: true, log: silent });
};

describe('re-indexing a changed corpus', () => {
  it('embeds only what changed and reports added, updated, unchanged, deleted', async () => {
    const first = await open();
    expect(first.report.built).toBe(true);
    expect(first.report.changes).toBeUndefined();
    expect(first.index.store.articleCount).toBe(3);

    // One article corrected, one deleted, one added, plus files that cannot be indexed.
    writeFileSync(
      join(root, 'corpus', 'lua.md'),
      article('gia-lua', 'Giá lúa tăng ở Đồng bằng sông Cửu Long', 'Giá lúa tươi tại An Giang tăng lên 8.500 đồng mỗi kg trong tuần này.'),
    );
    rmSync(join(root, 'corpus', 'chile.md'));
    writeFileSync(
      join(root, 'corpus', 'ca-phe.md'),
      article('gia-ca-phe', 'Giá cà phê Tây Nguyên', 'Giá cà phê nhân xô ở Đắk Lắk đạt 120.000 đồng mỗi kg.'),
    );
    writeFileSync(join(root, 'corpus', 'rong.md'), article('rong', 'Bài rỗng', ''));
    writeFileSync(join(root, 'corpus', 'hong.md'), Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe, 0x0a]));
    writeFileSync(join(root, 'corpus', 'anh.png'), 'not an article');

    const second = await open();
    expect(second.report.built).toBe(true);
    expect(second.report.changes).toMatchObject({ added: 1, updated: 1, unchanged: 1, deleted: 1 });
    // The unchanged APEC article is not re-embedded: only the two short changed articles are.
    expect(second.report.changes!.embedded).toBe(2);
    expect(second.report.skipped.map((s) => s.origin.split('/').pop()).sort()).toEqual(['anh.png', 'hong.md', 'rong.md']);
    for (const s of second.report.skipped) expect(s.hint.length).toBeGreaterThan(5);
    // read = indexed + skipped: 3 articles + 3 bad files from 6 files.
    expect(second.index.store.articleCount + second.report.skipped.length).toBe(6);

    const res = await second.qa.ask({ question: 'Giá lúa tươi tại An Giang bao nhiêu một kg?' });
    expect(res.answer).toContain('8.500');
    expect(
      (await second.qa.ask({ question: 'Chủ tịch nước tiếp Chủ tịch Đảng Xã hội Chile ở đâu?' })).citations.some((c) =>
        c.articleId.startsWith('chile'),
      ),
    ).toBe(false);

    // Nothing changed: the index is loaded, not rewritten.
    const third = await open();
    expect(third.report.built).toBe(false);
  });
});
