import type { App } from '../app.ts';
import { renderConsoleReply } from '../adapters/console/render-console.ts';
import { commandLine } from '../core/command-name.ts';
import type { ChannelSettings } from '../core/subscriptions/subscription-ports.ts';

/** How far ahead of the clock `--at` may be. */
const MAX_AT_AHEAD_MS = 24 * 60 * 60 * 1000;

/**
 * `paperboy digest [--dry-run [--json]] [--channel ID] [--at ISO-time]`. Returns the exit code.
 * With --json a dry run of one channel prints its picks in order as
 * `[{"id","title","reason","score"}]` (other tools read it: keep the shape).
 */
export async function runDigestCli(
  app: App,
  args: { dryRun: boolean; json?: boolean; channel: string | undefined; at: string | undefined },
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const at = args.at === undefined ? app.clock.now() : new Date(args.at);
  if (Number.isNaN(at.getTime())) {
    err(`--at must be an ISO time such as 2026-11-23T09:00:00Z; got "${args.at}".`);
    return 2;
  }
  // A digest dated ahead would move the channel's last digest into the future (a year typo
  // silenced days of digests before paperboy learned to treat such a date as now): refuse it.
  if (at.getTime() > app.clock.now().getTime() + MAX_AT_AHEAD_MS) {
    err(`--at ${args.at} is more than a day ahead of this machine's clock (${app.clock.now().toISOString()}); leave --at out to post now, or give a time up to a day ahead.`);
    return 2;
  }
  if (args.json && (!args.dryRun || args.channel === undefined)) {
    err('--json prints the picks of one channel\'s dry run: paperboy digest --channel console --dry-run --json');
    return 2;
  }
  const { subscriptions, digests } = app.services;
  const active = await subscriptions.activeChannels();
  let channels: ChannelSettings[] = active;
  if (args.channel !== undefined) {
    channels = active.filter((c) => c.ref.channelId === args.channel);
    if (channels.length === 0) {
      const known = active.map((c) => `${c.ref.platform}:${c.ref.channelId}`).join(', ') || 'none';
      err(`No active channel "${args.channel}" has subscriptions. Channels with subscriptions: ${known}.`);
      err(`The console chat is channel "console": paperboy chat "${commandLine('subscribe recsys cold-start')}".`);
      return 2;
    }
  }
  if (channels.length === 0) {
    out(`No channel has subscriptions yet. Try: paperboy chat "${commandLine('subscribe recsys cold-start')}"`);
    return 0;
  }
  const colour = process.stdout.isTTY === true;
  let failed = false;
  for (const channel of channels) {
    const label = `${channel.ref.platform}:${channel.ref.channelId}`;
    if (args.dryRun) {
      const preview = await digests.preview(channel, at);
      if (args.json) {
        for (const pending of preview.pending) err(`${label}: the digest of ${pending.slot} is not delivered yet; a run without --dry-run finishes it first.`);
        out(JSON.stringify(preview.picks.map((pick) => ({ id: pick.paper.id, title: pick.paper.title, reason: pick.reasons.join(' · '), score: pick.score }))));
        continue;
      }
      for (const pending of preview.pending) {
        out(`${label}: the digest of ${pending.slot} is not delivered yet (${pending.picks.length} papers${pending.lastError ? `; ${pending.lastError}` : ''}); a run without --dry-run finishes it first.`);
      }
      // The notice is inside the reply when there is one; an empty day's digest carries it too.
      out(
        preview.reply
          ? `${label} (dry run, not posted):\n${renderConsoleReply(preview.reply, colour)}\n`
          : `${label}: no new papers since the last digest.${preview.notice ? ` ${preview.notice}` : ''}`,
      );
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
      case 'waiting':
        err(`${label}: not posted yet (${outcome.reason}); it stays pending and is tried again at ${outcome.nextTryAt} (or by the next paperboy digest).`);
        failed = true;
        break;
      case 'busy':
        err(`${label}: another paperboy process is posting this channel's digest right now; nothing was posted twice.`);
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
