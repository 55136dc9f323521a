import { commandLine } from '../../core/command-name.ts';
import { BIBLIOGRAPHY_EXTENSION, BIBLIOGRAPHY_FORMATS, formatBibliography, type BibliographyFormat } from '../../core/learning/bibliography.ts';
import type { Paper } from '../../core/paper.ts';
import type { Reply } from '../../core/reply.ts';
import type { CommandSpec } from '../command-spec.ts';
import { findChannelOf } from './channel-of.ts';

/**
 * `export bibtex|ris`: the channel's reading list as a bibliography file. In the console the file
 * is written beside the store and the answer is its path; Slack and Discord get no file (the
 * neutral Reply carries none) and are pointed to the reading list.
 */
export const exportCommand: CommandSpec = {
  name: 'export',
  summary: `This channel's reading list as a file: ${commandLine('export bibtex')} (or ris)`,
  examples: ['export bibtex', 'export ris'],
  options: [{ name: 'format', type: 'text', description: 'bibtex or ris', required: true, syntax: 'choice', choices: BIBLIOGRAPHY_FORMATS }],
  changesChannel: false,
  run(context, args): Reply {
    const format = String(args['format']) as BibliographyFormat;
    const channel = findChannelOf(context);
    const papers = (channel ? context.services.learning.readingList(channel.id) : []).map((e) => e.paper).filter((p): p is Paper => p !== null);
    if (papers.length === 0) {
      return {
        blocks: [{ type: 'text', text: 'This channel’s reading list is empty: nothing to export.' }, { type: 'context', items: [`Save a paper with ${commandLine('save 2604.23069')}.`] }],
        visibility: 'ephemeral',
      };
    }
    if (context.invoker.platform !== 'console') {
      return {
        blocks: [
          { type: 'text', text: `paperboy writes ${format === 'bibtex' ? 'BibTeX' : 'RIS'} files in the console only; it does not attach files in ${context.invoker.platform === 'slack' ? 'Slack' : 'Discord'}.` },
          { type: 'context', items: [`${commandLine('reading-list')} lists the ${papers.length} saved paper${papers.length === 1 ? '' : 's'} with their links.`] },
        ],
        visibility: 'ephemeral',
      };
    }
    const stamp = context.clock.now().toISOString().slice(0, 10);
    const name = `reading-list-${context.invoker.channelId.replace(/[^A-Za-z0-9_-]/g, '_')}-${stamp}.${BIBLIOGRAPHY_EXTENSION[format]}`;
    const path = context.services.writeExportFile(name, formatBibliography(papers, format));
    return {
      blocks: [{ type: 'text', text: `Wrote ${papers.length} paper${papers.length === 1 ? '' : 's'} as ${format === 'bibtex' ? 'BibTeX' : 'RIS'} to ${path}` }],
      visibility: 'ephemeral',
    };
  },
};
