/**
 * What the bot asks for when a server admin adds it: the `bot` and `applications.commands`
 * scopes and only the permissions it uses.
 * https://discord.com/developers/docs/topics/oauth2#bot-authorization-flow
 */
import { OAuth2Scopes, PermissionFlagsBits } from 'discord.js';

/**
 * View Channel and Send Messages to post digests and shared results, Send Messages in Threads for
 * a channel that is a thread (threads do not take Send Messages), Embed Links so the posts show as
 * embeds, Read Message History so a digest can be looked up after a crash.
 */
export const DISCORD_BOT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.ReadMessageHistory;

export const DISCORD_BOT_SCOPES = [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands] as const;

/** The URL a server admin opens to add the bot to a server. */
export function discordInviteUrl(applicationId: string): string {
  const url = new URL('https://discord.com/oauth2/authorize');
  url.searchParams.set('client_id', applicationId);
  url.searchParams.set('scope', DISCORD_BOT_SCOPES.join(' '));
  url.searchParams.set('permissions', DISCORD_BOT_PERMISSIONS.toString());
  return url.href;
}
