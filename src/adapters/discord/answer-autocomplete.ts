/**
 * Answers Discord's autocomplete interactions (type 4, APPLICATION_COMMAND_AUTOCOMPLETE): the
 * member is typing an option marked `autocomplete` (an option with `suggest` in its CommandSpec),
 * and paperboy answers with callback type 8 (APPLICATION_COMMAND_AUTOCOMPLETE_RESULT), at most 25
 * choices, each name and string value 1–100 characters. The choices come from the host
 * (ChatHost.complete) for the invoker Discord vouched for, so they stay within their channel.
 * https://discord.com/developers/docs/interactions/application-commands#autocomplete
 * https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-autocomplete
 */
import type { ApplicationCommandOptionChoiceData, AutocompleteInteraction } from 'discord.js';
import type { ChatHost } from '../../commands/chat-host.ts';
import type { OptionSuggestion } from '../../commands/command-spec.ts';
import type { Logger } from '../../core/logger.ts';
import { discordCommandText, isDiscordCommandName } from './discord-command-split.ts';
import { DISCORD_MAX_CHOICE_NAME, DISCORD_MAX_CHOICE_VALUE, DISCORD_MAX_CHOICES } from './discord-limits.ts';
import { fitText } from './discord-text.ts';
import { invokerFromInteraction } from './interaction-invoker.ts';

/**
 * Suggestions as Discord choices: names cut to fit (they are only read), values that do not fit
 * left out (a cut value would be another value), paperboy's own command lines named as Discord has them.
 */
export function autocompleteChoices(suggestions: readonly OptionSuggestion[], commands: ChatHost['commands']): ApplicationCommandOptionChoiceData<string>[] {
  return suggestions
    .filter((s) => s.value.length >= 1 && s.value.length <= DISCORD_MAX_CHOICE_VALUE && s.name.trim() !== '')
    .slice(0, DISCORD_MAX_CHOICES)
    .map((s) => ({ name: fitText(discordCommandText(s.name, commands), DISCORD_MAX_CHOICE_NAME), value: s.value }));
}

/** Answers one autocomplete interaction; an unknown command or option gets no choices. */
export async function answerAutocomplete(interaction: AutocompleteInteraction, host: ChatHost, log: Logger): Promise<void> {
  const subcommand = isDiscordCommandName(interaction.commandName) ? interaction.options.getSubcommand(false) : null;
  const focused = interaction.options.getFocused(true);
  const suggestions = subcommand ? await host.complete(subcommand, focused.name, String(focused.value), invokerFromInteraction(interaction)) : [];
  const choices = autocompleteChoices(suggestions, host.commands);
  await interaction.respond(choices);
  // Every keystroke asks again: debug, not info.
  log.debug({ guild: interaction.guildId, channel: interaction.channelId, command: subcommand, option: focused.name, choices: choices.length }, 'answered a discord autocomplete');
}
