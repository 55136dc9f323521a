import { commandLine } from '../../core/command-name.ts';
import { UserError } from '../../core/errors.ts';
import { paperToCard } from '../../core/paper-card.ts';
import type { Paper } from '../../core/paper.ts';
import { MAX_CARD_CATEGORIES, type Field, type Reply } from '../../core/reply.ts';
import type { CommandContext } from '../command-context.ts';
import type { CommandSpec } from '../command-spec.ts';
import { findStoredPaper, paperNotFound, readPaperId, SEARCH_FOR_PAPER_HINT } from './resolve-paper-id.ts';

/** What asking arXiv for one paper the store lacks came to. */
export type ArxivFetchResult =
  | { status: 'found'; paper: Paper }
  | { status: 'not-found' }
  /** arXiv could not be asked or did not answer (offline, DNS, refused, 5xx, time-out): `reason` says which, in a few words. */
  | { status: 'unreachable'; reason: string };

/**
 * Asks arXiv for a paper by its versionless id, stores what it finds and returns the stored paper
 * (adapters/sources/arxiv-paper-fetch.ts). One request, no long retries: someone is waiting.
 */
export type ArxivPaperFetch = (arxivId: string) => Promise<ArxivFetchResult>;

/**
 * The paper a user names: from the store (resolve-paper-id.ts's lookup), or, for an arXiv id the
 * store lacks, from arXiv (asked once and stored, so the next look is local). Throws UserError
 * saying which of not-an-id, not on arXiv or arXiv unreachable it was.
 */
export async function findOrFetchPaper(context: CommandContext, raw: string): Promise<Paper> {
  const typed = readPaperId(raw);
  const stored = await findStoredPaper(context.services.papers, typed);
  if (stored) return stored;
  const fetch = context.services.fetchArxivPaper ?? null;
  if (typed.arxivId === null || !fetch) throw paperNotFound(typed);
  const result = await fetch(typed.arxivId);
  if (result.status === 'found') return result.paper;
  if (result.status === 'not-found') {
    throw new UserError('paper.not_on_arxiv', `arXiv has no paper ${typed.arxivId}.`, `Check the id (arXiv ids look like 2604.23069), ${SEARCH_FOR_PAPER_HINT}.`);
  }
  throw new UserError(
    'paper.arxiv_unreachable',
    `paperboy does not have ${typed.arxivId} yet and could not fetch it from arXiv: ${result.reason}.`,
    `Try again once arXiv can be reached, ${SEARCH_FOR_PAPER_HINT}.`,
  );
}

export const paperCommand: CommandSpec = {
  name: 'paper',
  aliases: ['show'],
  summary: `Show one paper in full: ${commandLine('paper 2604.23069')}`,
  details: 'An arXiv id paperboy does not have yet is fetched from arXiv and kept.',
  examples: ['paper 2604.23069', 'paper https://arxiv.org/abs/2604.23069v2'],
  options: [{ name: 'id', type: 'text', description: 'An arXiv id or link', required: true, syntax: 'positional', maxLength: 200 }],
  changesChannel: false,
  async run(context, args): Promise<Reply> {
    const paper = await findOrFetchPaper(context, String(args['id']));
    const fields: Field[] = [];
    // The card shows the first MAX_CARD_CATEGORIES; a longer list is given here in full.
    if (paper.categories.length > MAX_CARD_CATEGORIES) fields.push({ label: 'Categories', value: paper.categories.join(', ') });
    // Some seed papers come from a page that gave neither date nor authors: say so rather than show nothing.
    fields.push({ label: 'Published', value: paper.published ?? 'date unknown' });
    if (paper.updated && paper.updated !== paper.published) fields.push({ label: 'Updated', value: paper.updated });
    if (paper.version) fields.push({ label: 'Version', value: `v${paper.version}` });
    if (paper.doi) fields.push({ label: 'DOI', value: paper.doi });
    if (paper.journalRef) fields.push({ label: 'Journal', value: paper.journalRef });
    if (paper.comment) fields.push({ label: 'Comment', value: paper.comment });
    if (paper.pdfUrl) fields.push({ label: 'PDF', value: paper.pdfUrl });
    if (paper.codeUrl) fields.push({ label: 'Code', value: paper.codeUrl });
    fields.push({ label: 'Authors', value: paper.authors.length > 0 ? paper.authors.join(', ') + (paper.authorsTruncated ? ' et al.' : '') : 'authors unknown' });
    return {
      blocks: [
        { type: 'paper', paper: paperToCard(paper, { fullAbstract: true }) },
        { type: 'fields', fields },
        {
          type: 'actions',
          buttons: [
            { kind: 'run', label: 'More like this', invocation: { command: 'like', args: { id: paper.id } } },
            { kind: 'share', label: 'Share to channel', invocation: { command: 'paper', args: { id: paper.id } } },
          ],
        },
      ],
      visibility: 'ephemeral',
    };
  },
};
