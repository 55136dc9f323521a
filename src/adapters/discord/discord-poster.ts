/**
 * The Poster for Discord. A digest message carries its marker in its content (a small `-#` line
 * Discord shows as subtext), because a REST listing of a channel's messages does not return the
 * `nonce` (https://discord.com/developers/docs/resources/message#get-channel-messages) and
 * `enforce_nonce` suppresses a duplicate only for a few minutes
 * (https://discord.com/developers/docs/resources/message#create-message). Sends go through a REST
 * client with retries off, so a 5xx or a timeout after Discord stored the message is never posted
 * again blindly: the message is looked up by its marker first. 429s are waited out by the client
 * (Discord did not post those).
 */
import { createHash } from 'node:crypto';
import { DiscordAPIError, HTTPError, Routes, type APIMessage, type REST } from 'discord.js';
import type { LookupOutcome, MessageMarker, Poster, RenderedMessage, SendOutcome } from '../../core/delivery-ports.ts';
import type { CommandSpec } from '../../commands/command-spec.ts';
import type { Logger } from '../../core/logger.ts';
import type { Reply } from '../../core/reply.ts';
import type { ButtonIds } from './button-ids.ts';
import { withDiscordCommandText } from './discord-command-split.ts';
import { renderDiscordMessages, renderDiscordMessagesWithPapers, type DiscordMessage } from './discord-embeds.ts';
import { channelGoneReason, describeError } from './discord-errors.ts';
import { DISCORD_MAX_NONCE } from './discord-limits.ts';
import { classifyDiscordError } from './discord-post-errors.ts';

/** Never ping anyone: not @everyone, not roles, not users, whatever the text says. */
export const NO_MENTIONS = { parse: [] as never[] };

/** Messages per page of a look-up (Discord's maximum), and pages at most: 5,000 messages since the send. */
const LOOKUP_PAGE = 100;
const LOOKUP_PAGES_MAX = 50;
/** Discord's epoch (2015-01-01) in Unix milliseconds, for snowflakes made from a time. */
const DISCORD_EPOCH_MS = 1_420_070_400_000n;

/** The nonce of a message: a hash of its marker, within Discord's 25 characters. */
export function discordNonce(markerId: string): string {
  return createHash('sha256').update(markerId).digest('base64url').slice(0, DISCORD_MAX_NONCE);
}

/** The line that marks a digest message; what a look-up searches the listing for. */
export function markerLine(marker: MessageMarker): string {
  const part = marker.count > 1 ? ` · part ${marker.position + 1} of ${marker.count}` : '';
  return `-# paperboy digest ${marker.id}${part}`;
}

/** The smallest snowflake of an instant: listing `after` it returns messages posted since. */
export function snowflakeAt(instant: Date): string {
  return ((BigInt(Math.max(0, instant.getTime())) - DISCORD_EPOCH_MS) << 22n).toString();
}

/** The outcome of a share post (handle-interaction.ts): posted, or why not. */
export type SharePostResult = { status: 'sent'; messageRef: string } | { status: 'channel-gone'; reason: string } | { status: 'failed'; reason: string };

/**
 * Posts rendered messages in order (a shared search result). Returns the first message's id, or
 * the outcome that stopped the post.
 */
export async function postDiscordMessages(rest: REST, channelId: string, messages: DiscordMessage[], idempotencyKey: string): Promise<SharePostResult> {
  let firstId: string | null = null;
  for (const [index, message] of messages.entries()) {
    try {
      const created = (await rest.post(Routes.channelMessages(channelId), {
        body: { ...message, nonce: discordNonce(`${idempotencyKey}#${index}`), enforce_nonce: true, allowed_mentions: NO_MENTIONS },
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

/** What a failed send means: looked up (may have posted), retried, or a pause. */
export function discordSendOutcome(error: unknown): SendOutcome {
  if (error instanceof DiscordAPIError || error instanceof HTTPError) {
    if (error.status >= 500) return { status: 'unknown', reason: `HTTP ${error.status}` };
    if (error instanceof DiscordAPIError) {
      const code = Number(error.code);
      const known = classifyDiscordError(code);
      if (!known) return { status: 'retry', reason: `discord ${code}: ${error.message}`.slice(0, 200), unclassified: true };
      if (known.kind === 'retry') return { status: 'retry', reason: `discord ${code}` };
      return { status: 'permanent', failure: { code: `discord ${code}`, reason: known.reason, fix: known.fix, channelReachable: known.channelReachable } };
    }
    if (error.status === 401) return discordSendOutcome(Object.assign(Object.create(DiscordAPIError.prototype), { code: 40001, status: 401, message: 'Unauthorized' }));
    return { status: 'retry', reason: `HTTP ${error.status}`, unclassified: true };
  }
  // A timeout (AbortError) or a broken connection: Discord may have stored the message.
  return { status: 'unknown', reason: error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 200) : String(error) };
}

export interface DiscordPosterOptions {
  /** A REST client whose `retries` is 0: this poster never lets the client re-send a post on its own. */
  rest: REST;
  buttonIds: ButtonIds;
  /** The bot's user id (a look-up matches only its own messages); null before login. */
  botUserId: () => string | null;
  log: Logger;
  /** paperboy's commands, to name `/papers-channel` in a digest's hints (discord-command-split.ts); hints stay as written without. */
  commands?: readonly CommandSpec[];
}

export function createDiscordPoster(options: DiscordPosterOptions): Poster {
  const { rest, buttonIds, log } = options;
  const named = (reply: Reply): Reply => (options.commands ? withDiscordCommandText(reply, options.commands) : reply);

  const postTo = async (channelId: string, body: Record<string, unknown>): Promise<APIMessage> =>
    (await rest.post(Routes.channelMessages(channelId), { body: { ...body, allowed_mentions: NO_MENTIONS } })) as APIMessage;

  return {
    render(reply: Reply): RenderedMessage[] {
      return renderDiscordMessagesWithPapers(named(reply), { buttonIds }).map(({ message, paperIds }) => ({ payload: message, paperIds }));
    },

    async send(channel, payload, marker): Promise<SendOutcome> {
      const message = payload as DiscordMessage;
      const content = [message.content, markerLine(marker)].filter(Boolean).join('\n');
      try {
        // The nonce still stops a duplicate within Discord's short window; the marker is what a look-up finds.
        const created = await postTo(channel.channelId, { ...message, content, nonce: discordNonce(marker.id), enforce_nonce: true });
        return { status: 'sent', messageRef: created.id };
      } catch (error) {
        const outcome = discordSendOutcome(error);
        log.warn({ guild: channel.workspaceId, channel: channel.channelId, marker: marker.id, outcome: outcome.status, ...describeError(error) }, 'discord digest message not confirmed');
        return outcome;
      }
    },

    async lookup(channel, marker, since): Promise<LookupOutcome> {
      const line = markerLine(marker);
      const botUserId = options.botUserId();
      let after = snowflakeAt(since);
      try {
        for (let page = 0; page < LOOKUP_PAGES_MAX; page++) {
          const messages = (await rest.get(Routes.channelMessages(channel.channelId), {
            query: new URLSearchParams({ after, limit: String(LOOKUP_PAGE) }),
          })) as APIMessage[];
          const found = messages.find((m) => (botUserId === null || m.author.id === botUserId) && m.content.includes(line));
          if (found) return { status: 'found', messageRef: found.id };
          if (messages.length < LOOKUP_PAGE) return { status: 'absent' };
          // Pages run forward in time: continue after the newest message of this page, whatever order it came in.
          after = messages.reduce((max, m) => (BigInt(m.id) > BigInt(max) ? m.id : max), after);
        }
        return { status: 'unknown', reason: `more than ${LOOKUP_PAGE * LOOKUP_PAGES_MAX} messages since the send` };
      } catch (error) {
        const described = describeError(error);
        log.warn({ guild: channel.workspaceId, channel: channel.channelId, marker: marker.id, ...described }, 'discord look-up could not answer');
        return { status: 'unknown', reason: typeof described['message'] === 'string' ? described['message'] : String(error) };
      }
    },

    async notify(channel, userId, reply): Promise<boolean> {
      try {
        let channelId = channel.channelId;
        if (userId !== null) {
          // A direct message needs the DM channel first (https://discord.com/developers/docs/resources/user#create-dm).
          const dm = (await rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as { id: string };
          channelId = dm.id;
        }
        for (const message of renderDiscordMessages(named(reply), { buttonIds })) await postTo(channelId, { ...message });
        return true;
      } catch (error) {
        log.warn({ guild: channel.workspaceId, channel: channel.channelId, user: userId, ...describeError(error) }, 'could not tell discord about a digest problem');
        return false;
      }
    },
  };
}
