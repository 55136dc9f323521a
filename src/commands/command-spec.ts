/**
 * The one definition of a command. The same object drives text parsing (console, Slack),
 * validation, help, the Slack manifest entry and the Discord application-command JSON.
 */
import type { Result } from '../core/errors.ts';
import type { Reply } from '../core/reply.ts';
import type { CommandContext } from './command-context.ts';

export type OptionValue = string | number;

/** A value offered while someone types an option: `name` is what they read, `value` what the option gets. */
export interface OptionSuggestion {
  name: string;
  value: string;
}

/**
 * The values worth offering for what someone has typed so far (Discord autocomplete), best first,
 * drawn only from what the invoker's channel and workspace may see.
 */
export type OptionSuggester = (context: CommandContext, typed: string) => readonly OptionSuggestion[] | Promise<readonly OptionSuggestion[]>;

interface OptionBase {
  name: string;
  /** One line, shown in help and as the Discord option description (≤ 100 characters). */
  description: string;
  required: boolean;
  /**
   * How the option is written in text:
   * - `positional`: the next free word (the last positional may take the `rest` of the line);
   * - `choice`: any word equal to one of its choices, anywhere;
   * - `keyword`: the option name followed by its value (`picks 5`).
   */
  syntax: 'positional' | 'choice' | 'keyword';
  /** A positional option that takes the rest of the line, raw. */
  rest?: boolean;
  /**
   * For paperboy's own callers (a platform event turned into a command): parsed and validated like
   * any option, but left out of help, usage lines, the Slack manifest and the Discord commands, so
   * nobody is offered what only an adapter means to pass (rate's `if`, for a removed reaction).
   */
  internal?: boolean;
}

export interface TextOption extends OptionBase {
  type: 'text';
  minLength?: number;
  maxLength?: number;
  choices?: readonly string[];
  /** Extra validation beyond length and choices; returns the value to use. */
  validate?: (value: string) => Result<string>;
  /** Values to offer as it is typed (an option with `choices` offers those instead). */
  suggest?: OptionSuggester;
}

export interface IntegerOption extends OptionBase {
  type: 'integer';
  min: number;
  max: number;
}

export type OptionSpec = TextOption | IntegerOption;

export type CommandArgs = Record<string, OptionValue | undefined>;

export interface CommandSpec {
  name: string;
  /** Other words that invoke it in text (`subs` for `list`). */
  aliases?: readonly string[];
  /** One line for the command list and the Discord subcommand description (≤ 100 characters). */
  summary: string;
  /** Longer help shown by `help <command>`. */
  details?: string;
  /** Full example command lines, without the `/papers` prefix. */
  examples: readonly string[];
  options: readonly OptionSpec[];
  /**
   * Changes the channel's subscriptions, schedule or what it has received: subject to the
   * workspace's permission rule. A function when only some uses do (`digest now`, not `digest preview`).
   */
  changesChannel: boolean | ((args: CommandArgs) => boolean);
  /**
   * Refuses, with a UserError saying how to fix the line, a combination of options that is never a
   * valid use (`recap mon`: a day without `on`). Runs before the channel policy, so someone who may
   * not change the channel learns what is wrong with the line, not only that they may not.
   */
  checkArgs?: (args: CommandArgs) => void;
  run(context: CommandContext, args: CommandArgs): Promise<Reply> | Reply;
}

/** Whether this use of the command changes the channel (CommandSpec.changesChannel). */
export function changesChannel(spec: CommandSpec, args: CommandArgs): boolean {
  return typeof spec.changesChannel === 'function' ? spec.changesChannel(args) : spec.changesChannel;
}

/** The options people are shown and offered: all but the internal ones (OptionBase.internal). */
export function shownOptions(spec: CommandSpec): readonly OptionSpec[] {
  return spec.options.filter((o) => !o.internal);
}

/** `name <required> [optional]` usage line derived from the options people are shown. */
export function usageOf(spec: CommandSpec): string {
  const parts = shownOptions(spec).map((o) => {
    const shown =
      o.syntax === 'choice' && o.type === 'text' && o.choices
        ? o.choices.join('|')
        : o.syntax === 'keyword'
          ? `${o.name} ${o.type === 'integer' ? '<N>' : o.choices ? o.choices.join('|') : `<${o.name}>`}`
          : `<${o.name}>`;
    return o.required ? shown : `[${shown}]`;
  });
  return [spec.name, ...parts].join(' ');
}
