/**
 * A line typed as text that starts with a slash word close to the command's name (`/paper recsys`,
 * `/pappers recsys`): the person meant the command, and searching the text "/paper recsys" would
 * answer something else. The name is command-name.ts's; `/papers` itself the registry strips.
 */
import { COMMAND_WORD, commandLine } from '../core/command-name.ts';
import { editDistance } from '../core/search/edit-distance.ts';
import type { Block, Reply } from '../core/reply.ts';
import type { CommandRegistry } from './command-registry.ts';
import { DEFAULT_COMMAND } from './command-registry.ts';
import { parseArguments } from './parse-arguments.ts';

/** Edits from the command's name a slash word may be and still be taken for it: `/paper`, `/pappers`, `/paprs`. */
const MAX_NAME_EDITS = 2;

const LEADING_SLASH_WORD = /^\s*\/([a-z][a-z0-9_-]*)(?=\s|$)/i;

export interface MisspelledCommandName {
  /** The slash word as typed: "/paper". */
  typed: string;
  /** The rest of the line: "recsys". */
  rest: string;
}

/** The misspelled command name a line starts with, or null (the right name, a far word, no slash). */
export function misspelledCommandName(text: string): MisspelledCommandName | null {
  const match = LEADING_SLASH_WORD.exec(text);
  if (!match) return null;
  const word = match[1]!.toLowerCase();
  if (word === COMMAND_WORD || editDistance(word, COMMAND_WORD, MAX_NAME_EDITS) > MAX_NAME_EDITS) return null;
  return { typed: `/${match[1]!}`, rest: text.slice(match[0].length).trim() };
}

/**
 * The reply to a misspelled command name: "Did you mean /papers recsys?". When the rest is a search,
 * a button runs that search (an invocation, validated like typed text); a rest that names another
 * command is only suggested, never run by a click (a `/paper pause` button would pause a channel).
 */
export function misspelledCommandNameReply(registry: CommandRegistry, misspelled: MisspelledCommandName): Reply {
  const meant = commandLine(misspelled.rest);
  const blocks: Block[] = [{ type: 'text', text: `paperboy’s command is ${commandLine()}, not ${misspelled.typed}. Did you mean ${meant}?` }];
  const { spec, argsText } = registry.resolve(misspelled.rest);
  const args = spec.name === DEFAULT_COMMAND ? parseArguments(spec, argsText) : null;
  const query = args?.ok ? args.value['query'] : undefined;
  if (typeof query === 'string') {
    blocks.push({ type: 'actions', buttons: [{ kind: 'run', label: `Search “${query}”`, invocation: { command: DEFAULT_COMMAND, args: { query } } }] });
  } else {
    blocks.push({ type: 'context', items: [`Type ${meant} to run it.`] });
  }
  return { blocks, visibility: 'ephemeral' };
}
