import { UserError } from '../../core/errors.ts';
import type { Reply } from '../../core/reply.ts';
import { parseQuery } from '../../core/search/parse-query.ts';
import { isEmptyQuery } from '../../core/search/search-query.ts';
import type { ChannelSettings } from '../../core/subscriptions/subscription-ports.ts';
import type { CommandContext } from '../command-context.ts';
import type { CommandSpec } from '../command-spec.ts';
import { ensureChannelOf } from './channel-of.ts';
import { assertCanPostHere } from './posting-check.ts';
import { nextDigestLine } from './digest-state-lines.ts';

/** Most subscriptions and follows one channel may have. */
export const MAX_SUBSCRIPTIONS_PER_CHANNEL = 50;
/** Longest subscription query, in characters. */
export const MAX_SUBSCRIPTION_QUERY = 500;

/** Refuses a new subscription or follow when the channel already has the most it may have. */
export function assertRoomForSubscription(context: CommandContext, channel: ChannelSettings): void {
  if (context.services.subscriptions.countSubscriptions(channel.id) >= MAX_SUBSCRIPTIONS_PER_CHANNEL) {
    throw new UserError(
      'subscriptions.limit',
      `This channel already has ${MAX_SUBSCRIPTIONS_PER_CHANNEL} subscriptions and follows, the most one channel can have.`,
      'Remove one first: /papers list shows them with their numbers, /papers unsubscribe <number> removes one.',
    );
  }
}

export const subscribeCommand: CommandSpec = {
  name: 'subscribe',
  aliases: ['sub'],
  summary: 'Get daily picks for a topic in this channel: /papers subscribe recsys cold-start',
  details: 'Any search query works, filters included (cat:cs.IR, author:"…"). The channel gets new matching papers in its daily digest.',
  examples: ['subscribe recsys cold-start', 'subscribe cat:cs.IR llm', 'subscribe "graph neural network" -survey'],
  options: [
    { name: 'query', type: 'text', description: 'A search query for the topic', required: true, syntax: 'positional', rest: true, maxLength: MAX_SUBSCRIPTION_QUERY },
  ],
  changesChannel: true,
  async run(context, args): Promise<Reply> {
    const parsed = parseQuery(String(args['query']));
    if (!parsed.ok) throw parsed.error;
    if (isEmptyQuery(parsed.value)) {
      throw new UserError('subscribe.empty', 'A subscription needs words or filters to match.', 'Example: /papers subscribe recsys cold-start');
    }
    const query = parsed.value;
    const onlyCategories = query.terms.length === 0 && query.authors.length === 0 && query.categories.length > 0;
    await assertCanPostHere(context, `subscribe ${query.text}`);
    const channel = ensureChannelOf(context);
    assertRoomForSubscription(context, channel);
    const { subscription, created } = context.services.subscriptions.addSubscription(
      channel.id,
      { kind: onlyCategories ? 'category' : 'topic', query: query.text, authorId: null, externalId: null, createdBy: context.invoker.userId },
      context.clock.now().toISOString(),
    );
    return {
      blocks: [
        { type: 'text', text: created ? `Subscribed this channel to “${query.text}” (#${subscription.id}).` : `This channel is already subscribed to “${query.text}” (#${subscription.id}).` },
        {
          type: 'context',
          items: [
            nextDigestLine(context, channel),
            'Preview it: /papers digest preview',
          ],
        },
      ],
      visibility: 'channel',
    };
  },
};
