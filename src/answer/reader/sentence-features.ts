/**
 * The sentences of the retrieved passages, each with the features the reader's sentence model
 * scores: how much of the question it and its neighbours cover (weighted by rarity), whether
 * its shape fits the kind of answer asked for, and where it sits. Shared by the service and the
 * training script (training/reader/), so the model sees at run time exactly what it learned on.
 */
import { splitSentences } from '../../text/tokenize.js';
import { keyOf, type QuestionView } from './question-view.js';
import { tokenize, type Token } from './tokens.js';

export interface PassageInput {
  /** The passage text and its offset in the article body. */
  text: string;
  offset: number;
  title: string;
}

export interface SentenceCandidate {
  /** Index of its passage in the input (its retrieval rank). */
  passage: number;
  /** Sentence number inside the passage. */
  index: number;
  text: string;
  /** Offsets in the article body. */
  start: number;
  end: number;
  tokens: Token[];
  coverage: number;
  /** Question words the sentence itself contains. */
  covers: Set<string>;
  features: Float32Array;
}

export const SENTENCE_FEATURES = [
  'coverage',
  'coverageWithTitle',
  'passageCoverage',
  'matchedShare',
  'bigramShare',
  'previousCoverage',
  'nextCoverage',
  'missingRare',
  'sentenceIndex',
  'passageRank',
  'words',
  'answerType',
  'hasDigit',
  'hasDate',
  'upperShare',
  'newNames',
  'questionWords',
  'reasonCue',
  'coverageRank',
  'coverageGap',
  'titleCoverage',
  'nameCoverage',
  'windowDensity',
] as const;

/** Words in the window {@link windowDensity} slides over the sentence. */
const DENSITY_WINDOW = 8;

/**
 * The largest share of the question's weight that one window of a few words holds: an answer
 * sentence usually has the question's words close together, around the answer.
 */
function windowDensity(view: QuestionView, words: readonly Token[]): number {
  if (view.total <= 0) return 0;
  let best = 0;
  for (let i = 0; i < words.length; i++) {
    const seen = new Set<string>();
    let sum = 0;
    for (let j = i; j < Math.min(words.length, i + DENSITY_WINDOW); j++) {
      const key = keyOf(view, words[j]!);
      const weight = view.weights.get(key);
      if (weight !== undefined && !seen.has(key)) {
        seen.add(key);
        sum += weight;
      }
    }
    best = Math.max(best, sum / view.total);
  }
  return best;
}

const REASON_CUES = new Set(['vì', 'do', 'bởi', 'nhằm', 'để', 'nên', 'nhờ']);
const DATE_WORDS = new Set(['ngày', 'tháng', 'năm', 'giờ', 'sáng', 'chiều', 'tối', 'quý']);

/** The covered share of the question's weight by a set of keys (or a second one), and the words it covers. */
function cover(view: QuestionView, keys: ReadonlySet<string>, also?: ReadonlySet<string>): { share: number; covers: Set<string> } {
  let covered = 0;
  const covers = new Set<string>();
  for (const [w, weight] of view.weights) {
    if (keys.has(w) || also?.has(w)) {
      covered += weight;
      covers.add(w);
    }
  }
  return { share: view.total > 0 ? covered / view.total : 0, covers };
}

function hasDateForm(tokens: readonly Token[]): boolean {
  for (let i = 0; i + 1 < tokens.length; i++) {
    const t = tokens[i]!;
    if (DATE_WORDS.has(t.key) && tokens[i + 1]!.digit) return true;
    if (t.digit && (tokens[i + 1]!.text === '/' || tokens[i + 1]!.text === '-') && tokens[i + 2]?.digit) return true;
  }
  return false;
}

export function sentenceCandidates(view: QuestionView, passages: readonly PassageInput[]): SentenceCandidate[] {
  const out: SentenceCandidate[] = [];
  passages.forEach((p, rank) => {
    const titleKeys = new Set(tokenize(p.title).map((t) => keyOf(view, t)));
    const sentences = splitSentences(p.text).map((s) => {
      const tokens = tokenize(s.text, p.offset + s.start);
      return { s, tokens, keys: new Set(tokens.map((t) => keyOf(view, t))) };
    });
    const passageKeys = new Set([...titleKeys, ...sentences.flatMap((x) => [...x.keys])]);
    const passageCover = cover(view, passageKeys).share;
    const titleCover = cover(view, titleKeys).share;
    let names = 0;
    for (const name of view.names) if (passageKeys.has(name)) names++;
    // -1: the question names nobody (or was typed in lower case), which says nothing either way.
    const nameCover = view.names.size ? names / view.names.size : -1;
    let missingRare = 0;
    for (const [w, weight] of view.weights) if (!passageKeys.has(w)) missingRare = Math.max(missingRare, weight);
    const covers = sentences.map((x) => cover(view, x.keys));
    sentences.forEach((x, i) => {
      const { share, covers: covered } = covers[i]!;
      const withTitle = cover(view, x.keys, titleKeys).share;
      const words = x.tokens.filter((t) => t.word);
      const keyed = words.map((t) => keyOf(view, t));
      const bigrams = new Set(keyed.slice(1).map((w, j) => `${keyed[j]} ${w}`));
      let bigramHits = 0;
      for (const b of view.bigrams) if (bigrams.has(b)) bigramHits++;
      const f = new Float32Array(SENTENCE_FEATURES.length);
      f[0] = share;
      f[1] = withTitle;
      f[2] = passageCover;
      f[3] = view.weights.size ? covered.size / view.weights.size : 0;
      f[4] = view.bigrams.size ? bigramHits / view.bigrams.size : 0;
      f[5] = i > 0 ? covers[i - 1]!.share : -1;
      f[6] = i + 1 < covers.length ? covers[i + 1]!.share : -1;
      f[7] = view.maxWeight > 0 ? missingRare / view.maxWeight : 0;
      f[8] = i;
      f[9] = rank;
      f[10] = words.length;
      f[11] = view.typeIndex;
      f[12] = words.some((t) => t.digit) ? 1 : 0;
      f[13] = hasDateForm(x.tokens) ? 1 : 0;
      f[14] = words.length > 1 ? words.slice(1).filter((t) => t.upper).length / (words.length - 1) : 0;
      f[15] = words.filter((t, j) => j > 0 && t.upper && !view.all.has(keyOf(view, t))).length;
      f[16] = view.weights.size;
      f[17] = words.some((t) => REASON_CUES.has(t.key)) ? 1 : 0;
      f[20] = titleCover;
      f[21] = nameCover;
      f[22] = windowDensity(view, words);
      out.push({
        passage: rank,
        index: i,
        text: x.s.text,
        start: p.offset + x.s.start,
        end: p.offset + x.s.end,
        tokens: x.tokens,
        coverage: share,
        covers: covered,
        features: f,
      });
    });
  });
  rankByCoverage(out);
  return out;
}

/** Features relative to the other sentences: the rank of its coverage, and its gap to the best. */
function rankByCoverage(candidates: SentenceCandidate[]): void {
  const order = candidates.map((c, i) => i).sort((a, b) => candidates[b]!.coverage - candidates[a]!.coverage || a - b);
  const best = order.length ? candidates[order[0]!]!.coverage : 0;
  order.forEach((ci, rank) => {
    const c = candidates[ci]!;
    c.features[18] = rank;
    c.features[19] = best - c.coverage;
  });
}
