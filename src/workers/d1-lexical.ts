/**
 * The lexical half of retrieval on D1: FTS5 finds candidates, the project's own BM25 ranks them,
 * so a question ranks passages as the Node index does (src/index/lexical.ts) with the same terms,
 * weights, idf, k1, b and length normalization.
 *
 * A site-wide search MATCHes only the question's rarer terms: FTS5 reads every posting of every
 * term it matches, and the commonest syllables are in most passages. Passages holding none of the
 * rare terms score little anyway; every candidate is then scored on all the terms, the common ones
 * included, counted in its stored syllables (./fts-terms.ts). A search under an article scores all its
 * passages, without FTS5.
 *
 * @example
 * const lexical = new D1Lexical(env.DB, { onQuery: (q) => console.log(q.query, q.rowsRead) });
 * const terms = queryTerms('Chủ tịch nước thăm Chile');
 * const statistics = await lexical.statistics(terms.map((t) => t.term));
 * await lexical.search(terms, 10, { statistics }); // [{ doc: 42, score: 17.3 }, …]
 */
import type { D1Database } from '@cloudflare/workers-types/index.ts';
import type { ScoredDoc, WeightedTerm } from '../index/lexical.js';
import type { LexicalSource, TermStatistics } from '../index/ports.js';
import { rankCandidates, type Candidate } from './bm25.js';
import { ftsToken, matchExpression } from './fts-terms.js';

/** One D1 query's cost, for benchmarks and logs. */
export interface QueryReport {
  query: 'statistics' | 'candidates' | 'article';
  /**
   * D1's `meta.rows_read`, what D1 bills. FTS5 sorts by rank inside the virtual table, so a MATCH
   * counts only the rows it hands over, not the postings it read: see `postings` and `durationMs`.
   */
  rowsRead: number;
  /** D1's `meta.duration`: milliseconds the query ran in the database. */
  durationMs: number;
  /** For 'candidates': the postings the MATCH reads (document frequencies of the matched terms, summed). */
  postings?: number;
  /** Milliseconds spent in the Worker on this query's rows (building statistics, scoring): CPU, no I/O. */
  computeMs: number;
}

export interface D1LexicalOptions {
  /** Passages FTS5 hands over for scoring (FTS5's own bm25() order). Default 100. */
  candidates?: number;
  /**
   * Postings the MATCH may read: terms are taken rarest first while their document frequencies
   * add up to at most this (the rarest always). Default 20,000 (measured in bench/workers-lexical.ts).
   */
  matchPostings?: number;
  /** BM25 term-frequency saturation; the Node index's default 1.2. */
  k1?: number;
  /** BM25 length normalization; the Node index's default 0.75. */
  b?: number;
  /** Called after every D1 query. */
  onQuery?: (report: QueryReport) => void;
}

const DEFAULTS = { candidates: 100, matchPostings: 20_000, k1: 1.2, b: 0.75 };

/**
 * The MATCH budget a deployment set (HOIDAP_MATCH_POSTINGS): a large archive raises it to keep
 * the ranking identical to Node's (bench/RESULTS.md). A value that is not a positive whole
 * number is reported and the default kept: a typo must not take questions down.
 */
export function matchBudget(raw: string | undefined, warn: (line: string) => void): D1LexicalOptions {
  const value = raw?.trim();
  if (!value) return {};
  const postings = Number(value);
  if (Number.isInteger(postings) && postings > 0) return { matchPostings: postings };
  warn(`HOIDAP_MATCH_POSTINGS="${value}" is not a positive whole number: using ${DEFAULTS.matchPostings}. Fix it in wrangler.toml [vars].`);
  return {};
}

/** Term statistics from D1: the terms asked for, the live passage count and their average length. */
export class D1TermStatistics implements TermStatistics {
  constructor(
    private readonly frequencies: ReadonlyMap<string, number>,
    /** Live passages. */
    readonly passages: number,
    /** Their average length in syllables (1 when empty, as in Node). */
    readonly avgLength: number,
  ) {}

  docFrequency(term: string): number {
    return this.frequencies.get(term) ?? 0;
  }

  /** BM25's non-negative idf, the Node index's formula. */
  idf(term: string): number {
    const df = this.docFrequency(term);
    return Math.log(1 + (this.passages - df + 0.5) / (df + 0.5));
  }
}

interface Fetched extends Omit<QueryReport, 'query' | 'computeMs'> {
  rows: Candidate[];
}

export class D1Lexical implements LexicalSource {
  private readonly options: Required<Omit<D1LexicalOptions, 'onQuery'>> & Pick<D1LexicalOptions, 'onQuery'>;

  constructor(
    private readonly db: D1Database,
    options: D1LexicalOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /**
   * One query: the terms' document frequencies (fts5vocab, looked up term by term: the vocabulary
   * is the outer loop's partner, never scanned) and the corpus statistics row.
   */
  async statistics(terms: readonly string[]): Promise<D1TermStatistics> {
    const unique = [...new Set(terms)];
    const { results, meta } = await this.db
      .prepare(
        `SELECT v.term AS term, v.doc AS value, NULL AS total FROM json_each(?1) AS j JOIN passage_vocab AS v ON v.term = j.value
         UNION ALL SELECT NULL, passages, total_length FROM stats WHERE id = 1`,
      )
      .bind(JSON.stringify(unique.map(ftsToken)))
      .all<{ term: string | null; value: number; total: number | null }>();
    const started = performance.now();
    const byToken = new Map(unique.map((t) => [ftsToken(t), t]));
    const frequencies = new Map<string, number>();
    let passages = 0;
    let totalLength = 0;
    for (const row of results) {
      const term = row.term === null ? undefined : byToken.get(row.term);
      if (term !== undefined) frequencies.set(term, row.value);
      else if (row.term === null) [passages, totalLength] = [row.value, row.total ?? 0];
    }
    const statistics = new D1TermStatistics(frequencies, passages, passages > 0 ? totalLength / passages : 1);
    this.report({ query: 'statistics', rowsRead: meta.rows_read, durationMs: meta.duration }, started);
    return statistics;
  }

  async search(
    terms: readonly WeightedTerm[],
    k: number,
    options: { articleId?: string; statistics: TermStatistics },
  ): Promise<ScoredDoc[]> {
    const weighted = terms.filter((t) => t.weight > 0);
    if (weighted.length === 0 || k <= 0) return [];
    // Statistics from elsewhere lack the corpus size and average length: look the terms up here.
    const statistics =
      options.statistics instanceof D1TermStatistics ? options.statistics : await this.statistics(weighted.map((t) => t.term));
    const scoped = options.articleId !== undefined;
    const { rows, ...cost } = scoped ? await this.articlePassages(options.articleId!) : await this.candidates(weighted, statistics);
    const started = performance.now();
    const best = rankCandidates(rows, weighted, statistics, k, this.options);
    this.report({ query: scoped ? 'article' : 'candidates', ...cost }, started);
    return best;
  }

  /** The terms the MATCH uses: rarest first while their postings fit the budget, the rarest always. */
  matchTerms(terms: readonly WeightedTerm[], statistics: TermStatistics): string[] {
    const present = terms.filter((t) => t.weight > 0 && statistics.docFrequency(t.term) > 0);
    present.sort((a, b) => statistics.docFrequency(a.term) - statistics.docFrequency(b.term) || b.weight - a.weight);
    const chosen: string[] = [];
    let postings = 0;
    for (const { term } of present) {
      postings += statistics.docFrequency(term);
      if (chosen.length > 0 && postings > this.options.matchPostings) break;
      chosen.push(term);
    }
    return chosen;
  }

  /** FTS5's best passages for the rarer terms, with what scoring them needs. */
  private async candidates(terms: readonly WeightedTerm[], statistics: TermStatistics): Promise<Fetched> {
    const matched = this.matchTerms(terms, statistics);
    if (matched.length === 0) return { rows: [], rowsRead: 0, durationMs: 0, postings: 0 };
    const { results, meta } = await this.db
      .prepare(
        `SELECT p.id AS doc, p.length, p.tokens
         FROM (SELECT rowid AS id FROM passage_terms WHERE passage_terms MATCH ?1 ORDER BY rank LIMIT ?2) AS m
         JOIN passages p ON p.id = m.id`,
      )
      .bind(matchExpression(matched), this.options.candidates)
      .all<Candidate>();
    const postings = matched.reduce((sum, term) => sum + statistics.docFrequency(term), 0);
    return { rows: results, rowsRead: meta.rows_read, durationMs: meta.duration, postings };
  }

  /** Every passage of one article: few enough to score them all (none when it is not indexed). */
  private async articlePassages(articleId: string): Promise<Fetched> {
    const { results, meta } = await this.db
      .prepare('SELECT id AS doc, length, tokens FROM passages WHERE article_id = ?1')
      .bind(articleId)
      .all<Candidate>();
    return { rows: results, rowsRead: meta.rows_read, durationMs: meta.duration };
  }

  private report(cost: Omit<QueryReport, 'computeMs'>, started: number): void {
    this.options.onQuery?.({ ...cost, computeMs: performance.now() - started });
  }
}
