/**
 * Articles that say the same as another one: the same agency story on two sites, a correction
 * republished under a new id. The eval's --unanswerable mode removes a question's gold article;
 * if a near-copy stays in the index, an answer from it is right, and counting it as a failure to
 * refuse understates refusal. These are found here and removed with the gold article.
 *
 * Candidates come from the lexical index (the article's rarest shared syllable pairs as a query, so no
 * index of shingles over the whole corpus is needed); each is then compared on 5-syllable
 * shingles: containment = shared shingles / shingles of the shorter text.
 *
 * @example
 * nearDuplicates({ store, lexical }, 'bai-1'); // ['bai-1-dang-lai']
 */
import type { LexicalIndex } from '../index/lexical.js';
import type { PassageStore } from '../index/store.js';
import { syllables } from '../text/tokenize.js';

export interface NearDuplicateOptions {
  /** Containment at or above which two articles count as the same text. */
  threshold: number;
  /** Syllables per shingle. */
  shingle: number;
  /** Rarest syllable pairs of the article searched for candidates, and candidate articles compared. */
  queryTerms: number;
  candidates: number;
}

const DEFAULT_NEAR_DUPLICATE_OPTIONS: NearDuplicateOptions = { threshold: 0.5, shingle: 5, queryTerms: 30, candidates: 30 };

/** The ids of the indexed articles whose text overlaps `articleId`'s at the threshold or more (itself excluded). */
export function nearDuplicates(
  index: { store: PassageStore; lexical: LexicalIndex },
  articleId: string,
  options: Partial<NearDuplicateOptions> = {},
): string[] {
  const o = { ...DEFAULT_NEAR_DUPLICATE_OPTIONS, ...options };
  const words = articleWords(index.store, articleId);
  if (!words) return [];
  const own = shingles(words, o.shingle);
  if (own.size === 0) return [];
  const found: string[] = [];
  for (const candidate of candidateArticles(index, articleId, words, o)) {
    const other = shingles(articleWords(index.store, candidate)!, o.shingle);
    if (other.size === 0) continue;
    let shared = 0;
    for (const s of other) if (own.has(s)) shared++;
    if (shared / Math.min(own.size, other.size) >= o.threshold) found.push(candidate);
  }
  return found;
}

/** The article's text as syllables (its chunks in order), or undefined when it is not indexed. */
function articleWords(store: PassageStore, articleId: string): string[] | undefined {
  const range = store.rangeOf(articleId);
  if (!range) return undefined;
  const words: string[] = [];
  for (let doc = range.start; doc < range.end; doc++) words.push(...syllables(store.chunk(doc).text));
  return words;
}

function shingles(words: readonly string[], size: number): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + size <= words.length; i++) out.add(words.slice(i, i + size).join(' '));
  return out;
}

/** Other articles that share the article's rarest syllable pairs, best first. */
function candidateArticles(
  index: { store: PassageStore; lexical: LexicalIndex },
  articleId: string,
  words: readonly string[],
  o: NearDuplicateOptions,
): string[] {
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < words.length; i++) pairs.add(`${words[i]} ${words[i + 1]}`);
  // The rarest pairs another passage also has: a pair only this article has (the rarest of all)
  // cannot lead to another article, and a copy that changed a few sentences lacks some of them.
  const rarest = [...pairs]
    .filter((term) => index.lexical.docFrequency(term) > 1)
    .map((term) => ({ term, weight: index.lexical.idf(term) }))
    .sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1))
    .slice(0, o.queryTerms)
    .map(({ term }) => ({ term, weight: 1 }));
  const ids: string[] = [];
  for (const hit of index.lexical.search(rarest, o.candidates * 4)) {
    const id = index.store.articleOf(hit.doc).id;
    if (id !== articleId && !ids.includes(id)) ids.push(id);
    if (ids.length >= o.candidates) break;
  }
  return ids;
}
