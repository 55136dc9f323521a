import Database from 'better-sqlite3';
import { and, count, desc, eq, like, ne, or, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { alias } from 'drizzle-orm/sqlite-core';
import type { AuthorDirectory, AuthorProfile } from '../../core/subscriptions/subscription-ports.ts';
import type { Db } from './open-database.ts';
import * as schema from './schema.ts';
import { authors, paperAuthors, papers } from './schema.ts';

/** Evidence shown when a name is ambiguous: how many papers, the latest titles, frequent co-authors. */
const RECENT_TITLES = 2;
const CO_AUTHORS = 3;

/** Takes the store's drizzle handle; callers not yet moved to it (the ingest tests) pass the connection. */
export function createSqliteAuthorDirectory(store: Db | Database.Database): AuthorDirectory {
  const db = store instanceof Database ? drizzle(store, { schema }) : store;
  const p = sql.placeholder;
  // Prepared once: digest selection looks up the authors of every follow by an external id.
  const byKey = db.select().from(authors).where(eq(authors.nameKey, p('key'))).prepare();
  const byId = db.select().from(authors).where(eq(authors.id, p('id'))).prepare();
  const byExternal = db
    .select()
    .from(authors)
    .where(or(eq(authors.orcid, p('external')), eq(authors.openalexId, p('external')), eq(authors.semanticScholarId, p('external'))))
    .prepare();
  const paperCount = db.select({ n: count() }).from(paperAuthors).where(eq(paperAuthors.authorId, p('author'))).prepare();
  const recentTitles = db
    .select({ title: papers.title })
    .from(paperAuthors)
    .innerJoin(papers, eq(papers.seq, paperAuthors.paperSeq))
    .where(eq(paperAuthors.authorId, p('author')))
    // SQLite sorts NULL first ascending, so last descending: papers without a date come last.
    .orderBy(desc(papers.published), desc(papers.seq))
    .limit(RECENT_TITLES)
    .prepare();
  const mine = alias(paperAuthors, 'mine');
  const other = alias(paperAuthors, 'other');
  const coAuthors = db
    .select({ name: authors.displayName })
    .from(mine)
    .innerJoin(other, eq(other.paperSeq, mine.paperSeq))
    .innerJoin(authors, eq(authors.id, other.authorId))
    .where(and(eq(mine.authorId, p('author')), ne(other.authorId, p('author'))))
    .groupBy(authors.id)
    .orderBy(desc(count()), authors.displayName)
    .limit(CO_AUTHORS)
    .prepare();

  function profileOf(row: typeof authors.$inferSelect): AuthorProfile {
    return {
      id: row.id,
      name: row.displayName,
      paperCount: paperCount.get({ author: row.id })!.n,
      recentTitles: recentTitles.all({ author: row.id }).map((r) => r.title),
      coAuthors: coAuthors.all({ author: row.id }).map((r) => r.name),
      affiliation: row.affiliation,
      orcid: row.orcid,
      openalexId: row.openalexId,
      semanticScholarId: row.semanticScholarId,
    };
  }

  return {
    exact: (nameKey) => byKey.all({ key: nameKey }).map(profileOf),
    candidates(tokens, limit) {
      // Narrow by any name token at the start of the name or of one of its words; the caller ranks them fuzzily.
      const usable = tokens.filter((t) => t.length >= 2);
      if (usable.length === 0) return [];
      // Three-letter prefixes keep typos in the rest of a name ("Deoraz") among the candidates.
      const prefixes = usable.map((t) => t.slice(0, 3));
      return db
        .select({ id: authors.id, name: authors.displayName })
        .from(authors)
        .where(or(...prefixes.flatMap((prefix) => [like(authors.nameKey, `${prefix}%`), like(authors.nameKey, `% ${prefix}%`)])))
        .limit(limit)
        .all();
    },
    profile(id) {
      const row = byId.get({ id });
      return row ? profileOf(row) : null;
    },
    byExternalId(externalId) {
      return byExternal.all({ external: externalId }).map(profileOf);
    },
  };
}
