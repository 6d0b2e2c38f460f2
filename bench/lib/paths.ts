/**
 * Where benchmarks find the repository, the shared datasets and their scratch space.
 * The datasets are read where they are (../shared/datasets beside the checkout) and never copied
 * into the repository.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DATASETS = resolve(REPO_ROOT, '../shared/datasets');

/** The "news-37k" setting of ../shared/datasets/README.md: about 37.6k articles. */
export const NEWS_37K = [
  join(DATASETS, 'news-baomoi/articles.jsonl'),
  join(DATASETS, 'news-dantri-unc/articles.jsonl'),
  join(DATASETS, 'uit-vinewsqa/dev.articles.jsonl'),
];

/** The fixed question list: the first 500 ViNewsQA dev questions, as written. */
export const VINEWSQA_DEV_QUESTIONS = join(DATASETS, 'uit-vinewsqa/dev.questions.jsonl');

/** Scratch space for benchmark indexes (large: ~1 GB for news-37k), outside the repository. */
export const BENCH_WORK = process.env.HOIDAP_BENCH_WORK ?? '/tmp/hoidap-bench';

/** Bytes of a file or of every file under a folder (what `du --apparent-size` says). */
export function diskBytes(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  let total = 0;
  for (const name of readdirSync(path)) total += diskBytes(join(path, name));
  return total;
}

/** A name for the corpus in folder names: "news-37k" for the standard setting, else a hash of the paths. */
export function corpusLabel(corpus: readonly string[]): string {
  const paths = corpus.map((p) => resolve(p));
  if (paths.length === NEWS_37K.length && paths.every((p, i) => p === NEWS_37K[i])) return 'news-37k';
  return `corpus-${createHash('sha256').update(paths.join('\n')).digest('hex').slice(0, 10)}`;
}

/** The bench's index folder for a corpus and retriever. */
export function benchIndexDir(corpus: readonly string[], retriever: string): string {
  return join(BENCH_WORK, `${corpusLabel(corpus)}-${retriever}`);
}
