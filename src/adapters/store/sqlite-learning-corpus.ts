import type { Synchronous } from '../../core/awaitable.ts';
import { and, desc, gt, lt, lte, max, sql } from 'drizzle-orm';
import type { LearningCorpus } from '../../core/learning/feedback-ports.ts';
import { seededRandom } from '../../core/learning/seeded-random.ts';
import type { Db } from './open-database.ts';
import { paperFields, paperFromRow } from './paper-rows.ts';
import { papers } from './schema.ts';

/**
 * The corpus a channel's model learns against. A sample is drawn by store sequence (the rowid):
 * `size` random seqs up to the highest, read by rowid, so it costs the same at 78,736 papers as
 * at 1,000,000 (papers are never deleted, so the seqs are nearly gapless).
 */
export function createSqliteLearningCorpus(db: Db): Synchronous<LearningCorpus> {
  const p = sql.placeholder;
  const bySeqs = db
    .select(paperFields)
    .from(papers)
    .where(sql`${papers.seq} IN (SELECT value FROM json_each(${p('seqs')}))`)
    .prepare();
  const inRange = db
    .select(paperFields)
    .from(papers)
    .where(and(gt(papers.seq, p('after')), lte(papers.seq, p('through'))))
    .orderBy(desc(papers.seq))
    .limit(p('limit'))
    .prepare();
  const lastSeenBefore = db.select({ seq: papers.seq }).from(papers).where(lt(papers.firstSeenAt, p('since'))).orderBy(desc(papers.seq)).limit(1).prepare();
  return {
    samplePapers(size, seed) {
      const highest = db.select({ seq: max(papers.seq) }).from(papers).get()?.seq ?? 0;
      const random = seededRandom(seed);
      const seqs = new Set<number>();
      if (highest <= size) for (let seq = 1; seq <= highest; seq++) seqs.add(seq);
      else while (seqs.size < size) seqs.add(1 + Math.floor(random() * highest));
      return bySeqs.all({ seqs: JSON.stringify([...seqs]) }).map(paperFromRow);
    },
    papersInRange: (range, limit) => inRange.all({ after: range.after, through: range.through, limit }).map(paperFromRow),
    // Newest first by rowid until the first paper seen before `since`: it reads about a week of
    // papers, where a search of the first-seen index for the lowest newer seq reads every older one.
    seqBefore: (since) => lastSeenBefore.get({ since })?.seq ?? 0,
  };
}
