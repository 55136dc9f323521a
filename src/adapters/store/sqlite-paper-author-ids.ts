import { count, eq, sql } from 'drizzle-orm';
import type { PaperAuthorId } from '../../core/paper-source.ts';
import type { Db } from './open-database.ts';
import { paperAuthorIds, papers } from './schema.ts';

/** The author ids sources give on papers (`paper_author_ids`). */
export interface PaperAuthorIds {
  /** Keeps the ids of papers the store holds; returns how many were new. */
  record(ids: readonly PaperAuthorId[]): number;
  /** How many stored papers a source names this id an author of. */
  paperCount(externalId: string): number;
}

/**
 * Per-paper author ids in SQLite. Only papers the store holds get them: a source names ids on
 * papers paperboy does not keep (no arXiv id, or old ones a refresh skips), and those are dropped
 * here rather than by every caller.
 */
export function createSqlitePaperAuthorIds(db: Db): PaperAuthorIds {
  // Prepared once: an author's page names every co-author's ids, hundreds per page.
  const insert = db
    .insert(paperAuthorIds)
    .select(
      db
        .select({ externalId: sql<string>`${sql.placeholder('external')}`.as('external_id'), paperSeq: papers.seq })
        .from(papers)
        .where(eq(papers.id, sql.placeholder('paper'))),
    )
    .onConflictDoNothing()
    .prepare();
  const papersOf = db.select({ n: count() }).from(paperAuthorIds).where(eq(paperAuthorIds.externalId, sql.placeholder('external'))).prepare();
  return {
    record(ids) {
      let added = 0;
      for (const { paperId, externalId } of ids) added += insert.run({ paper: paperId, external: externalId }).changes;
      return added;
    },
    paperCount: (externalId) => papersOf.get({ external: externalId })!.n,
  };
}
