/**
 * Registers the application commands with a bulk overwrite, only when they differ from what
 * Discord has: a GET first, then one PUT or nothing.
 * https://discord.com/developers/docs/interactions/application-commands#bulk-overwrite-global-application-commands
 */
import { REST, Routes, type RESTPutAPIApplicationCommandsJSONBody } from 'discord.js';
import { normaliseCommands } from './application-commands.ts';
import type { DiscordConfig } from './discord-config.ts';

export interface RegisterCommandsRequest {
  rest: REST;
  applicationId: string;
  /** A guild id registers guild commands (instant, for development); none registers global commands. */
  guildId?: string;
  commands: RESTPutAPIApplicationCommandsJSONBody;
}

export interface RegisterCommandsResult {
  /** `updated`: the PUT was sent; `unchanged`: Discord already had these commands. */
  status: 'updated' | 'unchanged';
  scope: 'global' | 'guild';
}

function routeOf(request: Omit<RegisterCommandsRequest, 'commands'>): `/${string}` {
  const { applicationId, guildId } = request;
  return guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
}

/** Whether Discord already has exactly these commands. Throws DiscordAPIError. */
export async function commandsAreRegistered(request: RegisterCommandsRequest): Promise<boolean> {
  const registered = (await request.rest.get(routeOf(request))) as object[];
  return normaliseCommands(registered) === normaliseCommands(request.commands);
}

/** Compares with the registered commands and bulk-overwrites them when they differ. Throws DiscordAPIError. */
export async function registerApplicationCommands(request: RegisterCommandsRequest): Promise<RegisterCommandsResult> {
  const scope = request.guildId ? 'guild' : 'global';
  if (await commandsAreRegistered(request)) return { status: 'unchanged', scope };
  await request.rest.put(routeOf(request), { body: request.commands });
  return { status: 'updated', scope };
}

export interface UnregisterCommandsRequest {
  rest: REST;
  applicationId: string;
  /** A guild id removes that server's commands; none removes global commands. */
  guildId?: string;
  /** The names of the commands to remove (paperboy's own); any other command of the application stays. */
  names: readonly string[];
}

export interface UnregisterCommandsResult {
  /** Names of the commands deleted, in Discord's order. */
  removed: string[];
  /** Commands of the application left alone (not paperboy's). */
  kept: number;
  scope: 'global' | 'guild';
}

/**
 * Deletes the named commands one by one (a GET, then a DELETE per command): a bulk overwrite would
 * also wipe the application's other commands.
 * https://discord.com/developers/docs/interactions/application-commands#delete-global-application-command
 * https://discord.com/developers/docs/interactions/application-commands#delete-guild-application-command
 * Throws DiscordAPIError.
 */
export async function unregisterApplicationCommands(request: UnregisterCommandsRequest): Promise<UnregisterCommandsResult> {
  const { rest, applicationId, guildId, names } = request;
  const registered = (await rest.get(routeOf(request))) as { id: string; name: string }[];
  const ours = registered.filter((command) => names.includes(command.name));
  for (const command of ours) {
    await rest.delete(guildId ? Routes.applicationGuildCommand(applicationId, guildId, command.id) : Routes.applicationCommand(applicationId, command.id));
  }
  return { removed: ours.map((command) => command.name), kept: registered.length - ours.length, scope: guildId ? 'guild' : 'global' };
}

/** A REST client for the bot, pointed at `DISCORD_API_URL`. */
export function createDiscordRest(config: Pick<DiscordConfig, 'DISCORD_API_URL'>, token: string): REST {
  return new REST({ api: config.DISCORD_API_URL }).setToken(token);
}
