/**
 * The Discord side of `paperboy serve`: a gateway client with the Guilds intent only (no
 * privileged intents), answering `/papers` and `/papers-channel` interactions, pausing digests when the bot loses a
 * server or a channel, and a Poster for the digest job.
 */
import { Client, Events, GatewayIntentBits, REST } from 'discord.js';
import type { ChatAdapterInput, ChatHost } from '../../commands/chat-host.ts';
import type { Poster } from '../../core/delivery-ports.ts';
import type { Logger } from '../../core/logger.ts';
import { createShareLedger } from '../../commands/share-ledger.ts';
import { buildApplicationCommands } from './application-commands.ts';
import { createButtonIds } from './button-ids.ts';
import type { DiscordConfig } from './discord-config.ts';
import { describeError } from './discord-errors.ts';
import { NO_MENTIONS, createDiscordPoster } from './discord-poster.ts';
import { createInteractionHandler } from './handle-interaction.ts';
import { commandsAreRegistered } from './register-commands.ts';

export const GUILD_REMOVED_REASON = 'paperboy was removed from this Discord server';
export const CHANNEL_DELETED_REASON = 'this Discord channel was deleted';
export const THREAD_DELETED_REASON = 'this Discord thread was deleted';

export interface StartDiscordOptions {
  /** Defaults to the host's logger. */
  log?: Logger;
}

export interface RunningDiscord {
  /** Disconnects from the gateway. */
  stop(): Promise<void>;
  /** Posts digests into Discord channels. */
  poster: Poster;
}

/**
 * Registration is an explicit step (`paperboy discord register`); a forgotten one shows only as a
 * missing or outdated `/papers` in Discord (an older registration has no `/papers-channel`), so the log
 * says so at startup. With DISCORD_GUILD_ID set, commands registered in that server or globally
 * (`register --global`) both serve it.
 */
async function warnWhenCommandsAreStale(host: ChatHost, config: DiscordConfig, client: Client, log: Logger): Promise<void> {
  const applicationId = config.DISCORD_APPLICATION_ID ?? client.application?.id;
  if (!applicationId) return;
  const guildId = config.DISCORD_GUILD_ID;
  const commands = buildApplicationCommands(host.commands);
  try {
    for (const scope of guildId ? [guildId, undefined] : [undefined]) {
      if (await commandsAreRegistered({ rest: client.rest, applicationId, guildId: scope, commands })) {
        log.info({ guild: scope ?? null }, '/papers and /papers-channel are registered with discord and current');
        return;
      }
    }
    log.warn({ guild: guildId ?? null }, '/papers and /papers-channel are not registered with Discord or are out of date; run: npx paperboy discord register');
  } catch (error) {
    log.warn(describeError(error), 'could not check the registered discord commands');
  }
}

/**
 * Connects `host` to Discord with `DISCORD_TOKEN` (REST at `DISCORD_API_URL`) and resolves once
 * the client is ready. Rejects when the login fails (a bad token, Discord unreachable).
 */
export async function startDiscord({ host, config }: ChatAdapterInput<DiscordConfig>, options: StartDiscordOptions = {}): Promise<RunningDiscord> {
  const token = config.DISCORD_TOKEN;
  if (!token) throw new Error('DISCORD_TOKEN is not set; see the README (Discord setup).');
  const log = (options.log ?? host.log).child({ platform: 'discord' });
  const buttonIds = createButtonIds({ clock: host.clock });
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: NO_MENTIONS,
    rest: { api: config.DISCORD_API_URL },
  });

  const handleInteraction = createInteractionHandler({ host, buttonIds, log, shares: createShareLedger() });
  client.on(Events.InteractionCreate, (interaction) => void handleInteraction(interaction));

  // discord.js emits guildDelete only when the bot was removed (kicked, banned, left, server
  // deleted); an outage sends GUILD_DELETE with `unavailable: true`, which becomes guildUnavailable.
  // https://discord.com/developers/docs/events/gateway-events#guild-delete
  client.on(Events.GuildDelete, async (guild) => {
    await host.pauser.pauseWorkspace('discord', guild.id, GUILD_REMOVED_REASON);
    log.warn({ guild: guild.id, reason: GUILD_REMOVED_REASON }, 'removed from a discord server; its digests are paused');
  });
  client.on(Events.GuildUnavailable, (guild) => {
    log.warn({ guild: guild.id }, 'a discord server is unavailable (outage); nothing is paused');
  });
  client.on(Events.ChannelDelete, async (channel) => {
    if (channel.isDMBased()) return;
    await host.pauser.pauseChannel({ platform: 'discord', workspaceId: channel.guildId, channelId: channel.id }, CHANNEL_DELETED_REASON);
    log.warn({ guild: channel.guildId, channel: channel.id, reason: CHANNEL_DELETED_REASON }, 'a discord channel was deleted; its digests are paused');
  });
  // THREAD_DELETE carries only id, guild_id, parent_id and type
  // (https://discord.com/developers/docs/events/gateway-events#thread-delete), and discord.js emits
  // threadDelete only for a thread it had cached: the raw packet covers every deleted thread.
  client.on(Events.Raw, async (packet: { t?: string | null; d?: { id?: string; guild_id?: string } }) => {
    if (packet.t !== 'THREAD_DELETE' || !packet.d?.id || !packet.d.guild_id) return;
    await host.pauser.pauseChannel({ platform: 'discord', workspaceId: packet.d.guild_id, channelId: packet.d.id }, THREAD_DELETED_REASON);
    log.warn({ guild: packet.d.guild_id, channel: packet.d.id, reason: THREAD_DELETED_REASON }, 'a discord thread was deleted; its digests are paused');
  });
  client.on(Events.Error, (error) => log.error(describeError(error), 'discord client error'));
  client.on(Events.ShardError, (error, shard) => log.warn({ shard, ...describeError(error) }, 'discord gateway connection error'));

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(token);
    await ready;
  } catch (error) {
    await client.destroy();
    throw error;
  }
  log.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'connected to discord');
  void warnWhenCommandsAreStale(host, config, client, log);

  return {
    // Digest posts go through a client of their own with retries off (discord-poster.ts says why).
    poster: createDiscordPoster({
      rest: new REST({ api: config.DISCORD_API_URL, retries: 0 }).setToken(token),
      buttonIds,
      botUserId: () => client.user?.id ?? null,
      log,
      commands: host.commands,
    }),
    async stop() {
      await client.destroy();
      log.info({}, 'disconnected from discord');
    },
  };
}
