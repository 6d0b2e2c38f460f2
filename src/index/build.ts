/**
 * Building an index from articles: chunk → embed → vector index, terms → lexical index,
 * passages → store. Runtime-agnostic: the vector index comes from a factory, so Node uses
 * hnswlib and tests or Workers can use something else.
 */
import type { Article } from '../corpus/article.js';
import { chunkArticle } from '../corpus/chunk.js';
import { LexicalIndexBuilder, type LexicalIndex } from './lexical.js';
import { PassageStoreBuilder, type PassageStore } from './store.js';
import { passageTerms } from './terms.js';
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

export async function buildIndex(
  articles: AsyncIterable<Article> | Iterable<Article>,
  deps: BuildDeps = {},
): Promise<BuiltIndex> {
  const store = new PassageStoreBuilder();
  const lexical = new LexicalIndexBuilder();
  let vectors: VectorIndex | undefined;
  let pending: { doc: number; text: string }[] = [];
  let articleCount = 0;

  const flush = async () => {
    if (!deps.embedder || !deps.createVectorIndex || pending.length === 0) return;
    const embedded = await deps.embedder.embedPassages(pending.map((p) => p.text));
    vectors ??= deps.createVectorIndex(embedded[0]!.length);
    pending.forEach((p, i) => vectors!.add(p.doc, embedded[i]!));
    pending = [];
  };

  for await (const article of articles) {
    const chunks = chunkArticle(article);
    if (chunks.length === 0) continue;
    const first = store.add(article, chunks);
    chunks.forEach((chunk, i) => {
      const { terms, length } = passageTerms(article.title, chunk.text);
      lexical.add(terms, length);
      if (deps.embedder) pending.push({ doc: first + i, text: passageEmbeddingText(article.title, chunk.text) });
    });
    articleCount++;
    if (pending.length >= EMBED_BATCH) await flush();
    deps.onProgress?.({ articles: articleCount, chunks: store.chunkCount });
  }
  await flush();
  return { store: store.finish(), lexical: lexical.finish(), ...(vectors ? { vectors } : {}) };
}
