import { commandLine } from '../../core/command-name.ts';
import { UserError } from '../../core/errors.ts';
import type { Block, Reply } from '../../core/reply.ts';
import { checkCategoryFilters } from '../../core/search/arxiv-categories.ts';
import { parseQuery } from '../../core/search/parse-query.ts';
import { isEmptyQuery, type SearchQuery } from '../../core/search/search-query.ts';
import { correctionsOf, quoteCorrectedWords } from '../../core/search/spelling-suggester.ts';
import type { ChannelSettings } from '../../core/subscriptions/subscription-ports.ts';
import type { CommandContext } from '../command-context.ts';
import type { CommandSpec } from '../command-spec.ts';
import { searchesOf } from '../command-services.ts';
import { ensureChannelOf, findChannelOf } from './channel-of.ts';
import { assertCanPostHere } from './posting-check.ts';
import { nextDigestLine } from './digest-state-lines.ts';

/** Most subscriptions and follows one channel may have. */
export const MAX_SUBSCRIPTIONS_PER_CHANNEL = 50;
/** Longest subscription query, in characters. */
export const MAX_SUBSCRIPTION_QUERY = 500;

/** Refuses a new subscription or follow when the channel already has the most it may have. */
export async function assertRoomForSubscription(context: CommandContext, channel: ChannelSettings): Promise<void> {
  if ((await context.services.subscriptions.countSubscriptions(channel.id)) >= MAX_SUBSCRIPTIONS_PER_CHANNEL) {
    throw new UserError(
      'subscriptions.limit',
      `This channel already has ${MAX_SUBSCRIPTIONS_PER_CHANNEL} subscriptions and follows, the most one channel can have.`,
      `Remove one first: ${commandLine('list')} shows them with their numbers, ${commandLine('unsubscribe <number>')} removes one.`,
    );
  }
}

/** The first paper that matches every word of a query (as a digest matches), or null. */
async function firstMatch(context: CommandContext, query: SearchQuery): Promise<string | null> {
  // The corrected query's own did-you-mean is never shown: skip the vocabulary scan.
  const outcome = await searchesOf(context.services).search({ ...query, page: 1, sort: 'relevance' }, 1, { withSuggestion: false });
  const hit = outcome.hits.find((h) => !h.partial);
  return hit ? hit.paper.title : null;
}

/**
 * Checks a subscription against the papers in the store, as a search would, and returns the
 * notes for the reply. A digest brings papers that match every word, so:
 * - a query that matches no paper because of a likely typo (a rare word whose correction does
 *   match) is refused with the correction. A subscription is announced to the whole channel and
 *   then silently brings nothing every day: one more command now is cheaper than finding that out
 *   in a week. Quoting the word says it is meant as typed (a term newer than the store);
 * - a query that matches nothing otherwise (a new term, a store still empty) is accepted with a
 *   clear warning;
 * - a query that matches but has a rare word is accepted with the did-you-mean beside it.
 */
async function matchNotes(context: CommandContext, query: SearchQuery): Promise<Block[]> {
  if ((await context.services.papers.countPapers()) === 0) {
    return [{ type: 'text', tone: 'muted', text: 'paperboy has no papers yet, so this could not be checked against any: the digest brings new papers that match.' }];
  }
  const outcome = await searchesOf(context.services).search({ ...query, page: 1, sort: 'relevance' }, 1);
  const matches = outcome.hits.some((h) => !h.partial);
  const suggestion = outcome.suggestion;
  // Words the user quoted are meant as typed: no refusal, no did-you-mean for them.
  const corrections = suggestion ? correctionsOf(query.text, suggestion).filter((c) => !c.quoted) : [];
  if (matches) {
    return suggestion && corrections.length > 0 ? [{ type: 'text', tone: 'muted', text: `Did you mean “${suggestion}”? Some of these words are rare in the papers here: ${commandLine(`subscribe ${suggestion}`)}` }] : [];
  }
  if (suggestion && corrections.length > 0) {
    const corrected = parseQuery(suggestion);
    const example = corrected.ok ? await firstMatch(context, corrected.value) : null;
    if (example !== null) {
      throw new UserError(
        'subscribe.no_match',
        `No paper here matches “${query.text}”. Did you mean “${suggestion}”? It matches papers such as “${example}”.`,
        `Subscribe to that: ${commandLine(`subscribe ${suggestion}`)}. If you mean “${query.text}” as typed (a term newer than these papers), quote it: ${commandLine(`subscribe ${quoteCorrectedWords(query.text, corrections)}`)}`,
      );
    }
  }
  return [
    {
      type: 'text',
      tone: 'warning',
      text: `No paper here matches “${query.text}” yet, so the digest brings nothing for it until new papers do.${suggestion && corrections.length > 0 ? ` Did you mean “${suggestion}”?` : ''}`,
    },
  ];
}

export const subscribeCommand: CommandSpec = {
  name: 'subscribe',
  aliases: ['sub'],
  summary: `Get daily picks for a topic in this channel: ${commandLine('subscribe recsys cold-start')}`,
  details:
    'Any search query works, filters included (cat:cs.IR, author:"…"). The channel gets new matching papers in its daily digest. ' +
    'A category must be an arXiv one; a query that no paper matches because of a likely typo is refused with the correction (quote a word to keep it as typed).',
  examples: ['subscribe recsys cold-start', 'subscribe cat:cs.IR llm', 'subscribe "graph neural network" -survey'],
  options: [
    { name: 'query', type: 'text', description: 'A search query for the topic', required: true, syntax: 'positional', rest: true, maxLength: MAX_SUBSCRIPTION_QUERY },
  ],
  changesChannel: true,
  async run(context, args): Promise<Reply> {
    const parsed = parseQuery(String(args['query']));
    if (!parsed.ok) throw parsed.error;
    if (isEmptyQuery(parsed.value)) {
      throw new UserError('subscribe.empty', 'A subscription needs words or filters to match.', `Example: ${commandLine('subscribe recsys cold-start')}`);
    }
    const query = parsed.value;
    // An unknown category would make every ingest ask arXiv for a listing that does not exist.
    const categories = checkCategoryFilters(query.categories, query.text);
    if (!categories.ok) throw categories.error;
    const onlyCategories = query.terms.length === 0 && query.authors.length === 0 && query.categories.length > 0;
    // A full channel is told so first: no point in checking a query it cannot add.
    const existing = await findChannelOf(context);
    if (existing) await assertRoomForSubscription(context, existing);
    const notes = await matchNotes(context, query);
    await assertCanPostHere(context, `subscribe ${query.text}`);
    const channel = await ensureChannelOf(context);
    await assertRoomForSubscription(context, channel);
    const { subscription, created } = await context.services.subscriptions.addSubscription(
      channel.id,
      { kind: onlyCategories ? 'category' : 'topic', query: query.text, authorId: null, externalId: null, createdBy: context.invoker.userId },
      context.clock.now().toISOString(),
    );
    return {
      blocks: [
        { type: 'text', text: created ? `Subscribed this channel to “${query.text}” (#${subscription.id}).` : `This channel is already subscribed to “${query.text}” (#${subscription.id}).` },
        ...notes,
        {
          type: 'context',
          items: [
            nextDigestLine(context, channel),
            `Preview it: ${commandLine('digest preview')}`,
          ],
        },
      ],
      visibility: 'channel',
    };
  },
};
