import { parseArxivId } from '../../core/paper.ts';
import { paperToCard } from '../../core/paper-card.ts';
import type { Block, Reply } from '../../core/reply.ts';
import { MAX_QUERY_LENGTH, QUERY_SYNTAX_HELP } from '../../core/search/parse-query.ts';
import { INDEXING_NOTE, rankedNewestNote, type SearchOutcome } from '../../core/search/paper-search.ts';
import type { CommandSpec } from '../command-spec.ts';
import { paperCommand } from './paper-command.ts';

/** The neutral reply for a search: header, one card per paper, paging and sharing buttons. */
export function searchReply(outcome: SearchOutcome, limit: number, title: string): Reply {
  const { query, hits } = outcome;
  const blocks: Block[] = [{ type: 'header', text: title }];
  if (outcome.indexing) blocks.push({ type: 'text', text: INDEXING_NOTE, tone: 'muted' });
  if (hits.length === 0) {
    blocks.push({ type: 'text', text: `No papers match “${query.text}”.` });
    if (outcome.suggestion) {
      blocks.push({ type: 'text', text: `Did you mean “${outcome.suggestion}”?` });
      blocks.push({ type: 'actions', buttons: [{ kind: 'run', label: `Search “${outcome.suggestion}”`, command: outcome.suggestion }] });
    } else {
      blocks.push({ type: 'context', items: [QUERY_SYNTAX_HELP] });
    }
    return { blocks, visibility: 'ephemeral' };
  }
  if (outcome.relaxed) {
    blocks.push({
      type: 'text',
      text: 'Few papers match every word, so papers matching only some of them follow.',
      tone: 'muted',
    });
  }
  if (outcome.rankedNewest !== null) blocks.push({ type: 'text', text: rankedNewestNote(outcome.rankedNewest), tone: 'muted' });
  const queryTokens = query.terms.flatMap((t) => t.alternatives.flat());
  const first = (query.page - 1) * limit;
  hits.forEach((hit, i) => {
    blocks.push({ type: 'paper', paper: paperToCard(hit.paper, { queryTokens }), rank: first + i + 1 });
    blocks.push({ type: 'actions', buttons: [{ kind: 'run', label: 'More like this', command: `like ${hit.paper.id}` }] });
  });
  blocks.push({
    type: 'context',
    items: [`Results ${first + 1}–${first + hits.length}`, `sort:${query.sort}`, ...(outcome.hasMore ? ['more available'] : [])],
  });
  const pageText = (page: number) => `${query.text}${page > 1 ? ` page:${page}` : ''}`.trim();
  const buttons: Extract<Block, { type: 'actions' }>['buttons'] = [];
  if (outcome.hasMore) buttons.push({ kind: 'run', label: 'More results', command: `search ${pageText(query.page + 1)}`, style: 'primary' });
  buttons.push({ kind: 'share', label: 'Share to channel', command: `search ${pageText(query.page)}` });
  blocks.push({ type: 'actions', buttons });
  return { blocks, visibility: 'ephemeral' };
}

export const searchCommand: CommandSpec = {
  name: 'search',
  aliases: ['find', 's'],
  summary: 'Find papers: /papers recsys cold-start',
  details: QUERY_SYNTAX_HELP,
  examples: ['recsys cold-start', '"graph neural network" -survey since:2025', 'author:"Anoop Deoras" sort:new', 'cat:cs.IR llm'],
  options: [
    {
      name: 'query',
      type: 'text',
      description: 'Words, "phrases", -exclusions, author:, cat:, since:, sort:',
      required: true,
      syntax: 'positional',
      rest: true,
      maxLength: MAX_QUERY_LENGTH,
    },
  ],
  changesChannel: false,
  run(context, args) {
    const text = String(args['query']).trim();
    // A pasted arXiv id or link ("arXiv:2503.11731", an abs URL) means that paper, not a search.
    if (parseArxivId(text)) return paperCommand.run(context, { id: text });
    const limit = context.services.resultsPerPage;
    const outcome = context.services.search.searchText(text, limit);
    return searchReply(outcome, limit, `Papers for “${outcome.query.text}”`);
  },
};
