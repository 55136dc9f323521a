import type { Config } from '../../config.ts';

/** The configuration the Discord side reads: its own variables only. */
export type DiscordConfig = Pick<Config, 'DISCORD_TOKEN' | 'DISCORD_APPLICATION_ID' | 'DISCORD_GUILD_ID' | 'DISCORD_API_URL'>;
