/**
 * The Node adapter of the corpus layer: finds the input files, reads them, hands the text to the
 * pure parsers and reports every input it cannot index, without losing the others.
 *
 * Paths are files or folders (walked recursively, in name order). By extension: `.md` and
 * `.markdown` are Markdown with front matter; `.txt` is Markdown when it opens with `---`, else
 * a scraped page; `.jsonl` is a dataset streamed line by line. In folders, hidden files and
 * documentation (README, SOURCE, LICENSE, CHANGELOG, CONTRIBUTING) are passed over silently;
 * any other file type is reported. Ids come from the input (`id`, `passage_id`) or the file name.
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
import type { Article, ReadResult, SkippedInput } from './article.js';
import { isSkipped, skipped, type ParseResult } from './draft.js';
import { parseJsonlStream } from './jsonl.js';
import { hasFrontMatter, parseMarkdown } from './markdown.js';
import { parseScrapedPage } from './scraped.js';

export interface ReadOptions {
  /**
   * Largest input read, in bytes: a `.md`/`.txt` file, or one JSONL line (JSONL files themselves
   * are streamed, whatever their size). Larger inputs are reported and skipped. Default 5 MB.
   */
  maxFileBytes?: number;
  /** Called, in input order, for every input that is not indexed ({@link readCorpus} collects them). */
  onSkip?: (skipped: SkippedInput) => void;
}

export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

/** A corpus input file, for the index manifest's corpus hash. */
export interface CorpusFile {
  path: string;
  size: number;
  mtimeMs: number;
}

const FORMATS = new Map([
  ['.md', 'markdown'],
  ['.markdown', 'markdown'],
  ['.txt', 'text'],
  ['.jsonl', 'jsonl'],
  ['.html', 'html'],
  ['.htm', 'html'],
] as const);
type Format = 'markdown' | 'text' | 'jsonl' | 'html';

/** File names (without extension, any case) that document a folder rather than hold an article. */
const DOC_FILES = new Set(['readme', 'source', 'license', 'licence', 'changelog', 'contributing']);

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
  format: Format;
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
        const ext = extname(name).toLowerCase();
        if (DOC_FILES.has(basename(name, extname(name)).toLowerCase()) && ext !== '.jsonl') continue;
        yield* visit(join(path, name), false);
      }
      return;
    }
    if (!info.isFile()) {
      if (explicit) yield skipped(path, 'not a regular file', 'pass files or folders');
      return;
    }
    const ext = extname(path).toLowerCase();
    const format = FORMATS.get(ext as '.md');
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
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    yield skipped(file.path, 'not valid UTF-8', 'convert the file to UTF-8 (legacy Vietnamese encodings: VNI, TCVN3, Windows-1258)');
    return;
  }
  const source = { id: basename(file.path, extname(file.path)), origin: file.path };
  let result: ParseResult;
  try {
    // Imported on the first .html file: linkedom and Readability add ~0.35 s to every start otherwise.
    if (file.format === 'html') result = (await import('./html.js')).parseHtmlPage(text, source);
    else if (file.format === 'markdown' || hasFrontMatter(text)) result = parseMarkdown(text, source);
    else result = parseScrapedPage(text, source);
  } catch (err) {
    // A parser bug on one odd file must not stop the corpus: the file is reported like any other.
    result = skipped(file.path, `could not be parsed (${err instanceof Error ? err.message : String(err)})`, 'check the file; report it if it is a valid article');
  }
  yield result;
}

/** What "same content" means for duplicate ids: title and body (metadata may differ between copies). */
function contentHash(article: Article): string {
  return createHash('sha1').update(article.title).update('\0').update(article.body).digest('base64');
}
