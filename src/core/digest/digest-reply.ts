import { commandLine } from '../command-name.ts';
import { paperToCard } from '../paper-card.ts';
import type { Block, Reply } from '../reply.ts';
import type { ChannelSettings, SourceHealth } from '../subscriptions/subscription-ports.ts';
import type { DigestCandidate } from './select-digest.ts';

/**
 * The heads-up a channel's digest carries when a source failed or was degraded since its last
 * digest (since it was set up, before the first): papers may be missing. One definition, so a
 * preview says what the posted digest will say.
 */
export async function degradedSourcesNotice(health: SourceHealth | null | undefined, channel: ChannelSettings): Promise<string | null> {
  return (await health?.degradedNotice(channel.lastDigestAt ?? channel.createdAt)) ?? null;
}

/**
 * The digest message: a header, then the picks grouped by why they are here (followed authors
 * first), each card labelled with its reasons. One message; adapters split it if a platform's
 * limits demand.
 */
export function buildDigestReply(picks: DigestCandidate[], options: { title: string; notice: string | null }): Reply {
  const blocks: Block[] = [{ type: 'header', text: options.title }];
  if (options.notice) blocks.push({ type: 'context', items: [options.notice] });
  const groups = new Map<string, DigestCandidate[]>();
  for (const pick of picks) {
    const key = pick.reasons[0]!;
    groups.set(key, [...(groups.get(key) ?? []), pick]);
  }
  let rank = 1;
  for (const [reason, members] of groups) {
    blocks.push({ type: 'text', text: reason.charAt(0).toUpperCase() + reason.slice(1), tone: 'muted' });
    for (const pick of members) {
      blocks.push({ type: 'paper', paper: paperToCard(pick.paper, { reason: pick.reasons.join(' · ') }), rank: rank++ });
    }
  }
  blocks.push({ type: 'context', items: [`Change what this channel follows with ${commandLine('list')}, ${commandLine('subscribe')}, ${commandLine('follow')}.`] });
  return { blocks, visibility: 'channel' };
}

/** The short line an empty day posts when the channel asked for it. */
export function buildEmptyDigestReply(options: { title: string; notice: string | null }): Reply {
  const blocks: Block[] = [
    { type: 'header', text: options.title },
    { type: 'text', text: options.notice ?? 'No new papers matched this channel’s subscriptions since the last digest.' },
  ];
  if (options.notice) blocks.push({ type: 'context', items: ['Papers that arrive late will be in the next digest.'] });
  return { blocks, visibility: 'channel' };
}

/** A short note to the team about a digest that could not be delivered or confirmed, and what to do. */
export function buildTroubleNotice(what: string, fix: string): Reply {
  return {
    blocks: [
      { type: 'text', text: what, tone: 'warning' },
      { type: 'context', items: [fix] },
    ],
    visibility: 'channel',
  };
}
