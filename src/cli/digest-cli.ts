import type { App } from '../app.ts';
import { renderConsoleReply } from '../adapters/console/render-console.ts';
import type { ChannelSettings } from '../core/subscriptions/subscription-ports.ts';

/** `paperboy digest [--dry-run] [--channel ID] [--at ISO-time]`. Returns the exit code. */
export async function runDigestCli(
  app: App,
  args: { dryRun: boolean; channel: string | undefined; at: string | undefined },
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const at = args.at === undefined ? app.clock.now() : new Date(args.at);
  if (Number.isNaN(at.getTime())) {
    err(`--at must be an ISO time such as 2026-11-23T09:00:00Z; got "${args.at}".`);
    return 2;
  }
  const { subscriptions, digests } = app.services;
  const active = subscriptions.activeChannels();
  let channels: ChannelSettings[] = active;
  if (args.channel !== undefined) {
    channels = active.filter((c) => c.ref.channelId === args.channel);
    if (channels.length === 0) {
      const known = active.map((c) => `${c.ref.platform}:${c.ref.channelId}`).join(', ') || 'none';
      err(`No active channel "${args.channel}" has subscriptions. Channels with subscriptions: ${known}.`);
      err('The console chat is channel "console": paperboy chat "/papers subscribe recsys cold-start".');
      return 2;
    }
  }
  if (channels.length === 0) {
    out('No channel has subscriptions yet. Try: paperboy chat "/papers subscribe recsys cold-start"');
    return 0;
  }
  const colour = process.stdout.isTTY === true;
  let failed = false;
  for (const channel of channels) {
    const label = `${channel.ref.platform}:${channel.ref.channelId}`;
    if (args.dryRun) {
      const preview = digests.preview(channel, at);
      out(preview.reply ? `${label} (dry run, not posted):\n${renderConsoleReply(preview.reply, colour)}\n` : `${label}: no new papers since the last digest.`);
      continue;
    }
    // A manual run posts only when there is something new: running it twice posts once.
    const outcome = await digests.runNow({ ...channel, emptyDay: 'quiet' }, at);
    switch (outcome.status) {
      case 'sent': {
        out(`${label}: posted ${outcome.papers} paper${outcome.papers === 1 ? '' : 's'} (${outcome.messageRef}).`);
        if (channel.ref.platform === 'console') {
          const posted = app.consolePoster.posts().find((p) => p.messageRef === outcome.messageRef);
          if (posted) out(`${renderConsoleReply(posted.reply, colour)}\n`);
        }
        break;
      }
      case 'empty-quiet':
      case 'empty-announced':
        out(`${label}: no new papers since the last digest; nothing posted.`);
        break;
      case 'already-settled':
        out(`${label}: that digest was already posted.`);
        break;
      case 'no-poster':
        err(`${label}: ${channel.ref.platform} is not connected in this process; its digests are posted by a running "paperboy serve".`);
        failed = true;
        break;
      case 'paused':
        err(`${label}: paused, paperboy cannot post there (${outcome.reason}).`);
        failed = true;
        break;
      case 'failed':
        err(`${label}: posting failed (${outcome.reason}); it stays pending and the next run retries it.`);
        failed = true;
        break;
    }
  }
  return failed ? 1 : 0;
}
