import type Database from 'better-sqlite3';
import { arxivCategoryCode } from '../../core/paper.ts';

// `cat:cs.IR`, `category:"cs.IR"` or `cat:cs` inside a subscription query.
const CATEGORY_FILTER = /(?:^|[\s(])(?:cat|category):"?([a-z][a-z-]*(?:\.[a-z][a-z-]*)?)"?(?=$|[\s)])/gi;
const BARE_CATEGORY = /^\s*"?([a-z][a-z-]*(?:\.[a-z][a-z-]*)?)"?\s*$/i;

/**
 * arXiv's own spelling of a category: archives are lower case; two-letter subject classes are upper
 * case (`cs.IR`, `astro-ph.CO`), longer ones lower case (`physics.optics`, `cond-mat.mes-hall`).
 * '' for what is not an arXiv category (an unknown archive, an ACM class): nothing to ingest.
 */
export function normaliseCategory(category: string): string {
  return arxivCategoryCode(category) ?? '';
}

/** The arXiv categories subscription queries filter on (`cat:` fields, category subscriptions). */
export function categoriesInQueries(rows: ReadonlyArray<{ kind: string; query: string }>): string[] {
  const found: string[] = [];
  for (const { kind, query } of rows) {
    if (kind === 'author') continue;
    for (const match of query.matchAll(CATEGORY_FILTER)) found.push(match[1]!);
    const bare = kind === 'category' ? BARE_CATEGORY.exec(query) : null;
    if (bare) found.push(bare[1]!);
  }
  return found;
}

/**
 * The categories to ingest: INGEST_CATEGORIES, then every category a subscription filters on,
 * each once in arXiv's spelling.
 */
export function ingestCategories(sqlite: Database.Database, configured: readonly string[]): string[] {
  const rows = sqlite.prepare<[], { kind: string; query: string }>('SELECT kind, query FROM subscriptions ORDER BY id').all();
  return [...new Set([...configured, ...categoriesInQueries(rows)].map(normaliseCategory).filter((c) => c !== ''))];
}
