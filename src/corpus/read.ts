/**
 * What a corpus input is, without a file system: which files are inputs and how one file's bytes
 * become an article or a report. Finding and reading the files is Node's part, in
 * src/node/corpus-files.ts (readCorpus, streamCorpus, listCorpusFiles); keeping the rules here lets
 * another runtime read the same inputs the same way.
 *
 * By extension: `.md` and `.markdown` are Markdown with front matter; `.txt` is Markdown when it
 * opens with `---`, else a scraped page; `.html` and `.htm` are web pages; `.jsonl` is a dataset
 * streamed line by line. In folders, hidden files and documentation (README, SOURCE, LICENSE,
 * CHANGELOG, CONTRIBUTING) are passed over silently; any other file type is reported.
 *
 * @example
 * formatOfExtension('.md'); // 'markdown'
 * await parseCorpusFile(bytes, 'markdown', { id: 'bai-viet', origin: 'corpus/bai-viet.md' });
 */
import { skipped, type ParseResult } from './draft.js';
import { hasFrontMatter, parseMarkdown } from './markdown.js';
import { parseScrapedPage, type InputSource } from './scraped.js';
import type { SkippedInput } from './article.js';

export interface ReadOptions {
  /**
   * Largest input read, in bytes: a `.md`/`.txt` file, or one JSONL line (JSONL files themselves
   * are streamed, whatever their size). Larger inputs are reported and skipped. Default 5 MB.
   */
  maxFileBytes?: number;
  /** Called, in input order, for every input that is not indexed (`readCorpus` collects them). */
  onSkip?: (skipped: SkippedInput) => void;
}

// The one 5 MiB limit of an article input (src/corpus/limits.ts), under the name the readers use.
export { DEFAULT_MAX_INPUT_BYTES as DEFAULT_MAX_FILE_BYTES } from './limits.js';

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
export type CorpusFormat = 'markdown' | 'text' | 'jsonl' | 'html';

/** File names (without extension, any case) that document a folder rather than hold an article. */
const DOC_FILES = new Set(['readme', 'source', 'license', 'licence', 'changelog', 'contributing']);

/** The format of a file with this extension (lower case, with the dot), or undefined when it is not an input. */
export function formatOfExtension(ext: string): CorpusFormat | undefined {
  return FORMATS.get(ext as '.md');
}

/**
 * A README or LICENSE in a corpus folder describes the folder: not an article, and not worth a
 * report. A JSONL file is data whatever its name.
 */
export function isDocumentationFile(stem: string, ext: string): boolean {
  return DOC_FILES.has(stem.toLowerCase()) && ext.toLowerCase() !== '.jsonl';
}

/**
 * One whole file (JSONL is streamed instead, see parseJsonlStream) as an article, or the report
 * of why it is not one. Never throws: a parser bug on one odd file must not stop the corpus.
 */
export async function parseCorpusFile(
  bytes: Uint8Array,
  format: Exclude<CorpusFormat, 'jsonl'>,
  source: InputSource,
): Promise<ParseResult> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return skipped(source.origin, 'not valid UTF-8', 'convert the file to UTF-8 (legacy Vietnamese encodings: VNI, TCVN3, Windows-1258)');
  }
  try {
    // Imported on the first .html file: linkedom and Readability add ~0.35 s to every start otherwise.
    if (format === 'html') return (await import('./html.js')).parseHtmlPage(text, source);
    if (format === 'markdown' || hasFrontMatter(text)) return parseMarkdown(text, source);
    return parseScrapedPage(text, source);
  } catch (err) {
    // The file is reported like any other unusable input.
    return skipped(
      source.origin,
      `could not be parsed (${err instanceof Error ? err.message : String(err)})`,
      'check the file; report it if it is a valid article',
    );
  }
}
