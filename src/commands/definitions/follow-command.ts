import { UserError } from '../../core/errors.ts';
import type { Reply } from '../../core/reply.ts';
import { judgeAuthor, PAPERS_READ } from '../../core/subscriptions/namesakes.ts';
import { describeAuthor, parseExternalAuthorId, resolveAuthor, type AuthorResolution } from '../../core/subscriptions/resolve-author.ts';
import type { AuthorLink, AuthorSearchResult } from '../../core/subscriptions/subscription-ports.ts';
import type { CommandContext } from '../command-context.ts';
import type { CommandSpec } from '../command-spec.ts';
import { ensureChannelOf } from './channel-of.ts';
import { authorChoiceReply, FOLLOW_BY_ID_HELP, namesakeChoiceReply, searchUnavailable } from './follow-choices.ts';
import { assertCanPostHere } from './posting-check.ts';
import { assertRoomForSubscription } from './subscribe-command.ts';
import { suggestAuthorsToFollow } from './option-suggestions.ts';

async function resolveWithSources(context: CommandContext, input: string): Promise<{ resolution: AuthorResolution; link: AuthorLink | null }> {
  const first = await resolveAuthor(context.services.authors, input);
  const linker = context.services.authorLinker;
  if (first.kind !== 'external-only' || !linker) return { resolution: first, link: null };
  // An id no local author carries yet: ask its source which spellings it covers, then look again.
  const link = await linker.linkExternalId(first.externalId);
  const again = await resolveAuthor(context.services.authors, input);
  return { resolution: again.kind === 'resolved' ? { ...again, externalId: first.externalId } : again, link };
}

/** Semantic Scholar and OpenAlex author search for a name; null when paperboy has none (not configured). */
function searchSources(context: CommandContext, name: string): Promise<AuthorSearchResult | null> {
  return context.services.authorLinker?.searchAuthors(name) ?? Promise.resolve(null);
}

function countOf(papers: number): string {
  return `${papers} paper${papers === 1 ? '' : 's'}`;
}

export const followCommand: CommandSpec = {
  name: 'follow',
  summary: 'Get an author’s new papers in this channel: /papers follow Anoop Deoras',
  details:
    'Give a name, an ORCID (0000-0002-1825-0097), an OpenAlex id (A5023888391) or a Semantic Scholar id (s2:1723755). ' +
    'A name that fits several authors, or that several people share, gets a choice, never a guess; ' +
    'a name paperboy does not know is looked up on Semantic Scholar and OpenAlex.',
  examples: ['follow Anoop Deoras', 'follow 0000-0002-1825-0097', 'follow s2:1723755'],
  options: [{ name: 'author', type: 'text', description: 'An author name or id', required: true, syntax: 'positional', rest: true, maxLength: 200, suggest: suggestAuthorsToFollow }],
  changesChannel: true,
  async run(context, args): Promise<Reply> {
    const input = String(args['author']);
    const { authors } = context.services;
    const { resolution, link } = await resolveWithSources(context, input);
    if (resolution.kind === 'not-found') {
      const search = await searchSources(context, input);
      if (!search || search.candidates.length === 0) {
        const why = searchUnavailable(search);
        throw new UserError(
          'follow.not_found',
          why ? `paperboy knows no author called “${input}”, and it ${why}.` : `Neither paperboy nor Semantic Scholar or OpenAlex knows an author called “${input}”.`,
          `Check the spelling. ${FOLLOW_BY_ID_HELP}`,
        );
      }
      await assertCanPostHere(context, `follow ${input}`);
      return authorChoiceReply(input, [], search);
    }
    // Before offering a choice too: a choice that then fails to post helps nobody.
    await assertCanPostHere(context, `follow ${input}`);
    if (resolution.kind === 'ambiguous') {
      const local = await Promise.all(resolution.candidates.map(async (author) => ({ author, shared: (await judgeAuthor(authors, author)).shared })));
      return authorChoiceReply(input, local, await searchSources(context, input));
    }
    if (resolution.kind === 'resolved' && resolution.externalId === null) {
      // A name (or a store id) names a row, and a row is everyone who publishes under that name.
      const judgement = await judgeAuthor(authors, resolution.author);
      if (judgement.shared) {
        const storePapers = new Set((await authors.papersOf(resolution.author.id, PAPERS_READ)).map((paper) => paper.paperId));
        return namesakeChoiceReply(resolution.author, judgement, await searchSources(context, resolution.author.name), storePapers);
      }
    }
    const channel = await ensureChannelOf(context);
    await assertRoomForSubscription(context, channel);
    const { subscriptions } = context.services;
    const externalId = resolution.kind === 'resolved' ? (resolution.externalId ?? parseExternalAuthorId(input)) : resolution.externalId;
    const followed =
      resolution.kind === 'resolved'
        ? { query: resolution.author.name, authorId: resolution.author.id, externalId }
        : { query: link?.name ? `${link.name} (${externalId})` : resolution.externalId, authorId: null, externalId };
    const { subscription, created } = await subscriptions.addSubscription(
      channel.id,
      { kind: 'author', ...followed, createdBy: context.invoker.userId },
      context.clock.now().toISOString(),
    );
    const evidence =
      resolution.kind === 'resolved'
        ? describeAuthor(resolution.author)
        : link && link.sharedNames.length > 0
          ? `Several people publish as ${link.sharedNames.map((name) => `“${name}”`).join(', ')}, so only papers a source names ${externalId} on count as this author’s (${countOf(link.papers)} in the store); new ones reach this channel as the daily ingest finds them.`
          : link && link.papers > 0
            ? `${countOf(link.papers)} in the store carry this id; new ones reach this channel as the daily ingest finds them.`
            : 'No paper in the store carries this id yet; new ones will.';
    return {
      blocks: [
        { type: 'text', text: created ? `This channel now follows ${followed.query} (#${subscription.id}).` : `This channel already follows ${followed.query} (#${subscription.id}).` },
        { type: 'context', items: [evidence] },
      ],
      visibility: 'channel',
    };
  },
};
