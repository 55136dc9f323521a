import type { Block, Reply } from '../../core/reply.ts';
import { PLAIN_STYLE, renderReplyText, type TextStyle } from '../../core/render-text.ts';

const ansi = (code: string) => (text: string) => `\x1b[${code}m${text}\x1b[0m`;

/** ANSI styling for terminals; used only when the output is a TTY. */
export const ANSI_STYLE: TextStyle = { bold: ansi('1'), dim: ansi('2'), link: ansi('4;36'), warn: ansi('33') };

// Outside text (titles, abstracts) could carry terminal escape sequences; drop every control
// character except newlines before anything reaches the terminal.
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;

function clean(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(CONTROL, '');
  if (Array.isArray(value)) return value.map(clean);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clean(v)]));
  return value;
}

/** The console rendering of a reply: readable text, coloured on a TTY only. */
export function renderConsoleReply(reply: Reply, colour: boolean): string {
  const safe = { ...reply, blocks: clean(reply.blocks) as Block[] };
  return renderReplyText(safe, colour ? ANSI_STYLE : PLAIN_STYLE);
}
