/**
 * The slash command's name, in one place. Neutral text (help, hints, UserError fixes, notices)
 * writes a command line with `commandLine()`, which names the default command; a renderer that
 * knows the workspace calls it something else (a Slack app whose manifest renamed it,
 * `paperboy slack manifest --command /pb`) rewrites those mentions with `withCommandName()`.
 * The console always answers to the default; Discord's name is fixed by registration
 * (application-commands.ts registers `COMMAND_WORD`).
 */
import type { Block, Reply } from './reply.ts';

/** The command's name without its slash, as Discord registers it. */
export const COMMAND_WORD = 'papers';

/** The slash command paperboy answers to unless an operator renames it: `/papers`. */
export const DEFAULT_COMMAND_NAME = `/${COMMAND_WORD}`;

/** Slack's rule for a slash command: a slash, then lowercase letters, digits, `-` or `_`. */
export const MAX_COMMAND_NAME_LENGTH = 32;
const COMMAND_NAME = new RegExp(`^/[a-z0-9_-]{1,${MAX_COMMAND_NAME_LENGTH - 1}}$`);

/** What a command name must look like, completing "The slash command …". */
export const COMMAND_NAME_RULE = `must look like ${DEFAULT_COMMAND_NAME} (lowercase, at most ${MAX_COMMAND_NAME_LENGTH} characters)`;

/** Whether `name` can be a slash command's name (`/papers`, `/pb`). */
export function isCommandName(name: string): boolean {
  return COMMAND_NAME.test(name);
}

/** A command line as people type it: `commandLine('resume')` is "/papers resume", `commandLine()` "/papers". */
export function commandLine(args = '', name: string = DEFAULT_COMMAND_NAME): string {
  return args === '' ? name : `${name} ${args}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * A mention of the default command in text: not inside a path or a word (a link such as
 * huggingface.co/papers/2604.23069 stays as it is), nor followed by one (`/papers-archive`).
 */
const MENTION = new RegExp(`(?<![\\w./:-])${escapeRegExp(DEFAULT_COMMAND_NAME)}(?![\\w/-])`, 'g');

/**
 * `text` with each mention of the default command replaced by what `replace` makes of it, given
 * the text that follows the mention (a renderer that names commands by their first words).
 */
export function replaceCommandMentions(text: string, replace: (after: string) => string): string {
  return text.replace(MENTION, (mention: string, offset: number) => replace(text.slice(offset + mention.length)));
}

/** `text` with each mention of the default command written as `name`. */
export function withCommandNameInText(text: string, name: string): string {
  return name === DEFAULT_COMMAND_NAME ? text : text.replace(MENTION, name);
}

function renameInBlock(block: Block, name: string): Block {
  const rename = (text: string) => withCommandNameInText(text, name);
  switch (block.type) {
    case 'header':
    case 'text':
      return { ...block, text: rename(block.text) };
    case 'context':
      return { ...block, items: block.items.map(rename) };
    case 'fields':
      return { ...block, fields: block.fields.map((f) => ({ label: rename(f.label), value: rename(f.value) })) };
    case 'actions':
      return { ...block, buttons: block.buttons.map((b) => ({ ...b, label: rename(b.label) })) };
    // A paper card is outside text (titles, abstracts, links): never rewritten.
    case 'paper':
    case 'divider':
      return block;
  }
}

/**
 * The reply as a workspace whose command is `name` reads it: paperboy's own text names `name`
 * wherever it names the default command. The same reply when `name` is the default.
 */
export function withCommandName(reply: Reply, name: string): Reply {
  if (name === DEFAULT_COMMAND_NAME) return reply;
  return { ...reply, blocks: reply.blocks.map((block) => renameInBlock(block, name)) };
}
