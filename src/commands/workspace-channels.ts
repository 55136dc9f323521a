/**
 * The channels of one workspace that follow something, with what they follow, their schedule and
 * whether their digests are paused: what Slack's App Home lists (ChatHost.workspaceChannels).
 * Only the invoker's workspace, as the platform vouched for it, is ever read.
 */
import type { SubscriptionKind } from '../core/subscriptions/subscription-ports.ts';
import type { CommandContext } from './command-context.ts';
import { nextDigestLine, scheduleLine } from './definitions/digest-state-lines.ts';

export interface WorkspaceChannel {
  /** The platform's id of the channel (Slack `C…`, `G…` or `D…`). */
  channelId: string;
  /** What it follows, in the order it subscribed, with the ids `unsubscribe` takes. */
  subscriptions: { id: number; kind: SubscriptionKind; query: string }[];
  /** “Digest weekdays at 09:00 Europe/Berlin, up to 5 papers”. */
  schedule: string;
  /** When its next digest comes, or why its digests are paused and how to resume them. */
  next: string;
  paused: boolean;
}

/** The invoker's workspace's channels with at least one subscription, oldest first. */
export async function listWorkspaceChannels(context: CommandContext): Promise<WorkspaceChannel[]> {
  const { platform, workspaceId } = context.invoker;
  const store = context.services.subscriptions;
  const channels = await store.subscribedChannels(platform, workspaceId);
  return Promise.all(
    channels.map(async (channel) => ({
      channelId: channel.ref.channelId,
      subscriptions: (await store.listSubscriptions(channel.id)).map(({ id, kind, query }) => ({ id, kind, query })),
      schedule: scheduleLine(channel),
      next: nextDigestLine(context, channel),
      paused: channel.pausedAt !== null,
    })),
  );
}
