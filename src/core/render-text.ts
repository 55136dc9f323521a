import { paperContextItems, type Block, type Reply } from './reply.ts';

/** Styling hooks for the text renderer; the console passes ANSI colours on a TTY. */
export interface TextStyle {
  bold(text: string): string;
  dim(text: string): string;
  link(text: string): string;
  warn(text: string): string;
}

export const PLAIN_STYLE: TextStyle = { bold: (t) => t, dim: (t) => t, link: (t) => t, warn: (t) => t };

function renderBlock(block: Block, style: TextStyle): string[] {
  switch (block.type) {
    case 'header':
      return [style.bold(block.text), ''];
    case 'text':
      return [block.tone === 'warning' ? style.warn(block.text) : block.tone === 'muted' ? style.dim(block.text) : block.text];
    case 'paper': {
      const p = block.paper;
      const lines = [`${block.rank !== undefined ? `${block.rank}. ` : ''}${style.bold(p.title)}`];
      if (p.url) lines.push(`   ${style.link(p.url)}`);
      const context = paperContextItems(p);
      if (context.length > 0) lines.push(`   ${style.dim(context.join(' · '))}`);
      if (p.codeUrl) lines.push(`   code: ${style.link(p.codeUrl)}`);
      if (p.reason) lines.push(`   ${style.dim(p.reason)}`);
      if (p.snippet) lines.push(`   ${p.snippet}`);
      return lines;
    }
    case 'fields':
      return block.fields.map((f) => `${style.bold(f.label)}: ${f.value}`);
    case 'context':
      return [style.dim(block.items.join(' · '))];
    case 'actions':
      return [style.dim(block.buttons.map((b) => `[${b.label}: /papers ${b.command}]`).join('  '))];
    case 'divider':
      return ['—'];
  }
}

/** Plain-text rendering of a whole reply, one block after another. */
export function renderReplyText(reply: Reply, style: TextStyle = PLAIN_STYLE): string {
  const lines: string[] = [];
  for (const block of reply.blocks) {
    if (block.type === 'paper' && lines.length > 0 && lines[lines.length - 1] !== '') lines.push('');
    lines.push(...renderBlock(block, style));
  }
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd();
}
