import { authorNameKey } from '../../core/author-name.ts';
import { truncate, type Block, type Button, type Reply } from '../../core/reply.ts';
import { describeCircles, type NamesakeJudgement } from '../../core/subscriptions/namesakes.ts';
import { describeAuthor } from '../../core/subscriptions/resolve-author.ts';
import type { AuthorProfile, AuthorSearchResult, ExternalAuthorCandidate } from '../../core/subscriptions/subscription-ports.ts';

/** Candidates from Semantic Scholar and OpenAlex offered at most. */
export const MAX_EXTERNAL_CHOICES = 6;
/** Co-author groups shown as what the store knows of a shared name. */
const CIRCLES_SHOWN = 4;
/** Buttons per actions block: Discord's row of five (adapters split longer blocks, but one row reads best). */
const BUTTONS_PER_BLOCK = 5;
/** Slack cuts button text at 75 characters (https://api.slack.com/reference/block-kit/block-elements#button). */
const BUTTON_LABEL_MAX = 75;

/** How to follow one person when a name cannot say which. */
export const FOLLOW_BY_ID_HELP =
  'Follow one person by id: an ORCID (follow 0000-0002-1825-0097), an OpenAlex id (follow A5023888391, from their openalex.org/authors page) ' +
  'or a Semantic Scholar id (follow s2:1723755, the number at the end of their semanticscholar.org/author page).';

const SOURCE_NAMES = { 'semantic-scholar': 'Semantic Scholar', openalex: 'OpenAlex' } as const;

/**
 * Why no candidates came from the sources, as what paperboy did (“is offline: …”), or null when a
 * source answered. `search` null: author search is not set up.
 */
export function searchUnavailable(search: AuthorSearchResult | null): string | null {
  if (search === null) return 'is not set up to ask Semantic Scholar or OpenAlex';
  if (search.failures.length < 2) return null;
  if (search.failures.every((f) => f.unreachable)) return `is offline: ${search.failures[0]!.message}`;
  return `could not ask Semantic Scholar or OpenAlex (${search.failures.map((f) => `${SOURCE_NAMES[f.source]}: ${f.message}`).join('; ')})`;
}

/**
 * The candidates worth offering, best first: those with papers in the store under the name (the
 * same people the store already knows), then an exact name before a compatible one (“W. Zhang”),
 * then more papers. One person both sources know (the same ORCID) is offered once.
 */
export function rankExternalCandidates(candidates: readonly ExternalAuthorCandidate[], name: string, storePaperIds: ReadonlySet<string>): Array<ExternalAuthorCandidate & { inStore: number }> {
  const key = authorNameKey(name);
  const seenOrcids = new Set<string>();
  return candidates
    .map((candidate) => ({ ...candidate, inStore: candidate.arxivIds.filter((id) => storePaperIds.has(id)).length }))
    .sort(
      (a, b) =>
        b.inStore - a.inStore ||
        Number(authorNameKey(b.name) === key) - Number(authorNameKey(a.name) === key) ||
        (b.paperCount ?? 0) - (a.paperCount ?? 0),
    )
    .filter((candidate) => {
      if (candidate.orcid === null) return true;
      if (seenOrcids.has(candidate.orcid)) return false;
      seenOrcids.add(candidate.orcid);
      return true;
    })
    .slice(0, MAX_EXTERNAL_CHOICES);
}

/** The evidence line of a candidate: source and id, institution, papers, a recent title, ORCID, papers the store has. */
export function describeExternalCandidate(candidate: ExternalAuthorCandidate & { inStore?: number }): string {
  const parts = [`${SOURCE_NAMES[candidate.source]} ${candidate.followId}`];
  if (candidate.affiliation) parts.push(candidate.affiliation);
  if (candidate.paperCount !== null) parts.push(`${candidate.paperCount} paper${candidate.paperCount === 1 ? '' : 's'}`);
  if (candidate.recentTitle) parts.push(`recent: “${candidate.recentTitle}”`);
  if (candidate.orcid) parts.push(`ORCID ${candidate.orcid}`);
  if (candidate.inStore) parts.push(`${candidate.inStore} of their papers in paperboy’s store`);
  return parts.join(' · ');
}

function followButtons(choices: Array<{ label: string; author: string }>): Block[] {
  const buttons: Button[] = choices.map((choice) => ({
    kind: 'run',
    label: truncate(choice.label, BUTTON_LABEL_MAX),
    invocation: { command: 'follow', args: { author: choice.author } },
  }));
  const blocks: Block[] = [];
  for (let i = 0; i < buttons.length; i += BUTTONS_PER_BLOCK) blocks.push({ type: 'actions', buttons: buttons.slice(i, i + BUTTONS_PER_BLOCK) });
  return blocks;
}

/** Fields and buttons for candidates from the sources, numbered from `first`. */
function externalChoiceBlocks(candidates: ReadonlyArray<ExternalAuthorCandidate & { inStore?: number }>, first: number): Block[] {
  return [
    ...candidates.map((candidate, i): Block => ({ type: 'fields', fields: [{ label: `${first + i}. ${candidate.name}`, value: describeExternalCandidate(candidate) }] })),
    ...followButtons(candidates.map((candidate, i) => ({ label: `${first + i}. Follow ${candidate.name} (${candidate.followId})`, author: candidate.followId }))),
  ];
}

/**
 * A name several people share: never followed, always a choice. Online, the people Semantic
 * Scholar and OpenAlex know by that name, each followed by id; offline (or when they know nobody),
 * what the store knows (its co-author groups) and how to follow by id.
 */
export function namesakeChoiceReply(
  author: AuthorProfile,
  judgement: NamesakeJudgement,
  search: AuthorSearchResult | null,
  storePaperIds: ReadonlySet<string>,
): Reply {
  const candidates = search ? rankExternalCandidates(search.candidates, author.name, storePaperIds) : [];
  const blocks: Block[] = [
    {
      type: 'text',
      text: `Several people publish as “${author.name}”, so paperboy will not guess which one to follow: ${judgement.reasons.join('; ')}.`,
    },
  ];
  if (candidates.length > 0) {
    blocks.push({ type: 'text', text: 'Semantic Scholar and OpenAlex know these people by that name. Which one should this channel follow?' });
    blocks.push(...externalChoiceBlocks(candidates, 1));
  }
  const circles = describeCircles(judgement, CIRCLES_SHOWN);
  if (circles.length > 0) {
    blocks.push({ type: 'text', text: `What paperboy’s store knows: ${author.paperCount} papers under that name, in ${judgement.circles.length} separate groups of co-authors. The largest:`, tone: 'muted' });
    blocks.push({ type: 'context', items: circles.map((line, i) => `${i + 1}. ${line}`) });
  }
  if (candidates.length === 0) {
    const why = searchUnavailable(search);
    blocks.push({ type: 'text', text: why ? `paperboy ${why}, so it cannot offer the people behind the name.` : 'Neither Semantic Scholar nor OpenAlex lists anyone by that name.', tone: 'warning' });
    blocks.push({ type: 'text', text: FOLLOW_BY_ID_HELP });
  }
  return { blocks, visibility: 'ephemeral' };
}

/**
 * A name the store does not know exactly: the store's close names (followed by store id, shared
 * ones marked) and the people Semantic Scholar and OpenAlex know by the name (followed by id).
 */
export function authorChoiceReply(
  input: string,
  local: Array<{ author: AuthorProfile; shared: boolean }>,
  search: AuthorSearchResult | null,
): Reply {
  const candidates = search ? rankExternalCandidates(search.candidates, input, new Set()) : [];
  const blocks: Block[] = [];
  if (local.length > 0) {
    blocks.push({ type: 'text', text: `More than one author could be “${input}”. Which one should this channel follow?` });
    local.forEach(({ author, shared }, i) => {
      const label = `${i + 1}. ${author.name}${shared ? ' (several people)' : ''}`;
      blocks.push({ type: 'fields', fields: [{ label, value: describeAuthor(author) }] });
    });
    blocks.push(...followButtons(local.map(({ author }, i) => ({ label: `${i + 1}. Follow ${author.name}`, author: `#${author.id}` }))));
  } else {
    blocks.push({ type: 'text', text: `paperboy’s store has no author called “${input}”. Which one should this channel follow?` });
  }
  if (candidates.length > 0) {
    blocks.push({ type: 'text', text: local.length > 0 ? 'Not among them? Semantic Scholar and OpenAlex know these people by that name:' : 'Semantic Scholar and OpenAlex know these people by that name:' });
    blocks.push(...externalChoiceBlocks(candidates, local.length + 1));
  } else {
    const why = searchUnavailable(search);
    if (why) blocks.push({ type: 'context', items: [`Not among them? paperboy ${why}. ${FOLLOW_BY_ID_HELP}`] });
  }
  return { blocks, visibility: 'ephemeral' };
}
