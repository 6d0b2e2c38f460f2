/**
 * Hybrid retrieval: BM25 and vector search, fused by score (scaled BM25 + weighted cosine) or by
 * reciprocal rank (RRF). Either side alone is available for comparisons
 * (`--retriever lexical|vector`). It reads the index through ports (./ports.ts), so Node's
 * in-memory index and Workers' D1 + Vectorize rank the same way.
 *
 * @example
 * const retriever = new FusedRetriever({ lexical, passages, vectors, embedder });
 * const hits = await retriever.search('Chủ tịch nước thăm Chile', { k: 5, mode: 'hybrid' });
 */
import type { Chunk } from '../corpus/article.js';
import type { ScoredDoc, WeightedTerm } from './lexical.js';
import type { LexicalSource, PassageSource, TermStatistics, VectorSource } from './ports.js';
import { Question } from './question.js';
import type { StoredArticle } from './store.js';
import { queryTerms, type QueryTermOptions } from './terms.js';

export type RetrieverMode = 'hybrid' | 'lexical' | 'vector';

/** Embeds a question; the Embedder does this, and tests can pass any function. */
export interface QuestionEmbedder {
  embedQuestion(text: string): Promise<Float32Array>;
}

export interface RetrievalOptions {
  /** Passages to return. */
  k: number;
  mode: RetrieverMode;
  /** Only passages of this article. */
  articleId?: string;
}

export interface Hit {
  /** Chunk number in the store. */
  doc: number;
  chunk: Chunk;
  article: StoredArticle;
  /** The fused score in hybrid mode, else the one retriever's score. */
  score: number;
  lexicalRank?: number;
  vectorRank?: number;
}

/** Where retrieval reads from: in memory on Node (src/node/memory-index.ts), D1 and Vectorize on Workers (src/workers/). */
export interface RetrieverPorts {
  lexical: LexicalSource;
  passages: PassageSource;
  vectors?: VectorSource;
  embedder?: QuestionEmbedder;
}

export interface RetrieverSettings {
  /** Candidates taken from each side before fusion. */
  candidates: number;
  /**
   * How the two lists are merged: 'score' (scaled BM25 + weighted cosine) or 'rrf' (reciprocal
   * rank fusion). RRF flattens BM25's margins, which cost 30 points of articleHit@1 on news-37k
   * with our model (evals/RESULTS.md).
   */
  fusion: 'score' | 'rrf';
  /** Weight of the cosine in 'score' fusion (scaled BM25 has 1). */
  scoreVectorWeight: number;
  /** RRF's k: larger flattens the difference between ranks. */
  rrfK: number;
  /** Weight of the vector side in RRF fusion (the lexical side has 1). */
  vectorWeight: number;
  /** Weight of the folded terms of a question whose diacritics were restored. */
  restoredFoldedWeight: number;
  /**
   * Weight of the terms only the runner-up reading of a restored question has. Full weight:
   * the runner-up is only offered for close calls, where the reading is a coin toss (on
   * news-37k without diacritics it lifted articleHit@5 from 0.745 to 0.754, evals/RESULTS.md).
   */
  alternativeWeight: number;
  /**
   * A question's terms that can add less than this share of its total BM25 weight (weight × idf,
   * summed over its terms) are left out of a site-wide search. They are the syllables in most
   * passages ("người", "khi", and their folded twins): ~85% of the postings a question reads on
   * news-37k, for a few percent of any passage's score. A question made only of common words
   * keeps them all (each is then a large share). 0 keeps every term; article-scoped searches
   * always do. 0.005 keeps the words a wrongly restored question still needs (0.02 cost 1.1
   * points of articleHit@5 without diacritics) and leaves out most of the common ones.
   */
  minTermImpact: number;
  terms: QueryTermOptions;
}

export const DEFAULT_RETRIEVER_SETTINGS: RetrieverSettings = {
  candidates: 50,
  fusion: 'score',
  scoreVectorWeight: 0.5,
  rrfK: 60,
  vectorWeight: 1,
  restoredFoldedWeight: 0.5,
  alternativeWeight: 1,
  minTermImpact: 0.005,
  terms: {},
};

/** What the question-answering service asks of retrieval (src/qa.ts); {@link FusedRetriever} is the one implementation. */
export interface Retriever {
  /** Which modes this index can serve: vector search needs vectors and an embedder. */
  supports(mode: RetrieverMode): boolean;
  search(asked: Question | string, options: RetrievalOptions): Promise<Hit[]>;
  /** Document frequencies and idf of the question's terms, for the answerer's weighting. */
  statistics(question: Question): Promise<TermStatistics>;
  hasArticle(articleId: string): Promise<boolean>;
  /**
   * How many passages hold a term, answered at once: only an index held in memory can, and
   * with it a restored question's names are spelt as the site spells them (src/text/restore/refine.ts).
   */
  readonly docFrequency?: (term: string) => number;
}

export class FusedRetriever implements Retriever {
  readonly ports: RetrieverPorts;
  readonly settings: RetrieverSettings;

  constructor(ports: RetrieverPorts, settings: Partial<RetrieverSettings> = {}) {
    this.ports = ports;
    this.settings = { ...DEFAULT_RETRIEVER_SETTINGS, ...settings };
  }

  supports(mode: RetrieverMode): boolean {
    return mode === 'lexical' || (this.ports.vectors !== undefined && this.ports.embedder !== undefined);
  }

  hasArticle(articleId: string): Promise<boolean> {
    return this.ports.passages.hasArticle(articleId);
  }

  /** The statistics of every term the question is searched by, looked up once per question. */
  statistics(question: Question): Promise<TermStatistics> {
    return question.statisticsOnce((q) => this.ports.lexical.statistics(q.termsOnce((t) => this.termsOf(t)).map((t) => t.term)));
  }

  /**
   * The best passages for the question. A string is searched as typed; a {@link Question} keeps
   * its terms, statistics and embedding for the next search of the same question.
   */
  async search(asked: Question | string, options: RetrievalOptions): Promise<Hit[]> {
    const { k, mode, articleId } = options;
    if (!this.supports(mode)) {
      throw new Error(`Retriever "${mode}" needs a vector index and an embedder; this index has none. Use --retriever lexical.`);
    }
    const question = typeof asked === 'string' ? new Question({ asked }) : asked;
    const pool = Math.max(k, this.settings.candidates);
    const scope = articleId ? { articleId } : {};
    const [lexical, embedded] = await Promise.all([
      mode === 'vector' ? [] : this.lexicalSearch(question, pool, articleId),
      mode === 'lexical' ? undefined : this.vectorSearch(question, pool, scope.articleId),
    ]);
    const vector = embedded?.hits ?? [];
    const fused = mode === 'hybrid' ? await this.fuse(lexical, vector, embedded!.query) : mode === 'lexical' ? lexical : vector;
    const top = fused.slice(0, k);
    const passages = new Map((await this.ports.passages.passages(top.map((h) => h.doc))).map((p) => [p.doc, p]));
    const lexicalRank = new Map(lexical.map((h, i) => [h.doc, i]));
    const vectorRank = new Map(vector.map((h, i) => [h.doc, i]));
    return top.flatMap(({ doc, score }) => {
      const passage = passages.get(doc);
      if (!passage) return [];
      return [
        {
          doc,
          chunk: passage.chunk,
          article: passage.article,
          score,
          ...(lexicalRank.has(doc) ? { lexicalRank: lexicalRank.get(doc)! } : {}),
          ...(vectorRank.has(doc) ? { vectorRank: vectorRank.get(doc)! } : {}),
        },
      ];
    });
  }

  private async lexicalSearch(question: Question, pool: number, articleId?: string): Promise<ScoredDoc[]> {
    const terms = question.termsOnce((q) => this.termsOf(q));
    const statistics = await this.statistics(question);
    const searched = articleId ? terms : this.withoutWeakTerms(terms, statistics);
    return this.ports.lexical.search(searched, pool, { statistics, ...(articleId ? { articleId } : {}) });
  }

  private async vectorSearch(question: Question, pool: number, articleId?: string): Promise<{ query: Float32Array; hits: ScoredDoc[] }> {
    const query = await question.embeddingOnce((q) => this.ports.embedder!.embedQuestion(q.restored ?? q.text));
    return { query, hits: await this.ports.vectors!.search(query, pool, articleId) };
  }

  /**
   * The question's weighted terms. When its diacritics were restored, the restored reading's
   * accented terms lead and the reader's own folded terms stay as a lower-weighted fallback,
   * because a restoration can be wrong; terms only the runner-up reading has are added too.
   */
  private termsOf(question: Question): WeightedTerm[] {
    const { restored, alternative } = question;
    if (restored === undefined) return queryTerms(question.text, this.settings.terms);
    const terms = queryTerms(restored, { ...this.settings.terms, foldedWeight: 0 });
    for (const t of queryTerms(question.text, this.settings.terms))
      terms.push({ term: t.term, weight: t.weight * this.settings.restoredFoldedWeight });
    if (alternative !== undefined && this.settings.alternativeWeight > 0) {
      const have = new Set(terms.map((t) => t.term));
      for (const t of queryTerms(alternative, { ...this.settings.terms, foldedWeight: 0 })) {
        if (!have.has(t.term)) terms.push({ term: t.term, weight: t.weight * this.settings.alternativeWeight });
      }
    }
    return terms;
  }

  /** The terms minus those below {@link RetrieverSettings.minTermImpact} (site-wide searches only). */
  private withoutWeakTerms(terms: WeightedTerm[], statistics: TermStatistics): WeightedTerm[] {
    const share = this.settings.minTermImpact;
    if (share <= 0) return terms;
    const impacts = terms.map((t) => Math.max(t.weight, 0) * statistics.idf(t.term));
    const floor = share * impacts.reduce((a, b) => a + b, 0);
    return terms.filter((_, i) => impacts[i]! >= floor);
  }

  private fuse(lexical: ScoredDoc[], vector: ScoredDoc[], query: Float32Array): Promise<ScoredDoc[]> | ScoredDoc[] {
    return this.settings.fusion === 'rrf' ? this.fuseRanks(lexical, vector) : this.fuseScores(lexical, vector, query);
  }

  /**
   * BM25 scaled by the question's best BM25, plus a weighted cosine. Unlike RRF this keeps
   * BM25's margins: a passage far ahead on the words stays ahead unless the meaning says
   * otherwise. A candidate only BM25 found gets its exact cosine from its stored vector (one
   * batch lookup); one only the vector side found gets no BM25 share, even if it holds some of
   * the words: it was outside BM25's top candidates, so its share would be small.
   */
  private async fuseScores(lexical: ScoredDoc[], vector: ScoredDoc[], query: Float32Array): Promise<ScoredDoc[]> {
    const best = lexical[0]?.score ?? 0;
    const lexicalScore = new Map(lexical.map((h) => [h.doc, best > 0 ? h.score / best : 0]));
    const cosine = new Map(vector.map((h) => [h.doc, h.score]));
    const unscored = lexical.filter((h) => !cosine.has(h.doc)).map((h) => h.doc);
    const looked = unscored.length > 0 ? await this.ports.vectors!.similarity(query, unscored) : new Map<number, number>();
    const docs = new Set([...lexicalScore.keys(), ...cosine.keys()]);
    const fused: ScoredDoc[] = [];
    for (const doc of docs) {
      const cos = cosine.get(doc) ?? looked.get(doc) ?? 0;
      fused.push({ doc, score: (lexicalScore.get(doc) ?? 0) + this.settings.scoreVectorWeight * cos });
    }
    return fused.sort((a, b) => b.score - a.score || a.doc - b.doc);
  }

  private fuseRanks(lexical: ScoredDoc[], vector: ScoredDoc[]): ScoredDoc[] {
    const scores = new Map<number, number>();
    const add = (list: ScoredDoc[], weight: number) =>
      list.forEach((h, rank) => scores.set(h.doc, (scores.get(h.doc) ?? 0) + weight / (this.settings.rrfK + rank + 1)));
    add(lexical, 1);
    add(vector, this.settings.vectorWeight);
    return [...scores].map(([doc, score]) => ({ doc, score })).sort((a, b) => b.score - a.score || a.doc - b.doc);
  }
}
