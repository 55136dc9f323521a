import { commandLine } from '../../core/command-name.ts';
import { explainPick, type PickExplanation } from '../../core/learning/explain-pick.ts';
import type { Neighbour } from '../../core/learning/channel-model.ts';
import { readableTerm } from '../../core/learning/paper-terms.ts';
import { paperToCard } from '../../core/paper-card.ts';
import type { Block, Field, Reply } from '../../core/reply.ts';
import { truncate } from '../../core/reply.ts';
import type { CommandSpec } from '../command-spec.ts';
import { findChannelOf } from './channel-of.ts';
import { findOrFetchPaper } from './paper-command.ts';
import { ratedPaperOption } from './rater-of.ts';

const percent = (x: number) => `${Math.round(x * 100)}%`;

function neighbourText(neighbour: Neighbour | null, tally: (n: Neighbour) => string): string {
  if (!neighbour) return 'none shares a term with it';
  return `“${truncate(neighbour.rated.paper.title, 80)}” (${neighbour.rated.paper.id}, ${tally(neighbour)}, similarity ${neighbour.similarity.toFixed(2)})`;
}

/** The explanation as fields: one per subscription, then the model's view. */
export function explanationFields(explanation: PickExplanation): Field[] {
  const fields: Field[] = explanation.topics.map(({ subscription, found, missing }) => ({
    label: `#${subscription.id} ${subscription.kind === 'author' ? 'follow' : subscription.kind} “${subscription.query}”`,
    value:
      missing.length === 0
        ? `matches (${found.join(', ')})`
        : found.length === 0
          ? 'does not match'
          : `partly: has ${found.join(', ')}; lacks ${missing.join(', ')}`,
  }));
  const { model } = explanation;
  if (!model) return fields;
  fields.push(
    { label: 'This channel’s model', value: `${percent(model.score)} wanted · weighs ${percent(model.weight)} of a digest score after ${model.evidence} ratings and saves` },
    { label: 'Nearest liked', value: neighbourText(model.nearestLiked, (n) => (n.rated.ups > 0 ? `${n.rated.ups} 👍` : 'saved')) },
    { label: 'Nearest disliked', value: neighbourText(model.nearestDisliked, (n) => `${n.rated.downs} 👎`) },
    {
      label: 'Strongest terms',
      value: model.terms.length === 0 ? 'none the model knows' : model.terms.map((t) => `${readableTerm(t.term)} ${t.contribution >= 0 ? '+' : '−'}${Math.abs(t.contribution).toFixed(2)}`).join(', '),
    },
  );
  return fields;
}

/** `why <id>`: how this channel's subscriptions and ratings score one paper. */
export const whyCommand: CommandSpec = {
  name: 'why',
  summary: `Why a paper is (or is not) picked here: ${commandLine('why 2604.23069')}`,
  details: 'Shows which of this channel’s subscriptions the paper matches, and what the channel’s ratings make of it: its score, the nearest liked and disliked papers, the terms that weigh most.',
  examples: ['why 2604.23069'],
  options: [ratedPaperOption],
  changesChannel: false,
  async run(context, args): Promise<Reply> {
    const paper = await findOrFetchPaper(context, String(args['id']));
    const channel = await findChannelOf(context);
    const subscriptions = channel ? await context.services.subscriptions.listSubscriptions(channel.id) : [];
    const model = channel ? await context.services.learning.modelFor(channel.id) : null;
    const explanation = explainPick(paper, subscriptions, model);
    const blocks: Block[] = [{ type: 'paper', paper: paperToCard(paper) }];
    const fields = explanationFields(explanation);
    if (fields.length > 0) blocks.push({ type: 'fields', fields });
    const hints: string[] = [];
    if (subscriptions.length === 0) hints.push(`This channel follows nothing yet: ${commandLine('subscribe recsys cold-start')}.`);
    if (!model) hints.push(`This channel has rated nothing up yet, so its picks follow its subscriptions alone: ${commandLine(`rate ${paper.id} up`)}.`);
    if (hints.length > 0) blocks.push({ type: 'context', items: hints });
    return { blocks, visibility: 'ephemeral' };
  },
};
