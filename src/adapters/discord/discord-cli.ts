/**
 * `paperboy discord register [--guild ID]` registers `/papers` and `/papers-channel` with Discord
 * (a bulk overwrite, sent only when something changed); `paperboy discord invite` prints the URL
 * that adds the bot to a server.
 */
import { parseArgs } from 'node:util';
import { DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';
import type { ChatAdapterInput, ChatHost } from '../../commands/chat-host.ts';
import { buildApplicationCommands } from './application-commands.ts';
import type { DiscordConfig } from './discord-config.ts';
import { discordInviteUrl } from './discord-invite.ts';
import { createDiscordRest, registerApplicationCommands } from './register-commands.ts';

export const DISCORD_CLI_USAGE = `Usage:
  paperboy discord register [--guild ID]   register /papers and /papers-channel (globally, or in one server for fast iteration)
  paperboy discord invite                  print the URL that adds the bot to a server

Needs DISCORD_TOKEN and DISCORD_APPLICATION_ID; --guild defaults to DISCORD_GUILD_ID. See the README (Discord setup).`;

const SNOWFLAKE = /^\d{17,20}$/;
/** The exit code for a missing or bad configuration, as the main CLI uses. */
const EXIT_CONFIG = 78;

/** Runs `paperboy discord …` with the arguments after `discord`, registering the host's commands; returns the exit code. */
export async function runDiscordCli(
  { host, config }: ChatAdapterInput<DiscordConfig, Pick<ChatHost, 'commands'>>,
  args: string[],
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { guild: { type: 'string' } } });
  } catch (error) {
    err(`${error instanceof Error ? error.message : String(error)}\n\n${DISCORD_CLI_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [action] = positionals;
  const applicationId = config.DISCORD_APPLICATION_ID;

  if (action === 'invite') {
    if (!applicationId) {
      err('Set DISCORD_APPLICATION_ID (the Application ID on the app’s General Information page) first.');
      return EXIT_CONFIG;
    }
    out(discordInviteUrl(applicationId));
    return 0;
  }
  if (action !== 'register' || positionals.length > 1) {
    err(DISCORD_CLI_USAGE);
    return 2;
  }

  const token = config.DISCORD_TOKEN;
  if (!token || !applicationId) {
    err('Registering commands needs DISCORD_TOKEN and DISCORD_APPLICATION_ID. See the README (Discord setup).');
    return EXIT_CONFIG;
  }
  const guildId = values.guild ?? config.DISCORD_GUILD_ID;
  if (guildId !== undefined && !SNOWFLAKE.test(guildId)) {
    err(`--guild must be a Discord server id (17–20 digits); got "${guildId}".`);
    return 2;
  }

  const commands = buildApplicationCommands(host.commands);
  // "/papers (11 subcommands) and /papers-channel (10 subcommands)"
  const described = commands.map((c) => `/${c.name} (${'options' in c ? (c.options?.length ?? 0) : 0} subcommands)`).join(' and ');
  const where = guildId ? `in server ${guildId}` : 'globally';
  try {
    const result = await registerApplicationCommands({ rest: createDiscordRest(config, token), applicationId, guildId, commands });
    if (result.status === 'unchanged') out(`Already registered ${where}: ${described}; nothing sent.`);
    else out(`Registered ${described} ${where}.`);
    out(`Add the bot to a server: ${discordInviteUrl(applicationId)}`);
    return 0;
  } catch (error) {
    err(registrationFailure(error, guildId));
    return 1;
  }
}

function registrationFailure(error: unknown, guildId: string | undefined): string {
  if (!(error instanceof DiscordAPIError)) return `Could not reach Discord: ${error instanceof Error ? error.message : String(error)}`;
  if (error.status === 401) return 'Discord rejected DISCORD_TOKEN (401 Unauthorized). Copy the bot token again from the app’s Bot page.';
  if (error.code === RESTJSONErrorCodes.MissingAccess && guildId) {
    return `Discord refused access to server ${guildId} (Missing Access). Add the bot to that server with the applications.commands scope first: npx paperboy discord invite`;
  }
  return `Discord refused the registration: ${error.message} (code ${error.code}, HTTP ${error.status}).`;
}
