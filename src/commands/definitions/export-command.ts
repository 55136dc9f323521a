import { commandLine } from '../../core/command-name.ts';
import { BIBLIOGRAPHY_EXTENSION, BIBLIOGRAPHY_FORMATS, formatBibliography, type BibliographyFormat } from '../../core/learning/bibliography.ts';
import type { Paper } from '../../core/paper.ts';
import type { Reply } from '../../core/reply.ts';
import type { CommandSpec } from '../command-spec.ts';
import { findChannelOf } from './channel-of.ts';

const FORMAT_NAME: Record<BibliographyFormat, string> = { bibtex: 'BibTeX', ris: 'RIS' };
/** The types reference managers register for these files (BibTeX has no IANA registration; x- is the convention). */
const FORMAT_MIME_TYPE: Record<BibliographyFormat, string> = { bibtex: 'application/x-bibtex', ris: 'application/x-research-info-systems' };

/**
 * `export bibtex|ris`: the channel's reading list as a bibliography file. In the console the file
 * is written beside the store and the answer is its path; in Slack and Discord the reply carries
 * the file (Reply.file) and the adapter hands it over.
 */
export const exportCommand: CommandSpec = {
  name: 'export',
  summary: `This channel's reading list as a file: ${commandLine('export bibtex')} (or ris)`,
  examples: ['export bibtex', 'export ris'],
  options: [{ name: 'format', type: 'text', description: 'bibtex or ris', required: true, syntax: 'choice', choices: BIBLIOGRAPHY_FORMATS }],
  changesChannel: false,
  async run(context, args): Promise<Reply> {
    const format = String(args['format']) as BibliographyFormat;
    const channel = await findChannelOf(context);
    const papers = (channel ? await context.services.learning.readingList(channel.id) : []).map((e) => e.paper).filter((p): p is Paper => p !== null);
    if (papers.length === 0) {
      return {
        blocks: [{ type: 'text', text: 'This channel’s reading list is empty: nothing to export.' }, { type: 'context', items: [`Save a paper with ${commandLine('save 2604.23069')}.`] }],
        visibility: 'ephemeral',
      };
    }
    const stamp = context.clock.now().toISOString().slice(0, 10);
    const name = `reading-list-${context.invoker.channelId.replace(/[^A-Za-z0-9_-]/g, '_')}-${stamp}.${BIBLIOGRAPHY_EXTENSION[format]}`;
    const content = formatBibliography(papers, format);
    const what = `${papers.length} paper${papers.length === 1 ? '' : 's'} as ${FORMAT_NAME[format]}`;
    if (context.invoker.platform !== 'console') {
      // The chat adapter hands the file over (Slack uploads it to the conversation, Discord attaches it).
      return {
        blocks: [{ type: 'text', text: `This channel’s reading list: ${what}, in ${name}.` }],
        visibility: 'ephemeral',
        file: { name, mimeType: FORMAT_MIME_TYPE[format], content, title: `This channel’s reading list: ${what}` },
      };
    }
    const path = context.services.writeExportFile(name, content);
    return {
      blocks: [{ type: 'text', text: `Wrote ${what} to ${path}` }],
      visibility: 'ephemeral',
    };
  },
};
