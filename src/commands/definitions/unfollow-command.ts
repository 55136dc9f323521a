import { authorNameKey } from '../../core/author-name.ts';
import { commandLine } from '../../core/command-name.ts';
import { UserError } from '../../core/errors.ts';
import { truncate, type Reply } from '../../core/reply.ts';
import { parseExternalAuthorId } from '../../core/subscriptions/resolve-author.ts';
import type { Subscription } from '../../core/subscriptions/subscription-ports.ts';
import type { CommandSpec } from '../command-spec.ts';
import { findChannelOf } from './channel-of.ts';
import { suggestFollowedAuthors } from './option-suggestions.ts';

/** The person's name of a follow: a follow by id reads “Wei Zhang (s2:1723755)”. */
function followedName(follow: Subscription): string {
  return follow.externalId && follow.query.endsWith(` (${follow.externalId})`) ? follow.query.slice(0, -` (${follow.externalId})`.length) : follow.query;
}

export const unfollowCommand: CommandSpec = {
  name: 'unfollow',
  summary: `Stop following an author: ${commandLine('unfollow Anoop Deoras')}`,
  examples: ['unfollow Anoop Deoras', 'unfollow s2:1723755'],
  options: [{ name: 'author', type: 'text', description: 'The followed author’s name or id', required: true, syntax: 'positional', rest: true, maxLength: 200, suggest: suggestFollowedAuthors }],
  changesChannel: true,
  async run(context, args): Promise<Reply> {
    const input = String(args['author']);
    const channel = await findChannelOf(context);
    const key = authorNameKey(input);
    const externalId = parseExternalAuthorId(input);
    const follows = (channel ? await context.services.subscriptions.listSubscriptions(channel.id) : []).filter(
      (s) => s.kind === 'author' && (externalId !== null ? s.externalId === externalId : authorNameKey(s.query) === key || authorNameKey(followedName(s)) === key),
    );
    if (!channel || follows.length === 0) {
      throw new UserError('unfollow.not_found', `This channel does not follow “${input}”.`, `See what it follows with ${commandLine('list')}.`);
    }
    if (follows.length > 1) {
      // Namesakes followed by id: which one is for the person to say.
      return {
        blocks: [
          { type: 'text', text: `This channel follows ${follows.length} people called “${input}”. Which one should it stop following?` },
          {
            type: 'actions',
            buttons: follows.map((follow) => ({
              kind: 'run' as const,
              label: truncate(`Unfollow ${follow.query}`, 75),
              invocation: { command: 'unfollow', args: { author: follow.externalId ?? follow.query } },
            })),
          },
        ],
        visibility: 'ephemeral',
      };
    }
    const follow = follows[0]!;
    await context.services.subscriptions.removeSubscription(channel.id, follow.id);
    return { blocks: [{ type: 'text', text: `This channel no longer follows ${follow.query}.` }], visibility: 'channel' };
  },
};
