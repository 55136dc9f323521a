/** Who ran an interaction and with what options, in the terms of the command registry. */
import { ApplicationCommandOptionType, PermissionFlagsBits, type BaseInteraction, type CommandInteractionOption } from 'discord.js';
import type { Invoker } from '../../commands/command-context.ts';
import type { CommandArgs } from '../../commands/command-spec.ts';
import { checkDiscordPosting } from './discord-posting-check.ts';

/** The workspace id of interactions outside a server (DMs with the bot). */
export const DISCORD_DM_WORKSPACE = 'dm';

/**
 * The Invoker of an interaction. In a server, Manage Server or Manage Channels makes an admin;
 * in a DM the user is alone with the bot and so administers that conversation. Whether the bot
 * can post there is read from the interaction's own `app_permissions`, when a command asks.
 */
export function invokerFromInteraction(interaction: BaseInteraction): Invoker {
  const permissions = interaction.memberPermissions;
  const inGuild = interaction.guildId !== null;
  // discord.js reads the channel from the interaction's `channel` object, which Discord sends on
  // every interaction from a channel; a button's message names its channel too.
  const channelId = interaction.channelId ?? (interaction.isMessageComponent() ? interaction.message.channelId : null);
  if (!channelId) throw new Error(`Discord interaction ${interaction.id} names no channel`);
  return {
    platform: 'discord',
    workspaceId: interaction.guildId ?? DISCORD_DM_WORKSPACE,
    channelId,
    userId: interaction.user.id,
    userName: interaction.user.globalName ?? interaction.user.username,
    isAdmin: inGuild
      ? permissions !== null && permissions.any([PermissionFlagsBits.ManageGuild, PermissionFlagsBits.ManageChannels])
      : true,
    postingCheck: () => checkDiscordPosting(interaction, channelId),
  };
}

/**
 * The subcommand and its arguments from a `/papers <subcommand> …` interaction's options.
 * Values stay as Discord typed them (strings, integers); the registry validates them.
 */
export function subcommandFromOptions(options: readonly CommandInteractionOption[]): { name: string; args: CommandArgs } | null {
  const subcommand = options[0];
  if (!subcommand || subcommand.type !== ApplicationCommandOptionType.Subcommand) return null;
  const args: CommandArgs = {};
  for (const option of subcommand.options ?? []) {
    if (option.value === undefined) continue;
    args[option.name] = typeof option.value === 'boolean' ? String(option.value) : option.value;
  }
  return { name: subcommand.name, args };
}
