/**
 * The eval's --unanswerable mode: each question's expected articles are left out of retrieval,
 * as if they had been removed from the index, so the right answer is "not found". Rebuilding the
 * index per question would take minutes; instead the index's lexical and vector sides are
 * wrapped so their searches skip the left-out articles' passages. The service, the retriever and
 * the answerers run unchanged and know nothing of it.
 *
 * @example
 * const service = leavingOut(runtime.qa);
 * service.leaveOut(new Set(['bai-1']));
 * await service.askWithHits({ question }); // as if bai-1 were not indexed
 */
import type { LexicalIndex, ScoredDoc, WeightedTerm } from '../index/lexical.js';
import { HybridRetriever } from '../node/memory-index.js';
import type { VectorIndex } from '../index/vector.js';
import { QaService, type AskResult } from '../qa.js';
import type { AskRequest } from '../contract.js';
import { nearDuplicates } from './near-duplicates.js';

/** A service whose retrieval can leave articles out; what the eval runner asks under --unanswerable. */
export interface LeavingOutService {
  askWithHits(request: AskRequest): Promise<AskResult>;
  /**
   * The articles the next questions must not see (replaces the previous set), with their near
   * duplicates (src/eval/near-duplicates.ts); returns every article left out.
   */
  leaveOut(articleIds: ReadonlySet<string>): ReadonlySet<string>;
}

/** The same service over the same index, with retrieval that can leave articles out. */
export function leavingOut(qa: QaService): LeavingOutService {
  const { retriever } = qa.options;
  // Leaving articles out wraps the in-memory index's searches; a storage-backed index has none to wrap.
  if (!(retriever instanceof HybridRetriever)) throw new Error('--unanswerable needs the in-memory index of the Node runtime.');
  const { store, lexical, vectors } = retriever.deps;
  let left = new Set<string>() as ReadonlySet<string>;
  // Searches ask for as many more candidates as the left-out articles have passages, so the
  // lists are as long after filtering as an index without those articles would give.
  let slack = 0;
  const keep = (hits: ScoredDoc[]) => (left.size === 0 ? hits : hits.filter((h) => !left.has(store.articleOf(h.doc).id)));
  const leftOutLexical = override(lexical, {
    search: (terms: WeightedTerm[], k: number, range?: { start: number; end: number }) => keep(lexical.search(terms, k + slack, range)),
  } satisfies Partial<LexicalIndex>);
  const leftOutVectors = vectors
    ? override(vectors, {
        search: (query: Float32Array, k: number) => keep(vectors.search(query, k + slack)),
        searchRange: (query: Float32Array, range: { start: number; end: number }, k: number) =>
          keep(vectors.searchRange(query, range, k + slack)),
      } satisfies Partial<VectorIndex>)
    : undefined;
  const service = new QaService({
    ...qa.options,
    retriever: new HybridRetriever(
      { ...retriever.deps, lexical: leftOutLexical, ...(leftOutVectors ? { vectors: leftOutVectors } : {}) },
      retriever.settings,
    ),
  });
  return {
    askWithHits: (request) => service.askWithHits(request),
    leaveOut(articleIds) {
      const all = new Set(articleIds);
      for (const id of articleIds) for (const copy of nearDuplicates({ store, lexical }, id)) all.add(copy);
      left = all;
      slack = 0;
      for (const id of all) slack += store.article(id)?.chunkCount ?? 0;
      return all;
    },
  };
}

/** `target` with some methods replaced; every other property reads through to it. */
function override<T extends object>(target: T, methods: Partial<T>): T {
  return new Proxy(target, {
    get(t, property) {
      if (Object.hasOwn(methods, property)) return methods[property as keyof T];
      const value: unknown = Reflect.get(t, property, t);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(t) : value;
    },
  });
}
