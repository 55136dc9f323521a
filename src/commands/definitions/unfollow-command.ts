import { authorNameKey } from '../../core/author-name.ts';
import { commandLine } from '../../core/command-name.ts';
import { UserError } from '../../core/errors.ts';
import type { Reply } from '../../core/reply.ts';
import { parseExternalAuthorId } from '../../core/subscriptions/resolve-author.ts';
import type { CommandSpec } from '../command-spec.ts';
import { findChannelOf } from './channel-of.ts';

export const unfollowCommand: CommandSpec = {
  name: 'unfollow',
  summary: `Stop following an author: ${commandLine('unfollow Anoop Deoras')}`,
  examples: ['unfollow Anoop Deoras', 'unfollow s2:1723755'],
  options: [{ name: 'author', type: 'text', description: 'The followed author’s name or id', required: true, syntax: 'positional', rest: true, maxLength: 200 }],
  changesChannel: true,
  run(context, args): Reply {
    const input = String(args['author']);
    const channel = findChannelOf(context);
    const key = authorNameKey(input);
    const externalId = parseExternalAuthorId(input);
    const follow = (channel ? context.services.subscriptions.listSubscriptions(channel.id) : []).find(
      (s) => s.kind === 'author' && (authorNameKey(s.query) === key || (externalId !== null && s.externalId === externalId)),
    );
    if (!channel || !follow) {
      throw new UserError('unfollow.not_found', `This channel does not follow “${input}”.`, `See what it follows with ${commandLine('list')}.`);
    }
    context.services.subscriptions.removeSubscription(channel.id, follow.id);
    return { blocks: [{ type: 'text', text: `This channel no longer follows ${follow.query}.` }], visibility: 'channel' };
  },
};
