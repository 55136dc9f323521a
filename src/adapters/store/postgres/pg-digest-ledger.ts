/**
 * The digest ledger and channel leases in PostgreSQL (issue 21): the DigestLedger port as
 * sqlite-digest-ledger.ts implements it (see core/digest/digest-ledger.ts), for several replicas
 * delivering from one database. SQLite has one writer at a time (BEGIN IMMEDIATE); here every race
 * between replicas is decided by the database, by row locks and unique indexes, never by timing:
 *
 * - A lease is one conditional UPDATE of the channel row ("free, ours, or expired"). Two replicas
 *   taking it at once: the second waits for the first's row lock, and under Read Committed then
 *   re-evaluates its WHERE against the row the first committed, which now names another live holder,
 *   so it updates nothing (https://www.postgresql.org/docs/15/transaction-iso.html#XACT-READ-COMMITTED).
 * - A write that leads to a post checks the lease with that UPDATE inside its transaction, and the
 *   UPDATE's row lock holds the channel until commit: no other replica takes the lease between the
 *   check and the write.
 * - A digest's state changes lock its row first (SELECT … FOR UPDATE,
 *   https://www.postgresql.org/docs/15/explicit-locking.html#LOCKING-ROWS), so a status is read and
 *   changed with nobody changing it in between, and every transaction takes its locks in one order,
 *   digest, then channel, then the digest's messages and deliveries (no lock cycle between them).
 * - One digest per channel, slot and kind, and one delivery per channel and paper, are unique
 *   indexes; the deliveries are inserted ON CONFLICT DO NOTHING, so a paper another digest picked
 *   first (even one committing at this moment) stays with it
 *   (https://www.postgresql.org/docs/15/sql-insert.html#SQL-ON-CONFLICT).
 *
 * ISO times compare as text, as in SQLite; COLLATE "C" makes that byte order whatever the
 * database's collation (a linguistic one may ignore the punctuation of "2026-11-20T09:00:00.000Z").
 */
import { and, asc, count, eq, inArray, isNull, max, ne, or, sql } from 'drizzle-orm';
import type { DigestLedger, DigestRecord, DigestStatus, LeaseHolder, NewDigest } from '../../../core/digest/digest-ledger.ts';
import { digestFromRows } from '../row-mappers.ts';
import type { PgDb } from './open-pg-store.ts';
import type { PgQueries } from './pg-queries.ts';
import { channels, deliveries, digestMessages, digests, papers } from './pg-schema.ts';

type DigestRow = typeof digests.$inferSelect;

const leaseUntil = (lease: LeaseHolder, now: Date) => new Date(now.getTime() + lease.ttlMs).toISOString();

/** The DigestLedger on PostgreSQL; every answer is a promise. */
export function createPgDigestLedger(db: PgDb): DigestLedger {
  /** Extends the lease if it is ours, locking the channel row until the transaction ends. */
  const holds = async (q: PgQueries, channelId: number, lease: LeaseHolder, now: Date) => {
    const renewed = await q
      .update(channels)
      .set({ leaseUntil: leaseUntil(lease, now) })
      .where(and(eq(channels.id, channelId), eq(channels.leaseHolder, lease.holder)))
      .returning({ id: channels.id });
    return renewed.length === 1;
  };

  /** The digest row, locked until the transaction ends; undefined when there is none. */
  const lockDigest = async (q: PgQueries, digestId: number) => {
    const [row] = await q.select().from(digests).where(eq(digests.id, digestId)).for('update');
    return row;
  };

  /** Whole records for digest rows: their picks and messages in two queries, not two per digest. */
  const toRecords = async (q: PgQueries, rows: DigestRow[]): Promise<DigestRecord[]> => {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    const [picks, messages] = await Promise.all([
      q
        .select({ digestId: deliveries.digestId, paperId: deliveries.paperId, reason: deliveries.reason })
        .from(deliveries)
        .where(inArray(deliveries.digestId, ids))
        .orderBy(deliveries.id),
      q.select().from(digestMessages).where(inArray(digestMessages.digestId, ids)).orderBy(digestMessages.digestId, digestMessages.position),
    ]);
    return rows.map((row) =>
      digestFromRows(
        row,
        picks.filter((pick) => pick.digestId === row.id),
        messages.filter((m) => m.digestId === row.id),
      ),
    );
  };
  const toRecord = async (q: PgQueries, row: DigestRow) => (await toRecords(q, [row]))[0]!;

  const firstRef = async (q: PgQueries, digestId: number) => {
    const [row] = await q
      .select({ messageRef: digestMessages.messageRef })
      .from(digestMessages)
      .where(eq(digestMessages.digestId, digestId))
      .orderBy(asc(digestMessages.position))
      .limit(1);
    return row?.messageRef ?? null;
  };

  const settle = (q: PgQueries, digestId: number, status: DigestStatus, messageRef: string | null, error: string | null, now: string) =>
    q.update(digests).set({ status, messageRef, error, settledAt: now, nextTryAt: null }).where(eq(digests.id, digestId));

  // The channel's bounds only move forward: a digest of an older slot settled late leaves them. A
  // recap looks back at papers already delivered: the next daily digest's bounds are not its business.
  const advance = async (q: PgQueries, row: DigestRow) => {
    if (row.kind !== 'daily') return;
    await q
      .update(channels)
      .set({
        lastDigestAt: sql`CASE WHEN ${channels.lastDigestAt} IS NULL OR ${channels.lastDigestAt} COLLATE "C" < ${row.slot} THEN ${row.slot} ELSE ${channels.lastDigestAt} END`,
        papersThroughSeq: sql`GREATEST(COALESCE(${channels.papersThroughSeq}, 0), COALESCE(${row.throughSeq}::bigint, 0))`,
      })
      .where(eq(channels.id, row.channelId));
  };

  return {
    async acquireLease(channelId, lease, now) {
      const taken = await db
        .update(channels)
        .set({ leaseHolder: lease.holder, leaseUntil: leaseUntil(lease, now) })
        // Free, ours already, or expired.
        .where(
          and(
            eq(channels.id, channelId),
            or(isNull(channels.leaseHolder), eq(channels.leaseHolder, lease.holder), sql`${channels.leaseUntil} COLLATE "C" < ${now.toISOString()}`),
          ),
        )
        .returning({ id: channels.id });
      return taken.length === 1;
    },

    renewLease: (channelId, lease, now) => holds(db, channelId, lease, now),

    async releaseLease(channelId, holder) {
      await db
        .update(channels)
        .set({ leaseHolder: null, leaseUntil: null })
        .where(and(eq(channels.id, channelId), eq(channels.leaseHolder, holder)));
    },

    async findDigest(channelId, slot, kind = 'daily') {
      const [row] = await db
        .select()
        .from(digests)
        .where(and(eq(digests.channelId, channelId), eq(digests.slot, slot), eq(digests.kind, kind)));
      return row ? toRecord(db, row) : null;
    },

    async unsettledDigests(channelId) {
      const rows = await db
        .select()
        .from(digests)
        .where(and(eq(digests.channelId, channelId), eq(digests.status, 'pending')))
        .orderBy(digests.id);
      return toRecords(db, rows);
    },

    async allUnsettled() {
      return toRecords(db, await db.select().from(digests).where(eq(digests.status, 'pending')).orderBy(digests.id));
    },

    async channelsWithUnsettled() {
      const rows = await db.selectDistinct({ channelId: digests.channelId }).from(digests).where(eq(digests.status, 'pending'));
      return new Set(rows.map((row) => row.channelId));
    },

    async currentPaperSeq() {
      const [row] = await db.select({ seq: max(papers.seq) }).from(papers);
      return row?.seq ?? 0;
    },

    createDigest: (digest: NewDigest, lease, now) =>
      db.transaction(async (tx) => {
        if (!(await holds(tx, digest.channelId, lease, now))) return null;
        const { channelId, slot, key, throughSeq, now: createdAt } = digest;
        const kind = digest.kind ?? 'daily';
        const [row] = await tx.insert(digests).values({ channelId, slot, kind, status: 'pending', nonce: key, throughSeq, createdAt }).returning();
        if (digest.picks.length > 0) {
          await tx
            .insert(deliveries)
            .values(digest.picks.map((pick) => ({ channelId, paperId: pick.paperId, digestId: row!.id, status: 'pending' as const, reason: pick.reason, createdAt })))
            // A paper already delivered to (or pending for) the channel keeps its first digest.
            .onConflictDoNothing({ target: [deliveries.channelId, deliveries.paperId] });
        }
        if (digest.messages.length > 0) {
          await tx.insert(digestMessages).values(
            digest.messages.map((m, position) => ({
              digestId: row!.id,
              position,
              payload: JSON.stringify(m.payload),
              paperIds: JSON.stringify(m.paperIds),
              status: 'pending' as const,
            })),
          );
        }
        return toRecord(tx, row!);
      }),

    markAttempt: (digestId, position, lease, now) =>
      db.transaction(async (tx) => {
        const row = await lockDigest(tx, digestId);
        if (!row || row.status !== 'pending' || !(await holds(tx, row.channelId, lease, now))) return false;
        const attempted = await tx
          .update(digestMessages)
          .set({ status: 'attempted', attemptedAt: now.toISOString() })
          .where(and(eq(digestMessages.digestId, digestId), eq(digestMessages.position, position), ne(digestMessages.status, 'sent')))
          .returning({ id: digestMessages.id });
        return attempted.length === 1;
      }),

    async markNotSent(digestId, position) {
      await db
        .update(digestMessages)
        .set({ status: 'pending' })
        .where(and(eq(digestMessages.digestId, digestId), eq(digestMessages.position, position), eq(digestMessages.status, 'attempted')));
    },

    markMessageSent: (digestId, position, messageRef, now) =>
      db.transaction(async (tx) => {
        // Locked first: two replicas confirming the digest's last two messages at once settle it
        // one after the other, the second seeing the first's message sent.
        const row = await lockDigest(tx, digestId);
        const [message] = await tx
          .update(digestMessages)
          .set({ status: 'sent', messageRef, sentAt: now })
          .where(and(eq(digestMessages.digestId, digestId), eq(digestMessages.position, position)))
          .returning({ paperIds: digestMessages.paperIds });
        const paperIds = JSON.parse(message?.paperIds ?? '[]') as string[];
        if (paperIds.length > 0) {
          await tx
            .update(deliveries)
            .set({ status: 'sent', messageRef, sentAt: now })
            .where(and(eq(deliveries.digestId, digestId), inArray(deliveries.paperId, paperIds)));
        }
        const [unsent] = await tx
          .select({ n: count() })
          .from(digestMessages)
          .where(and(eq(digestMessages.digestId, digestId), ne(digestMessages.status, 'sent')));
        if (!row || (unsent?.n ?? 0) > 0) return;
        await settle(tx, digestId, 'sent', await firstRef(tx, digestId), null, now);
        await advance(tx, row);
      }),

    async deferDigest(digestId, reason, nextTryAt) {
      await db
        .update(digests)
        // An increment in the statement: two replicas deferring at once count two tries.
        .set({ attempts: sql`${digests.attempts} + 1`, error: reason, nextTryAt })
        .where(eq(digests.id, digestId));
    },

    async markNoticeSent(digestId, now) {
      await db.update(digests).set({ noticeSentAt: now }).where(eq(digests.id, digestId));
    },

    settleSkipped: (digestId, now) =>
      db.transaction(async (tx) => {
        const row = await lockDigest(tx, digestId);
        if (!row) return;
        await settle(tx, digestId, 'skipped', null, null, now);
        await advance(tx, row);
      }),

    failDigest: (digestId, reason, now) =>
      db.transaction(async (tx) => {
        const row = await lockDigest(tx, digestId);
        if (!row) return;
        await settle(tx, digestId, 'failed', await firstRef(tx, digestId), reason, now);
        // The papers of unsent messages are free for a later digest.
        await tx.delete(deliveries).where(and(eq(deliveries.digestId, digestId), eq(deliveries.status, 'pending')));
      }),
  };
}
