import { commandLine } from '../../core/command-name.ts';
import type { Block, Reply } from '../../core/reply.ts';
import type { CommandSpec } from '../command-spec.ts';
import { findChannelOf } from './channel-of.ts';
import { nextDigestLine, pendingDigestLines, scheduleLine } from './digest-state-lines.ts';

export const listCommand: CommandSpec = {
  name: 'list',
  aliases: ['subscriptions', 'subs'],
  summary: `What this channel follows, and when its digest comes: ${commandLine('list')}`,
  examples: ['list'],
  options: [],
  changesChannel: false,
  async run(context): Promise<Reply> {
    const channel = await findChannelOf(context);
    const subscriptions = channel ? await context.services.subscriptions.listSubscriptions(channel.id) : [];
    if (!channel || subscriptions.length === 0) {
      return {
        blocks: [
          { type: 'text', text: 'This channel follows nothing yet.' },
          { type: 'context', items: [`Start with ${commandLine('subscribe recsys cold-start')} or ${commandLine('follow Anoop Deoras')}.`] },
        ],
        visibility: 'ephemeral',
      };
    }
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
          scheduleLine(channel),
          channel.emptyDay === 'quiet' ? 'quiet on empty days' : 'says so on empty days',
          nextDigestLine(context, channel),
        ],
      },
    ];
    const pending = await pendingDigestLines(context, channel);
    if (pending.length > 0) blocks.push({ type: 'text', text: pending.join('\n'), tone: 'warning' });
    return { blocks, visibility: 'ephemeral' };
  },
};
