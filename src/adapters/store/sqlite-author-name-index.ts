/**
 * AuthorNameIndex on the authors table. The prefix is a range on the unique name-key index
 * (`key >= prefix AND key < prefix + U+FFFF`), which SQLite answers from the index, where a
 * `LIKE 'prefix%'` would read every row (LIKE is case-insensitive, the index is not).
 */
import { and, asc, gte, lt, sql } from 'drizzle-orm';
import type { Synchronous } from '../../core/awaitable.ts';
import type { AuthorNameIndex } from '../../core/subscriptions/author-name-index.ts';
import type { Db } from './open-database.ts';
import { authors } from './schema.ts';

/** Sorts after every character an author name key holds (letters, digits, spaces). */
const AFTER_ANY_CHARACTER = '\uffff';

export function createSqliteAuthorNameIndex(db: Db): Synchronous<AuthorNameIndex> {
  const p = sql.placeholder;
  const byPrefix = db
    .select({ name: authors.displayName })
    .from(authors)
    .where(and(gte(authors.nameKey, p('from')), lt(authors.nameKey, p('to'))))
    .orderBy(asc(authors.nameKey))
    .limit(p('limit'))
    .prepare();
  return {
    namesStartingWith(keyPrefix, limit) {
      if (keyPrefix === '' || limit <= 0) return [];
      return byPrefix.all({ from: keyPrefix, to: keyPrefix + AFTER_ANY_CHARACTER, limit }).map((row) => row.name);
    },
  };
}
