/**
 * The fixed benchmark questions: the first N lines of the ViNewsQA dev questions, as written
 * (the same list every run, so figures are comparable across commits).
 */
import { readFileSync } from 'node:fs';
import { VINEWSQA_DEV_QUESTIONS } from './paths.js';

export interface BenchQuestion {
  id: string;
  question: string;
  /** The article the question was written about. */
  passageId: string;
}

export function loadQuestions(limit = 500, path = VINEWSQA_DEV_QUESTIONS): BenchQuestion[] {
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim());
  return lines.slice(0, limit).map((line) => {
    const q = JSON.parse(line) as { id: string; question: string; passage_id: string };
    return { id: q.id, question: q.question, passageId: q.passage_id };
  });
}
