import type Database from 'better-sqlite3';
import type { ChannelRef } from '../../core/delivery-ports.ts';
import type {
  ChannelSettings,
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
  papers_through_seq: number | null;
  last_changed_by: string | null;
  created_at: string;
}

interface SubscriptionRow {
  id: number;
  channel_id: number;
  kind: Subscription['kind'];
  query: string;
  author_id: number | null;
  external_id: string | null;
  after_seq: number;
  created_by: string;
  created_at: string;
}


const CHANNEL_SELECT = `SELECT c.id, w.platform, w.team_id, c.channel_id, c.time_zone, c.post_time, c.days, c.picks, c.empty_day,
  c.paused_at, c.pause_reason, c.last_digest_at, c.papers_through_seq, c.last_changed_by, c.created_at FROM channels c JOIN workspaces w ON w.id = c.workspace_id`;

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
    papersThroughSeq: row.papers_through_seq,
    lastChangedBy: row.last_changed_by,
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
    afterSeq: row.after_seq,
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
    `INSERT INTO subscriptions (channel_id, kind, query, author_id, external_id, after_seq, created_by, created_at)
     VALUES (@channelId, @kind, @query, @authorId, @externalId, (SELECT COALESCE(max(seq), 0) FROM papers), @createdBy, @now) RETURNING *`,
  );
  const subscriptionById = sqlite.prepare<[number, number], SubscriptionRow>('SELECT * FROM subscriptions WHERE channel_id = ? AND id = ?');
  const deleteSubscription = sqlite.prepare<[number, number]>('DELETE FROM subscriptions WHERE channel_id = ? AND id = ?');
  const changedBy = sqlite.prepare<[string, number]>('UPDATE channels SET last_changed_by = ? WHERE id = ?');
  const activeChannels = sqlite.prepare<[], ChannelRow>(
    `${CHANNEL_SELECT} WHERE c.paused_at IS NULL AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.channel_id = c.id) ORDER BY c.id`,
  );
  const pausedOf = sqlite.prepare<[string, string], ChannelRow>(`${CHANNEL_SELECT} WHERE w.platform = ? AND w.team_id = ? AND c.paused_at IS NOT NULL ORDER BY c.id`);
  const setPaused = sqlite.prepare<[string | null, string | null, number]>('UPDATE channels SET paused_at = ?, pause_reason = ? WHERE id = ?');
  const ensureChannel = sqlite.transaction((ref: ChannelRef, timeZone: string, now: string) => {
    insertWorkspace.run(ref.platform, ref.workspaceId, now);
    insertChannel.run(ref.channelId, timeZone, now, ref.platform, ref.workspaceId);
    return channelFromRow(findChannel.get(ref.platform, ref.workspaceId, ref.channelId)!);
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
    pausedChannels(platform, workspaceId) {
      return pausedOf.all(platform, workspaceId).map(channelFromRow);
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
      changedBy.run(subscription.createdBy, channelId);
      return { subscription: subscriptionFromRow(row), created: true };
    },
    removeSubscription(channelId, subscriptionId) {
      const row = subscriptionById.get(channelId, subscriptionId);
      if (!row) return null;
      deleteSubscription.run(channelId, subscriptionId);
      return subscriptionFromRow(row);
    },
    papersByAuthors(authorIds, range, limit) {
      if (authorIds.length === 0) return [];
      const placeholders = authorIds.map(() => '?').join(', ');
      const rows = sqlite
        .prepare(
          `SELECT ${PAPER_COLUMNS} FROM papers WHERE seq > ? AND seq <= ? AND seq IN
             (SELECT paper_seq FROM paper_authors WHERE author_id IN (${placeholders}))
           ORDER BY published DESC, seq DESC LIMIT ?`,
        )
        .all(range.after, range.through, ...authorIds, limit) as PaperRow[];
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
  };
}
