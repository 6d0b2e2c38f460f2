/**
 * Building an index from articles: chunk → embed → vector index, terms → lexical index,
 * passages → store. Runtime-agnostic: the vector index comes from a factory, so Node uses
 * hnswlib and tests or Workers can use something else.
 */
import type { Article } from '../corpus/article.js';
import { chunkArticle } from '../corpus/chunk.js';
import { LexicalIndexBuilder, type LexicalIndex } from './lexical.js';
import { PassageStoreBuilder, type PassageStore } from './store.js';
import { Suggester, type ArticlePassages } from './suggest-check.js';
import type { Candidate } from './suggest.js';
import { articleHash } from './article-hash.js';
import { PassageTermIds } from './passage-term-ids.js';
import type { VectorIndex } from './vector.js';

/** Embeds passages; the Embedder does this. */
export interface PassageEmbedder {
  readonly model: string;
  embedPassages(texts: string[]): Promise<Float32Array[]>;
}

export interface BuildProgress {
  articles: number;
  chunks: number;
  /** Bytes or articles done and expected, when the reader knows them. */
  done?: number;
  total?: number;
}

export interface BuildDeps {
  embedder?: PassageEmbedder;
  /** Creates the vector index once the embedding size is known. */
  createVectorIndex?: (dimensions: number) => VectorIndex;
  onProgress?: (progress: BuildProgress) => void;
  /** Suggestions checked so far of those to check, after the articles are indexed (minutes on a large corpus). */
  onSuggestProgress?: (done: number, total: number) => void;
  /**
   * Writes each article's suggested questions; checked against the reader's answers when it has
   * a checker (src/index/suggest-check.ts). Default: picked by wording alone.
   */
  suggester?: Suggester;
}

export interface BuiltIndex {
  store: PassageStore;
  lexical: LexicalIndex;
  vectors?: VectorIndex;
}

/** Passages are embedded with their article title in front: a chunk alone may not name its subject. */
export function passageEmbeddingText(title: string, text: string): string {
  return `${title}\n${text}`;
}

const EMBED_BATCH = 512;

export async function buildIndex(articles: AsyncIterable<Article> | Iterable<Article>, deps: BuildDeps = {}): Promise<BuiltIndex> {
  const suggester = deps.suggester ?? new Suggester();
  const { built, candidates } = await ingest(articles, deps, suggester);
  // Checked suggestions are answered from the finished index, with the whole corpus's idf, as
  // the service will answer them. The builders are unreachable by now: kept alive through the
  // check, they held 1.7 GB more at the peak of a news-37k build.
  let checked = 0;
  for (const [id, written] of candidates) {
    built.store.setSuggestions(id, suggester.pick(written, articlePassages(built, id)));
    deps.onSuggestProgress?.(++checked, candidates.size);
  }
  return built;
}

/** Reads, chunks, indexes and embeds every article; keeps the candidates a checked suggester still has to pick from. */
async function ingest(
  articles: AsyncIterable<Article> | Iterable<Article>,
  deps: BuildDeps,
  suggester: Suggester,
): Promise<{ built: BuiltIndex; candidates: Map<string, Candidate[]> }> {
  const store = new PassageStoreBuilder();
  const lexical = new LexicalIndexBuilder();
  // The terms of passageTerms(), added by id: no string per term occurrence (see passage-term-ids.ts).
  const terms = new PassageTermIds(lexical);
  let vectors: VectorIndex | undefined;
  let pending: { doc: number; text: string }[] = [];
  let articleCount = 0;
  const indexedAt = new Date().toISOString();

  const flush = async () => {
    if (!deps.embedder || !deps.createVectorIndex || pending.length === 0) return;
    const embedded = await deps.embedder.embedPassages(pending.map((p) => p.text));
    vectors ??= deps.createVectorIndex(embedded[0]!.length);
    pending.forEach((p, i) => vectors!.add(p.doc, embedded[i]!));
    pending = [];
  };

  // With a checker, only the candidates are kept until the index is finished.
  const candidates = new Map<string, Candidate[]>();

  for await (const article of articles) {
    const chunks = chunkArticle(article);
    if (chunks.length === 0) continue;
    // Suggested questions are derived here, once, so serving them costs a lookup.
    // The content hash lets the next `npm run index` skip this article when it has not changed.
    const written = suggester.candidates(article);
    if (suggester.checks) candidates.set(article.id, written);
    const suggestions = suggester.checks ? [] : suggester.pick(written);
    const first = store.add({ ...article, hash: await articleHash(article), indexedAt, suggestions }, chunks);
    chunks.forEach((chunk, i) => {
      terms.add(article.title, chunk.text);
      if (deps.embedder) pending.push({ doc: first + i, text: passageEmbeddingText(article.title, chunk.text) });
    });
    articleCount++;
    if (pending.length >= EMBED_BATCH) await flush();
    deps.onProgress?.({ articles: articleCount, chunks: store.chunkCount });
  }
  await flush();
  return { built: { store: store.finish(), lexical: lexical.finish(), ...(vectors ? { vectors } : {}) }, candidates };
}

/** An indexed article's record, chunks and the index's idf: what a suggestion check reads. */
function articlePassages(index: Pick<BuiltIndex, 'store' | 'lexical'>, id: string): ArticlePassages {
  const article = index.store.article(id);
  if (!article) throw new Error(`No article ${id} in the index.`);
  const chunks = Array.from({ length: article.chunkCount }, (_, i) => index.store.chunk(article.firstChunk + i));
  return { article, chunks, idf: (term) => index.lexical.idf(term) };
}
