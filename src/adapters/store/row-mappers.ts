/**
 * Row → domain mappers both engines' stores use (SQLite's and PostgreSQL's, src/adapters/store/
 * postgres). Their drizzle rows are typed from different schema modules (schema.ts, pg-schema.ts)
 * but carry the same fields, so each mapper takes the shape it reads rather than either schema's
 * row type: one mapping, so the two stores cannot drift apart in what they answer.
 */
import type { ChannelRef } from '../../core/delivery-ports.ts';
import type { DigestMessageRecord, DigestRecord } from '../../core/digest/digest-ledger.ts';
import type { ChannelSettings } from '../../core/subscriptions/subscription-ports.ts';

/** A channel row joined to its workspace's platform and team id, as both SubscriptionStores select it. */
export interface ChannelRow {
  channel: Omit<ChannelSettings, 'ref'> & { channelId: string };
  platform: ChannelRef['platform'];
  teamId: string;
}

export function channelFromRow({ channel, platform, teamId }: ChannelRow): ChannelSettings {
  return {
    id: channel.id,
    ref: { platform, workspaceId: teamId, channelId: channel.channelId },
    timeZone: channel.timeZone,
    postTime: channel.postTime,
    days: channel.days,
    picks: channel.picks,
    emptyDay: channel.emptyDay,
    pausedAt: channel.pausedAt,
    pauseReason: channel.pauseReason,
    lastDigestAt: channel.lastDigestAt,
    papersThroughSeq: channel.papersThroughSeq,
    lastChangedBy: channel.lastChangedBy,
    createdAt: channel.createdAt,
  };
}

/** A digests row: the record's own fields, with the key stored as nonce and the last error as error. */
export type DigestRow = Omit<DigestRecord, 'key' | 'lastError' | 'picks' | 'messages'> & { nonce: string; error: string | null };

/** A deliveries row of a digest (a pick); reason is nullable in both schemas. */
export interface DigestPickRow {
  paperId: string;
  reason: string | null;
}

/** A digest_messages row: payload and paper ids are stored as JSON text. */
export type DigestMessageRow = Omit<DigestMessageRecord, 'payload' | 'paperIds'> & { payload: string; paperIds: string };

/**
 * A DigestRecord from its row and its picks and messages, each list already that digest's, in
 * order (the SQLite ledger reads them per digest, the PostgreSQL one for many digests at once).
 */
export function digestFromRows(row: DigestRow, picks: readonly DigestPickRow[], messages: readonly DigestMessageRow[]): DigestRecord {
  return {
    id: row.id,
    channelId: row.channelId,
    slot: row.slot,
    kind: row.kind,
    status: row.status,
    key: row.nonce,
    throughSeq: row.throughSeq,
    picks: picks.map((pick) => ({ paperId: pick.paperId, reason: pick.reason ?? '' })),
    messages: messages.map((m) => ({
      position: m.position,
      payload: JSON.parse(m.payload) as unknown,
      paperIds: JSON.parse(m.paperIds) as string[],
      status: m.status,
      messageRef: m.messageRef,
      attemptedAt: m.attemptedAt,
    })),
    attempts: row.attempts,
    nextTryAt: row.nextTryAt,
    lastError: row.error,
    noticeSentAt: row.noticeSentAt,
    createdAt: row.createdAt,
  };
}
