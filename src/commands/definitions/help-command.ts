import { commandLine } from '../../core/command-name.ts';
import type { Block, Reply } from '../../core/reply.ts';
import { shownOptions, usageOf, type CommandSpec } from '../command-spec.ts';
import { suggestHelpTopics } from './option-suggestions.ts';

function commandHelp(spec: CommandSpec): Reply {
  const blocks: Block[] = [{ type: 'header', text: commandLine(usageOf(spec)) }, { type: 'text', text: spec.summary }];
  if (spec.details) blocks.push({ type: 'text', text: spec.details });
  const options = shownOptions(spec);
  if (options.length > 0) blocks.push({ type: 'fields', fields: options.map((o) => ({ label: o.name, value: o.description })) });
  blocks.push({ type: 'context', items: spec.examples.map((e) => commandLine(e)) });
  if (spec.aliases?.length) blocks.push({ type: 'context', items: [`Also: ${spec.aliases.join(', ')}`] });
  return { blocks, visibility: 'ephemeral' };
}

export const helpCommand: CommandSpec = {
  name: 'help',
  summary: `List the commands, or explain one: ${commandLine('help search')}`,
  examples: ['help', 'help search'],
  options: [{ name: 'command', type: 'text', description: 'A command to explain', required: false, syntax: 'positional', maxLength: 40, suggest: suggestHelpTopics }],
  changesChannel: false,
  run(context, args): Reply {
    const name = args['command'] === undefined ? undefined : String(args['command']).toLowerCase();
    if (name) {
      const spec = context.commands.find((c) => c.name === name || c.aliases?.includes(name));
      if (spec) return commandHelp(spec);
      return {
        blocks: [
          { type: 'text', text: `paperboy has no command “${name}”.`, tone: 'warning' },
          { type: 'context', items: [`Commands: ${context.commands.map((c) => c.name).join(', ')}`] },
        ],
        visibility: 'ephemeral',
      };
    }
    return {
      blocks: [
        { type: 'header', text: 'paperboy commands' },
        { type: 'text', text: `Type ${commandLine()} followed by words to search, or one of these commands:` },
        { type: 'fields', fields: context.commands.map((c) => ({ label: commandLine(usageOf(c)), value: c.summary })) },
        { type: 'context', items: [`${commandLine('help <command>')} explains one command with examples.`] },
      ],
      visibility: 'ephemeral',
    };
  },
};
