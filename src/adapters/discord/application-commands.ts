/**
 * The Discord application-command JSON, generated from the command registry: `/papers` with a
 * subcommand per reading use and `/papers-channel` with a subcommand per channel-changing use,
 * split by each CommandSpec's `changesChannel` (discord-command-split.ts says why there are two).
 * https://discord.com/developers/docs/interactions/application-commands#application-command-object
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandSpec, OptionSpec } from '../../commands/command-spec.ts';
import {
  DISCORD_COMMAND_NAME_CHANNEL,
  DISCORD_COMMAND_NAME_PAPERS,
  discordCommandText,
  splitSubcommand,
  type DiscordCommandName,
  type DiscordSubcommand,
} from './discord-command-split.ts';
import {
  DISCORD_COMMAND_NAME,
  DISCORD_MAX_CHOICE_NAME,
  DISCORD_MAX_CHOICE_VALUE,
  DISCORD_MAX_CHOICES,
  DISCORD_MAX_COMMAND_DESCRIPTION,
  DISCORD_MAX_OPTIONS,
  DISCORD_MAX_STRING_OPTION_LENGTH,
} from './discord-limits.ts';
import { fitText } from './discord-text.ts';

export { DISCORD_COMMAND_NAME_CHANNEL, DISCORD_COMMAND_NAME_PAPERS } from './discord-command-split.ts';

const DESCRIPTIONS: Record<DiscordCommandName, string> = {
  papers: 'Research papers: search, read, list what this channel follows, preview its digest',
  'papers-channel': 'Change what this channel gets: subscribe, follow, schedule, pause, post a digest, settings',
};

/**
 * Who may use each command until a server changes it in Server Settings → Integrations: `/papers`
 * everyone (null), `/papers-channel` members with Manage Channels (a decimal string of the bits).
 * https://discord.com/developers/docs/interactions/application-commands#permissions
 */
export const DISCORD_DEFAULT_MEMBER_PERMISSIONS: Record<DiscordCommandName, string | null> = {
  papers: null,
  'papers-channel': String(PermissionFlagsBits.ManageChannels),
};

function checkedName(name: string, what: string): string {
  if (!DISCORD_COMMAND_NAME.test(name)) {
    throw new Error(`The ${what} name "${name}" is not a valid Discord name (lower case, 1–32 letters, digits, - or _).`);
  }
  return name;
}

function optionJson(spec: CommandSpec, option: OptionSpec): APIApplicationCommandBasicOption {
  const base = {
    name: checkedName(option.name, `option ${spec.name}.${option.name}`),
    description: fitText(option.description, DISCORD_MAX_COMMAND_DESCRIPTION),
    required: option.required,
  };
  if (option.type === 'integer') {
    return { ...base, type: ApplicationCommandOptionType.Integer, min_value: option.min, max_value: option.max };
  }
  if (option.choices && option.choices.length > 0) {
    if (option.choices.length > DISCORD_MAX_CHOICES) {
      throw new Error(`The option ${spec.name}.${option.name} has ${option.choices.length} choices; Discord allows ${DISCORD_MAX_CHOICES}.`);
    }
    const choices = option.choices.map((choice) => ({
      name: fitText(choice, DISCORD_MAX_CHOICE_NAME),
      value: checkedChoiceValue(choice, `${spec.name}.${option.name}`),
    }));
    return { ...base, type: ApplicationCommandOptionType.String, choices };
  }
  // Discord asks paperboy for choices as it is typed (answer-autocomplete.ts); allowed only without `choices`.
  // https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-option-structure
  const json: APIApplicationCommandBasicOption = option.suggest
    ? { ...base, type: ApplicationCommandOptionType.String, autocomplete: true }
    : { ...base, type: ApplicationCommandOptionType.String };
  if (option.minLength !== undefined) json.min_length = Math.min(option.minLength, DISCORD_MAX_STRING_OPTION_LENGTH);
  if (option.maxLength !== undefined) json.max_length = Math.min(option.maxLength, DISCORD_MAX_STRING_OPTION_LENGTH);
  return json;
}

function checkedChoiceValue(choice: string, where: string): string {
  if (choice.length > DISCORD_MAX_CHOICE_VALUE) {
    throw new Error(`A choice of ${where} is longer than Discord's ${DISCORD_MAX_CHOICE_VALUE} characters: "${choice}".`);
  }
  return choice;
}

function subcommandJson({ spec, options: specOptions }: DiscordSubcommand, commands: readonly CommandSpec[]): APIApplicationCommandSubcommandOption {
  if (specOptions.length > DISCORD_MAX_OPTIONS) {
    throw new Error(`The command ${spec.name} has ${specOptions.length} options; Discord allows ${DISCORD_MAX_OPTIONS}.`);
  }
  // Discord wants required options before optional ones; the sort is stable, so text order is kept otherwise.
  const options = [...specOptions].sort((a, b) => Number(b.required) - Number(a.required)).map((o) => optionJson(spec, o));
  const json: APIApplicationCommandSubcommandOption = {
    type: ApplicationCommandOptionType.Subcommand,
    name: checkedName(spec.name, 'command'),
    description: fitText(discordCommandText(spec.summary, commands), DISCORD_MAX_COMMAND_DESCRIPTION),
  };
  if (options.length > 0) json.options = options;
  return json;
}

function commandJson(name: DiscordCommandName, commands: readonly CommandSpec[]): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const subcommands = commands.flatMap((spec) => splitSubcommand(spec)[name] ?? []);
  if (subcommands.length > DISCORD_MAX_OPTIONS) {
    throw new Error(`/${name} would have ${subcommands.length} subcommands; one Discord command holds at most ${DISCORD_MAX_OPTIONS}.`);
  }
  return {
    type: ApplicationCommandType.ChatInput,
    name,
    description: DESCRIPTIONS[name],
    options: subcommands.map((subcommand) => subcommandJson(subcommand, commands)),
    // Servers that installed the bot, and DMs with the bot.
    contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    default_member_permissions: DISCORD_DEFAULT_MEMBER_PERMISSIONS[name],
    nsfw: false,
  };
}

/**
 * The body of the bulk-overwrite PUT: `/papers` with a subcommand per reading use of a command,
 * `/papers-channel` with one per channel-changing use (Manage Channels by default).
 */
export function buildApplicationCommands(commands: readonly CommandSpec[]): RESTPutAPIApplicationCommandsJSONBody {
  return [commandJson(DISCORD_COMMAND_NAME_PAPERS, commands), commandJson(DISCORD_COMMAND_NAME_CHANNEL, commands)];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function normaliseOption(raw: Record<string, unknown>): Json {
  return {
    type: Number(raw['type']),
    name: String(raw['name']),
    description: String(raw['description'] ?? ''),
    required: raw['required'] === true,
    choices: Array.isArray(raw['choices'])
      ? (raw['choices'] as Record<string, unknown>[]).map((c) => ({ name: String(c['name']), value: c['value'] as Json }))
      : [],
    min_length: (raw['min_length'] as number | undefined) ?? null,
    max_length: (raw['max_length'] as number | undefined) ?? null,
    min_value: (raw['min_value'] as number | undefined) ?? null,
    max_value: (raw['max_value'] as number | undefined) ?? null,
    autocomplete: raw['autocomplete'] === true,
    channel_types: Array.isArray(raw['channel_types']) ? (raw['channel_types'] as number[]) : [],
    options: Array.isArray(raw['options']) ? (raw['options'] as Record<string, unknown>[]).map(normaliseOption) : [],
  };
}

/**
 * A canonical form of a command list, for comparing what paperboy would register with what
 * Discord returns: only the fields paperboy sets, with Discord's defaults filled in and the
 * fields Discord adds (id, version, application_id, localizations) left out.
 */
export function normaliseCommands(commands: readonly object[]): string {
  const normalised = commands
    .map((command) => {
      const raw = command as Record<string, unknown>;
      return {
        type: Number(raw['type'] ?? ApplicationCommandType.ChatInput),
        name: String(raw['name']),
        description: String(raw['description'] ?? ''),
        options: Array.isArray(raw['options']) ? (raw['options'] as Record<string, unknown>[]).map(normaliseOption) : [],
        contexts: (raw['contexts'] as Json | undefined) ?? null,
        integration_types: (raw['integration_types'] as Json | undefined) ?? null,
        default_member_permissions: (raw['default_member_permissions'] as Json | undefined) ?? null,
        nsfw: raw['nsfw'] === true,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  return JSON.stringify(normalised);
}
