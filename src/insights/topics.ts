/**
 * Unanswered reader questions grouped by topic, for the insights page: "độc giả hỏi 37 lần về
 * «giá xăng», không bài nào trả lời".
 *
 * Questions are compared by their terms, not their wording: diacritics folded (readers on phones
 * type "gia xang"), question words and time fillers dropped ("bao nhiêu", "hôm nay"), each
 * syllable and syllable bigram weighted by its rarity among the questions given (IDF), so that
 * "xăng" binds questions together and "giá" does not.
 *
 * Grouping is by centroid (cosine of TF-IDF vectors; candidates through an inverted index over
 * centroid terms). Distinct questions, most repeated first, each join the most similar group
 * they may join or start one: a group of fewer than 5 questions takes only near-duplicates
 * (cosine 0.4, more than one word in common), an established group takes any question on its
 * topic (cosine `minSimilarity`, 0.15). Then every question is assigned again to its nearest
 * final centroid, twice, and established groups whose centroids are close are merged (a
 * phrasing asked often enough to found a group of its own). A centroid is dominated by its
 * group's telling terms, so a "giá vàng" question never reaches the "giá xăng" group through
 * "giá", the chaining a link-by-pairs method allows. The processing order comes from the
 * questions' terms, never from the input's order, so a shuffled log gives the same groups.
 *
 * @example
 * groupTopics([
 *   { question: 'Giá xăng hôm nay bao nhiêu?', at: '2026-11-03T01:00:00Z' },
 *   { question: 'gia xang tuan nay the nao', at: '2026-11-04T09:30:00Z' },
 * ]);
 * // [{ label: 'giá xăng', count: 2, examples: ['Giá xăng hôm nay bao nhiêu?', 'gia xang tuan nay the nao'], … }]
 */
import { foldWord, hasDiacritics, normalizeText } from '../text/normalize.js';
import { INTERROGATIVES } from '../text/question-words.js';
import { syllables, withBigrams } from '../text/tokenize.js';
import { PLACEHOLDERS } from './scrub.js';
import type { TopicGroup } from './types.js';

/** One unanswered question, as the question log has it. */
export interface TopicInput {
  question: string;
  /** The question with diacritics restored: matched on (folded) and spelt from for labels when present. */
  understoodAs?: string;
  /** When asked (ISO 8601). */
  at: string;
  articleId?: string;
}

export interface TopicOptions {
  /**
   * Cosine similarity (0–1) a question needs with the centroid of an established group (5 questions
   * or more) to join it. Default 0.15. A group of fewer takes only near-duplicates (0.4, and more
   * than one word in common).
   */
  minSimilarity?: number;
  /** How many groups to return, largest first. Default 50. */
  maxGroups?: number;
  /** How many example questions per group. Default 3. */
  examples?: number;
}

const DEFAULTS = { minSimilarity: 0.15, maxGroups: 50, examples: 3 } satisfies Required<TopicOptions>;

/** Articles listed per group: beyond a handful the list tells an editor nothing more. */
const MAX_ARTICLES = 5;
/** Rounds of assigning every question again to its nearest centroid after the first pass. */
const REASSIGN_ROUNDS = 2;

// —— What a question is about ——

/**
 * Phrases that say what kind of answer or which moment is wanted, never what the question is
 * about. Time words are here because readers add them to any topic ("giá vàng hôm nay", "lịch
 * nghỉ Tết năm nay"): kept, they would pull unrelated questions together.
 */
// prettier-ignore
const STOP_PHRASES = [
  'bao nhiêu', 'bao giờ', 'thế nào', 'như thế nào', 'ra sao', 'là gì', 'khi nào', 'lúc nào', 'ở đâu', 'tại sao',
  'vì sao', 'hay không', 'được không', 'có phải', 'phải không', 'cho hỏi', 'xin hỏi', 'mọi người', 'hôm nay',
  'ngày nào', 'hôm nào', 'tháng nào', 'năm nào', 'mấy giờ', 'mấy ngày', 'bao lâu', 'làm sao', 'như nào',
  'hôm qua', 'ngày mai', 'bây giờ', 'hiện nay', 'hiện tại', 'tuần này', 'tháng này', 'năm nay', 'mới nhất',
  'gần đây', 'sắp tới', 'dạo này', 'sáng nay', 'chiều nay', 'tối nay', 'đợt này', 'kỳ này', 'lúc này',
  // On a Vietnamese site the country's name is in one question in ten and never says what it is about.
  'việt nam',
];

/**
 * Question words, function words and the asker's own words ("mình", "giúp"). Pronouns that are
 * also nouns or names ("anh": England, "em": "trẻ em") are left to IDF.
 */
// prettier-ignore
const STOPWORDS = [
  ...INTERROGATIVES, 'thế', 'vì', 'tại', 'không', 'chưa', 'là', 'của', 'và', 'có', 'được', 'những', 'các', 'một',
  'cho', 'với', 'này', 'đã', 'bị', 'thì', 'mà', 'ra', 'vào', 'lại', 'đó', 'nhé', 'ạ', 'vậy', 'hả', 'như', 'hãy',
  'biết', 'bạn', 'ở', 'trong', 'nhỉ', 'à', 'ơi', 'chứ', 'hay', 'sẽ', 'đang', 'nên', 'cần', 'muốn', 'phải', 'hỏi',
  'xin', 'giúp', 'mình', 'tôi', 'nữa', 'rồi', 'khi', 'lúc', 'về', 'từ', 'đến', 'còn',
];

/**
 * Stopwords whose folded form is also a content word a reader types without diacritics: "dau"
 * (dầu), "bao" (bão), "thi" (thi cử), "lai" (lãi suất), "the" (thẻ), "co" (cổ phiếu), "vay"
 * (vay vốn)… In a question typed without diacritics they are kept and left to IDF.
 */
// prettier-ignore
const AMBIGUOUS_WHEN_FOLDED = new Set([
  'dau', 'bao', 'may', 'the', 'vi', 'tai', 'chua', 'co', 'cho', 'da', 'bi', 'thi', 'ma', 'lai', 'do', 'vay', 'ha',
  'nhu', 'ban', 'trong', 'nhi', 'chu', 'dang', 'nen', 'can', 'muon', 'hoi', 'minh', 'toi', 'luc', 've', 'tu',
]);

/** Nouns that start with a stopword ("không khí": air, "cho vay": lending). */
const STOPWORD_NOUNS = ['không khí', 'không gian', 'không quân', 'không lưu', 'tại chỗ', 'cho vay'];

const foldPhrase = (phrase: string) => phrase.split(' ').map(foldWord).join(' ');
const ACCENTED = { words: new Set<string>(STOPWORDS), phrases: new Set(STOP_PHRASES), starts: new Set(STOPWORD_NOUNS) };
const FOLDED = {
  words: new Set(STOPWORDS.map(foldWord).filter((w) => !AMBIGUOUS_WHEN_FOLDED.has(w))),
  phrases: new Set(STOP_PHRASES.map(foldPhrase)),
  starts: new Set(STOPWORD_NOUNS.map(foldPhrase)),
};
const LONGEST_STOP_PHRASE = Math.max(...STOP_PHRASES.map((p) => p.split(' ').length));

/** The same runs of letters, marks and digits as syllables() (src/text/tokenize.ts), case kept: labels keep "Tết", "THPT". */
const CASED_SYLLABLE = /[\p{L}\p{M}\p{N}]+/gu;
/** Placeholders put in for personal data say nothing about the topic ("[số điện thoại]" is not about "điện"). */
const PLACEHOLDER = new RegExp(
  Object.values(PLACEHOLDERS)
    .map((p) => p.replace(/[[\]]/g, '\\$&'))
    .join('|'),
  'g',
);

/** The syllables of a question that say what it is about: folded for matching, as written for labels. */
interface ContentWords {
  folded: string[];
  written: string[];
  /** Whether words were dropped just before each kept one. */
  gaps: boolean[];
}

function contentWords(text: string): ContentWords {
  const cleaned = text.replace(PLACEHOLDER, ' ');
  const lower = syllables(cleaned);
  const folded = lower.map(foldWord);
  const cased = normalizeText(cleaned).match(CASED_SYLLABLE) ?? [];
  // A capital that only starts the question is not how the word is spelt ("Giá xăng…" → "giá").
  const written =
    cased.length === lower.length ? cased.map((w, i) => (i === 0 && w.slice(1) === w.slice(1).toLowerCase() ? lower[0]! : w)) : lower;
  // As in src/index/terms.ts: a question typed with diacritics is compared with the stopwords as written.
  const [words, stop] = hasDiacritics(cleaned) ? [lower, ACCENTED] : [folded, FOLDED];
  // "không" is a stopword, "không khí" a noun: a stopword that starts such a word stays.
  const keep = words.map((w, i) => !stop.words.has(w) || stop.starts.has(`${w} ${words[i + 1]}`));
  for (let i = 0; i < words.length; i++) {
    for (let n = Math.min(LONGEST_STOP_PHRASE, words.length - i); n >= 2; n--) {
      if (stop.phrases.has(words.slice(i, i + n).join(' '))) keep.fill(false, i, i + n);
    }
  }
  // A dropped word leaves a gap: no bigram across it, or "tăng hay giảm" would give "tăng giảm".
  const gap = (i: number) => i > 0 && !keep[i - 1];
  return {
    folded: folded.filter((_, i) => keep[i]),
    written: written.filter((_, i) => keep[i]),
    gaps: keep.flatMap((k, i) => (k ? [gap(i)] : [])),
  };
}

// —— Questions, distinct questions, vectors ——

interface Item {
  input: TopicInput;
  words: ContentWords;
}

/** Questions with the same content words, matched as one: a vector, a weight (how many), and their items. */
interface Unit {
  key: string;
  terms: string[];
  items: number[];
  /** Term ids and weights of the unit-length TF-IDF vector, terms in the unit's order. */
  ids: number[];
  weights: number[];
  /** How many of `ids` are syllables (the rest are bigrams). */
  syllables: number;
}

/** The key of a question with no content words: matched with no other, so its own text. */
const NO_CONTENT = '\u0000';

/** Distinct questions, most repeated first, then by key: an order that does not depend on the input's. */
function unitsOf(items: readonly Item[]): Unit[] {
  const byKey = new Map<string, Unit>();
  items.forEach((item, index) => {
    const { folded, gaps } = item.words;
    // A question with no content words ("Là sao vậy?") matches nothing: it is a unit of its own text.
    const key = folded.length
      ? folded.map((w, i) => (gaps[i] ? `| ${w}` : w)).join(' ')
      : NO_CONTENT + syllables(item.input.question).map(foldWord).join(' ');
    let unit = byKey.get(key);
    if (!unit) {
      const terms = withBigrams(folded).filter((_, i) => i < folded.length || !gaps[i - folded.length + 1]);
      const distinct = [...new Set(terms)];
      const syllableCount = distinct.filter((t) => !t.includes(' ')).length;
      byKey.set(key, (unit = { key, terms: distinct, items: [], ids: [], weights: [], syllables: syllableCount }));
    }
    unit.items.push(index);
  });
  return [...byKey.values()].sort((a, b) => b.items.length - a.items.length || compareStrings(a.key, b.key));
}

/** IDF over the questions given: ln(1 + N/df), never zero, so two questions that share every term still meet. */
function weigh(units: readonly Unit[], questions: number): Map<string, number> {
  const df = new Map<string, number>();
  for (const unit of units) for (const term of unit.terms) df.set(term, (df.get(term) ?? 0) + unit.items.length);
  const idf = new Map<string, number>();
  for (const [term, count] of df) idf.set(term, Math.log(1 + questions / count));
  const ids = new Map<string, number>();
  for (const unit of units) {
    let norm = 0;
    for (const term of unit.terms) norm += idf.get(term)! ** 2;
    norm = Math.sqrt(norm);
    for (const term of unit.terms) {
      let id = ids.get(term);
      if (id === undefined) ids.set(term, (id = ids.size));
      unit.ids.push(id);
      unit.weights.push(idf.get(term)! / norm);
    }
  }
  return idf;
}

// —— Grouping ——

/**
 * When a question joins a group. A near-duplicate joins any group; a question that only shares
 * the topic joins a group large enough for its centroid to stand for a topic, not one question.
 */
interface JoinRule {
  /** Cosine a near-duplicate needs with a group's centroid. */
  nearDuplicate: number;
  /** Cosine any question needs with an established group's centroid (the `minSimilarity` option). */
  topic: number;
  /** Questions that make a group established. */
  established: number;
  /** Cosine between two established groups' centroids that makes them one. */
  merge: number;
}

const JOIN = { nearDuplicate: 0.4, established: 5, merge: 0.25 } satisfies Omit<JoinRule, 'topic'>;

interface Nearest {
  group: number;
  similarity: number;
  dot: number;
}

/** Sums of member vectors, found through their terms. */
class Centroids {
  readonly sums: Map<number, number>[] = [];
  readonly norms: number[] = [];
  /** Questions in each group. */
  readonly sizes: number[] = [];
  /** Distinct syllables in each group. */
  private readonly vocabulary: number[] = [];
  private readonly postings = new Map<number, number[]>();
  // Scratch space for nearest(), one slot per group, zero between calls.
  private readonly dots: number[] = [];
  private readonly syllables: number[] = [];
  private readonly bigrams: number[] = [];

  create(): number {
    for (const list of [this.norms, this.sizes, this.vocabulary, this.dots, this.syllables, this.bigrams]) list.push(0);
    this.sums.push(new Map());
    return this.sums.length - 1;
  }

  /** Adds a unit's questions; `dot` is the unit vector's dot product with the sum before. */
  add(group: number, unit: Unit, dot: number): void {
    const sum = this.sums[group]!;
    const count = unit.items.length;
    unit.ids.forEach((id, i) => {
      const before = sum.get(id);
      if (before === undefined) {
        let list = this.postings.get(id);
        if (!list) this.postings.set(id, (list = []));
        list.push(group);
        if (i < unit.syllables) this.vocabulary[group]!++;
      }
      sum.set(id, (before ?? 0) + count * unit.weights[i]!);
    });
    this.norms[group] = Math.sqrt(this.norms[group]! ** 2 + 2 * count * dot + count * count);
    this.sizes[group]! += count;
  }

  /**
   * The most similar centroid (cosine) among those the unit may join, ties to the older group.
   * `own` is the unit's present group, taken without the unit: a group does not vote for itself.
   */
  nearest(unit: Unit, rule: JoinRule, own?: number): Nearest | undefined {
    const touched: number[] = [];
    unit.ids.forEach((id, i) => {
      for (const group of this.postings.get(id) ?? []) {
        if (this.dots[group] === 0) touched.push(group);
        if (i < unit.syllables) this.syllables[group]!++;
        else this.bigrams[group]!++;
        this.dots[group]! += unit.weights[i]! * this.sums[group]!.get(id)!;
      }
    });
    let best: Nearest | undefined;
    for (const group of touched.sort((a, b) => a - b)) {
      let [dot, norm, size] = [this.dots[group]!, this.norms[group]!, this.sizes[group]!];
      // More than one word in common (three syllables, or two that are not one word, "tp hcm"), or
      // all that one of them says ("giá xăng" in "giá xăng RON 95").
      const shared = this.syllables[group]!;
      const words =
        shared >= 3 || (shared === 2 && this.bigrams[group] === 0) || shared === unit.syllables || shared === this.vocabulary[group];
      this.dots[group] = this.syllables[group] = this.bigrams[group] = 0;
      if (group === own) {
        const count = unit.items.length;
        dot -= count;
        norm = Math.sqrt(Math.max(0, norm * norm - 2 * count * dot - count * count));
        size -= count;
      }
      if (size === 0 || norm === 0) continue;
      const similarity = dot / norm;
      // One word in common is a coincidence ("cầu Long Biên", "Tự Long"), however rare the word.
      const near = similarity >= rule.nearDuplicate && words;
      const onTopic = similarity >= rule.topic && size >= rule.established;
      if ((near || onTopic) && (!best || similarity > best.similarity)) best = { group, similarity, dot };
    }
    return best;
  }
}

/**
 * The group of each unit: a first pass that founds groups, rounds that assign every unit again
 * against fixed centroids, then merging of established groups that are one topic.
 */
function assign(units: readonly Unit[], rule: JoinRule): number[] {
  const alone = (unit: Unit) => unit.key.startsWith(NO_CONTENT);
  const centroids = new Centroids();
  let groupOf = units.map((unit) => {
    const near = alone(unit) ? undefined : centroids.nearest(unit, rule);
    const group = near?.group ?? centroids.create();
    centroids.add(group, unit, near?.dot ?? 0);
    return group;
  });
  for (let round = 0; round < REASSIGN_ROUNDS; round++) {
    const fixed = centroidsOf(units, groupOf);
    groupOf = renumber(
      units.map((unit, u) => (alone(unit) ? undefined : fixed.nearest(unit, rule, groupOf[u]))?.group ?? fixed.sums.length + u),
    );
  }
  return merge(units, groupOf, rule);
}

/**
 * Groups that are one topic found apart (a phrasing asked often enough to found its own group
 * before the topic's centroid could take it in): each established group, largest first, joins
 * the nearest larger group that joined none, if near enough. Only into groups that joined none,
 * so no chain of merges walks from one topic to the next.
 */
function merge(units: readonly Unit[], groupOf: readonly number[], rule: JoinRule): number[] {
  const { sums, norms, sizes } = centroidsOf(units, groupOf);
  const order = sizes.map((_, g) => g).filter((g) => sizes[g]! >= rule.established);
  order.sort((a, b) => sizes[b]! - sizes[a]! || a - b);
  const into = new Map<number, number>();
  const roots: number[] = [];
  for (const g of order) {
    let best: { root: number; cosine: number } | undefined;
    for (const root of roots) {
      const cosine = dotOf(sums[g]!, sums[root]!) / (norms[g]! * norms[root]!);
      if (cosine >= rule.merge && (!best || cosine > best.cosine)) best = { root, cosine };
    }
    if (best) into.set(g, best.root);
    else roots.push(g);
  }
  return renumber(groupOf.map((g) => into.get(g) ?? g));
}

function dotOf(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [id, value] of small) dot += value * (large.get(id) ?? 0);
  return dot;
}

function centroidsOf(units: readonly Unit[], groupOf: readonly number[]): Centroids {
  const centroids = new Centroids();
  const groups = Math.max(-1, ...groupOf) + 1;
  for (let g = 0; g < groups; g++) centroids.create();
  // Norms from the finished sums: adding in turn needs each dot product, this needs none.
  units.forEach((unit, u) => centroids.add(groupOf[u]!, unit, 0));
  centroids.sums.forEach((sum, g) => {
    let norm = 0;
    for (const value of sum.values()) norm += value * value;
    centroids.norms[g] = Math.sqrt(norm);
  });
  return centroids;
}

/** Group numbers 0, 1, 2… in order of first appearance: the units' order, so deterministic. */
function renumber(groupOf: readonly number[]): number[] {
  const next = new Map<number, number>();
  return groupOf.map((g) => {
    let n = next.get(g);
    if (n === undefined) next.set(g, (n = next.size));
    return n;
  });
}

// —— What an editor sees ——

interface Group {
  units: Unit[];
  /** Indices of the questions, in the units' order. */
  items: number[];
  centroid: Map<number, number>;
  norm: number;
}

function groupsOf(units: readonly Unit[], groupOf: readonly number[]): Group[] {
  const centroids = centroidsOf(units, groupOf);
  const groups: Group[] = centroids.sums.map((centroid, g) => ({ units: [], items: [], centroid, norm: centroids.norms[g]! }));
  units.forEach((unit, u) => {
    const group = groups[groupOf[u]!]!;
    group.units.push(unit);
    group.items.push(...unit.items);
  });
  return groups;
}

const similarity = (unit: Unit, group: Group) =>
  group.norm ? unit.ids.reduce((dot, id, i) => dot + unit.weights[i]! * (group.centroid.get(id) ?? 0), 0) / group.norm : 0;

/** A term in at least this share of a group's questions is shared by the group. */
const SHARED = 0.5;
/** A bigram in at least this share of the questions joins a label's syllables into a phrase. */
const PHRASE = 0.4;
/** Syllables in a label: "điểm chuẩn đại học" is four. */
const LABEL_SYLLABLES = 4;

/**
 * The group's most telling shared terms as folded phrases: the shared syllable with the highest
 * share × IDF, grown into a phrase along bigrams most questions have ("xăng" → "giá xăng"),
 * then the next such syllable if it tells nearly as much and the label has room.
 */
function labelPhrases(group: Group, idf: ReadonlyMap<string, number>): string[][] {
  const share = new Map<string, number>();
  for (const unit of group.units)
    for (const term of unit.terms) share.set(term, (share.get(term) ?? 0) + unit.items.length / group.items.length);
  const unigrams = [...share.keys()].filter((t) => !t.includes(' '));
  const top = Math.max(0, ...unigrams.map((t) => share.get(t)!));
  const score = (t: string) => share.get(t)! * idf.get(t)!;
  const seeds = unigrams.filter((t) => share.get(t)! >= Math.min(SHARED, top)).sort((a, b) => score(b) - score(a) || compareStrings(a, b));
  const phrases: string[][] = [];
  const used = new Set<string>();
  for (const seed of seeds) {
    const room = LABEL_SYLLABLES - phrases.reduce((n, p) => n + p.length, 0);
    if (room <= 0 || (phrases.length && score(seed) < 0.5 * score(phrases[0]![0]!))) break;
    if (used.has(seed)) continue;
    const phrase = grow([seed], room, share, used);
    phrase.forEach((w) => used.add(w));
    phrases.push(phrase);
  }
  return phrases;
}

/** Extends a phrase by the bigram, at either end, that most of the group's questions have. */
function grow(phrase: string[], room: number, share: ReadonlyMap<string, number>, used: ReadonlySet<string>): string[] {
  while (phrase.length < room) {
    let best: { bigram: string; share: number; left: boolean } | undefined;
    for (const [term, s] of share) {
      const [a, b] = term.split(' ');
      if (b === undefined || s < PHRASE) continue;
      const left = b === phrase[0] && !phrase.includes(a!) && !used.has(a!);
      const right = a === phrase.at(-1) && !phrase.includes(b) && !used.has(b);
      if ((left || right) && (!best || s > best.share || (s === best.share && compareStrings(term, best.bigram) < 0))) {
        best = { bigram: term, share: s, left };
      }
    }
    if (!best) break;
    const [a, b] = best.bigram.split(' ');
    phrase = best.left ? [a!, ...phrase] : [...phrase, b!];
  }
  return phrase;
}

/** A folded phrase as the group's questions spell it: the most common written form, diacritics preferred. */
function spell(phrase: readonly string[], group: Group, items: readonly Item[]): string {
  const forms = new Map<string, number>();
  for (const index of group.items) {
    const { folded, written } = items[index]!.words;
    for (let i = 0; i + phrase.length <= folded.length; i++) {
      if (phrase.every((w, j) => folded[i + j] === w)) {
        const form = written.slice(i, i + phrase.length).join(' ');
        forms.set(form, (forms.get(form) ?? 0) + 1);
      }
    }
  }
  const best = [...forms].sort(([a, m], [b, n]) => Number(hasDiacritics(b)) - Number(hasDiacritics(a)) || n - m || compareStrings(a, b))[0];
  // Syllables of a phrase grown along two bigrams may never stand side by side in one question.
  return best?.[0] ?? (phrase.length > 1 ? phrase.map((w) => spell([w], group, items)).join(' ') : phrase[0]!);
}

/** Distinct questions (case, spacing, punctuation and diacritics aside), nearest the centroid first, with diacritics first. */
function examplesOf(group: Group, items: readonly Item[], limit: number): string[] {
  const distinct = new Map<string, { text: string; accented: boolean; similarity: number; count: number }>();
  for (const unit of group.units) {
    const sim = similarity(unit, group);
    for (const index of unit.items) {
      const text = normalizeText(items[index]!.input.question).trim().replace(/\s+/g, ' ');
      const key = syllables(text).map(foldWord).join(' ') || text;
      const accented = hasDiacritics(text);
      const seen = distinct.get(key);
      if (!seen) distinct.set(key, { text, accented, similarity: sim, count: 1 });
      else {
        seen.count++;
        seen.similarity = Math.max(seen.similarity, sim);
        if ((accented && !seen.accented) || (accented === seen.accented && compareStrings(text, seen.text) < 0)) {
          Object.assign(seen, { text, accented });
        }
      }
    }
  }
  return [...distinct.values()]
    .sort(
      (a, b) =>
        Number(b.accented) - Number(a.accented) || b.similarity - a.similarity || b.count - a.count || compareStrings(a.text, b.text),
    )
    .slice(0, limit)
    .map((e) => e.text);
}

function describe(group: Group, items: readonly Item[], idf: ReadonlyMap<string, number>, examples: number): TopicGroup {
  const inputs = group.items.map((i) => items[i]!.input);
  const phrases = labelPhrases(group, idf);
  const label = phrases.length
    ? phrases.map((p) => spell(p, group, items)).join(', ')
    : normalizeText(inputs[0]!.question).trim().replace(/\s+/g, ' ');
  const articles = new Map<string, number>();
  for (const { articleId } of inputs) if (articleId) articles.set(articleId, (articles.get(articleId) ?? 0) + 1);
  // One pass, not a sort: Date.parse is the costly part on a large group.
  let [first, last] = [inputs[0]!.at, inputs[0]!.at];
  for (const { at } of inputs) {
    if (compareTimes(at, first) < 0) first = at;
    if (compareTimes(at, last) > 0) last = at;
  }
  return {
    label,
    count: inputs.length,
    examples: examplesOf(group, items, examples),
    articles: [...articles]
      .sort(([a, m], [b, n]) => n - m || compareStrings(a, b))
      .slice(0, MAX_ARTICLES)
      .map(([id]) => id),
    first,
    last,
  };
}

/** Code-unit order: the same on every runtime and locale, unlike localeCompare. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** By instant, then as text (also the order of unparsable times). */
function compareTimes(a: string, b: string): number {
  return Date.parse(a) - Date.parse(b) || compareStrings(a, b);
}

/**
 * Near-duplicate questions grouped by their terms, largest group first; a question like no
 * other is a group of one, listed last.
 */
export function groupTopics(questions: readonly TopicInput[], options: TopicOptions = {}): TopicGroup[] {
  return topics(questions, options).map((t) => t.topic);
}

/** The questions of each group, as indices into `questions`, in {@link groupTopics}' order: what tests measure. */
export function topicMembers(questions: readonly TopicInput[], options: TopicOptions = {}): number[][] {
  return topics(questions, options).map((t) => t.members);
}

function topics(questions: readonly TopicInput[], options: TopicOptions): { topic: TopicGroup; members: number[] }[] {
  const { minSimilarity, maxGroups, examples } = { ...DEFAULTS, ...options };
  if (!questions.length || maxGroups <= 0) return [];
  const items: Item[] = questions.map((input) => ({ input, words: contentWords(input.understoodAs ?? input.question) }));
  const units = unitsOf(items);
  const idf = weigh(units, items.length);
  const rule: JoinRule = { ...JOIN, topic: minSimilarity };
  return groupsOf(units, assign(units, rule))
    .map((group) => ({ topic: describe(group, items, idf, examples), members: group.items }))
    .sort(
      ({ topic: a }, { topic: b }) =>
        b.count - a.count ||
        compareTimes(b.last, a.last) ||
        compareStrings(a.label, b.label) ||
        compareStrings(a.examples.join('\n'), b.examples.join('\n')),
    )
    .slice(0, maxGroups);
}
