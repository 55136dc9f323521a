import type { Synchronous } from '../../core/awaitable.ts';
import { and, count, desc, eq, exists, gt, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { ChannelRef } from '../../core/delivery-ports.ts';
import type { SubscriptionStore } from '../../core/subscriptions/subscription-ports.ts';
import type { Db } from './open-database.ts';
import { paperFields, paperFromRow } from './paper-rows.ts';
import { channels, deliveries, paperAuthorIds, paperAuthors, papers, subscriptions, workspaces } from './schema.ts';
import { channelFromRow } from './row-mappers.ts';

const channelColumns = { channel: channels, platform: workspaces.platform, teamId: workspaces.teamId };

/**
 * Channels, subscriptions and digests in SQLite. Every lookup is scoped by the verified
 * (platform, workspace, channel) triple, so one workspace never reads or changes another's rows.
 * A subscription row is the port's Subscription as it is (typeof subscriptions.$inferSelect).
 */
export function createSqliteSubscriptionStore(db: Db): Synchronous<SubscriptionStore> {
  const p = sql.placeholder;
  const selectChannels = () => db.select(channelColumns).from(channels).innerJoin(workspaces, eq(workspaces.id, channels.workspaceId));
  const inWorkspace = and(eq(workspaces.platform, p('platform')), eq(workspaces.teamId, p('team')));
  // Prepared once: the scheduler reads these for every channel on every tick.
  const findChannel = selectChannels()
    .where(and(inWorkspace, eq(channels.channelId, p('channel'))))
    .prepare();
  const channelById = selectChannels().where(eq(channels.id, p('id'))).prepare();
  const activeChannels = selectChannels()
    .where(and(isNull(channels.pausedAt), exists(db.select({ one: sql`1` }).from(subscriptions).where(eq(subscriptions.channelId, channels.id)))))
    .orderBy(channels.id)
    .prepare();
  const pausedOf = selectChannels()
    .where(and(inWorkspace, isNotNull(channels.pausedAt)))
    .orderBy(channels.id)
    .prepare();
  const subscribedOf = selectChannels()
    .where(and(inWorkspace, exists(db.select({ one: sql`1` }).from(subscriptions).where(eq(subscriptions.channelId, channels.id)))))
    .orderBy(channels.id)
    .prepare();
  const subscriptionsOf = db.select().from(subscriptions).where(eq(subscriptions.channelId, p('channel'))).orderBy(subscriptions.id).prepare();
  // Digest selection (bench: digest) asks these once per follow and once per channel. The ids go
  // in as one JSON array read by json_each (drizzle has no table-valued functions): one statement
  // prepared once, where an `IN (?, ?, …)` list is a new statement for every length. The plan is
  // the same: the author index, then papers by rowid; the channel-and-paper unique index.
  const papersBy = db
    .select(paperFields)
    .from(papers)
    .where(
      and(
        gt(papers.seq, p('after')),
        lte(papers.seq, p('through')),
        or(
          inArray(
            papers.seq,
            db
              .select({ seq: paperAuthors.paperSeq })
              .from(paperAuthors)
              .where(sql`${paperAuthors.authorId} IN (SELECT value FROM json_each(${p('authors')}))`),
          ),
          // A follow by id: the papers a source names that person on, whatever name they carry.
          inArray(papers.seq, db.select({ seq: paperAuthorIds.paperSeq }).from(paperAuthorIds).where(eq(paperAuthorIds.externalId, p('external')))),
        ),
      ),
    )
    .orderBy(desc(papers.published), desc(papers.seq))
    .limit(p('limit'))
    .prepare();
  const delivered = db
    .select({ paperId: deliveries.paperId })
    .from(deliveries)
    .where(and(eq(deliveries.channelId, p('channel')), sql`${deliveries.paperId} IN (SELECT value FROM json_each(${p('ids')}))`))
    .prepare();

  const channelOf = (channelId: number) => channelFromRow(channelById.get({ id: channelId })!);

  return {
    findChannel(ref) {
      const row = findChannel.get({ platform: ref.platform, team: ref.workspaceId, channel: ref.channelId });
      return row ? channelFromRow(row) : null;
    },
    ensureChannel(ref, defaults) {
      return db.transaction((tx) => {
        tx.insert(workspaces).values({ platform: ref.platform, teamId: ref.workspaceId, createdAt: defaults.now }).onConflictDoNothing().run();
        const workspace = tx
          .select({ id: workspaces.id })
          .from(workspaces)
          .where(and(eq(workspaces.platform, ref.platform), eq(workspaces.teamId, ref.workspaceId)))
          .get()!;
        tx.insert(channels)
          .values({ workspaceId: workspace.id, channelId: ref.channelId, timeZone: defaults.timeZone, createdAt: defaults.now })
          .onConflictDoNothing()
          .run();
        return channelFromRow(findChannel.get({ platform: ref.platform, team: ref.workspaceId, channel: ref.channelId })!);
      });
    },
    updateSchedule(channelId, patch) {
      const { timeZone, postTime, days, picks, emptyDay } = patch;
      const set = { timeZone, postTime, days, picks, emptyDay };
      // drizzle leaves undefined fields out of the SET, and refuses an UPDATE with none.
      if (Object.values(set).some((value) => value !== undefined)) db.update(channels).set(set).where(eq(channels.id, channelId)).run();
      return channelOf(channelId);
    },
    setPaused(channelId, pausedAt, reason) {
      db.update(channels).set({ pausedAt, pauseReason: reason }).where(eq(channels.id, channelId)).run();
    },
    activeChannels() {
      return activeChannels.all().map(channelFromRow);
    },
    pausedChannels(platform, workspaceId) {
      return pausedOf.all({ platform, team: workspaceId }).map(channelFromRow);
    },
    subscribedChannels(platform, workspaceId) {
      return subscribedOf.all({ platform, team: workspaceId }).map(channelFromRow);
    },
    listSubscriptions(channelId) {
      return subscriptionsOf.all({ channel: channelId });
    },
    countSubscriptions(channelId) {
      return db.select({ n: count() }).from(subscriptions).where(eq(subscriptions.channelId, channelId)).get()!.n;
    },
    addSubscription(channelId, subscription, now) {
      const existing = db
        .select()
        .from(subscriptions)
        .where(and(eq(subscriptions.channelId, channelId), eq(subscriptions.kind, subscription.kind), eq(subscriptions.query, subscription.query)))
        .get();
      if (existing) return { subscription: existing, created: false };
      const created = db
        .insert(subscriptions)
        .values({
          channelId,
          ...subscription,
          // It matches only papers stored after it was made (a scalar subquery: drizzle's values() takes it as SQL).
          afterSeq: sql`(SELECT coalesce(max(${papers.seq}), 0) FROM ${papers})`,
          createdAt: now,
        })
        .returning()
        .get();
      db.update(channels).set({ lastChangedBy: subscription.createdBy }).where(eq(channels.id, channelId)).run();
      return { subscription: created, created: true };
    },
    removeSubscription(channelId, subscriptionId) {
      const removed = db
        .delete(subscriptions)
        .where(and(eq(subscriptions.channelId, channelId), eq(subscriptions.id, subscriptionId)))
        .returning()
        .get();
      return removed ?? null;
    },
    papersByFollow({ authorIds, externalId }, range, limit) {
      if (authorIds.length === 0 && externalId === null) return [];
      return papersBy
        .all({ after: range.after, through: range.through, authors: JSON.stringify(authorIds), external: externalId, limit })
        .map(paperFromRow);
    },
    deliveredAmong(channelId, paperIds) {
      if (paperIds.length === 0) return new Set();
      return new Set(delivered.all({ channel: channelId, ids: JSON.stringify(paperIds) }).map((row) => row.paperId));
    },
  };
}
