/**
 * Which process answers a platform event when several may receive it. Discord sends every gateway
 * event to every session of the bot (each replica logs in with the same token and gets them all:
 * https://discord.com/developers/docs/events/gateway#sharding — without sharding, one session
 * carries every event of the bot's guilds, and each session is such a one), so an interaction
 * reaches each replica; only the one that claims it runs the command and answers, so a command
 * runs once, not once per replica.
 */
import type { Awaitable } from './awaitable.ts';
import type { ChatPlatform } from './delivery-ports.ts';

/** How long a claim is kept: Discord's interaction tokens live 15 minutes; a day is far past any redelivery. */
export const CHAT_EVENT_CLAIM_RETENTION_MS = 24 * 60 * 60 * 1000;

export interface ChatEventClaims {
  /** True for exactly one caller across every process on the store, for each (platform, event id). */
  claim(platform: ChatPlatform, eventId: string, now: Date): Awaitable<boolean>;
}
