import { commandLine } from '../../core/command-name.ts';
import { paperToCard } from '../../core/paper-card.ts';
import type { Block, Reply } from '../../core/reply.ts';
import type { CommandSpec } from '../command-spec.ts';
import { findChannelOf } from './channel-of.ts';

/** `reading-list`: what this channel saved, newest first, with who saved it, when, and its 👍. */
export const readingListCommand: CommandSpec = {
  name: 'reading-list',
  aliases: ['saved'],
  summary: `What this channel saved: ${commandLine('reading-list')}`,
  examples: ['reading-list'],
  options: [],
  changesChannel: false,
  async run(context): Promise<Reply> {
    const channel = await findChannelOf(context);
    const entries = channel ? await context.services.learning.readingList(channel.id) : [];
    if (entries.length === 0) {
      return {
        blocks: [
          { type: 'text', text: 'This channel’s reading list is empty.' },
          { type: 'context', items: [`Save a paper with ${commandLine('save 2604.23069')}.`] },
        ],
        visibility: 'ephemeral',
      };
    }
    const blocks: Block[] = [{ type: 'header', text: `Reading list · ${entries.length} paper${entries.length === 1 ? '' : 's'}` }];
    let rank = 1;
    for (const { saved, paper, ups } of entries) {
      const reason = `saved by ${saved.userName ?? saved.userId} on ${saved.savedAt.slice(0, 10)} · ${ups} 👍`;
      if (paper) blocks.push({ type: 'paper', paper: paperToCard(paper, { reason }), rank: rank++ });
      else blocks.push({ type: 'text', text: `${saved.paperId}: ${reason}`, tone: 'muted' });
    }
    blocks.push({ type: 'context', items: [`Export it with ${commandLine('export bibtex')} or ${commandLine('export ris')}.`] });
    return { blocks, visibility: 'ephemeral' };
  },
};
