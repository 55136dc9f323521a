import type { CommandSpec } from '../command-spec.ts';
import { resolvePaper } from './resolve-paper-id.ts';
import { searchReply } from './search-command.ts';

export const likeCommand: CommandSpec = {
  name: 'like',
  aliases: ['similar'],
  summary: 'Papers like a given one: /papers like 2604.23069',
  examples: ['like 2604.23069'],
  options: [{ name: 'id', type: 'text', description: 'The arXiv id of the paper', required: true, syntax: 'positional', maxLength: 200 }],
  changesChannel: false,
  run(context, args) {
    const paper = resolvePaper(context.services.papers, String(args['id']));
    const limit = context.services.resultsPerPage;
    const outcome = context.services.search.similarTo(paper, limit);
    return searchReply(outcome, limit, `Papers like “${paper.title}”`);
  },
};
