import { arxivCategoryCode } from '../../core/paper.ts';
import type { Db } from '../store/open-database.ts';
import { subscriptions } from '../store/schema.ts';

// `cat:cs.IR`, `category:"cs.IR"` or `cat:cs` inside a subscription query.
const CATEGORY_FILTER = /(?:^|[\s(])(?:cat|category):"?([a-z][a-z-]*(?:\.[a-z][a-z-]*)?)"?(?=$|[\s)])/gi;
const BARE_CATEGORY = /^\s*"?([a-z][a-z-]*(?:\.[a-z][a-z-]*)?)"?\s*$/i;

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
 * The categories to ingest: INGEST_CATEGORIES, then every category a subscription filters on
 * (`rows`: the subscriptions in id order), each once in arXiv's spelling.
 */
export function ingestCategoriesOf(configured: readonly string[], rows: ReadonlyArray<{ kind: string; query: string }>): string[] {
  // arxivCategoryCode gives arXiv's own spelling, null for what is no arXiv category (an ACM class): nothing to ingest.
  return [...new Set([...configured, ...categoriesInQueries(rows)].map((category) => arxivCategoryCode(category)).filter((c): c is string => c !== null))];
}

/** ingestCategoriesOf over the SQLite store's subscriptions. */
export function sqliteIngestCategories(db: Db, configured: readonly string[]): string[] {
  return ingestCategoriesOf(configured, db.select({ kind: subscriptions.kind, query: subscriptions.query }).from(subscriptions).orderBy(subscriptions.id).all());
}
