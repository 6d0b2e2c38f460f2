/**
 * The ViNewsQA dev questions, read where ../shared/datasets puts them beside the checkout (CI has
 * them; the data set's licence allows research use, so they are read, never copied in). Empty when
 * they are not there: tests that need them skip.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseEvalSet, type EvalQuestion } from '../../src/eval/set.js';

const VINEWSQA = new URL('../../../shared/datasets/uit-vinewsqa/', import.meta.url);
const DEV_PATH = fileURLToPath(new URL('dev.questions.jsonl', VINEWSQA));

/** The articles the dev questions were written about (research use: read, never copied in). */
export const VINEWSQA_DEV_ARTICLES_PATH = fileURLToPath(new URL('dev.articles.jsonl', VINEWSQA));

/** The questions as `npm run eval` reads them (normalized like every question the service gets). */
export const VINEWSQA_DEV: readonly EvalQuestion[] = existsSync(DEV_PATH)
  ? parseEvalSet(readFileSync(DEV_PATH, 'utf8'), DEV_PATH).questions
  : [];
