/**
 * JSONL corpora in the datasets' two schemas, detected line by line:
 *
 * - articles: `{id, source, url, published_date, category, title, sapo, body}`
 * - passages: `{passage_id, article_title, text}` (Wikipedia paragraphs: ViQuAD, XQuAD)
 *
 * Every bad line (not JSON, not an object, neither schema, empty text, not UTF-8, too long) is
 * reported with its `file:line` and skipped; the other lines are read. A file whose first record
 * is a question (`*questions.jsonl`, an eval set) is reported once and not read further.
 *
 * {@link parseJsonlStream} reads bytes as they come (a 130 MB file is never held whole) and
 * needs no Node API, so a Worker can feed it a `ReadableStream`.
 *
 * @example
 * for await (const result of parseJsonlStream(fs.createReadStream(path), path)) {
 *   // isSkipped comes from './draft.js'
 *   if (isSkipped(result)) console.warn(result.origin, result.reason);
 * }
 */
import { toIsoDate } from './dates.js';
import { finishDraft, skipped, type ParseResult } from './draft.js';
import { DEFAULT_MAX_INPUT_BYTES } from './limits.js';

export interface JsonlOptions {
  /** Longest line read, in bytes; longer lines are reported and skipped without being buffered. Default {@link DEFAULT_MAX_INPUT_BYTES} (5 MiB). */
  maxLineBytes?: number;
}

const NEWLINE = 0x0a;

/** One record of a JSONL file: an article, a skip report, or the end of a questions file. */
type LineResult = ParseResult | { questions: true } | null;

/**
 * Parses one JSONL line. `origin` is `file:line`; `fallbackId` names an article that has no id.
 * Blank lines give null (they are not inputs).
 */
export function parseJsonlLine(line: string, origin: string, fallbackId: string): ParseResult | null {
  const result = parseRecord(line, origin, fallbackId);
  if (result !== null && 'questions' in result) {
    return skipped(origin, 'a question, not an article or passage', QUESTIONS_HINT);
  }
  return result;
}

/** Every line of a JSONL text (already decoded), in order. For small inputs and tests. */
export function parseJsonl(text: string, file: string): ParseResult[] {
  const out: ParseResult[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const result = parseRecord(lines[i]!, `${file}:${i + 1}`, lineId(file, i + 1));
    if (result === null) continue;
    if ('questions' in result) {
      if (out.length === 0) return [questionsFile(file)];
      out.push(skipped(`${file}:${i + 1}`, 'a question, not an article or passage', QUESTIONS_HINT));
    } else out.push(result);
  }
  return out;
}

/** Streams a JSONL file from its bytes: one result per non-blank line. */
export async function* parseJsonlStream(
  chunks: AsyncIterable<Uint8Array>,
  file: string,
  options: JsonlOptions = {},
): AsyncGenerator<ParseResult> {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_INPUT_BYTES;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let records = 0;
  for await (const line of splitLines(chunks, maxLineBytes)) {
    const origin = `${file}:${line.number}`;
    if (line.bytes === null) {
      records++;
      yield skipped(
        origin,
        `line is ${formatBytes(line.size)}, over the ${formatBytes(maxLineBytes)} limit`,
        'split the record, or raise maxFileBytes',
      );
      continue;
    }
    let text: string;
    try {
      text = decoder.decode(line.bytes);
    } catch {
      records++;
      yield skipped(origin, 'line is not valid UTF-8', 'convert the file to UTF-8 (legacy Vietnamese encodings: VNI, TCVN3, Windows-1258)');
      continue;
    }
    const result = parseRecord(text, origin, lineId(file, line.number));
    if (result === null) continue;
    if ('questions' in result) {
      if (records === 0) {
        yield questionsFile(file);
        return;
      }
      records++;
      yield skipped(origin, 'a question, not an article or passage', QUESTIONS_HINT);
      continue;
    }
    records++;
    yield result;
  }
}

const QUESTIONS_HINT = 'index the articles or passages file; questions belong to the eval set';

function questionsFile(file: string): ParseResult {
  return skipped(file, 'a questions file (eval set), not a corpus', QUESTIONS_HINT);
}

/** Id for an article line without one: the file name and line number. */
function lineId(file: string, line: number): string {
  const name = file.split(/[\\/]/).pop() ?? file;
  return `${name.replace(/\.jsonl$/i, '')}-L${line}`;
}

function parseRecord(line: string, origin: string, fallbackId: string): LineResult {
  if (line.trim() === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return skipped(origin, `not valid JSON (${message})`, 'fix or remove the line: each line must be one JSON object');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return skipped(origin, 'not a JSON object', 'each line must be one JSON object');
  }
  const record = value as Record<string, unknown>;
  const has = (key: string) => record[key] !== undefined;

  if (has('passage_id') && has('text')) {
    if (typeof record['text'] !== 'string') return skipped(origin, 'passage `text` is not a string', SCHEMA_HINT);
    // Wikipedia titles come with underscores ("Super_Bowl_50").
    const title = str(record['article_title']).replace(/_/g, ' ');
    return finishDraft({ id: idOf(record['passage_id']) || fallbackId, origin, title, body: record['text'] });
  }
  if (has('body')) {
    if (typeof record['body'] !== 'string') return skipped(origin, 'article `body` is not a string', SCHEMA_HINT);
    return finishDraft({
      id: idOf(record['id']) || fallbackId,
      origin,
      title: str(record['title']),
      sapo: str(record['sapo']),
      body: record['body'],
      url: str(record['url']),
      publishedAt: toIsoDate(record['published_date']),
      category: str(record['category']),
    });
  }
  if (has('question')) return { questions: true };
  return skipped(origin, 'neither an article (`body`) nor a passage (`passage_id` + `text`)', SCHEMA_HINT);
}

const SCHEMA_HINT = 'expected {id, title, sapo, body, url, published_date, category} or {passage_id, article_title, text}';

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function idOf(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}

/** A line of bytes, without its `\n` (and `\r`); `bytes` is null when the line was over the limit. */
interface ByteLine {
  number: number;
  bytes: Uint8Array | null;
  size: number;
}

/**
 * Splits a byte stream at `\n` (which never occurs inside a UTF-8 sequence, so lines can be
 * decoded one by one). A line over `maxBytes` is counted but not kept.
 */
async function* splitLines(chunks: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<ByteLine> {
  let parts: Uint8Array[] = [];
  let size = 0;
  let number = 0;
  const take = (): ByteLine => {
    number++;
    let bytes: Uint8Array | null = null;
    if (size <= maxBytes) bytes = parts.length === 1 ? parts[0]! : concat(parts, size);
    if (bytes !== null && bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
    const line = { number, bytes, size };
    parts = [];
    size = 0;
    return line;
  };
  const add = (piece: Uint8Array) => {
    size += piece.length;
    // Past the limit, keep counting but stop holding bytes.
    if (size <= maxBytes) parts.push(piece);
    else parts = [];
  };

  for await (const chunk of chunks) {
    let from = 0;
    for (let nl = chunk.indexOf(NEWLINE); nl >= 0; nl = chunk.indexOf(NEWLINE, from)) {
      add(chunk.subarray(from, nl));
      yield take();
      from = nl + 1;
    }
    if (from < chunk.length) add(chunk.slice(from)); // a copy: the stream may reuse its buffer
  }
  if (size > 0 || parts.length > 0) yield take();
}

function concat(parts: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
