import { commandLine } from '../../core/command-name.ts';
import type { Reply } from '../../core/reply.ts';
import type { CommandSpec } from '../command-spec.ts';
import { ensureChannelOf } from './channel-of.ts';
import { findOrFetchPaper } from './paper-command.ts';
import { ratedPaperOption, raterOf } from './rater-of.ts';

/** `save <id>`: puts a paper on the channel's reading list; a save counts as a 👍 for its picks. */
export const saveCommand: CommandSpec = {
  name: 'save',
  summary: `Save a paper to this channel's reading list: ${commandLine('save 2604.23069')}`,
  details: `The reading list is the channel’s own: ${commandLine('reading-list')} shows it, ${commandLine('export bibtex')} exports it. A saved paper counts as liked for the channel’s picks.`,
  examples: ['save 2604.23069'],
  options: [ratedPaperOption],
  changesChannel: false,
  async run(context, args): Promise<Reply> {
    const paper = await findOrFetchPaper(context, String(args['id']));
    const channel = await ensureChannelOf(context);
    const { saved, created } = await context.services.learning.save(channel.id, paper.id, raterOf(context), context.clock.now().toISOString());
    const text = created
      ? `Saved “${paper.title}” to this channel’s reading list.`
      : `“${paper.title}” is already on this channel’s reading list (saved by ${saved.userName ?? saved.userId} on ${saved.savedAt.slice(0, 10)}).`;
    return { blocks: [{ type: 'text', text }, { type: 'context', items: [`See it with ${commandLine('reading-list')}`] }], visibility: 'ephemeral' };
  },
};
