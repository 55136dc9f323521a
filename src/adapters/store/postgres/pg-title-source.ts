/**
 * Paper titles for the did-you-mean vocabulary (core/search/spelling-vocabulary.ts) from
 * PostgreSQL (issue 21), as sqlite-title-source.ts reads them: newest first by seq, a page per
 * query, each query its own short statement, so no snapshot stays open across the pauses between
 * pages (an open one would hold back vacuum on the papers table while the vocabulary is built).
 */
import { desc, lt, max } from 'drizzle-orm';
import type { TitleSource } from '../../../core/search/spelling-vocabulary.ts';
import type { PgDb } from './open-pg-store.ts';
import { papers } from './pg-schema.ts';

export function createPgTitleSource(db: PgDb): TitleSource {
  return {
    async newestSeq() {
      const [row] = await db.select({ newest: max(papers.seq) }).from(papers);
      // max() of a bigint column comes back as text from node-postgres; seqs stay far below 2^53.
      return Number(row?.newest ?? 0);
    },
    async *titlePages(maxPapers, pageSize) {
      let before = Number.MAX_SAFE_INTEGER;
      for (let read = 0; read < maxPapers; ) {
        const rows = await db
          .select({ seq: papers.seq, title: papers.title })
          .from(papers)
          .where(lt(papers.seq, before))
          .orderBy(desc(papers.seq))
          .limit(Math.min(pageSize, maxPapers - read));
        if (rows.length === 0) return;
        read += rows.length;
        before = rows[rows.length - 1]!.seq;
        yield rows.map((r) => r.title);
      }
    },
  };
}
