import type { Synchronous } from '../../core/awaitable.ts';
import { and, asc, count, eq, isNull, lt, max, ne, or, sql } from 'drizzle-orm';
import type { DigestLedger, DigestRecord, DigestStatus, LeaseHolder, NewDigest } from '../../core/digest/digest-ledger.ts';
import type { Db } from './open-database.ts';
import { digestFromRows } from './row-mappers.ts';
import { channels, deliveries, digestMessages, digests, papers } from './schema.ts';

type DigestRow = typeof digests.$inferSelect;

const leaseUntil = (lease: LeaseHolder, now: Date) => new Date(now.getTime() + lease.ttlMs).toISOString();

/**
 * The ledger's transactions begin IMMEDIATE: a deferred transaction that reads and then writes fails at once with SQLITE_BUSY when another process wrote in between (its
 * busy timeout does not apply), which two processes delivering side by side hit.
 */
const IMMEDIATE = { behavior: 'immediate' } as const;

/** The digest ledger and channel leases in SQLite (see core/digest/digest-ledger.ts). */
export function createSqliteDigestLedger(db: Db): Synchronous<DigestLedger> {
  const p = sql.placeholder;
  // Prepared once: the scheduler runs these for every due channel. update().set() takes no
  // placeholders, so they go in wrapped in sql``.
  const acquire = db
    .update(channels)
    .set({ leaseHolder: sql`${p('holder')}`, leaseUntil: sql`${p('until')}` })
    // Free, ours already, or expired (ISO times compare as text).
    .where(and(eq(channels.id, p('channel')), or(isNull(channels.leaseHolder), eq(channels.leaseHolder, p('holder')), lt(channels.leaseUntil, p('now')))))
    .prepare();
  const renew = db
    .update(channels)
    .set({ leaseUntil: sql`${p('until')}` })
    .where(and(eq(channels.id, p('channel')), eq(channels.leaseHolder, p('holder'))))
    .prepare();
  const release = db
    .update(channels)
    .set({ leaseHolder: null, leaseUntil: null })
    .where(and(eq(channels.id, p('channel')), eq(channels.leaseHolder, p('holder'))))
    .prepare();
  const digestBySlot = db
    .select()
    .from(digests)
    .where(and(eq(digests.channelId, p('channel')), eq(digests.slot, p('slot')), eq(digests.kind, p('kind'))))
    .prepare();
  const digestById = db.select().from(digests).where(eq(digests.id, p('id'))).prepare();
  const unsettledOf = db
    .select()
    .from(digests)
    .where(and(eq(digests.channelId, p('channel')), eq(digests.status, 'pending')))
    .orderBy(digests.id)
    .prepare();
  const allUnsettled = db.select().from(digests).where(eq(digests.status, 'pending')).orderBy(digests.id).prepare();
  const channelsWithUnsettled = db.selectDistinct({ channelId: digests.channelId }).from(digests).where(eq(digests.status, 'pending')).prepare();
  const messagesOf = db.select().from(digestMessages).where(eq(digestMessages.digestId, p('digest'))).orderBy(digestMessages.position).prepare();
  const picksOf = db
    .select({ paperId: deliveries.paperId, reason: deliveries.reason })
    .from(deliveries)
    .where(eq(deliveries.digestId, p('digest')))
    .orderBy(deliveries.id)
    .prepare();
  const maxSeq = db.select({ seq: max(papers.seq) }).from(papers).prepare();
  const messageAt = and(eq(digestMessages.digestId, p('digest')), eq(digestMessages.position, p('position')));
  const attempt = db
    .update(digestMessages)
    .set({ status: 'attempted', attemptedAt: sql`${p('now')}` })
    .where(and(messageAt, ne(digestMessages.status, 'sent')))
    .prepare();
  const notSent = db
    .update(digestMessages)
    .set({ status: 'pending' })
    .where(and(messageAt, eq(digestMessages.status, 'attempted')))
    .prepare();
  const messageSent = db
    .update(digestMessages)
    .set({ status: 'sent', messageRef: sql`${p('ref')}`, sentAt: sql`${p('now')}` })
    .where(messageAt)
    .prepare();
  const paperIdsOf = db.select({ paperIds: digestMessages.paperIds }).from(digestMessages).where(messageAt).prepare();
  const deliveriesSent = db
    .update(deliveries)
    .set({ status: 'sent', messageRef: sql`${p('ref')}`, sentAt: sql`${p('now')}` })
    // The message's paper ids are stored as a JSON array: json_each reads it in place (drizzle has no table-valued functions).
    .where(and(eq(deliveries.digestId, p('digest')), sql`${deliveries.paperId} IN (SELECT value FROM json_each(${p('paperIds')}))`))
    .prepare();
  const unsentCount = db
    .select({ n: count() })
    .from(digestMessages)
    .where(and(eq(digestMessages.digestId, p('digest')), ne(digestMessages.status, 'sent')))
    .prepare();
  const firstRef = db
    .select({ messageRef: digestMessages.messageRef })
    .from(digestMessages)
    .where(eq(digestMessages.digestId, p('digest')))
    .orderBy(asc(digestMessages.position))
    .limit(1)
    .prepare();
  const settle = (digestId: number, status: DigestStatus, messageRef: string | null, error: string | null, now: string) =>
    db.update(digests).set({ status, messageRef, error, settledAt: now, nextTryAt: null }).where(eq(digests.id, digestId)).run();
  // The channel's bounds only move forward: a digest of an older slot settled late leaves them.
  // (drizzle has no CASE or two-argument max: SQL fragments.)
  const advanceChannel = db
    .update(channels)
    .set({
      lastDigestAt: sql`CASE WHEN ${channels.lastDigestAt} IS NULL OR ${channels.lastDigestAt} < ${p('slot')} THEN ${p('slot')} ELSE ${channels.lastDigestAt} END`,
      papersThroughSeq: sql`max(COALESCE(${channels.papersThroughSeq}, 0), COALESCE(${p('through')}, 0))`,
    })
    .where(eq(channels.id, p('channel')))
    .prepare();

  const toRecord = (row: DigestRow): DigestRecord => digestFromRows(row, picksOf.all({ digest: row.id }), messagesOf.all({ digest: row.id }));

  const holds = (channelId: number, lease: LeaseHolder, now: Date) =>
    renew.run({ until: leaseUntil(lease, now), channel: channelId, holder: lease.holder }).changes === 1;

  // A recap looks back at papers already delivered: the next daily digest's bounds are not its business.
  const advance = (row: DigestRow) => {
    if (row.kind === 'daily') advanceChannel.run({ slot: row.slot, through: row.throughSeq, channel: row.channelId });
  };

  // better-sqlite3 has one connection: the statements prepared above run inside these transactions.
  return {
    acquireLease: (channelId, lease, now) =>
      acquire.run({ holder: lease.holder, until: leaseUntil(lease, now), channel: channelId, now: now.toISOString() }).changes === 1,
    renewLease: holds,
    releaseLease: (channelId, holder) => void release.run({ channel: channelId, holder }),
    findDigest(channelId, slot, kind = 'daily') {
      const row = digestBySlot.get({ channel: channelId, slot, kind });
      return row ? toRecord(row) : null;
    },
    unsettledDigests: (channelId) => unsettledOf.all({ channel: channelId }).map(toRecord),
    allUnsettled: () => allUnsettled.all().map(toRecord),
    channelsWithUnsettled: () => new Set(channelsWithUnsettled.all().map((r) => r.channelId)),
    currentPaperSeq: () => maxSeq.get()?.seq ?? 0,

    createDigest: (digest: NewDigest, lease, now) =>
      db.transaction((tx) => {
        if (!holds(digest.channelId, lease, now)) return null;
        const { channelId, slot, key, throughSeq, now: createdAt } = digest;
        const kind = digest.kind ?? 'daily';
        const row = tx.insert(digests).values({ channelId, slot, kind, status: 'pending', nonce: key, throughSeq, createdAt }).returning().get();
        if (digest.picks.length > 0) {
          tx.insert(deliveries)
            .values(digest.picks.map((pick) => ({ channelId, paperId: pick.paperId, digestId: row.id, status: 'pending' as const, reason: pick.reason, createdAt })))
            // A paper already delivered to (or pending for) the channel keeps its first digest.
            .onConflictDoNothing()
            .run();
        }
        if (digest.messages.length > 0) {
          tx.insert(digestMessages)
            .values(
              digest.messages.map((m, position) => ({
                digestId: row.id,
                position,
                payload: JSON.stringify(m.payload),
                paperIds: JSON.stringify(m.paperIds),
                status: 'pending' as const,
              })),
            )
            .run();
        }
        return toRecord(row);
      }, IMMEDIATE),

    markAttempt: (digestId, position, lease, now) =>
      db.transaction(() => {
        const row = digestById.get({ id: digestId });
        if (!row || row.status !== 'pending' || !holds(row.channelId, lease, now)) return false;
        return attempt.run({ now: now.toISOString(), digest: digestId, position }).changes === 1;
      }, IMMEDIATE),

    markNotSent: (digestId, position) => void notSent.run({ digest: digestId, position }),

    markMessageSent: (digestId, position, messageRef, now) =>
      db.transaction(() => {
        messageSent.run({ ref: messageRef, now, digest: digestId, position });
        const paperIds = paperIdsOf.get({ digest: digestId, position })?.paperIds ?? '[]';
        deliveriesSent.run({ ref: messageRef, now, digest: digestId, paperIds });
        if (unsentCount.get({ digest: digestId })!.n > 0) return;
        settle(digestId, 'sent', firstRef.get({ digest: digestId })?.messageRef ?? null, null, now);
        advance(digestById.get({ id: digestId })!);
      }, IMMEDIATE),

    deferDigest: (digestId, reason, nextTryAt) =>
      void db
        .update(digests)
        // drizzle has no arithmetic: an increment is a SQL fragment.
        .set({ attempts: sql`${digests.attempts} + 1`, error: reason, nextTryAt })
        .where(eq(digests.id, digestId))
        .run(),

    markNoticeSent: (digestId, now) => void db.update(digests).set({ noticeSentAt: now }).where(eq(digests.id, digestId)).run(),

    settleSkipped: (digestId, now) =>
      db.transaction(() => {
        settle(digestId, 'skipped', null, null, now);
        advance(digestById.get({ id: digestId })!);
      }, IMMEDIATE),

    failDigest: (digestId, reason, now) =>
      db.transaction(() => {
        settle(digestId, 'failed', firstRef.get({ digest: digestId })?.messageRef ?? null, reason, now);
        // The papers of unsent messages are free for a later digest.
        db.delete(deliveries)
          .where(and(eq(deliveries.digestId, digestId), eq(deliveries.status, 'pending')))
          .run();
      }, IMMEDIATE),
  };
}
