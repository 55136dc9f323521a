import { commandLine } from '../../core/command-name.ts';
import type { Paper } from '../../core/paper.ts';
import type { SearchOutcome } from '../../core/search/paper-search.ts';
import { searchesOf, type OffThreadSearch } from '../command-services.ts';
import type { CommandSpec } from '../command-spec.ts';
import { resolvePaper } from './resolve-paper-id.ts';
import { PAGING_HELP, pageOption, searchReply } from './search-command.ts';

/**
 * Page `page` of the papers like `paper`. PaperSearch.similarTo gives the first `n`, so this asks
 * for every page up to this one and one paper more, which says whether a next page exists.
 */
export async function similarPage(search: OffThreadSearch, paper: Paper, limit: number, page: number): Promise<SearchOutcome> {
  const upTo = page * limit;
  const all = await search.similarTo(paper, upTo + 1);
  return { ...all, query: { ...all.query, page }, hits: all.hits.slice(upTo - limit, upTo), hasMore: all.hits.length > upTo };
}

export const likeCommand: CommandSpec = {
  name: 'like',
  aliases: ['similar'],
  summary: `Papers like a given one: ${commandLine('like 2604.23069')}`,
  details: `Papers that share words with the given one’s title and the words its abstract dwells on, best first. ${PAGING_HELP}`,
  examples: ['like 2604.23069', 'like 2604.23069 page:2'],
  options: [
    { name: 'id', type: 'text', description: 'The arXiv id of the paper', required: true, syntax: 'positional', maxLength: 200 },
    pageOption,
  ],
  changesChannel: false,
  async run(context, args) {
    const paper = await resolvePaper(context.services.papers, String(args['id']));
    const limit = context.services.resultsPerPage;
    const page = args['page'] === undefined ? 1 : Number(args['page']);
    const outcome = await similarPage(searchesOf(context.services), paper, limit, page);
    // Paging and Share run `like` again, for the paper itself (its canonical id, not what was typed).
    return searchReply(outcome, limit, `Papers like “${paper.title}”`, (next) => ({
      command: 'like',
      args: { id: paper.id, ...(next > 1 ? { page: String(next) } : {}) },
    }));
  },
};
