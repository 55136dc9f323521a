import { UserError } from '../../core/errors.ts';
import type { Block, Reply } from '../../core/reply.ts';
import { describeAuthor, parseExternalAuthorId, resolveAuthor, type AuthorResolution } from '../../core/subscriptions/resolve-author.ts';
import type { CommandContext } from '../command-context.ts';
import type { CommandSpec } from '../command-spec.ts';
import { ensureChannelOf } from './channel-of.ts';
import { assertCanPostHere } from './posting-check.ts';
import { assertRoomForSubscription } from './subscribe-command.ts';

async function resolveWithSources(context: CommandContext, input: string): Promise<AuthorResolution> {
  const first = resolveAuthor(context.services.authors, input);
  const linker = context.services.authorLinker;
  if (first.kind !== 'external-only' || !linker) return first;
  // An id no local author carries yet: ask its source which spellings it covers, then look again.
  await linker.linkExternalId(first.externalId);
  const again = resolveAuthor(context.services.authors, input);
  return again.kind === 'resolved' ? { ...again, externalId: first.externalId } : again;
}

function choiceReply(input: string, resolution: Extract<AuthorResolution, { kind: 'ambiguous' }>): Reply {
  const blocks: Block[] = [
    { type: 'text', text: `More than one author could be “${input}”. Which one should this channel follow?` },
  ];
  resolution.candidates.forEach((author, i) => {
    blocks.push({ type: 'fields', fields: [{ label: `${i + 1}. ${author.name}`, value: describeAuthor(author) }] });
  });
  blocks.push({
    type: 'actions',
    buttons: resolution.candidates.map((author, i) => ({ kind: 'run' as const, label: `${i + 1}. Follow ${author.name}`, invocation: { command: 'follow', args: { author: `#${author.id}` } } })),
  });
  return { blocks, visibility: 'ephemeral' };
}

export const followCommand: CommandSpec = {
  name: 'follow',
  summary: 'Get an author’s new papers in this channel: /papers follow Anoop Deoras',
  details:
    'Give a name, an ORCID (0000-0002-1825-0097), an OpenAlex id (A5023888391) or a Semantic Scholar id (s2:1723755). ' +
    'A name that fits several authors gets a choice, never a guess.',
  examples: ['follow Anoop Deoras', 'follow 0000-0002-1825-0097', 'follow s2:1723755'],
  options: [{ name: 'author', type: 'text', description: 'An author name or id', required: true, syntax: 'positional', rest: true, maxLength: 200 }],
  changesChannel: true,
  async run(context, args): Promise<Reply> {
    const input = String(args['author']);
    const resolution = await resolveWithSources(context, input);
    if (resolution.kind === 'not-found') {
      throw new UserError(
        'follow.not_found',
        `paperboy knows no author called “${input}”.`,
        'Check the spelling, or follow by id: an ORCID, an OpenAlex id (A…) or a Semantic Scholar id (s2:…).',
      );
    }
    // Before offering a choice too: a choice that then fails to post helps nobody.
    await assertCanPostHere(context, `follow ${input}`);
    if (resolution.kind === 'ambiguous') return choiceReply(input, resolution);
    const channel = ensureChannelOf(context);
    assertRoomForSubscription(context, channel);
    const { subscriptions } = context.services;
    const followed =
      resolution.kind === 'resolved'
        ? { query: resolution.author.name, authorId: resolution.author.id, externalId: resolution.externalId ?? parseExternalAuthorId(input) }
        : { query: resolution.externalId, authorId: null, externalId: resolution.externalId };
    const { subscription, created } = subscriptions.addSubscription(
      channel.id,
      { kind: 'author', ...followed, createdBy: context.invoker.userId },
      context.clock.now().toISOString(),
    );
    const evidence = resolution.kind === 'resolved' ? describeAuthor(resolution.author) : 'No paper in the store carries this id yet; new ones will.';
    return {
      blocks: [
        { type: 'text', text: created ? `This channel now follows ${followed.query} (#${subscription.id}).` : `This channel already follows ${followed.query} (#${subscription.id}).` },
        { type: 'context', items: [evidence] },
      ],
      visibility: 'channel',
    };
  },
};
