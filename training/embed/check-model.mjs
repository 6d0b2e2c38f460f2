// Load models/hoidap-vi-static through the transformers.js feature-extraction pipeline (exactly as the service does),
// print cosine similarities for related / unrelated Vietnamese pairs (with and without diacritics) and measure
// throughput on ~2,000 news passages of ~150 syllables cut from ../shared/datasets (read at run time, not stored).
//
//   node training/embed/check-model.mjs [--dtype q8|fp32] [--n 2000] [--batch 64]
//
// The graph already mean-pools (the sentence vector is repeated at every position), so pooling 'mean' and
// pooling 'cls' return the same vector; 'cls' skips transformers.js' JS mean-pooling loop and is much faster.
import { pipeline, env } from '@huggingface/transformers';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
// Strict: a mistyped flag stops the check instead of silently measuring the defaults.
const { values } = parseArgs({
  options: { dtype: { type: 'string', default: 'fp32' }, n: { type: 'string', default: '2000' }, batch: { type: 'string', default: '64' } },
});
const dtype = values.dtype;
const N = Number(values.n);
const BATCH = Number(values.batch);

env.allowRemoteModels = false;
env.localModelPath = process.env.MODELS_DIR ?? path.join(repo, 'models') + '/';
const t0 = performance.now();
const fe = await pipeline('feature-extraction', 'hoidap-vi-static', { dtype });
console.log(`loaded hoidap-vi-static (dtype ${dtype}) in ${(performance.now() - t0).toFixed(0)} ms`);

const fold = (s) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
const cos = (a, b) => a.reduce((s, x, i) => s + x * b[i], 0);
const embed = async (texts) => (await fe(texts, { pooling: 'mean', normalize: true })).tolist();

const pairs = [
  ['related', 'chủ tịch nước thăm chile', 'Chủ tịch nước Trần Đại Quang hội đàm với Tổng thống Chile tại Santiago'],
  ['related', 'giá xăng tăng mạnh', 'Giá xăng dầu trong nước được điều chỉnh tăng từ 15 giờ chiều nay'],
  ['related', 'đội tuyển việt nam thắng thái lan', 'Tuyển Việt Nam đánh bại Thái Lan trong trận chung kết AFF Cup'],
  ['related', 'triệu chứng bệnh sốt xuất huyết', 'Người bệnh sốt xuất huyết thường sốt cao, đau đầu, phát ban và xuất huyết dưới da'],
  ['related', 'hòa bình (old style) vs hoà bình (new style)', 'hoà bình'],
  ['unrelated', 'chủ tịch nước thăm chile', 'Giá xăng dầu trong nước được điều chỉnh tăng từ 15 giờ chiều nay'],
  ['unrelated', 'đội tuyển việt nam thắng thái lan', 'Người bệnh sốt xuất huyết thường sốt cao, đau đầu, phát ban'],
  ['unrelated', 'giá vàng hôm nay', 'Học sinh tựu trường sớm để chuẩn bị năm học mới'],
];
pairs[4] = ['related', 'hòa bình', 'hoà bình'];
console.log('\ncosine similarities (as written | query without diacritics):');
for (const [kind, a, b] of pairs) {
  const [ea, eb, ef] = await embed([a, b, fold(a)]);
  console.log(`  ${kind.padEnd(9)} ${cos(ea, eb).toFixed(3)} | ${cos(ef, eb).toFixed(3)}   "${a}" ~ "${b.slice(0, 60)}"`);
}
{
  const [a, f] = await embed(['chủ tịch nước thăm chile', 'chu tich nuoc tham chile']);
  console.log(`  same text accented vs folded: ${cos(a, f).toFixed(3)}  ("chủ tịch nước thăm chile" ~ "chu tich nuoc tham chile")`);
}

// ---- throughput on realistic passages
const sample = path.resolve(repo, '../shared/datasets/news-baomoi/articles.sample1000.jsonl');
if (!existsSync(sample)) {
  console.log(`\n(no ${sample}: throughput skipped)`);
  process.exit(0);
}
const passages = [];
for (const line of readFileSync(sample, 'utf8').split('\n')) {
  if (!line || passages.length >= N) continue;
  const words = JSON.parse(line).body.split(/\s+/);
  for (let i = 0; i + 150 <= words.length && passages.length < N; i += 150) passages.push(words.slice(i, i + 150).join(' '));
}
const syl = passages.reduce((s, p) => s + p.split(/\s+/).length, 0) / passages.length;
await embed(passages.slice(0, BATCH)); // warm-up
const tok = fe.tokenizer;
let t = performance.now();
for (let i = 0; i < passages.length; i += BATCH) tok(passages.slice(i, i + BATCH), { padding: true, truncation: true });
const tokMs = performance.now() - t;
console.log(`\nthroughput: ${passages.length} passages (~${syl.toFixed(0)} syllables each), batch ${BATCH}, whole pipeline call:`);
let maxDiff = 0;
// wall-clock rate, and the rate per CPU-second of this process (meaningful when other jobs share the machine)
for (const pooling of ['mean', 'cls', 'mean', 'cls']) {
  t = performance.now();
  const c = process.cpuUsage();
  for (let i = 0; i < passages.length; i += BATCH) await fe(passages.slice(i, i + BATCH), { pooling, normalize: true });
  const ms = performance.now() - t;
  const cu = process.cpuUsage(c);
  const cpuS = (cu.user + cu.system) / 1e6;
  console.log(
    `  pooling '${pooling}', normalize: ${(passages.length / (ms / 1000)).toFixed(0)} chunks/s wall (${ms.toFixed(0)} ms), ` +
      `${(passages.length / cpuS).toFixed(0)} chunks per CPU-second`,
  );
}
{
  const a = (await fe(passages.slice(0, BATCH), { pooling: 'mean', normalize: true })).tolist();
  const b = (await fe(passages.slice(0, BATCH), { pooling: 'cls', normalize: true })).tolist();
  a.forEach((v, i) => v.forEach((x, k) => (maxDiff = Math.max(maxDiff, Math.abs(x - b[i][k])))));
}
console.log(`  tokenizer alone: ${(passages.length / (tokMs / 1000)).toFixed(0)} chunks/s (${tokMs.toFixed(0)} ms)`);
console.log(`  max |mean - cls| over a batch: ${maxDiff.toExponential(1)}`);
