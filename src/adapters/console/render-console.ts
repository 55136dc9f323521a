import type { Block, Reply } from '../../core/reply.ts';
import { PLAIN_STYLE, renderReplyText, type RenderTextOptions, type TextStyle } from '../../core/render-text.ts';

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

/** In the console chat a next-page button is typed as `more` (console-chat.ts). */
const CHAT_TEXT: RenderTextOptions = { typeInstead: (button) => (button.nextPage ? MORE_COMMAND : null) };

/** What the console chat understands as "the next page of the last results". */
export const MORE_COMMAND = 'more';

/**
 * The console rendering of a reply: readable text, coloured on a TTY only. `chat`: for the
 * interactive console chat, where `more` shows the next page; one-shot output shows the full line.
 */
export function renderConsoleReply(reply: Reply, colour: boolean, options: { chat?: boolean } = {}): string {
  const safe = { ...reply, blocks: clean(reply.blocks) as Block[] };
  return renderReplyText(safe, colour ? ANSI_STYLE : PLAIN_STYLE, options.chat ? CHAT_TEXT : {});
}
