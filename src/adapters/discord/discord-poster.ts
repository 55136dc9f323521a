/**
 * The Poster for Discord: posts a reply into a channel through the bot's REST client
 * (discord.js waits out 429s by their Retry-After and retries 5xx itself), with a `nonce` and
 * `enforce_nonce` so a retried post within Discord's window returns the first message instead
 * of posting twice.
 * https://discord.com/developers/docs/resources/message#create-message
 */
import { createHash } from 'node:crypto';
import { Routes, type APIMessage, type REST } from 'discord.js';
import type { ChannelRef, Poster, PostResult } from '../../core/delivery-ports.ts';
import type { Logger } from '../../core/logger.ts';
import type { ButtonIds } from './button-ids.ts';
import { renderDiscordMessages, type DiscordMessage } from './discord-embeds.ts';
import { channelGoneReason, describeError } from './discord-errors.ts';
import { DISCORD_MAX_NONCE } from './discord-limits.ts';

/** Never ping anyone: not @everyone, not roles, not users, whatever the text says. */
export const NO_MENTIONS = { parse: [] as never[] };

/** How many recent messages findPosted looks through. */
const RECENT_MESSAGES = 50;

/** The nonce of the `index`-th message of a post: a hash of the idempotency key, within Discord's 25 characters. */
export function discordNonce(idempotencyKey: string, index: number): string {
  return createHash('sha256').update(`${idempotencyKey}#${index}`).digest('base64url').slice(0, DISCORD_MAX_NONCE);
}

/**
 * Posts rendered messages in order. Returns the first message's id, or the outcome that
 * stopped the post.
 */
export async function postDiscordMessages(
  rest: REST,
  channelId: string,
  messages: DiscordMessage[],
  idempotencyKey: string,
): Promise<PostResult> {
  let firstId: string | null = null;
  for (const [index, message] of messages.entries()) {
    try {
      const created = (await rest.post(Routes.channelMessages(channelId), {
        body: { ...message, nonce: discordNonce(idempotencyKey, index), enforce_nonce: true, allowed_mentions: NO_MENTIONS },
      })) as APIMessage;
      firstId ??= created.id;
    } catch (error) {
      const gone = channelGoneReason(error);
      if (gone) return { status: 'channel-gone', reason: gone };
      const described = describeError(error);
      return { status: 'failed', reason: typeof described['message'] === 'string' ? described['message'] : String(error) };
    }
  }
  return { status: 'sent', messageRef: firstId! };
}

export function createDiscordPoster(options: { rest: REST; buttonIds: ButtonIds; log: Logger }): Poster {
  const { rest, buttonIds, log } = options;
  return {
    async post({ channel, reply, idempotencyKey }) {
      if (channel.platform !== 'discord') return { status: 'failed', reason: `the Discord poster cannot post to ${channel.platform}` };
      const messages = renderDiscordMessages(reply, { buttonIds });
      const result = await postDiscordMessages(rest, channel.channelId, messages, idempotencyKey);
      const where = { guild: channel.workspaceId, channel: channel.channelId, key: idempotencyKey };
      if (result.status === 'channel-gone') log.warn({ ...where, reason: result.reason }, 'discord channel is gone; its digests should pause');
      else if (result.status === 'failed') log.error({ ...where, reason: result.reason }, 'discord post failed');
      else log.info({ ...where, message: result.messageRef, parts: messages.length }, 'posted to discord');
      return result;
    },

    // Discord echoes a message's nonce in the gateway MESSAGE_CREATE; when a REST listing carries
    // it too, use it, otherwise rely on enforce_nonce.
    async findPosted(channel: ChannelRef, idempotencyKey: string) {
      const nonce = discordNonce(idempotencyKey, 0);
      try {
        const recent = (await rest.get(Routes.channelMessages(channel.channelId), {
          query: new URLSearchParams({ limit: String(RECENT_MESSAGES) }),
        })) as (APIMessage & { nonce?: string | number })[];
        return recent.find((m) => m.nonce !== undefined && String(m.nonce) === nonce)?.id ?? null;
      } catch (error) {
        log.warn({ guild: channel.workspaceId, channel: channel.channelId, ...describeError(error) }, 'could not look for an earlier discord post');
        return null;
      }
    },
  };
}
