/**
 * LearningCorpus on PostgreSQL (issue 21): sqlite-learning-corpus.ts's queries over pg-schema.ts,
 * asynchronously.
 *
 * A sample is drawn by seq as in SQLite: random seqs up to the highest, read by primary key, so it
 * costs the same at 78,736 papers as at 1,000,000, and the same seed over the same store draws the
 * same papers (seeded-random.ts). SQLite's rowids are gapless (papers are never deleted); an
 * identity column here is not quite: a value drawn by an insert that rolled back or that ON CONFLICT
 * skipped is never given back (https://www.postgresql.org/docs/15/functions-sequence.html), and
 * pg-paper-repository.ts avoids most of those but not a race between replicas. A draw that lands in
 * a gap is made up for by drawing on from the same generator, so a sample still holds `size` papers
 * (when the store has that many) and is still a function of the seed and the store.
 * Not TABLESAMPLE … REPEATABLE (https://www.postgresql.org/docs/15/sql-select.html#SQL-FROM): SYSTEM
 * draws whole pages, papers stored together (one day's listing) rather than evenly, and BERNOULLI
 * reads every page of the table.
 */
import { and, desc, gt, lte, sql } from 'drizzle-orm';
import type { LearningCorpus } from '../../../core/learning/feedback-ports.ts';
import { seededRandom } from '../../../core/learning/seeded-random.ts';
import type { Paper } from '../../../core/paper.ts';
import { paperFromRow, type PaperRow } from '../paper-rows.ts';
import type { PgDb } from './open-pg-store.ts';
import { paperFromPgRow, PG_PAPER_COLUMNS } from './pg-paper-rows.ts';
import { pgPaperFields } from './pg-queries.ts';
import { papers } from './pg-schema.ts';

/**
 * Rounds of drawing more seqs for those that fell in gaps. Each round draws at least as many as are
 * missing, scaled up by the share that missed so far; with gaps a few percent of seqs, one round
 * nearly always completes the sample. Bounded so that a store of mostly gaps costs a bounded time.
 */
const TOP_UP_ROUNDS = 8;

export function createPgLearningCorpus(db: PgDb): LearningCorpus {
  // One array parameter however many seqs (drizzle's inArray binds one parameter per value, and a
  // statement takes at most 65,535).
  const readSeqs = async (seqs: number[]) =>
    (await db.$client.query<PaperRow>(`SELECT ${PG_PAPER_COLUMNS} FROM papers p WHERE p.seq = ANY($1::bigint[])`, [seqs])).rows;
  return {
    async samplePapers(size, seed) {
      // The paper count from the row search-ddl.ts's triggers keep (count(*) would read the whole
      // table), and the highest seq from the primary key's end.
      const { rows: bounds } = await db.$client.query<{ highest: number | null; papers: number | null }>(
        'SELECT (SELECT max(seq)::float8 FROM papers) AS highest, (SELECT papers::float8 FROM paper_search_totals WHERE id = 1) AS papers',
      );
      const highest = Number(bounds[0]?.highest ?? 0);
      const stored = Number(bounds[0]?.papers ?? 0);
      const wanted = Math.max(0, Math.min(Math.trunc(size), stored));
      if (wanted === 0) return [];
      let rows: PaperRow[];
      if (stored <= size) {
        // Every paper, as SQLite takes every seq up to the highest when there are no more than `size`.
        rows = (await db.$client.query<PaperRow>(`SELECT ${PG_PAPER_COLUMNS} FROM papers p`)).rows;
      } else {
        const random = seededRandom(seed);
        const drawn = new Set<number>();
        rows = [];
        let ask = wanted;
        for (let round = 0; round <= TOP_UP_ROUNDS && rows.length < wanted; round++) {
          const batch: number[] = [];
          // A store with more papers than `size` has more seqs than `ask`, so this ends.
          while (batch.length < ask && drawn.size < highest) {
            const seq = 1 + Math.floor(random() * highest);
            if (drawn.has(seq)) continue;
            drawn.add(seq);
            batch.push(seq);
          }
          if (batch.length === 0) break;
          const found = await readSeqs(batch);
          rows.push(...found);
          const missing = wanted - rows.length;
          const hitRate = Math.max(found.length / batch.length, 0.05);
          ask = Math.ceil(missing / hitRate);
        }
        // The last round may overshoot; keep the first `wanted` in draw order (found rows come back
        // in any order, so order them by the draw before cutting, for the same answer every time).
        if (rows.length > wanted) {
          const order = new Map([...drawn].map((seq, i) => [seq, i]));
          rows.sort((a, b) => order.get(Number(a.seq))! - order.get(Number(b.seq))!);
          rows = rows.slice(0, wanted);
        }
      }
      return rows.sort((a, b) => Number(a.seq) - Number(b.seq)).map(paperFromPgRow) satisfies Paper[];
    },
    async papersInRange(range, limit) {
      const rows = await db
        .select(pgPaperFields)
        .from(papers)
        .where(and(gt(papers.seq, range.after), lte(papers.seq, range.through)))
        .orderBy(desc(papers.seq))
        .limit(Math.max(0, Math.trunc(limit)));
      return rows.map(paperFromRow);
    },
    async seqBefore(since) {
      // Newest first by seq until the first paper seen before `since`, as in SQLite: about a week of
      // papers read. ISO times compared by code point (COLLATE "C", SQLite's BINARY).
      const [row] = await db
        .select({ seq: papers.seq })
        .from(papers)
        .where(sql`${papers.firstSeenAt} collate "C" < ${since}`)
        .orderBy(desc(papers.seq))
        .limit(1);
      return row?.seq ?? 0;
    },
  };
}
