/**
 * Full-text search of papers on PostgreSQL: the one hand-written SQL beside drizzle-kit's
 * migrations (issue 21). A TypeScript module rather than a .sql file read at run time: `tsc` copies
 * no .sql into dist/, so the built app could not find one. It is written for the schema on the
 * connection's search_path, so a test or a benchmark can run it in a scratch schema of its own.
 *
 * drizzle owns the papers table (pg-schema.ts, drizzle-pg/): this adds what the search needs to it
 * and the objects around it, and runs after the migrations (open-pg-store.ts), under the
 * migration advisory lock, as one implicit transaction (a simple-protocol query of several
 * statements). Every start of every replica runs it, also while `paperboy import` writes papers,
 * so it only looks at the catalogs when everything is there: it takes no lock on papers then.
 * ALTER TABLE (ADD COLUMN IF NOT EXISTS too), CREATE/DROP TRIGGER and CREATE INDEX IF NOT EXISTS
 * lock papers before they find nothing to do (ACCESS EXCLUSIVE, SHARE ROW EXCLUSIVE, SHARE:
 * https://www.postgresql.org/docs/15/explicit-locking.html#LOCKING-TABLES), so each would queue
 * behind the import's open transaction, and every search behind it (the first two). Each is
 * therefore run only when the catalogs say it is missing, inside DO blocks.
 *
 * Design, and why (measured against SQLite FTS5 in bench/relevance/pg-relevance.ts):
 * - One weighted tsvector per paper with a GIN index matches the words, as FTS5's index does.
 *   Weights label where a word was (https://www.postgresql.org/docs/15/textsearch-controls.html,
 *   setweight): A title and title aliases, B category codes, C authors, D abstract and abstract
 *   aliases. A label lets a tsquery restrict an operand to one part ('hao':C <-> 'ding':C is
 *   author:"Hao Ding"; 'catcs':*B is cat:cs), as FTS5's column filters do.
 * - Ranking is NOT ts_rank / ts_rank_cd: the manual says they use no global information (no
 *   document frequencies), while SQLite's ranking is bm25 with an IDF per phrase, which decides
 *   long any-word queries (every SciFact claim). So the store keeps what bm25 needs: each paper's
 *   weighted term frequencies (search_terms, lexeme -> frequency times its column weight, as FTS5's
 *   bm25() weighs a column), its length in tokens (search_length), and per-lexeme document
 *   counts with corpus totals (paper_search_stats, paper_search_totals) kept by statement-level
 *   triggers. pg-paper-search.ts computes FTS5's bm25 formula from them in SQL.
 * - The text is tokenized by the application (core/search/tokenize.ts, the tokens FTS5's
 *   unicode61 tokenizer makes: letters and digits, lowercased, accents folded) before to_tsvector,
 *   so PostgreSQL's parser sees only plain words (no hyphenated compounds, URLs or versions as
 *   tokens) and both stores split text the same way.
 * - The configuration stems with the original Porter algorithm and keeps stopwords, as FTS5's
 *   porter tokenizer does: a dictionary on the snowball template with Language = porter and no
 *   StopWords file (https://www.postgresql.org/docs/15/textsearch-dictionaries.html
 *   #TEXTSEARCH-SNOWBALL-DICTIONARY). Not Snowball's english (Porter2): it stems differently
 *   where CS queries notice ("generative" -> generat, where FTS5 and porter give gener, as for
 *   "general"); with it, 26 of the 200 chat queries had another first result than SQLite.
 */
export const SEARCH_DDL = `
-- The dictionary is made once; where an older schema made it with another stemmer or a stopword
-- list, it is set to porter without stopwords (options left out of ALTER keep their value, and a
-- bare option name removes it: https://www.postgresql.org/docs/15/sql-altertsdictionary.html).
-- Only when it differs: an ALTER rewrites the catalog row every session's cache then reloads.
-- Papers stored before such a change keep their old lexemes until they are written again.
DO $$
DECLARE
  options text;
BEGIN
  SELECT dictinitoption INTO options FROM pg_ts_dict
    WHERE dictname = 'paperboy_english_stem' AND dictnamespace = current_schema()::regnamespace;
  IF NOT FOUND THEN
    CREATE TEXT SEARCH DICTIONARY paperboy_english_stem (TEMPLATE = snowball, Language = porter);
  ELSIF options IS DISTINCT FROM 'language = ''porter''' THEN
    ALTER TEXT SEARCH DICTIONARY paperboy_english_stem (Language = porter, StopWords);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'paperboy_english' AND cfgnamespace = current_schema()::regnamespace) THEN
    CREATE TEXT SEARCH CONFIGURATION paperboy_english (COPY = pg_catalog.english);
    ALTER TEXT SEARCH CONFIGURATION paperboy_english
      ALTER MAPPING FOR asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart
      WITH paperboy_english_stem;
  END IF;
END
$$;

-- What the search reads, added to drizzle's papers table; written by the upsert from its other
-- columns (pg-paper-rows.ts). lz4, not the default pglz: a search decompresses search_terms of up
-- to 10,000 papers (the rank window), and lz4 did that 3.5x faster here (10,000 papers' terms:
-- 70 -> 19 ms) (https://www.postgresql.org/docs/15/storage-toast.html, default_toast_compression).
-- NOT NULL with no default: added when the migrations have just made papers, empty. Papers stored
-- without these columns cannot be filled in here (the application tokenizes the text), so that
-- case stops with a message instead of ALTER's bare not-null violation.
DO $$
DECLARE
  papers_table regclass := to_regclass(format('%I.papers', current_schema()));
  missing text[];
BEGIN
  IF papers_table IS NULL THEN
    RAISE EXCEPTION 'No papers table in schema %: the drizzle-pg migrations make it, before the search DDL', current_schema();
  END IF;
  SELECT array_agg(wanted.name) INTO missing
    FROM unnest(ARRAY['search_vector', 'search_terms', 'search_length']) AS wanted(name)
    WHERE NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = papers_table AND a.attname = wanted.name AND NOT a.attisdropped);
  IF missing IS NOT NULL AND EXISTS (SELECT 1 FROM papers) THEN
    RAISE EXCEPTION 'papers has rows but no % column: they were stored without the search; import them again into an empty papers table', array_to_string(missing, ', ');
  END IF;
  IF 'search_vector' = ANY (missing) THEN
    ALTER TABLE papers ADD COLUMN search_vector tsvector COMPRESSION lz4 NOT NULL;
  END IF;
  IF 'search_terms' = ANY (missing) THEN
    ALTER TABLE papers ADD COLUMN search_terms jsonb COMPRESSION lz4 NOT NULL;
  END IF;
  IF 'search_length' = ANY (missing) THEN
    ALTER TABLE papers ADD COLUMN search_length integer NOT NULL;
  END IF;
  -- Columns an older schema added with the default compression: values written from now on are
  -- lz4 (existing ones stay as they were stored until rewritten).
  IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = papers_table AND attname = 'search_vector' AND attcompression <> 'l') THEN
    ALTER TABLE papers ALTER COLUMN search_vector SET COMPRESSION lz4;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = papers_table AND attname = 'search_terms' AND attcompression <> 'l') THEN
    ALTER TABLE papers ALTER COLUMN search_terms SET COMPRESSION lz4;
  END IF;
  IF to_regclass(format('%I.papers_search_idx', current_schema())) IS NULL THEN
    CREATE INDEX papers_search_idx ON papers USING gin (search_vector);
  END IF;
END
$$;

-- bm25's inputs that span the corpus: how many papers hold each lexeme, and the paper and token
-- totals (average length). FTS5 keeps the same counts inside its index. (CREATE TABLE IF NOT
-- EXISTS locks no existing table.)
CREATE TABLE IF NOT EXISTS paper_search_stats (
  lexeme text PRIMARY KEY,
  papers integer NOT NULL
);
CREATE TABLE IF NOT EXISTS paper_search_totals (
  id integer PRIMARY KEY CHECK (id = 1),
  papers bigint NOT NULL,
  tokens bigint NOT NULL
);
-- The totals row once. Not a bare INSERT ... ON CONFLICT DO NOTHING: that waits for an import
-- whose trigger has updated the row and not yet committed; the SELECT reads without waiting.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM paper_search_totals WHERE id = 1) THEN
    INSERT INTO paper_search_totals (id, papers, tokens) VALUES (1, 0, 0) ON CONFLICT (id) DO NOTHING;
  END IF;
END
$$;

-- The tsvector of a paper from its application-tokenized parts (pg-paper-rows.ts). Functions are
-- replaced on every start, so a changed definition takes effect: that locks no table.
CREATE OR REPLACE FUNCTION paperboy_search_vector(title text, title_aliases text, category_codes text, authors text, abstract text, abstract_aliases text)
RETURNS tsvector LANGUAGE sql STABLE AS $$
  SELECT setweight(to_tsvector('paperboy_english', title || ' ' || title_aliases), 'A')
      -- Category codes are identifiers, not words: 'simple' only lowercases them.
      || setweight(to_tsvector('simple', category_codes), 'B')
      || setweight(to_tsvector('paperboy_english', authors), 'C')
      || setweight(to_tsvector('paperboy_english', abstract || ' ' || abstract_aliases), 'D')
$$;

-- Each lexeme's frequency in the paper, each occurrence counted at its part's weight
-- (column_weights: A, B, C, D as bm25's column weights), the quantity FTS5's bm25() saturates.
CREATE OR REPLACE FUNCTION paperboy_search_terms(vector tsvector, column_weights float8[])
RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(jsonb_object_agg(t.lexeme, (
           SELECT sum(CASE w WHEN 'A' THEN column_weights[1] WHEN 'B' THEN column_weights[2] WHEN 'C' THEN column_weights[3] ELSE column_weights[4] END)
           FROM unnest(t.weights) AS w)), '{}'::jsonb)
  FROM unnest(vector) AS t
$$;

-- Keeps paper_search_stats and paper_search_totals current. Statement-level with transition
-- tables (https://www.postgresql.org/docs/15/sql-createtrigger.html): a batch of 500 papers is
-- one grouped upsert of its lexemes, not 500 x 150 row updates. Lexemes are written in order so
-- that two concurrent batches lock shared rows in the same order.
CREATE OR REPLACE FUNCTION paperboy_search_stats_after() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO paper_search_stats AS s (lexeme, papers)
      SELECT l.lexeme, count(*) FROM new_rows r CROSS JOIN LATERAL unnest(tsvector_to_array(r.search_vector)) AS l(lexeme)
      GROUP BY l.lexeme ORDER BY l.lexeme
    ON CONFLICT (lexeme) DO UPDATE SET papers = s.papers + excluded.papers;
    UPDATE paper_search_totals SET papers = papers + (SELECT count(*) FROM new_rows),
      tokens = tokens + (SELECT coalesce(sum(search_length), 0) FROM new_rows) WHERE id = 1;
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE paper_search_stats AS s SET papers = s.papers - d.n
      FROM (SELECT l.lexeme, count(*) AS n FROM old_rows r CROSS JOIN LATERAL unnest(tsvector_to_array(r.search_vector)) AS l(lexeme)
            GROUP BY l.lexeme ORDER BY l.lexeme) AS d
      WHERE s.lexeme = d.lexeme;
    UPDATE paper_search_totals SET papers = papers - (SELECT count(*) FROM old_rows),
      tokens = tokens - (SELECT coalesce(sum(search_length), 0) FROM old_rows) WHERE id = 1;
  END IF;
  RETURN NULL;
END
$$;

-- The triggers, each made once (pg_trigger): CREATE TRIGGER and DROP TRIGGER lock papers in SHARE
-- ROW EXCLUSIVE mode, which waits for an import's open transaction. They call the function by
-- its oid, which CREATE OR REPLACE keeps, so a replaced function needs no new trigger.
DO $$
DECLARE
  papers_table regclass := to_regclass(format('%I.papers', current_schema()));
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = papers_table AND tgname = 'papers_search_stats_insert') THEN
    CREATE TRIGGER papers_search_stats_insert AFTER INSERT ON papers
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION paperboy_search_stats_after();
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = papers_table AND tgname = 'papers_search_stats_update') THEN
    CREATE TRIGGER papers_search_stats_update AFTER UPDATE ON papers
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION paperboy_search_stats_after();
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = papers_table AND tgname = 'papers_search_stats_delete') THEN
    CREATE TRIGGER papers_search_stats_delete AFTER DELETE ON papers
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION paperboy_search_stats_after();
  END IF;
END
$$;

-- One phrase's share of SQLite FTS5's bm25() (https://www.sqlite.org/fts5.html#the_bm25_function,
-- k1 = 1.2, b = 0.75, as FTS5 fixes them): idf times the saturated weighted frequency f, with the
-- paper's length in tokens against the corpus average. Inlined by the planner (a plain SQL
-- expression), so the search pays no function call per phrase and paper.
CREATE OR REPLACE FUNCTION paperboy_bm25(f float8, idf float8, length integer, average_length float8)
RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN f > 0 THEN idf * (f * 2.2) / (f + 1.2 * (0.25 + 0.75 * length / average_length)) ELSE 0 END
$$;
`;
