-- The Workers index (src/workers/d1-*.ts): articles, their passages, the passages' terms in an FTS5
-- index, the corpus statistics BM25 needs, and readers' feedback.

-- One row per indexed article. first_doc is the doc number of its first passage: doc numbers only
-- grow, so ordering by it lists articles in the order they were (last) written, as Node's store does.
CREATE TABLE articles (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  url TEXT NOT NULL,
  published_at TEXT NOT NULL,
  category TEXT,
  hash TEXT,
  indexed_at TEXT,
  -- JSON array of strings, or NULL.
  suggestions TEXT,
  first_doc INTEGER NOT NULL,
  chunk_count INTEGER NOT NULL
);
CREATE INDEX articles_first_doc ON articles (first_doc);

-- One row per passage (chunk); id is the doc number shared with the FTS5 rowid and the Vectorize
-- id. AUTOINCREMENT: a number is never reused, so a late vector deletion cannot hit a new passage.
-- tokens: the syllables the passage is indexed by (article title in front, lower-cased, normalized),
-- space-separated: a search counts its terms' frequencies in the candidates from these, without
-- tokenizing their text again. length: their count, BM25's document length.
CREATE TABLE passages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  article_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  tokens TEXT NOT NULL,
  start INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  length INTEGER NOT NULL
);
CREATE UNIQUE INDEX passages_article ON passages (article_id, position);

-- The terms of each passage (src/index/terms.ts passageTerms), tokenized by the Worker and stored
-- space-separated, one FTS5 token per term: "a b" → "a_b", folded "~a" and "~a b" → "~a", "~a_b"
-- (src/workers/fts-terms.ts). unicode61 keeps accents (remove_diacritics 0: "hoà" and "hòa" differ
-- as in Node), keeps '_' and '~' inside tokens, and counts combining marks as letters (M*), as the
-- project's syllable pattern does. Contentless (the text lives in passages), detail=full so bm25()
-- scores, contentless_delete so a passage is removed by rowid alone.
CREATE VIRTUAL TABLE passage_terms USING fts5 (
  terms,
  content = '',
  contentless_delete = 1,
  detail = full,
  tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*' tokenchars '_~'"
);

-- Document frequency per term ('row': one row per term, doc = passages holding it).
CREATE VIRTUAL TABLE passage_vocab USING fts5vocab (passage_terms, 'row');

-- One row: live passages and their total length, for idf and BM25's average length.
CREATE TABLE stats (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  passages INTEGER NOT NULL,
  total_length INTEGER NOT NULL
);
INSERT INTO stats (id, passages, total_length) VALUES (1, 0, 0);

-- Readers' feedback (src/server/feedback.ts FeedbackRecord): the fields an editor filters on as
-- columns, the whole record as JSON.
CREATE TABLE feedback (
  id TEXT PRIMARY KEY,
  at TEXT NOT NULL,
  rating TEXT NOT NULL,
  article_id TEXT,
  question TEXT NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX feedback_at ON feedback (at);
CREATE INDEX feedback_article ON feedback (article_id);
