/**
 * Channels and subscriptions in PostgreSQL (issue 21): the SubscriptionStore port as
 * sqlite-subscription-store.ts implements it, over pg-schema.ts. Every lookup is scoped by the
 * verified (platform, workspace, channel) triple, as there.
 *
 * Several replicas write here at once, so what SQLite's single writer made safe is the database's
 * job: a row created on first use is `INSERT … ON CONFLICT DO NOTHING` then read, never "read, then
 * insert when missing". ON CONFLICT DO NOTHING guarantees an insert or nothing even when another
 * transaction inserts the same key at the same moment (it waits for that transaction and then does
 * nothing: https://www.postgresql.org/docs/15/sql-insert.html#SQL-ON-CONFLICT), and under Read
 * Committed the read that follows is a new statement with a new snapshot, so it sees the row the
 * other replica committed (https://www.postgresql.org/docs/15/transaction-iso.html#XACT-READ-COMMITTED).
 */
import { and, count, desc, eq, exists, gt, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { ChannelRef } from '../../../core/delivery-ports.ts';
import type { Subscription, SubscriptionStore } from '../../../core/subscriptions/subscription-ports.ts';
import { paperFromRow } from '../paper-rows.ts';
import type { PgDb } from './open-pg-store.ts';
import { pgPaperFields, type PgQueries } from './pg-queries.ts';
import { channels, deliveries, paperAuthorIds, paperAuthors, papers, subscriptions, workspaces } from './pg-schema.ts';
import { channelFromRow } from '../row-mappers.ts';

const channelColumns = { channel: channels, platform: workspaces.platform, teamId: workspaces.teamId };

/** The SubscriptionStore on PostgreSQL; every answer is a promise. */
export function createPgSubscriptionStore(db: PgDb): SubscriptionStore {
  const selectChannels = (q: PgQueries) => q.select(channelColumns).from(channels).innerJoin(workspaces, eq(workspaces.id, channels.workspaceId));
  const inWorkspace = (platform: ChannelRef['platform'], team: string) => and(eq(workspaces.platform, platform), eq(workspaces.teamId, team));
  const hasSubscription = exists(db.select({ one: sql`1` }).from(subscriptions).where(eq(subscriptions.channelId, channels.id)));

  const findChannel = async (q: PgQueries, ref: ChannelRef) => {
    const [row] = await selectChannels(q)
      .where(and(inWorkspace(ref.platform, ref.workspaceId), eq(channels.channelId, ref.channelId)))
      .limit(1);
    return row ? channelFromRow(row) : null;
  };
  const channelOf = async (channelId: number) => {
    const [row] = await selectChannels(db).where(eq(channels.id, channelId)).limit(1);
    if (!row) throw new Error(`No channel ${channelId}`);
    return channelFromRow(row);
  };

  return {
    findChannel: (ref) => findChannel(db, ref),

    ensureChannel: (ref, defaults) =>
      db.transaction(async (tx) => {
        await tx.insert(workspaces).values({ platform: ref.platform, teamId: ref.workspaceId, createdAt: defaults.now }).onConflictDoNothing();
        const [workspace] = await tx
          .select({ id: workspaces.id })
          .from(workspaces)
          .where(inWorkspace(ref.platform, ref.workspaceId));
        await tx
          .insert(channels)
          .values({ workspaceId: workspace!.id, channelId: ref.channelId, timeZone: defaults.timeZone, createdAt: defaults.now })
          .onConflictDoNothing();
        return (await findChannel(tx, ref))!;
      }),

    async updateSchedule(channelId, patch) {
      const { timeZone, postTime, days, picks, emptyDay } = patch;
      const set = { timeZone, postTime, days, picks, emptyDay };
      // drizzle leaves undefined fields out of the SET, and refuses an UPDATE with none.
      if (Object.values(set).some((value) => value !== undefined)) await db.update(channels).set(set).where(eq(channels.id, channelId));
      return channelOf(channelId);
    },

    async setPaused(channelId, pausedAt, reason) {
      await db.update(channels).set({ pausedAt, pauseReason: reason }).where(eq(channels.id, channelId));
    },

    async activeChannels() {
      const rows = await selectChannels(db)
        .where(and(isNull(channels.pausedAt), hasSubscription))
        .orderBy(channels.id);
      return rows.map(channelFromRow);
    },

    async pausedChannels(platform, workspaceId) {
      const rows = await selectChannels(db)
        .where(and(inWorkspace(platform, workspaceId), isNotNull(channels.pausedAt)))
        .orderBy(channels.id);
      return rows.map(channelFromRow);
    },

    async subscribedChannels(platform, workspaceId) {
      const rows = await selectChannels(db)
        .where(and(inWorkspace(platform, workspaceId), hasSubscription))
        .orderBy(channels.id);
      return rows.map(channelFromRow);
    },

    listSubscriptions: (channelId) => db.select().from(subscriptions).where(eq(subscriptions.channelId, channelId)).orderBy(subscriptions.id),

    async countSubscriptions(channelId) {
      const [row] = await db.select({ n: count() }).from(subscriptions).where(eq(subscriptions.channelId, channelId));
      return row?.n ?? 0;
    },

    // SQLite reads for the existing row, then inserts; two replicas doing that at once would both
    // insert, and one would fail on the unique index. Here the unique index decides: the insert
    // that loses does nothing, and the row the winner made is read back.
    addSubscription: (channelId, subscription, now) =>
      db.transaction(async (tx): Promise<{ subscription: Subscription; created: boolean }> => {
        const [created] = await tx
          .insert(subscriptions)
          .values({
            channelId,
            ...subscription,
            // It matches only papers stored after it was made (a scalar subquery as the value).
            afterSeq: sql`(SELECT coalesce(max(${papers.seq}), 0) FROM ${papers})`,
            createdAt: now,
          })
          .onConflictDoNothing({ target: [subscriptions.channelId, subscriptions.kind, subscriptions.query] })
          .returning();
        if (created) {
          await tx.update(channels).set({ lastChangedBy: subscription.createdBy }).where(eq(channels.id, channelId));
          return { subscription: created, created: true };
        }
        const [existing] = await tx
          .select()
          .from(subscriptions)
          .where(and(eq(subscriptions.channelId, channelId), eq(subscriptions.kind, subscription.kind), eq(subscriptions.query, subscription.query)));
        return { subscription: existing!, created: false };
      }),

    async removeSubscription(channelId, subscriptionId) {
      const [removed] = await db
        .delete(subscriptions)
        .where(and(eq(subscriptions.channelId, channelId), eq(subscriptions.id, subscriptionId)))
        .returning();
      return removed ?? null;
    },

    async papersByFollow({ authorIds, externalId }, range, limit) {
      if (authorIds.length === 0 && externalId === null) return [];
      const rows = await db
        .select(pgPaperFields)
        .from(papers)
        .where(
          and(
            gt(papers.seq, range.after),
            lte(papers.seq, range.through),
            or(
              // One array parameter (sql.param: drizzle would spread a bare array into a list), so
              // the statement is the same for any number of author rows.
              sql`${papers.seq} IN (SELECT ${paperAuthors.paperSeq} FROM ${paperAuthors} WHERE ${paperAuthors.authorId} = ANY(${sql.param(authorIds)}::integer[]))`,
              // A follow by id: the papers a source names that person on, whatever name they carry.
              sql`${papers.seq} IN (SELECT ${paperAuthorIds.paperSeq} FROM ${paperAuthorIds} WHERE ${paperAuthorIds.externalId} = ${externalId})`,
            ),
          ),
        )
        // SQLite sorts NULL below every value, so undated papers come last in its descending
        // order; PostgreSQL puts NULLs first in DESC unless told
        // (https://www.postgresql.org/docs/15/queries-order.html).
        .orderBy(sql`${papers.published} DESC NULLS LAST`, desc(papers.seq))
        .limit(limit);
      return rows.map(paperFromRow);
    },

    async deliveredAmong(channelId, paperIds) {
      if (paperIds.length === 0) return new Set<string>();
      const rows = await db
        .select({ paperId: deliveries.paperId })
        .from(deliveries)
        .where(and(eq(deliveries.channelId, channelId), sql`${deliveries.paperId} = ANY(${sql.param(paperIds)}::text[])`));
      return new Set(rows.map((row) => row.paperId));
    },
  };
}
