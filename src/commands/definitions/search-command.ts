import { commandLine } from '../../core/command-name.ts';
import { ok, type Result } from '../../core/errors.ts';
import { parseArxivId } from '../../core/paper.ts';
import { paperToCard } from '../../core/paper-card.ts';
import type { Block, Button, Invocation, Reply } from '../../core/reply.ts';
import { MAX_QUERY_LENGTH, QUERY_SYNTAX_HELP } from '../../core/search/parse-query.ts';
import { INDEXING_NOTE, NO_POPULARITY_NOTE, rankedNewestNote, type SearchOutcome } from '../../core/search/paper-search.ts';
import type { CommandSpec, TextOption } from '../command-spec.ts';
import { searchesOf } from '../command-services.ts';
import { didYouMeanBlocks } from './did-you-mean.ts';
import { paperCommand } from './paper-command.ts';
import { MAX_PAGE, parsePageNumber } from '../../core/search/parse-query.ts';

/** The last page of results paperboy shows; the query language's page: allows the same (parse-query.ts). */
export const MAX_RESULT_PAGE = MAX_PAGE;

/** How paging is explained in help, for search and like alike. */
export const PAGING_HELP = `page:2 shows the next results, up to page:${MAX_RESULT_PAGE}; in the console, more does too.`;

/** A results page written as `page:2` (as in a search) or `2`; the value is the page number's digits. */
export function parsePage(value: string): Result<string> {
  const page = parsePageNumber(value.trim().replace(/^page:/i, ''), value, 'args.bad_page');
  return page.ok ? ok(String(page.value)) : page;
}

/** The optional `page` option of commands that show pages of results (like). */
export const pageOption: TextOption = {
  name: 'page',
  type: 'text',
  description: `Results page: page:2 up to page:${MAX_RESULT_PAGE}`,
  required: false,
  syntax: 'positional',
  maxLength: 10,
  validate: parsePage,
};

/** What shows page `page` of a reply's results: its More results and Share buttons run it. */
export type PageInvocation = (page: number) => Invocation;

/** A search query for page `page` of the results of `text` (a normalised query, SearchQuery.text). */
export function searchPageInvocation(text: string): PageInvocation {
  return (page) => ({ command: 'search', args: { query: `${text}${page > 1 ? ` page:${page}` : ''}`.trim() } });
}

/** The header of a search's results: what was searched for, as the query normalised it. */
export function searchTitle(outcome: SearchOutcome): string {
  return `Papers for “${outcome.query.text}”`;
}

/**
 * The neutral reply for a search or a `like`: header, one card per paper, paging and sharing
 * buttons. The buttons run `pageInvocation`, the command that made these results, with a page
 * (by default the search for the outcome's query).
 */
export function searchReply(
  outcome: SearchOutcome,
  limit: number,
  title: string,
  pageInvocation: PageInvocation = searchPageInvocation(outcome.query.text),
): Reply {
  const { query, hits } = outcome;
  const blocks: Block[] = [{ type: 'header', text: title }];
  if (outcome.indexing) blocks.push({ type: 'text', text: INDEXING_NOTE, tone: 'muted' });
  if (hits.length === 0) {
    const nothing = query.page > 1 ? `Page ${query.page} is past the last results for “${query.text}”.` : `No papers match “${query.text}”.`;
    blocks.push({ type: 'text', text: nothing });
    if (outcome.suggestion) blocks.push(...didYouMeanBlocks(outcome.suggestion));
    else blocks.push({ type: 'context', items: [QUERY_SYNTAX_HELP] });
    return { blocks, visibility: 'ephemeral' };
  }
  // A rare word is worth questioning even when the search found something for the other words.
  if (outcome.suggestion) blocks.push(...didYouMeanBlocks(outcome.suggestion));
  if (outcome.relaxed) {
    blocks.push({
      type: 'text',
      text: 'Few papers match every word, so papers matching only some of them follow.',
      tone: 'muted',
    });
  }
  if (outcome.rankedNewest !== null) blocks.push({ type: 'text', text: rankedNewestNote(outcome.rankedNewest), tone: 'muted' });
  if (outcome.noPopularityData) blocks.push({ type: 'text', text: NO_POPULARITY_NOTE, tone: 'muted' });
  const queryTokens = query.terms.flatMap((t) => t.alternatives.flat());
  const first = (query.page - 1) * limit;
  hits.forEach((hit, i) => {
    blocks.push({ type: 'paper', paper: paperToCard(hit.paper, { queryTokens, searched: query }), rank: first + i + 1 });
    blocks.push({ type: 'actions', buttons: [{ kind: 'run', label: 'More like this', invocation: { command: 'like', args: { id: hit.paper.id } } }] });
  });
  // Past the last page paperboy shows, a "More results" click could only fail.
  const nextPage = outcome.hasMore && query.page < MAX_RESULT_PAGE;
  const more = nextPage ? ['more available'] : outcome.hasMore ? [`page:${MAX_RESULT_PAGE} is the last; add words to narrow the search`] : [];
  blocks.push({ type: 'context', items: [`Results ${first + 1}–${first + hits.length}`, `sort:${query.sort}`, ...more] });
  const buttons: Button[] = [];
  if (nextPage) buttons.push({ kind: 'run', label: 'More results', invocation: pageInvocation(query.page + 1), style: 'primary', nextPage: true });
  buttons.push({ kind: 'share', label: 'Share to channel', invocation: pageInvocation(query.page) });
  blocks.push({ type: 'actions', buttons });
  return { blocks, visibility: 'ephemeral' };
}

export const searchCommand: CommandSpec = {
  name: 'search',
  aliases: ['find', 's'],
  summary: `Find papers: ${commandLine('recsys cold-start')}`,
  details: `${QUERY_SYNTAX_HELP} ${PAGING_HELP}`,
  examples: ['recsys cold-start', '"graph neural network" -survey since:2025', 'author:"Anoop Deoras" sort:new', 'cat:cs.IR llm', 'recsys cold-start page:2'],
  options: [
    {
      name: 'query',
      type: 'text',
      description: 'Words, "phrases", -exclusions, author:, cat:, since:, sort:, page:',
      required: true,
      syntax: 'positional',
      rest: true,
      maxLength: MAX_QUERY_LENGTH,
    },
  ],
  changesChannel: false,
  async run(context, args) {
    const text = String(args['query']).trim();
    // A pasted arXiv id or link ("arXiv:2503.11731", an abs URL) means that paper, not a search.
    if (parseArxivId(text)) return paperCommand.run(context, { id: text });
    const limit = context.services.resultsPerPage;
    const outcome = await searchesOf(context.services).searchText(text, limit);
    return searchReply(outcome, limit, searchTitle(outcome));
  },
};
