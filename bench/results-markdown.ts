/** bench/RESULTS.md: the full run's table, with what each row measures. */
import { MIN_STRICT_RESULTS, RERANK_POOL } from '../src/core/search/paper-search.ts';
import type { BenchPlan } from './bench-plan.ts';
import { formatCount, renderMarkdownHeader, renderMarkdownTable, type BenchRow, type ReportHeader } from './bench-report.ts';
import { engineComparisonMarkdown, type EngineComparisonRow } from './pg-section.ts';

/** One line on how many runs each figure is the median of. */
export function runsNote(plan: BenchPlan): string {
  return (
    `Each figure is a median: search over ${plan.searchPasses} passes of the 200 queries in bench/queries.txt (after a warm-up pass), ` +
    `import of ${plan.importRuns} runs${plan.largePapers ? ` (${plan.largeImportRuns} at ${formatCount(plan.largePapers)})` : ''}, cold start of ${plan.coldStartRuns}, ` +
    `digest of up to ${plan.digest.maxRuns} (within ${plan.digest.budgetSeconds} s), Slack of ${plan.slack.runs} runs; ` +
    `PostgreSQL: import of ${plan.postgres.importRuns} run${plan.postgres.importRuns === 1 ? '' : 's'}, search over ${plan.postgres.searchPasses} pass${plan.postgres.searchPasses === 1 ? '' : 'es'}, digest of up to ${plan.postgres.digest.maxRuns}.`
  );
}

/** Both engines side by side (issue 21), or nothing when PostgreSQL was not measured. */
function enginesSection(engines: EngineComparisonRow[]): string[] {
  if (engines.length === 0) return [];
  return [
    '## SQLite and PostgreSQL',
    '',
    'The same measurements on both engines (the PostgreSQL rows above, from `bench/pg-worker.ts` in a scratch schema of the',
    'database `PAPERBOY_BENCH_DATABASE_URL` names, on this machine beside the benchmark):',
    '',
    engineComparisonMarkdown(engines),
    '',
  ];
}

/** The Markdown of bench/RESULTS.md. */
export function resultsMarkdown(header: ReportHeader, rows: BenchRow[], engines: EngineComparisonRow[] = []): string {
  const misses = rows.filter((r) => r.result === 'MISS');
  return [
    '# paperboy benchmark results',
    '',
    `The full run of \`${header.command}\` (code in \`bench/\`, targets from issue 7). Reproduce it with that command;`,
    '`npm run bench -- --quick` is the short version CI runs.',
    '',
    renderMarkdownHeader(header),
    '',
    renderMarkdownTable(rows),
    '',
    `${misses.length === 0 ? 'Every target is met.' : `Targets missed: ${misses.length}.`}`,
    '',
    ...enginesSection(engines),
    '## What each row measures',
    '',
    `- **search**: \`app.run("/papers search <query>")\` then \`renderReplyText\` on the neutral reply, per query: parsing, FTS5 query`,
    `  (all words, relaxed to any word when fewer than ${MIN_STRICT_RESULTS} papers match), re-ranking ${RERANK_POOL} candidates with the recency and`,
    '  popularity priors, the reply cards with snippets, and the text rendering. The 200 queries (`bench/queries.txt`,',
    '  written once by `bench/generate-queries.ts` from the real corpus) are 1–4 word title phrases, field abbreviations,',
    '  hyphenated and quoted terms, and a few with `cat:`, `since:`, `author:`, `sort:` and `-exclusions`.',
    '- **raw FTS5**: `SELECT rowid FROM papers_fts WHERE papers_fts MATCH ? ORDER BY rank LIMIT 10` on the same database, the',
    '  query reduced to its plain words (filters dropped, field values kept as words), joined with AND, and with OR.',
    '  The ratio target compares with AND, which is what paperboy runs first.',
    '- **1,000,000 papers**: the 78,736 real papers plus 921,264 synthetic ones from `bench/generate-corpus.ts`: each',
    "  synthetic paper takes a real paper's lengths, categories and author count, and real sentences from that paper",
    '  and two others on the same topic (abstracts sharing a distinctive word of its title), so vocabulary, phrases and',
    '  posting-list sizes stay close to the real ones (on the multi-word queries, synthetic papers match 1.25 times as',
    '  often as real ones, median); authors are drawn from every real author occurrence; new-style ids 1501.00001–2502.xxxxx.',
    '- **import**: `node bin/paperboy.js import FILE` into a fresh database; papers per second over the whole process',
    '  (start-up and migrations included) and its peak resident set size (GNU time\'s maximum RSS). Every paperboy process',
    '  the benchmark starts gets the environment of `bin/paperboy.js`\'s `#!` line (`MALLOC_ARENA_MAX=1`), as with `npx paperboy`.',
    '- **serving**: resident set size of the search benchmark\'s process (the app with its database open) after every pass.',
    '- **cold start**: `node bin/paperboy.js search "graph neural networks" --json` against the 1M database, from spawn to the',
    '  first byte of the answer (process start, TypeScript loading, config, opening and migrating the store, one search).',
    '  The OS page cache is warm (the database was just used).',
    '- **digest**: 2,000 channels with 5 subscriptions each (70% topics from the benchmark queries, 20% follows of',
    '  authors of stored papers, 10% categories), made after the 78,736 real papers were stored; then 5,000 new papers',
    '  (synthetic, one listing day); the time of `selectDigest` for every active channel.',
    '- **Slack endpoint**: `bench/slack-endpoint-bench.ts`: signed slash commands at a fixed rate to real Bolt over',
    '  loopback, paperboy in its own process; ack time and commands answered through the response_url.',
    '- **PostgreSQL** (issue 21; no targets of its own): the import is `node bin/paperboy.js import FILE` with `DATABASE_URL`',
    '  naming a fresh scratch schema (as its search_path), process start to exit and peak RSS, as for SQLite: the store is',
    '  opened, migrated and seeded, then each batch of 1,000 papers is one transaction, the GIN index kept current. The',
    '  search is the same `app.run("/papers search <query>")` and rendering over the same 200 queries, on the app',
    '  opened with `DATABASE_URL`, after `ANALYZE` (which autovacuum runs within a minute of a load). The digest is',
    '  the same day (same seeded draws: the same subscriptions over the same back catalogue, the same new papers) with the',
    '  PostgreSQL SubscriptionStore, AuthorDirectory and PaperRepository.',
    '- **minisearch**: an in-memory index (exact words, all required) over the last 100,000 papers of the 1M corpus,',
    '  the same queries as plain words; a reference for why full-text search lives in SQLite FTS5.',
    '',
  ].join('\n');
}
