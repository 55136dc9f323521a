import { commandLine, withCommandName } from './command-name.ts';
import { invocationText, paperContextItems, type Block, type Button, type Reply } from './reply.ts';

/** Styling hooks for the text renderer; the console passes ANSI colours on a TTY. */
export interface TextStyle {
  bold(text: string): string;
  dim(text: string): string;
  link(text: string): string;
  warn(text: string): string;
}

export const PLAIN_STYLE: TextStyle = { bold: (t) => t, dim: (t) => t, link: (t) => t, warn: (t) => t };

export interface RenderTextOptions {
  /**
   * What to type for a button instead of its `/papers …` line, or null for that line: the
   * console answers `more` for a next-page button.
   */
  typeInstead?: (button: Button) => string | null;
  /** The slash command as the reader's workspace calls it; `/papers` by default (command-name.ts). */
  commandName?: string;
}

/** What a reader types to do what a button does: by default its command as a `/papers` line. */
function buttonText(button: Button, options: RenderTextOptions): string {
  return options.typeInstead?.(button) ?? commandLine(invocationText(button.invocation), options.commandName);
}

function renderBlock(block: Block, style: TextStyle, options: RenderTextOptions): string[] {
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
      return [style.dim(block.buttons.map((b) => `[${b.label}: ${buttonText(b, options)}]`).join('  '))];
    case 'divider':
      return ['—'];
  }
}

/** Plain-text rendering of a whole reply, one block after another. */
export function renderReplyText(neutral: Reply, style: TextStyle = PLAIN_STYLE, options: RenderTextOptions = {}): string {
  const reply = options.commandName ? withCommandName(neutral, options.commandName) : neutral;
  const lines: string[] = [];
  for (const block of reply.blocks) {
    if (block.type === 'paper' && lines.length > 0 && lines[lines.length - 1] !== '') lines.push('');
    lines.push(...renderBlock(block, style, options));
  }
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd();
}
