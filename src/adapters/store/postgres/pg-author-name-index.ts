/**
 * AuthorNameIndex on PostgreSQL (issue 21), answering as sqlite-author-name-index.ts does: display
 * names of the author rows whose name key starts with the prefix, in name-key order.
 *
 * SQLite compares the keys with its BINARY collation (by code point), so here the range and the
 * order are COLLATE "C" (byte order, which for UTF-8 is code point order:
 * https://www.postgresql.org/docs/15/collation.html), whatever the database's own collation: under
 * a locale collation `key < prefix || U+FFFF` would not bound the keys that start with the prefix,
 * nor would the order be SQLite's.
 *
 * The range is served by the index on `name_key COLLATE "C"` (authors_name_key_c_idx), whatever
 * the database's collation: the unique name-key index has that collation, and under any other than
 * "C" PostgreSQL would read the whole authors table for each keystroke.
 */
import { sql } from 'drizzle-orm';
import type { AuthorNameIndex } from '../../../core/subscriptions/author-name-index.ts';
import type { PgDb } from './open-pg-store.ts';
import { authors } from './pg-schema.ts';

/** Sorts after every character an author name key holds (letters, digits, spaces), as in SQLite. */
const AFTER_ANY_CHARACTER = '\uffff';

const binaryKey = sql`${authors.nameKey} collate "C"`;

export function createPgAuthorNameIndex(db: PgDb): AuthorNameIndex {
  return {
    async namesStartingWith(keyPrefix, limit) {
      if (keyPrefix === '' || limit <= 0) return [];
      const rows = await db
        .select({ name: authors.displayName })
        .from(authors)
        .where(sql`${binaryKey} >= ${keyPrefix} and ${binaryKey} < ${keyPrefix + AFTER_ANY_CHARACTER}`)
        .orderBy(binaryKey)
        .limit(limit);
      return rows.map((row) => row.name);
    },
  };
}
