/**
 * Registers the application commands with a bulk overwrite, only when they differ from what
 * Discord has: a GET first, then one PUT or nothing.
 * https://discord.com/developers/docs/interactions/application-commands#bulk-overwrite-global-application-commands
 */
import { REST, Routes, type RESTPutAPIApplicationCommandsJSONBody } from 'discord.js';
import type { Config } from '../../config.ts';
import { normaliseCommands } from './application-commands.ts';

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

/** Compares with the registered commands and bulk-overwrites them when they differ. Throws DiscordAPIError. */
export async function registerApplicationCommands(request: RegisterCommandsRequest): Promise<RegisterCommandsResult> {
  const { rest, applicationId, guildId, commands } = request;
  const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
  const scope = guildId ? 'guild' : 'global';
  const registered = (await rest.get(route)) as object[];
  if (normaliseCommands(registered) === normaliseCommands(commands)) return { status: 'unchanged', scope };
  await rest.put(route, { body: commands });
  return { status: 'updated', scope };
}

/** A REST client for the bot, pointed at `DISCORD_API_URL`. */
export function createDiscordRest(config: Config, token: string): REST {
  return new REST({ api: config.DISCORD_API_URL }).setToken(token);
}
