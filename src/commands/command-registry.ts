import { DEFAULT_COMMAND_NAME } from '../core/command-name.ts';
import type { CommandSpec } from './command-spec.ts';

/** The command that runs when the text starts with no command name: `/papers recsys cold-start`. */
export const DEFAULT_COMMAND = 'search';

export interface ResolvedText {
  spec: CommandSpec;
  /** The text after the command name (the whole text for the default command). */
  argsText: string;
}

export interface CommandRegistry {
  readonly commands: readonly CommandSpec[];
  find(name: string): CommandSpec | undefined;
  /** Picks the command a line of text invokes. A leading `/papers` is ignored; empty text is `help`. */
  resolve(text: string): ResolvedText;
}

const SLASH_PREFIX = new RegExp(`^\\s*${DEFAULT_COMMAND_NAME}\\b`, 'i');

export function createCommandRegistry(commands: readonly CommandSpec[]): CommandRegistry {
  const byName = new Map<string, CommandSpec>();
  for (const spec of commands) {
    for (const name of [spec.name, ...(spec.aliases ?? [])]) {
      if (byName.has(name)) throw new Error(`Two commands claim the name "${name}"`);
      byName.set(name, spec);
    }
  }
  const fallback = byName.get(DEFAULT_COMMAND);
  const help = byName.get('help');
  if (!fallback || !help) throw new Error('The registry needs the "search" and "help" commands');

  return {
    commands,
    find: (name) => byName.get(name.toLowerCase()),
    resolve(text) {
      const body = text.replace(SLASH_PREFIX, '').trim();
      if (body === '') return { spec: help, argsText: '' };
      const first = /^\S+/.exec(body)![0];
      const spec = byName.get(first.toLowerCase());
      if (spec) return { spec, argsText: body.slice(first.length).trim() };
      return { spec: fallback, argsText: body };
    },
  };
}
