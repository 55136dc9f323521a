/**
 * paperboy's commands as two Discord chat-input commands, decided by each CommandSpec's
 * `changesChannel`: `/papers` for reading (search, paper, like, list, status, help, digest preview,
 * settings as shown) and `/papers-channel` for every use that changes a channel (subscribe, follow,
 * unsubscribe, unfollow, schedule, pause, resume, digest now, settings admins-only).
 *
 * Why two: Discord sets who may use an application command per top-level command
 * (`default_member_permissions`, refined by each server in Server Settings → Integrations), never
 * per subcommand, so with one `/papers` a server could not keep search open while limiting who
 * changes a channel. https://discord.com/developers/docs/interactions/application-commands#permissions
 * (permissions apply to a command as a whole; subcommands and subcommand groups take none of their own).
 */
import { changesChannel, shownOptions, type CommandArgs, type CommandSpec, type OptionSpec, type TextOption } from '../../commands/command-spec.ts';
import type { Block, Reply } from '../../core/reply.ts';
import { COMMAND_WORD, DEFAULT_COMMAND_NAME, replaceCommandMentions } from '../../core/command-name.ts';

/** The command for everything that only reads. */
export const DISCORD_COMMAND_NAME_PAPERS = COMMAND_WORD;
/** The command for everything that changes a channel: Manage Channels by default, servers refine it. */
export const DISCORD_COMMAND_NAME_CHANNEL = `${COMMAND_WORD}-channel`;

export type DiscordCommandName = typeof DISCORD_COMMAND_NAME_PAPERS | typeof DISCORD_COMMAND_NAME_CHANNEL;

/** A command's options as one of the two Discord commands offers them (never an internal one). */
export interface DiscordSubcommand {
  spec: CommandSpec;
  options: readonly OptionSpec[];
}

/** The option whose value decides whether a use changes the channel (`digest`'s action), with the values that do. */
interface DecidingOption {
  option: TextOption;
  changing: readonly string[];
  unchanging: readonly string[];
  /** Whether leaving the option out changes the channel. */
  changesWithout: boolean;
  /** The other options whose use alone is a change (recap's day): see belongsToChange. */
  changingByThemselves: readonly OptionSpec[];
}

/** Worked out once per spec: every reply's text asks again for each command it names. */
const decidingOptions = new WeakMap<CommandSpec, DecidingOption>();

/**
 * For a command only some of whose uses change a channel, the option with choices that decides it.
 * Only an option with choices can be split between two Discord commands, so anything else is a
 * programming error, thrown when the commands are built.
 */
function decidingOption(spec: CommandSpec): DecidingOption {
  let found = decidingOptions.get(spec);
  if (!found) decidingOptions.set(spec, (found = findDecidingOption(spec)));
  return found;
}

function findDecidingOption(spec: CommandSpec): DecidingOption {
  const changesWithout = changesChannel(spec, {});
  for (const option of shownOptions(spec)) {
    if (option.type !== 'text' || !option.choices) continue;
    const changing = option.choices.filter((choice) => changesChannel(spec, { [option.name]: choice }));
    const unchanging = option.choices.filter((choice) => !changing.includes(choice));
    if (changing.length > 0 !== changesWithout || (changing.length > 0 && unchanging.length > 0)) {
      const changingByThemselves = shownOptions(spec).filter((o) => o !== option && belongsToChange(spec, o));
      return { option, changing, unchanging, changesWithout, changingByThemselves };
    }
  }
  throw new Error(`The command ${spec.name} changes a channel only sometimes, but no option with choices decides when; Discord could not split it.`);
}

/** The option restricted to `choices`: left out when none remain, required when leaving it out would be the other command's use. */
function restricted(option: TextOption, choices: readonly string[], required: boolean): TextOption | null {
  return choices.length === 0 ? null : { ...option, choices, required };
}

/** A value `option` accepts, to ask changesChannel whether giving the option at all makes a change. */
function sampleValue(option: OptionSpec): string | number {
  if (option.type === 'integer') return option.min;
  return option.choices?.[0] ?? 'x';
}

/**
 * Whether giving `option` (any value, without the deciding option) is a change by itself: recap's
 * `day` is, as it only ever says when the recap turned on comes. The reading variant leaves such an
 * option out, or `/papers recap` would offer a `day` that could only end in an error.
 */
function belongsToChange(spec: CommandSpec, option: OptionSpec): boolean {
  return changesChannel(spec, { [option.name]: sampleValue(option) });
}

/** A command as `/papers` and `/papers-channel` offer it; null where that command has no use of it. */
export function splitSubcommand(spec: CommandSpec): Record<DiscordCommandName, DiscordSubcommand | null> {
  if (typeof spec.changesChannel === 'boolean') {
    const whole: DiscordSubcommand = { spec, options: shownOptions(spec) };
    return spec.changesChannel ? { papers: null, 'papers-channel': whole } : { papers: whole, 'papers-channel': null };
  }
  const deciding = decidingOption(spec);
  const variant = (choices: readonly string[], withoutIsHere: boolean, changes: boolean): DiscordSubcommand | null => {
    const option = restricted(deciding.option, choices, !withoutIsHere);
    if (!option && !withoutIsHere) return null;
    const options = shownOptions(spec).flatMap((o) => {
      if (o === deciding.option) return option ? [option] : [];
      return changes || !deciding.changingByThemselves.includes(o) ? [o] : [];
    });
    return { spec, options };
  };
  return {
    papers: variant(deciding.unchanging, !deciding.changesWithout, false),
    'papers-channel': variant(deciding.changing, deciding.changesWithout, true),
  };
}

/** The Discord command that carries this use of a command. */
export function discordCommandOf(spec: CommandSpec, args: CommandArgs): DiscordCommandName {
  return changesChannel(spec, args) ? DISCORD_COMMAND_NAME_CHANNEL : DISCORD_COMMAND_NAME_PAPERS;
}

/** Whether `name` is one of paperboy's Discord commands. */
export function isDiscordCommandName(name: string): name is DiscordCommandName {
  return name === DISCORD_COMMAND_NAME_PAPERS || name === DISCORD_COMMAND_NAME_CHANNEL;
}

/** The command's name and the words after it that decide a use (`digest now`, `settings admins-only on`). */
const WORDS_AFTER_COMMAND = 3;
const TRAILING_PUNCTUATION = /[.,;:!?)”’"']+$/;

/**
 * Help and hints name commands as text (`/papers subscribe recsys`); on Discord a use that
 * changes a channel is `/papers-channel …`. Rewrites each mention of the command (command-name.ts
 * says what a mention is: not inside a path or a longer name) whose command and next words make
 * such a use (`/papers digest now`, not `/papers digest preview`).
 */
export function discordCommandText(text: string, commands: readonly CommandSpec[]): string {
  if (!text.includes(DEFAULT_COMMAND_NAME)) return text;
  return replaceCommandMentions(text, (after) => {
    if (!/^ \S/.test(after)) return DEFAULT_COMMAND_NAME;
    const [name = '', ...words] = after
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 1 + WORDS_AFTER_COMMAND)
      .map((w) => w.toLowerCase().replace(TRAILING_PUNCTUATION, ''));
    const spec = commands.find((c) => c.name === name || c.aliases?.includes(name));
    return spec && changesInText(spec, words) ? `/${DISCORD_COMMAND_NAME_CHANNEL}` : DEFAULT_COMMAND_NAME;
  });
}

/** Whether `/papers <spec> <words…>` is a use that changes the channel, as far as the first words tell. */
function changesInText(spec: CommandSpec, words: readonly string[]): boolean {
  if (typeof spec.changesChannel === 'boolean') return spec.changesChannel;
  const { option, changing, changesWithout, changingByThemselves } = decidingOption(spec);
  // An option that is a change by itself (recap's day) puts the use under /papers-channel whatever
  // the deciding option says, as splitSubcommand offers it there only: `/papers recap mon`.
  if (changingByThemselves.some((o) => namedIn(o, words))) return true;
  if (option.syntax === 'keyword') {
    const at = words.indexOf(option.name);
    return at >= 0 ? changing.includes(words[at + 1] ?? '') : changesWithout;
  }
  const given = words.find((w) => option.choices?.includes(w));
  return given === undefined ? changesWithout : changing.includes(given);
}

/**
 * Whether the words give `option`, where text shows it: a keyword by its name, a choice by one of
 * its values. A positional option cannot be told from the words around it, so it never counts.
 */
function namedIn(option: OptionSpec, words: readonly string[]): boolean {
  if (option.syntax === 'keyword') return words.includes(option.name);
  if (option.syntax === 'choice' && option.type === 'text') return words.some((w) => option.choices?.includes(w) ?? false);
  return false;
}

function rewriteBlock(block: Block, commands: readonly CommandSpec[]): Block {
  const rewrite = (text: string) => discordCommandText(text, commands);
  switch (block.type) {
    case 'header':
    case 'text':
      return { ...block, text: rewrite(block.text) };
    case 'context':
      return { ...block, items: block.items.map(rewrite) };
    case 'fields':
      return { ...block, fields: block.fields.map((f) => ({ label: rewrite(f.label), value: rewrite(f.value) })) };
    // Paper cards are outside text; buttons carry invocations, not command lines.
    case 'paper':
    case 'actions':
    case 'divider':
      return block;
  }
}

/** The reply with paperboy's own text naming `/papers-channel` for each channel-changing use (discordCommandText). */
export function withDiscordCommandText(reply: Reply, commands: readonly CommandSpec[]): Reply {
  return { ...reply, blocks: reply.blocks.map((block) => rewriteBlock(block, commands)) };
}
