import type Database from 'better-sqlite3';
import type { ChannelRef } from '../../core/delivery-ports.ts';
import type {
  ChannelSettings,
  DigestPick,
  DigestRecord,
  NewSubscription,
  SchedulePatch,
  Subscription,
  SubscriptionStore,
} from '../../core/subscriptions/subscription-ports.ts';
import { PAPER_COLUMNS, paperFromRow, type PaperRow } from './paper-rows.ts';

interface ChannelRow {
  id: number;
  platform: ChannelRef['platform'];
  team_id: string;
  channel_id: string;
  time_zone: string;
  post_time: string;
  days: string;
  picks: number;
  empty_day: 'announce' | 'quiet';
  paused_at: string | null;
  pause_reason: string | null;
  last_digest_at: string | null;
  created_at: string;
}

interface SubscriptionRow {
  id: number;
  channel_id: number;
  kind: Subscription['kind'];
  query: string;
  author_id: number | null;
  external_id: string | null;
  created_by: string;
  created_at: string;
}

interface DigestRow {
  id: number;
  channel_id: number;
  slot: string;
  status: DigestRecord['status'];
  nonce: string;
  message_ref: string | null;
}

const CHANNEL_SELECT = `SELECT c.id, w.platform, w.team_id, c.channel_id, c.time_zone, c.post_time, c.days, c.picks, c.empty_day,
  c.paused_at, c.pause_reason, c.last_digest_at, c.created_at FROM channels c JOIN workspaces w ON w.id = c.workspace_id`;

function channelFromRow(row: ChannelRow): ChannelSettings {
  return {
    id: row.id,
    ref: { platform: row.platform, workspaceId: row.team_id, channelId: row.channel_id },
    timeZone: row.time_zone,
    postTime: row.post_time,
    days: row.days,
    picks: row.picks,
    emptyDay: row.empty_day,
    pausedAt: row.paused_at,
    pauseReason: row.pause_reason,
    lastDigestAt: row.last_digest_at,
    createdAt: row.created_at,
  };
}

function subscriptionFromRow(row: SubscriptionRow): Subscription {
  return {
    id: row.id,
    channelId: row.channel_id,
    kind: row.kind,
    query: row.query,
    authorId: row.author_id,
    externalId: row.external_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/**
 * Channels, subscriptions and digests in SQLite. Every lookup is scoped by the verified
 * (platform, workspace, channel) triple, so one workspace never reads or changes another's rows.
 */
export function createSqliteSubscriptionStore(sqlite: Database.Database): SubscriptionStore {
  const findChannel = sqlite.prepare<[string, string, string], ChannelRow>(
    `${CHANNEL_SELECT} WHERE w.platform = ? AND w.team_id = ? AND c.channel_id = ?`,
  );
  const channelById = sqlite.prepare<[number], ChannelRow>(`${CHANNEL_SELECT} WHERE c.id = ?`);
  const insertWorkspace = sqlite.prepare('INSERT OR IGNORE INTO workspaces (platform, team_id, created_at) VALUES (?, ?, ?)');
  const insertChannel = sqlite.prepare(
    `INSERT OR IGNORE INTO channels (workspace_id, channel_id, time_zone, created_at)
     SELECT id, ?, ?, ? FROM workspaces WHERE platform = ? AND team_id = ?`,
  );
  const subscriptionsOf = sqlite.prepare<[number], SubscriptionRow>('SELECT * FROM subscriptions WHERE channel_id = ? ORDER BY id');
  const countOf = sqlite.prepare<[number], { n: number }>('SELECT count(*) AS n FROM subscriptions WHERE channel_id = ?');
  const findSubscription = sqlite.prepare<[number, string, string], SubscriptionRow>(
    'SELECT * FROM subscriptions WHERE channel_id = ? AND kind = ? AND query = ?',
  );
  const insertSubscription = sqlite.prepare(
    `INSERT INTO subscriptions (channel_id, kind, query, author_id, external_id, created_by, created_at)
     VALUES (@channelId, @kind, @query, @authorId, @externalId, @createdBy, @now) RETURNING *`,
  );
  const subscriptionById = sqlite.prepare<[number, number], SubscriptionRow>('SELECT * FROM subscriptions WHERE channel_id = ? AND id = ?');
  const deleteSubscription = sqlite.prepare<[number, number]>('DELETE FROM subscriptions WHERE channel_id = ? AND id = ?');
  const activeChannels = sqlite.prepare<[], ChannelRow>(
    `${CHANNEL_SELECT} WHERE c.paused_at IS NULL AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.channel_id = c.id) ORDER BY c.id`,
  );
  const setPaused = sqlite.prepare<[string | null, string | null, number]>('UPDATE channels SET paused_at = ?, pause_reason = ? WHERE id = ?');
  const digestBySlot = sqlite.prepare<[number, string], DigestRow>('SELECT * FROM digests WHERE channel_id = ? AND slot = ?');
  const digestById = sqlite.prepare<[number], DigestRow>('SELECT * FROM digests WHERE id = ?');
  const pendingDigests = sqlite.prepare<[], DigestRow>("SELECT * FROM digests WHERE status = 'pending' ORDER BY id");
  const picksOf = sqlite.prepare<[number], { paper_id: string; reason: string | null }>(
    'SELECT paper_id, reason FROM deliveries WHERE digest_id = ? ORDER BY id',
  );
  const insertDigest = sqlite.prepare(
    `INSERT INTO digests (channel_id, slot, status, nonce, created_at) VALUES (?, ?, 'pending', ?, ?) RETURNING id`,
  );
  const insertDelivery = sqlite.prepare(
    `INSERT OR IGNORE INTO deliveries (channel_id, paper_id, digest_id, status, reason, created_at) VALUES (?, ?, ?, 'pending', ?, ?)`,
  );
  const digestSent = sqlite.prepare("UPDATE digests SET status = 'sent', message_ref = ?, settled_at = ? WHERE id = ?");
  const deliveriesSent = sqlite.prepare("UPDATE deliveries SET status = 'sent', message_ref = ?, sent_at = ? WHERE digest_id = ?");
  const advanceChannel = sqlite.prepare(
    'UPDATE channels SET last_digest_at = ? WHERE id = ? AND (last_digest_at IS NULL OR last_digest_at < ?)',
  );
  const digestSettled = sqlite.prepare('UPDATE digests SET status = ?, error = ?, settled_at = ? WHERE id = ?');
  const freeDeliveries = sqlite.prepare('DELETE FROM deliveries WHERE digest_id = ?');

  const digestFromRow = (row: DigestRow): DigestRecord => ({
    id: row.id,
    channelId: row.channel_id,
    slot: row.slot,
    status: row.status,
    nonce: row.nonce,
    messageRef: row.message_ref,
    picks: picksOf.all(row.id).map((p) => ({ paperId: p.paper_id, reason: p.reason ?? '' })),
  });

  const ensureChannel = sqlite.transaction((ref: ChannelRef, timeZone: string, now: string) => {
    insertWorkspace.run(ref.platform, ref.workspaceId, now);
    insertChannel.run(ref.channelId, timeZone, now, ref.platform, ref.workspaceId);
    return channelFromRow(findChannel.get(ref.platform, ref.workspaceId, ref.channelId)!);
  });

  const createPending = sqlite.transaction((channelId: number, slot: string, nonce: string, picks: DigestPick[], now: string) => {
    const { id } = insertDigest.get(channelId, slot, nonce, now) as { id: number };
    for (const pick of picks) insertDelivery.run(channelId, pick.paperId, id, pick.reason, now);
    return digestFromRow(digestById.get(id)!);
  });

  const markSent = sqlite.transaction((digestId: number, messageRef: string, now: string) => {
    const digest = digestById.get(digestId)!;
    digestSent.run(messageRef, now, digestId);
    deliveriesSent.run(messageRef, now, digestId);
    advanceChannel.run(digest.slot, digest.channel_id, digest.slot);
  });

  const settle = sqlite.transaction((digestId: number, status: 'empty' | 'skipped' | 'failed', error: string | null, now: string) => {
    const digest = digestById.get(digestId)!;
    digestSettled.run(status, error, now, digestId);
    // A failed digest gives its papers back, so they can be picked again once the channel works.
    if (status === 'failed') freeDeliveries.run(digestId);
    else advanceChannel.run(digest.slot, digest.channel_id, digest.slot);
  });

  return {
    findChannel(ref) {
      const row = findChannel.get(ref.platform, ref.workspaceId, ref.channelId);
      return row ? channelFromRow(row) : null;
    },
    ensureChannel(ref, defaults) {
      return ensureChannel(ref, defaults.timeZone, defaults.now);
    },
    updateSchedule(channelId, patch) {
      const columns: Record<keyof SchedulePatch, string> = {
        timeZone: 'time_zone',
        postTime: 'post_time',
        days: 'days',
        picks: 'picks',
        emptyDay: 'empty_day',
      };
      const entries = Object.entries(patch).filter(([, v]) => v !== undefined) as Array<[keyof SchedulePatch, string | number]>;
      if (entries.length > 0) {
        const set = entries.map(([k]) => `${columns[k]} = ?`).join(', ');
        sqlite.prepare(`UPDATE channels SET ${set} WHERE id = ?`).run(...entries.map(([, v]) => v), channelId);
      }
      return channelFromRow(channelById.get(channelId)!);
    },
    setPaused(channelId, pausedAt, reason) {
      setPaused.run(pausedAt, reason, channelId);
    },
    activeChannels() {
      return activeChannels.all().map(channelFromRow);
    },
    listSubscriptions(channelId) {
      return subscriptionsOf.all(channelId).map(subscriptionFromRow);
    },
    countSubscriptions(channelId) {
      return countOf.get(channelId)!.n;
    },
    addSubscription(channelId, subscription: NewSubscription, now) {
      const existing = findSubscription.get(channelId, subscription.kind, subscription.query);
      if (existing) return { subscription: subscriptionFromRow(existing), created: false };
      const row = insertSubscription.get({ channelId, ...subscription, now }) as SubscriptionRow;
      return { subscription: subscriptionFromRow(row), created: true };
    },
    removeSubscription(channelId, subscriptionId) {
      const row = subscriptionById.get(channelId, subscriptionId);
      if (!row) return null;
      deleteSubscription.run(channelId, subscriptionId);
      return subscriptionFromRow(row);
    },
    papersByAuthors(authorIds, since, limit) {
      if (authorIds.length === 0) return [];
      const placeholders = authorIds.map(() => '?').join(', ');
      const rows = sqlite
        .prepare(
          `SELECT ${PAPER_COLUMNS} FROM papers WHERE first_seen_at >= ? AND seq IN
             (SELECT paper_seq FROM paper_authors WHERE author_id IN (${placeholders}))
           ORDER BY published DESC, seq DESC LIMIT ?`,
        )
        .all(since, ...authorIds, limit) as PaperRow[];
      return rows.map(paperFromRow);
    },
    deliveredAmong(channelId, paperIds) {
      if (paperIds.length === 0) return new Set();
      const placeholders = paperIds.map(() => '?').join(', ');
      const rows = sqlite
        .prepare(`SELECT paper_id FROM deliveries WHERE channel_id = ? AND paper_id IN (${placeholders})`)
        .all(channelId, ...paperIds) as Array<{ paper_id: string }>;
      return new Set(rows.map((r) => r.paper_id));
    },
    findDigest(channelId, slot) {
      const row = digestBySlot.get(channelId, slot);
      return row ? digestFromRow(row) : null;
    },
    pendingDigests() {
      return pendingDigests.all().map(digestFromRow);
    },
    createPendingDigest(channelId, slot, nonce, picks, now) {
      return createPending(channelId, slot, nonce, picks, now);
    },
    markDigestSent(digestId, messageRef, now) {
      markSent(digestId, messageRef, now);
    },
    settleDigest(digestId, status, error, now) {
      settle(digestId, status, error, now);
    },
  };
}
