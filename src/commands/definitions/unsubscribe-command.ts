import { commandLine } from '../../core/command-name.ts';
import { fail, ok, UserError } from '../../core/errors.ts';
import type { Reply } from '../../core/reply.ts';
import type { CommandSpec } from '../command-spec.ts';
import { findChannelOf } from './channel-of.ts';
import { suggestSubscriptionIds } from './option-suggestions.ts';

export const unsubscribeCommand: CommandSpec = {
  name: 'unsubscribe',
  aliases: ['unsub'],
  summary: `Stop a subscription or follow by its number: ${commandLine('unsubscribe 3')}`,
  examples: ['unsubscribe 3'],
  options: [
    {
      name: 'id',
      type: 'text',
      description: `The subscription number shown by ${commandLine('list')}`,
      required: true,
      syntax: 'positional',
      maxLength: 20,
      suggest: suggestSubscriptionIds,
      validate: (value) => (/^#?\d+$/.test(value) ? ok(value.replace('#', '')) : fail('unsubscribe.bad_id', `“${value}” is not a subscription number.`, `See the numbers with ${commandLine('list')}, then ${commandLine('unsubscribe 3')}.`)),
    },
  ],
  changesChannel: true,
  async run(context, args): Promise<Reply> {
    const channel = await findChannelOf(context);
    // Scoped to this channel: a number from another channel or workspace finds nothing here.
    const removed = channel ? await context.services.subscriptions.removeSubscription(channel.id, Number(args['id'])) : null;
    if (!removed) {
      throw new UserError('unsubscribe.not_found', `This channel has no subscription #${args['id']}.`, `See the numbers with ${commandLine('list')}.`);
    }
    return { blocks: [{ type: 'text', text: `Removed #${removed.id}: ${removed.kind === 'author' ? 'following ' : ''}${removed.query}.` }], visibility: 'channel' };
  },
};
