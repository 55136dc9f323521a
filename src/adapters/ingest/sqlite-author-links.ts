import { and, count, eq, isNull, sql } from 'drizzle-orm';
import type { Synchronous } from '../../core/awaitable.ts';
import type { Db } from '../store/open-database.ts';
import { authors, paperAuthors, papers as paperRows } from '../store/schema.ts';
import { createSqlitePaperAuthorIds } from '../store/sqlite-paper-author-ids.ts';
import type { AuthorLinkStore } from './ingest-ports.ts';

/** What the author linker reads and writes, in SQLite. */
export function createSqliteAuthorLinks(db: Db): Synchronous<AuthorLinkStore> {
  const paperAuthorIds = createSqlitePaperAuthorIds(db);
  // Prepared once: asked for each of up to 1,000 papers of the author.
  const authorAtQuery = db
    .select({ id: authors.id, name: authors.displayName, orcid: authors.orcid, openalexId: authors.openalexId, semanticScholarId: authors.semanticScholarId })
    .from(paperAuthors)
    .innerJoin(paperRows, eq(paperRows.seq, paperAuthors.paperSeq))
    .innerJoin(authors, eq(authors.id, paperAuthors.authorId))
    .where(and(eq(paperRows.id, sql.placeholder('paper')), eq(paperAuthors.position, sql.placeholder('position'))))
    .prepare();
  return {
    authorAt: (paperId, position) => authorAtQuery.get({ paper: paperId, position }),
    setIdWhereUnset: (column, value, authorId) =>
      db
        .update(authors)
        .set({ [column]: value })
        .where(and(eq(authors.id, authorId), isNull(authors[column])))
        .run().changes === 1,
    carriers: (column, value) => db.select({ n: count() }).from(authors).where(eq(authors[column], value)).get()!.n,
    // One transaction: an author's page names hundreds of ids, each its own commit otherwise.
    recordPaperAuthorIds: (ids) => db.transaction(() => paperAuthorIds.record(ids)),
    paperCount: (externalId) => paperAuthorIds.paperCount(externalId),
  };
}
