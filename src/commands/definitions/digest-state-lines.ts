import { commandLine } from '../../core/command-name.ts';
import { describeSlot, displayTimeZone, nextDueSlot } from '../../core/digest/schedule.ts';
import type { ChannelSettings } from '../../core/subscriptions/subscription-ports.ts';
import type { CommandContext } from '../command-context.ts';

/** "Next digest: Tue 17 Nov, 09:00 Europe/Berlin", consistent with what the scheduler will deliver (one a local day). */
export function nextDigestLine(context: CommandContext, channel: ChannelSettings): string {
  if (channel.pausedAt) return `Digests are paused: ${channel.pauseReason ?? 'by request'} (${commandLine('resume')})`;
  const next = nextDueSlot(channel, channel, context.clock.now());
  return next ? `Next digest: ${describeSlot(next, channel.timeZone)}` : `No digest day is scheduled: ${commandLine('schedule')} sets one`;
}

/** Digests of the channel not delivered yet, each with why and when paperboy tries again. */
export async function pendingDigestLines(context: CommandContext, channel: ChannelSettings): Promise<string[]> {
  return (await context.services.digests.pending(channel.id)).map((digest) => {
    const when = describeSlot(new Date(digest.slot), channel.timeZone);
    const sent = digest.messages.filter((m) => m.status === 'sent').length;
    const progress = digest.messages.length > 1 ? ` (${sent} of ${digest.messages.length} messages posted)` : '';
    const retry = digest.nextTryAt ? `; next try ${describeSlot(new Date(digest.nextTryAt), channel.timeZone)}` : '';
    return `⚠ The digest of ${when} is not delivered yet${progress}: ${digest.lastError ?? 'in progress'}${retry}`;
  });
}

/** The channel's schedule in one line, with its zone's current name. */
export function scheduleLine(channel: ChannelSettings): string {
  return `Digest ${channel.days} at ${channel.postTime} ${displayTimeZone(channel.timeZone)}, up to ${channel.picks} papers`;
}
