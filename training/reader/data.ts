/**
 * UIT-ViQuAD 1.0 train, as the reader learns from it: each question with its passage (the
 * positive) and the passages of other articles that a BM25 search returns for it (distractors
 * beside the positive; alone, a set the question cannot be answered from). Questions are split
 * by article into a training part and a held-out part that picks the refusal threshold.
 */
import { readFileSync } from 'node:fs';
import { foldWord, normalizeText } from '../../src/text/normalize.js';
import { syllables } from '../../src/text/tokenize.js';
import type { PassageInput } from '../../src/answer/reader/sentence-features.js';

export interface TrainPassage {
  id: string;
  article: string;
  text: string;
}

export interface TrainQuestion {
  id: string;
  passage: number;
  question: string;
  answers: string[];
  answerStart: number;
  heldOut: boolean;
}

function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/** A stable 0..1 value of a string (FNV-1a): which articles are held out does not depend on order. */
function hashShare(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h / 4294967296;
}

export function loadViquad(dir: string, heldOutShare: number): { passages: TrainPassage[]; questions: TrainQuestion[] } {
  const raw = readJsonl<{ passage_id: string; article_title: string; text: string }>(`${dir}/train.passages.jsonl`);
  const passages = raw.map((p) => ({ id: p.passage_id, article: p.article_title, text: normalizeText(p.text) }));
  const byId = new Map(passages.map((p, i) => [p.id, i]));
  const questions: TrainQuestion[] = [];
  for (const q of readJsonl<{ id: string; passage_id: string; question: string; answers: { text: string; answer_start: number }[] }>(
    `${dir}/train.questions.jsonl`,
  )) {
    const passage = byId.get(q.passage_id);
    if (passage === undefined || q.answers.length === 0) continue;
    questions.push({
      id: q.id,
      passage,
      question: normalizeText(q.question),
      answers: q.answers.map((a) => normalizeText(a.text)),
      answerStart: q.answers[0]!.answer_start,
      heldOut: hashShare(passages[passage]!.article) < heldOutShare,
    });
  }
  return { passages, questions };
}

/** BM25 over the training passages, accented and folded, as the service's lexical index weighs terms. */
export class PassageSearch {
  private readonly postings = new Map<string, { doc: number; tf: number }[]>();
  private readonly lengths: number[];
  private readonly avg: number;

  constructor(private readonly passages: readonly TrainPassage[]) {
    this.lengths = passages.map((p, doc) => {
      const tokens = syllables(`${p.article}\n${p.text}`);
      const counts = new Map<string, number>();
      for (const t of tokens) {
        counts.set(t, (counts.get(t) ?? 0) + 1);
        const f = `~${foldWord(t)}`;
        counts.set(f, (counts.get(f) ?? 0) + 1);
      }
      for (const [term, tf] of counts) {
        let list = this.postings.get(term);
        if (!list) this.postings.set(term, (list = []));
        list.push({ doc, tf });
      }
      return tokens.length;
    });
    this.avg = this.lengths.reduce((a, b) => a + b, 0) / this.lengths.length;
  }

  idf = (term: string): number => {
    const df = this.postings.get(term)?.length ?? 0;
    const n = this.passages.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  };

  /** Passages by BM25 score for the question's syllables (folded when `folded`), best first. */
  search(question: string, folded: boolean): { doc: number; score: number }[] {
    const scores = new Map<number, number>();
    for (const t of new Set(syllables(question))) {
      const term = folded ? `~${foldWord(t)}` : t;
      const idf = this.idf(term);
      for (const { doc, tf } of this.postings.get(term) ?? []) {
        const norm = tf + 1.2 * (0.25 + (0.75 * this.lengths[doc]!) / this.avg);
        scores.set(doc, (scores.get(doc) ?? 0) + (idf * tf * 2.2) / norm);
      }
    }
    return [...scores].map(([doc, score]) => ({ doc, score })).sort((a, b) => b.score - a.score || a.doc - b.doc);
  }
}

/** The passages read for a question: with its own passage (positive) or without (negative), in search order. */
export function passageSets(
  search: PassageSearch,
  passages: readonly TrainPassage[],
  q: TrainQuestion,
  asked: string,
  folded: boolean,
  read: number,
): { positive: PassageInput[]; goldIndex: number; negative: PassageInput[] } {
  const ranked = search.search(asked, folded);
  const gold = passages[q.passage]!;
  const others = ranked.filter((r) => passages[r.doc]!.article !== gold.article);
  const goldScore = ranked.find((r) => r.doc === q.passage)?.score ?? 0;
  const positiveDocs = [{ doc: q.passage, score: goldScore }, ...others.slice(0, read - 1)].sort((a, b) => b.score - a.score);
  const input = (doc: number): PassageInput => ({ text: passages[doc]!.text, offset: 0, title: passages[doc]!.article });
  return {
    positive: positiveDocs.map((r) => input(r.doc)),
    goldIndex: positiveDocs.findIndex((r) => r.doc === q.passage),
    negative: others.slice(0, read).map((r) => input(r.doc)),
  };
}
