/**
 * Eval sets: one question a line (JSONL), in either of two schemas, detected line by line.
 *
 * - the project's own: `{id, question, answers: string[], articleIds: string[], answerable?: boolean}`
 *   (`answerable: false` marks a question the corpus cannot answer; its answers and articleIds may be empty)
 * - the QA datasets in ../shared/datasets: `{id, question, passage_id, answer_texts}`, where
 *   `passage_id` is the expected article (ViNewsQA) or passage (ViQuAD, XQuAD) and `answer_texts`
 *   the gold answers
 *
 * Pure: the Node side reads the file and hands its text here, so tests need no files.
 *
 * @example
 * const set = parseEvalSet(readFileSync('evals/own.jsonl', 'utf8'), 'evals/own.jsonl');
 * set.questions[0] // { id: 'chile-01', question: 'Chủ tịch nước …?', answers: ['Santiago'], articleIds: [...], answerable: true }
 */
import { normalizeText } from '../text/normalize.js';

export interface EvalQuestion {
  id: string;
  question: string;
  /** Accepted answers: the answer text is right when it contains one of them. */
  answers: string[];
  /** Articles (or passages) an answer should come from; the first is the one a scoped question is asked under. */
  articleIds: string[];
  /** False when the corpus cannot answer: the right response is "not found". */
  answerable: boolean;
}

export type EvalSchema = 'own' | 'dataset';

export interface EvalSet {
  questions: EvalQuestion[];
  /** Which schema the lines were in; "mixed" when both occur. */
  schema: EvalSchema | 'mixed' | 'empty';
  /** Lines that could not be read, each with `file:line` and why. The others are kept. */
  errors: string[];
}

/** Parses a JSONL eval set. Bad lines are collected in `errors`, never silently dropped. */
export function parseEvalSet(text: string, file: string): EvalSet {
  const questions: EvalQuestion[] = [];
  const errors: string[] = [];
  const schemas = new Set<EvalSchema>();
  const seen = new Set<string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const origin = `${file}:${i + 1}`;
    const parsed = parseLine(line);
    if ('error' in parsed) {
      errors.push(`${origin}: ${parsed.error}`);
      continue;
    }
    if (seen.has(parsed.question.id)) {
      errors.push(`${origin}: duplicate id "${parsed.question.id}"`);
      continue;
    }
    seen.add(parsed.question.id);
    schemas.add(parsed.schema);
    questions.push(parsed.question);
  }
  const schema = schemas.size === 0 ? 'empty' : schemas.size > 1 ? 'mixed' : [...schemas][0]!;
  return { questions, schema, errors };
}

type LineResult = { question: EvalQuestion; schema: EvalSchema } | { error: string };

const OWN_HINT =
  'expected {id, question, answers: string[], articleIds: string[], answerable?} or {id, question, passage_id, answer_texts}';

function parseLine(line: string): LineResult {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return { error: `not valid JSON (${err instanceof Error ? err.message : String(err)})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'not a JSON object' };
  const record = value as Record<string, unknown>;
  const id = idOf(record['id']);
  const question = typeof record['question'] === 'string' ? normalizeText(record['question']).trim() : '';
  if (!id) return { error: 'no `id`' };
  if (!question) return { error: '`question` is missing or empty' };

  // The datasets' schema: passage_id + answer_texts (answers there are objects with offsets).
  if (record['passage_id'] !== undefined || record['answer_texts'] !== undefined) {
    const passage = idOf(record['passage_id']);
    const answers = strings(record['answer_texts']);
    if (!passage) return { error: '`passage_id` is missing or empty' };
    if (answers === undefined) return { error: '`answer_texts` must be an array of strings' };
    // SQuAD 2.0-style sets mark questions without an answer; ViQuAD 1.0, XQuAD and ViNewsQA have none.
    const impossible = record['is_impossible'] === true || answers.length === 0;
    return {
      schema: 'dataset',
      question: { id, question, answers: dedupe(answers), articleIds: [passage], answerable: !impossible },
    };
  }

  const answers = strings(record['answers']);
  const articleIds = strings(record['articleIds']);
  if (answers === undefined) return { error: `\`answers\` must be an array of strings; ${OWN_HINT}` };
  if (articleIds === undefined) return { error: `\`articleIds\` must be an array of strings; ${OWN_HINT}` };
  const answerable = record['answerable'];
  if (answerable !== undefined && typeof answerable !== 'boolean') return { error: '`answerable` must be true or false' };
  if (answerable !== false && (answers.length === 0 || articleIds.length === 0)) {
    return { error: 'an answerable question needs at least one answer and one article id (or set "answerable": false)' };
  }
  return {
    schema: 'own',
    question: { id, question, answers: dedupe(answers), articleIds: dedupe(articleIds), answerable: answerable !== false },
  };
}

function idOf(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

/**
 * The non-empty strings of an array, trimmed; undefined when it is not an array of strings. Not
 * normalized: ids must match the index byte for byte, and answers are normalized when scored.
 */
function strings(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return undefined;
  return value.map((v) => v.trim()).filter(Boolean);
}

function dedupe(values: string[]): string[] {
  return [...new Set(values)];
}
