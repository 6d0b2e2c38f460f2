/**
 * The Node adapter of the corpus layer: finds the input files, reads them, hands the text to the
 * pure parsers (src/corpus/) and reports every input it cannot index, without losing the others.
 *
 * Paths are files or folders (walked recursively, in name order). Which files are inputs and how
 * each is parsed is decided in src/corpus/read.ts; here are only the file system and the duplicate
 * check. Ids come from the input (`id`, `passage_id`) or the file name.
 *
 * Every input read ends up either as an article or in `skipped`: a file, or one JSONL line.
 *
 * @example
 * const { articles, skipped } = await readCorpus(['corpus/']);
 * const big = ['../shared/datasets/news-baomoi/articles.jsonl'];
 * for await (const article of streamCorpus(big, { onSkip: (s) => console.warn(s.origin, s.reason) })) index(article);
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Article, ReadResult, SkippedInput } from '../corpus/article.js';
import { isSkipped, skipped, type ParseResult } from '../corpus/draft.js';
import { parseJsonlStream } from '../corpus/jsonl.js';
import {
  DEFAULT_MAX_FILE_BYTES,
  formatOfExtension,
  isDocumentationFile,
  parseCorpusFile,
  type CorpusFile,
  type CorpusFormat,
  type ReadOptions,
} from '../corpus/read.js';

/** Reads everything into memory. For big corpora prefer {@link streamCorpus}. */
export async function readCorpus(paths: readonly string[], options: ReadOptions = {}): Promise<ReadResult> {
  const result: ReadResult = { articles: [], skipped: [] };
  const onSkip = (skip: SkippedInput) => {
    result.skipped.push(skip);
    options.onSkip?.(skip);
  };
  for await (const article of streamCorpus(paths, { ...options, onSkip })) result.articles.push(article);
  return result;
}

/**
 * Articles one by one, in input order; every input not indexed goes to `options.onSkip`. Only
 * the file being read is in memory (for JSONL, only the current line), plus one short hash per
 * id to catch duplicates: an id seen again keeps the first article and reports the later one.
 */
export async function* streamCorpus(paths: readonly string[], options: ReadOptions = {}): AsyncGenerator<Article> {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const onSkip = options.onSkip ?? (() => {});
  const seen = new Map<string, { origin: string; hash: string }>();

  for await (const entry of walk(paths)) {
    if ('reason' in entry) {
      onSkip(entry);
      continue;
    }
    for await (const result of readFileInputs(entry, maxFileBytes)) {
      if (isSkipped(result)) {
        onSkip(result);
        continue;
      }
      const hash = contentHash(result);
      const first = seen.get(result.id);
      if (first === undefined) {
        seen.set(result.id, { origin: result.origin, hash });
        yield result;
        continue;
      }
      const same = first.hash === hash;
      onSkip(
        skipped(
          result.origin,
          `duplicate id "${result.id}" (${same ? 'same content' : 'different content'}), first read from ${first.origin}`,
          same ? 'remove the copy' : 'give one of the two articles another id',
        ),
      );
    }
  }
}

/** The supported input files under `paths`, sorted by path, with size and modification time. */
export async function listCorpusFiles(paths: readonly string[]): Promise<CorpusFile[]> {
  const files: CorpusFile[] = [];
  for await (const entry of walk(paths)) {
    if (!('reason' in entry)) files.push({ path: entry.path, size: entry.size, mtimeMs: entry.mtimeMs });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

interface FileEntry extends CorpusFile {
  format: CorpusFormat;
}

/** Input files in order, each once, or a report for a path that cannot be used. */
async function* walk(paths: readonly string[]): AsyncGenerator<FileEntry | SkippedInput> {
  const visited = new Set<string>();
  async function* visit(path: string, explicit: boolean): AsyncGenerator<FileEntry | SkippedInput> {
    let info;
    let real: string;
    try {
      info = await stat(path);
      real = await realpath(path);
    } catch {
      yield skipped(path, 'no such file or folder', 'check the path');
      return;
    }
    // Each file once, even when given twice or reached through a symbolic link (which also stops link loops).
    if (visited.has(real)) return;
    visited.add(real);
    if (info.isDirectory()) {
      const names = (await readdir(path)).sort();
      for (const name of names) {
        if (name.startsWith('.')) continue;
        if (isDocumentationFile(basename(name, extname(name)), extname(name))) continue;
        yield* visit(join(path, name), false);
      }
      return;
    }
    if (!info.isFile()) {
      if (explicit) yield skipped(path, 'not a regular file', 'pass files or folders');
      return;
    }
    const ext = extname(path).toLowerCase();
    const format = formatOfExtension(ext);
    if (format === undefined) {
      yield skipped(
        path,
        `unsupported file type "${ext || basename(path)}"`,
        'use .md, .markdown, .txt or .jsonl, or move the file out of the corpus folder',
      );
      return;
    }
    yield { path, size: info.size, mtimeMs: info.mtimeMs, format };
  }
  for (const path of paths) yield* visit(path, true);
}

async function* readFileInputs(file: FileEntry, maxFileBytes: number): AsyncGenerator<ParseResult> {
  if (file.format === 'jsonl') {
    const stream = createReadStream(file.path, { highWaterMark: 1 << 20 });
    try {
      yield* parseJsonlStream(stream, file.path, { maxLineBytes: maxFileBytes });
    } finally {
      stream.destroy();
    }
    return;
  }
  if (file.size > maxFileBytes) {
    yield skipped(
      file.path,
      `file is ${(file.size / (1024 * 1024)).toFixed(1)} MB, over the ${(maxFileBytes / (1024 * 1024)).toFixed(1)} MB limit`,
      'split it into one file per article, or raise maxFileBytes',
    );
    return;
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file.path);
  } catch (err) {
    yield skipped(file.path, `cannot read the file (${(err as Error).message})`, 'check that it exists and is readable');
    return;
  }
  yield await parseCorpusFile(bytes, file.format, { id: basename(file.path, extname(file.path)), origin: file.path });
}

/** What "same content" means for duplicate ids: title and body (metadata may differ between copies). */
function contentHash(article: Article): string {
  return createHash('sha1').update(article.title).update('\0').update(article.body).digest('base64');
}
