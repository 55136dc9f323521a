/**
 * The three-replica test's channels: 25 Slack and 25 Discord channels, each subscribed to a topic
 * word of its own with a dozen new papers on it, written straight into the scratch schema through
 * the PostgreSQL stores (as the app writes them); and the ledger read back from it, per channel.
 */
import type pg from 'pg';
import { createPgPaperRepository } from '../../src/adapters/store/postgres/pg-paper-repository.ts';
import type { SubscriptionStore } from '../../src/core/subscriptions/subscription-ports.ts';
import { makePaper } from '../support/papers.ts';

export const SLACK_TEAM = 'T0REPLICAS';
/** A guild of the test's own; its channels' ids are snowflakes made from it. */
export const DISCORD_GUILD = '300000000000000000';
export const CHANNELS_PER_PLATFORM = 25;
/**
 * Papers per channel, and the channel's picks: more than Slack's 10 papers a message and Discord's
 * 10 embeds a message, so every digest is two messages and a kill can fall between them.
 */
export const PAPERS_PER_CHANNEL = 12;

export interface PlannedChannel {
  platform: 'slack' | 'discord';
  workspaceId: string;
  channelId: string;
  /** The one word the channel subscribes to; only its own papers carry it. */
  topic: string;
  paperIds: string[];
}

/** `platform:channelId`: how the test keys what it reads from the ledger and from the platforms. */
export const channelKey = (platform: string, channelId: string): string => `${platform}:${channelId}`;

/**
 * A made-up word per channel, consonant-ended so the stemmer keeps it whole and no two share a
 * stem or a prefix (all the same length): a search for one finds that channel's papers only.
 */
function topicWord(index: number): string {
  const letters = 'bcdfghkmprtvwxz';
  return `zorvex${letters[Math.floor(index / letters.length)]}${letters[index % letters.length]}`;
}

/**
 * The 50 channels, Slack and Discord in turn: the scheduler takes due channels in row order, so
 * every replica delivers to both platforms at once and a kill catches both mid-digest.
 */
export function planChannels(): PlannedChannel[] {
  const channels: PlannedChannel[] = [];
  for (let i = 0; i < 2 * CHANNELS_PER_PLATFORM; i++) {
    const slack = i % 2 === 0;
    const n = Math.floor(i / 2);
    channels.push({
      platform: slack ? 'slack' : 'discord',
      workspaceId: slack ? SLACK_TEAM : DISCORD_GUILD,
      channelId: slack ? `C0REPLICA${String(n).padStart(2, '0')}` : String(310_000_000_000_000_000n + BigInt(n)),
      topic: topicWord(i),
      paperIds: Array.from({ length: PAPERS_PER_CHANNEL }, (_, k) => `2612.${String(20000 + i * 100 + k)}`),
    });
  }
  return channels;
}

/**
 * Creates each channel with its subscription, then stores the day's papers (after the
 * subscriptions, so they are new to them: a subscription reads papers above the store's sequence
 * when it was made). Returns the channels' row ids.
 */
export async function seedChannels(pool: pg.Pool, store: SubscriptionStore, channels: PlannedChannel[], now: Date): Promise<number[]> {
  const ids: number[] = [];
  for (const channel of channels) {
    const row = await store.ensureChannel({ platform: channel.platform, workspaceId: channel.workspaceId, channelId: channel.channelId }, { timeZone: 'UTC', now: now.toISOString() });
    await store.addSubscription(row.id, { kind: 'topic', query: channel.topic, authorId: null, externalId: null, createdBy: 'U0SETUP' }, now.toISOString());
    ids.push(row.id);
  }
  const papers = channels.flatMap((channel) =>
    channel.paperIds.map((id, k) =>
      makePaper({
        id,
        title: `${channel.topic[0]!.toUpperCase()}${channel.topic.slice(1)} in practice, part ${k + 1}`,
        abstract: `What ${channel.topic} teaches about retrieval, case ${k + 1}.`,
        published: now.toISOString().slice(0, 10),
      }),
    ),
  );
  await createPgPaperRepository({ pool }).upsertPapers(papers, now.toISOString());
  return ids;
}

/** Schedules every channel daily at `postTime` (HH:MM UTC), `picks` papers a digest. */
export async function scheduleAll(store: SubscriptionStore, channelIds: number[], postTime: string, picks: number): Promise<void> {
  for (const id of channelIds) await store.updateSchedule(id, { timeZone: 'UTC', postTime, days: 'daily', picks });
}

export interface LedgerDigest {
  id: number;
  slot: string;
  status: string;
  /** The digest's key: its messages' markers are `<key>.<position>`. */
  key: string;
  messages: Array<{ position: number; status: string; paperIds: string[] }>;
}

export interface LedgerChannel {
  digests: LedgerDigest[];
  /** The channel's delivery rows: one per paper it was given. */
  deliveries: Array<{ paperId: string; status: string }>;
  leaseHolder: string | null;
}

/** What the scratch schema's ledger holds, per channel (channelKey). */
export async function readLedger(pool: pg.Pool): Promise<Map<string, LedgerChannel>> {
  const channels = await pool.query<{ id: number; platform: string; channel_id: string; lease_holder: string | null }>(
    'SELECT c.id, w.platform, c.channel_id, c.lease_holder FROM channels c JOIN workspaces w ON w.id = c.workspace_id',
  );
  const digests = await pool.query<{ id: number; channel_id: number; slot: string; status: string; nonce: string }>('SELECT id, channel_id, slot, status, nonce FROM digests ORDER BY id');
  const messages = await pool.query<{ digest_id: number; position: number; status: string; paper_ids: string }>(
    'SELECT digest_id, position, status, paper_ids FROM digest_messages ORDER BY digest_id, position',
  );
  const deliveries = await pool.query<{ channel_id: number; paper_id: string; status: string }>('SELECT channel_id, paper_id, status FROM deliveries ORDER BY id');
  const byRow = new Map<number, LedgerChannel>();
  const byKey = new Map<string, LedgerChannel>();
  for (const c of channels.rows) {
    const entry: LedgerChannel = { digests: [], deliveries: [], leaseHolder: c.lease_holder };
    byRow.set(c.id, entry);
    byKey.set(channelKey(c.platform, c.channel_id), entry);
  }
  const digestById = new Map<number, LedgerDigest>();
  for (const d of digests.rows) {
    const digest: LedgerDigest = { id: d.id, slot: d.slot, status: d.status, key: d.nonce, messages: [] };
    digestById.set(d.id, digest);
    byRow.get(d.channel_id)?.digests.push(digest);
  }
  for (const m of messages.rows) digestById.get(m.digest_id)?.messages.push({ position: m.position, status: m.status, paperIds: JSON.parse(m.paper_ids) as string[] });
  for (const d of deliveries.rows) byRow.get(d.channel_id)?.deliveries.push({ paperId: d.paper_id, status: d.status });
  return byKey;
}
