/**
 * `paperboy discord register [--guild ID | --global]` registers `/papers` and `/papers-channel`
 * with Discord (a bulk overwrite, sent only when something changed); `paperboy discord unregister
 * [--guild ID | --global]` removes those two and nothing else; `paperboy discord invite` prints the
 * URL that adds the bot to a server.
 */
import { parseArgs } from 'node:util';
import { DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';
import type { ChatAdapterInput, ChatHost } from '../../commands/chat-host.ts';
import { buildApplicationCommands } from './application-commands.ts';
import type { DiscordConfig } from './discord-config.ts';
import { discordInviteUrl } from './discord-invite.ts';
import { createDiscordRest, registerApplicationCommands, unregisterApplicationCommands } from './register-commands.ts';

export const DISCORD_CLI_USAGE = `Usage:
  paperboy discord register [--guild ID | --global]     register /papers and /papers-channel in one server (instant, for trying it out) or globally
  paperboy discord unregister [--guild ID | --global]   remove paperboy's /papers and /papers-channel there (the application's other commands stay)
  paperboy discord invite                               print the URL that adds the bot to a server

Needs DISCORD_TOKEN and DISCORD_APPLICATION_ID. Without --guild or --global: the server DISCORD_GUILD_ID names, or globally when it is unset. See the README (Discord setup).`;

const SNOWFLAKE = /^\d{17,20}$/;
/** The exit code for a missing or bad configuration, as the main CLI uses. */
const EXIT_CONFIG = 78;

/** "/papers and /papers-channel". */
function listOf(names: readonly string[]): string {
  const slashed = names.map((name) => `/${name}`);
  return slashed.length <= 1 ? (slashed[0] ?? '') : `${slashed.slice(0, -1).join(', ')} and ${slashed.at(-1)!}`;
}

/** The server to act on (undefined: global), or the problem with the options given. */
function scopeOf(values: { guild?: string; global?: boolean }, config: DiscordConfig): { guildId: string | undefined } | { problem: string } {
  if (values.global && values.guild !== undefined) return { problem: 'Give --guild ID or --global, not both.' };
  const guildId = values.global ? undefined : (values.guild ?? config.DISCORD_GUILD_ID);
  if (guildId !== undefined && !SNOWFLAKE.test(guildId)) return { problem: `--guild must be a Discord server id (17–20 digits); got "${guildId}".` };
  return { guildId };
}

/** Runs `paperboy discord …` with the arguments after `discord`, registering the host's commands; returns the exit code. */
export async function runDiscordCli(
  { host, config }: ChatAdapterInput<DiscordConfig, Pick<ChatHost, 'commands'>>,
  args: string[],
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { guild: { type: 'string' }, global: { type: 'boolean' } } });
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
  if ((action !== 'register' && action !== 'unregister') || positionals.length > 1) {
    err(DISCORD_CLI_USAGE);
    return 2;
  }

  const token = config.DISCORD_TOKEN;
  if (!token || !applicationId) {
    err(`${action === 'register' ? 'Registering' : 'Removing'} commands needs DISCORD_TOKEN and DISCORD_APPLICATION_ID. See the README (Discord setup).`);
    return EXIT_CONFIG;
  }
  const scope = scopeOf(values, config);
  if ('problem' in scope) {
    err(`${scope.problem}\n\n${DISCORD_CLI_USAGE}`);
    return 2;
  }
  const { guildId } = scope;
  const commands = buildApplicationCommands(host.commands);
  const where = guildId ? `in server ${guildId}` : 'globally';
  const rest = createDiscordRest(config, token);
  try {
    if (action === 'unregister') {
      const result = await unregisterApplicationCommands({ rest, applicationId, guildId, names: commands.map((c) => c.name) });
      if (result.removed.length === 0) out(`paperboy has no commands registered ${where}; nothing removed.`);
      else out(`Removed ${listOf(result.removed)} ${where}.`);
      if (result.kept > 0) out(`Left the application's ${result.kept} other command${result.kept === 1 ? '' : 's'} ${where} as ${result.kept === 1 ? 'it is' : 'they are'}.`);
      return 0;
    }
    // "/papers (15 subcommands) and /papers-channel (10 subcommands)"
    const described = commands.map((c) => `/${c.name} (${'options' in c ? (c.options?.length ?? 0) : 0} subcommands)`).join(' and ');
    const result = await registerApplicationCommands({ rest, applicationId, guildId, commands });
    if (result.status === 'unchanged') out(`Already registered ${where}: ${described}; nothing sent.`);
    else out(`Registered ${described} ${where}.`);
    if (!guildId && config.DISCORD_GUILD_ID) {
      // Server commands and global ones with the same name both show in that server.
      out(
        `DISCORD_GUILD_ID is set: if server ${config.DISCORD_GUILD_ID} still has paperboy's server commands, its members see each command twice. ` +
          `Remove them with: npx paperboy discord unregister --guild ${config.DISCORD_GUILD_ID}`,
      );
    }
    out(`Add the bot to a server: ${discordInviteUrl(applicationId)}`);
    return 0;
  } catch (error) {
    err(discordRefusal(error, action, guildId));
    return 1;
  }
}

function discordRefusal(error: unknown, action: 'register' | 'unregister', guildId: string | undefined): string {
  if (!(error instanceof DiscordAPIError)) return `Could not reach Discord: ${error instanceof Error ? error.message : String(error)}`;
  if (error.status === 401) return 'Discord rejected DISCORD_TOKEN (401 Unauthorized). Copy the bot token again from the app’s Bot page.';
  if (error.code === RESTJSONErrorCodes.MissingAccess && guildId) {
    return `Discord refused access to server ${guildId} (Missing Access). Add the bot to that server with the applications.commands scope first: npx paperboy discord invite`;
  }
  return `Discord refused the ${action === 'register' ? 'registration' : 'removal'}: ${error.message} (code ${error.code}, HTTP ${error.status}).`;
}
