import type { Block, Reply } from '../../core/reply.ts';
import { describeSlot, nextSlot } from '../../core/digest/schedule.ts';
import type { CommandSpec } from '../command-spec.ts';
import { findChannelOf } from './channel-of.ts';

export const listCommand: CommandSpec = {
  name: 'list',
  aliases: ['subscriptions', 'subs'],
  summary: 'What this channel follows, and when its digest comes: /papers list',
  examples: ['list'],
  options: [],
  changesChannel: false,
  run(context): Reply {
    const channel = findChannelOf(context);
    const subscriptions = channel ? context.services.subscriptions.listSubscriptions(channel.id) : [];
    if (!channel || subscriptions.length === 0) {
      return {
        blocks: [
          { type: 'text', text: 'This channel follows nothing yet.' },
          { type: 'context', items: ['Start with /papers subscribe recsys cold-start or /papers follow Anoop Deoras.'] },
        ],
        visibility: 'ephemeral',
      };
    }
    const next = nextSlot(channel, context.clock.now());
    const blocks: Block[] = [
      { type: 'header', text: 'This channel follows' },
      {
        type: 'fields',
        fields: subscriptions.map((s) => ({
          label: `#${s.id} ${s.kind === 'author' ? 'author' : s.kind === 'category' ? 'category' : 'topic'}`,
          value: s.query,
        })),
      },
      {
        type: 'context',
        items: [
          `Digest ${channel.days} at ${channel.postTime} ${channel.timeZone}, up to ${channel.picks} papers`,
          channel.emptyDay === 'quiet' ? 'quiet on empty days' : 'says so on empty days',
          channel.pausedAt ? `paused: ${channel.pauseReason ?? 'by request'} (/papers resume)` : next ? `next: ${describeSlot(next, channel.timeZone)}` : 'no digest day set',
        ],
      },
    ];
    return { blocks, visibility: 'ephemeral' };
  },
};
