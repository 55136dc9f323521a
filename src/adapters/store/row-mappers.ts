/**
 * Row → domain mappers both engines' stores use (SQLite's and PostgreSQL's, src/adapters/store/
 * postgres). Their drizzle rows are typed from different schema modules (schema.ts, pg-schema.ts)
 * but carry the same fields, so each mapper takes the shape it reads rather than either schema's
 * row type: one mapping, so the two stores cannot drift apart in what they answer.
 */
import type { ChannelRef } from '../../core/delivery-ports.ts';
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
