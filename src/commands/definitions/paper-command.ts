import { paperToCard } from '../../core/paper-card.ts';
import type { Field, Reply } from '../../core/reply.ts';
import type { CommandSpec } from '../command-spec.ts';
import { resolvePaper } from './resolve-paper-id.ts';

export const paperCommand: CommandSpec = {
  name: 'paper',
  aliases: ['show'],
  summary: 'Show one paper in full: /papers paper 2503.11731',
  examples: ['paper 2604.23069', 'paper https://arxiv.org/abs/2604.23069v2'],
  options: [{ name: 'id', type: 'text', description: 'An arXiv id or link', required: true, syntax: 'positional', maxLength: 200 }],
  changesChannel: false,
  run(context, args): Reply {
    const paper = resolvePaper(context.services.papers, String(args['id']));
    const fields: Field[] = [];
    if (paper.categories.length > 0) fields.push({ label: 'Categories', value: paper.categories.join(', ') });
    if (paper.published) fields.push({ label: 'Published', value: paper.published });
    if (paper.updated && paper.updated !== paper.published) fields.push({ label: 'Updated', value: paper.updated });
    if (paper.version) fields.push({ label: 'Version', value: `v${paper.version}` });
    if (paper.doi) fields.push({ label: 'DOI', value: paper.doi });
    if (paper.journalRef) fields.push({ label: 'Journal', value: paper.journalRef });
    if (paper.comment) fields.push({ label: 'Comment', value: paper.comment });
    if (paper.pdfUrl) fields.push({ label: 'PDF', value: paper.pdfUrl });
    if (paper.codeUrl) fields.push({ label: 'Code', value: paper.codeUrl });
    fields.push({ label: 'Authors', value: paper.authors.join(', ') + (paper.authorsTruncated ? ' et al.' : '') });
    return {
      blocks: [
        { type: 'paper', paper: paperToCard(paper, { fullAbstract: true }) },
        { type: 'fields', fields },
        {
          type: 'actions',
          buttons: [
            { kind: 'run', label: 'More like this', command: `like ${paper.id}` },
            { kind: 'share', label: 'Share to channel', command: `paper ${paper.id}` },
          ],
        },
      ],
      visibility: 'ephemeral',
    };
  },
};
