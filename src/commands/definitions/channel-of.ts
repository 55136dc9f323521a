import type { ChannelRef } from '../../core/delivery-ports.ts';
import type { ChannelSettings } from '../../core/subscriptions/subscription-ports.ts';
import type { CommandContext } from '../command-context.ts';

/** The channel a command runs in, from the verified invoker only (never from user-typed ids). */
export function channelRefOf(context: CommandContext): ChannelRef {
  const { platform, workspaceId, channelId } = context.invoker;
  return { platform, workspaceId, channelId };
}

/** The channel's settings row, created on first use with the configured default time zone. */
export async function ensureChannelOf(context: CommandContext): Promise<ChannelSettings> {
  return context.services.subscriptions.ensureChannel(channelRefOf(context), {
    timeZone: context.services.defaultTimeZone,
    now: context.clock.now().toISOString(),
  });
}

/** The channel's settings row, or null when this channel never subscribed to anything. */
export async function findChannelOf(context: CommandContext): Promise<ChannelSettings | null> {
  return context.services.subscriptions.findChannel(channelRefOf(context));
}
