import { commandLine } from '../../core/command-name.ts';
import { paperToCard } from '../../core/paper-card.ts';
import type { Block, Reply } from '../../core/reply.ts';
import type { CommandSpec } from '../command-spec.ts';
import { searchesOf } from '../command-services.ts';
import { findChannelOf } from './channel-of.ts';

/** How far back `recommend` looks. */
const RECOMMEND_DAYS = 7;
const DEFAULT_RECOMMENDATIONS = 5;

/**
 * `recommend [n]`: the channel's picks on demand from the papers paperboy received in the last
 * week, ranked as its digest ranks them (subscriptions blended with what it rated), including
 * papers outside its subscriptions that its ratings point to. Papers already posted here are left out.
 */
export const recommendCommand: CommandSpec = {
  name: 'recommend',
  summary: `Picks for this channel from the last week: ${commandLine('recommend 5')}`,
  details: 'Ranked as the digest ranks: this channel’s subscriptions blended with what its people rated, with each pick’s reason. Papers the channel was already sent are left out.',
  examples: ['recommend', 'recommend 10'],
  options: [{ name: 'n', type: 'integer', description: 'How many papers (1-20)', required: false, syntax: 'positional', min: 1, max: 20 }],
  changesChannel: false,
  async run(context, args): Promise<Reply> {
    const count = args['n'] === undefined ? DEFAULT_RECOMMENDATIONS : Number(args['n']);
    const { subscriptions, learning } = context.services;
    const channel = await findChannelOf(context);
    const followed = channel ? await subscriptions.listSubscriptions(channel.id) : [];
    // The model is fitted here only for a channel without subscriptions: the selection fits its own, off this thread when serving.
    if (!channel || (followed.length === 0 && !(await learning.modelFor(channel.id)))) {
      return {
        blocks: [
          { type: 'text', text: 'This channel follows nothing and has rated nothing up, so paperboy has nothing to go on.' },
          { type: 'context', items: [`Start with ${commandLine('subscribe recsys cold-start')} or ${commandLine('rate 2604.23069 up')}.`] },
        ],
        visibility: 'ephemeral',
      };
    }
    const now = context.clock.now();
    const weekAgo = new Date(now.getTime() - RECOMMEND_DAYS * 86_400_000).toISOString();
    const after = await learning.corpus.seqBefore(weekAgo);
    // Every subscription reads the whole week, also one made today (a digest reads only papers newer than it).
    const sinceWeekStart = followed.map((s) => ({ ...s, afterSeq: 0 }));
    const selection = await searchesOf(context.services).selectDigest(
      { ...channel, papersThroughSeq: after, picks: count },
      sinceWeekStart,
      now,
      Number.MAX_SAFE_INTEGER,
      count,
    );
    const picks = selection.picks.slice(0, count);
    if (picks.length === 0) {
      return {
        blocks: [{ type: 'text', text: `Nothing new for this channel in the last ${RECOMMEND_DAYS} days that it was not already sent.` }],
        visibility: 'ephemeral',
      };
    }
    const blocks: Block[] = [{ type: 'header', text: `Picks for this channel · last ${RECOMMEND_DAYS} days` }];
    picks.forEach((pick, i) => blocks.push({ type: 'paper', paper: paperToCard(pick.paper, { reason: pick.reasons.join(' · ') }), rank: i + 1 }));
    blocks.push({ type: 'context', items: [`Teach the picks with ${commandLine('rate <id> up')} or ${commandLine('rate <id> down')}; ${commandLine('why <id>')} explains one.`] });
    return { blocks, visibility: 'ephemeral' };
  },
};
