/**
 * The digest job's Poster for Slack. Each message carries its marker in message metadata, and
 * chat.postMessage is sent exactly once per try: the Web API client's own retries are off for it
 * (a post Slack recorded but answered after the client's timeout would otherwise be posted again),
 * so a send with no clear answer is looked up in the channel's history before anything is re-sent.
 * https://docs.slack.dev/messaging/message-metadata
 */
import { webApi } from '@slack/bolt';
import type { ChannelRef, LookupOutcome, MessageMarker, Poster, RenderedMessage, SendOutcome } from '../../core/delivery-ports.ts';
import type { Logger } from '../../core/logger.ts';
import type { Reply } from '../../core/reply.ts';
import { paperIdsOf, splitReplyByPapers } from '../../core/split-reply.ts';
import { renderSlackMessage, type SlackMessage } from './render-slack-message.ts';
import { describeSlackError, slackErrorCode } from './slack-api-errors.ts';
import type { BotTokenSource } from './slack-bot-tokens.ts';
import { classifySlackError } from './slack-post-errors.ts';

/** `event_type` of the metadata on every digest message. */
export const DIGEST_METADATA_EVENT_TYPE = 'paperboy_digest';
/** Papers per Slack message: compacted, ten papers and their group labels stay well within 50 blocks. */
export const SLACK_PAPERS_PER_MESSAGE = 10;
/** Messages per conversations.history page (Slack's maximum is 999; 200 is its recommendation). */
const HISTORY_PAGE = 200;
/** History pages one look-up reads at most: 10,000 messages since the send began. */
const HISTORY_PAGES_MAX = 50;

export interface SlackPosterDeps {
  botTokenFor: BotTokenSource;
  clientOptions: webApi.WebClientOptions;
  log: Logger;
  /** The slash command as this app is configured to call it (`/papers` by default), for digests' and notices' text. */
  commandName?: string;
}

interface DigestMetadata {
  event_type?: string;
  event_payload?: { key?: unknown };
}

/** Slack's `ts` for an instant: seconds with microseconds. */
const slackTs = (instant: Date) => (instant.getTime() / 1000).toFixed(6);

/** A Poster posting digests into Slack channels. */
export function createSlackPoster(deps: SlackPosterDeps): Poster {
  const clients = new Map<string, webApi.WebClient>();
  const clientFor = async (teamId: string): Promise<webApi.WebClient | null> => {
    const token = await deps.botTokenFor(teamId);
    if (!token) return null;
    let client = clients.get(token);
    if (!client) {
      // No automatic retries: a retried post whose first try was recorded is a duplicate. A 429 is
      // answered before anything is posted, so it comes back as an error and is retried by the ledger.
      client = new webApi.WebClient(token, { ...deps.clientOptions, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
      clients.set(token, client);
    }
    return client;
  };

  const sendError = (error: unknown): SendOutcome => {
    const code = slackErrorCode(error);
    if (code === null) {
      if (error instanceof Error && (error as { code?: unknown }).code === webApi.ErrorCode.RateLimitedError) {
        const seconds = (error as { retryAfter?: number }).retryAfter ?? 60;
        return { status: 'retry', reason: 'ratelimited (HTTP 429)', retryAfterMs: seconds * 1000 };
      }
      // A timeout, a reset connection, an HTTP 5xx: the post may have been recorded.
      return { status: 'unknown', reason: describeSlackError(error) };
    }
    return codeOutcome(code);
  };

  /** What a Slack error code means for this send (slack-post-errors.ts). */
  const codeOutcome = (code: string): SendOutcome => {
    const known = classifySlackError(code);
    if (!known) return { status: 'retry', reason: code, unclassified: true };
    if (known.kind === 'unknown') return { status: 'unknown', reason: code };
    if (known.kind === 'retry') return { status: 'retry', reason: code };
    return { status: 'permanent', failure: { code, reason: known.reason, fix: known.fix, channelReachable: known.channelReachable } };
  };

  /** Reads the channel's history since `since` for the marker; joins a public channel once when paperboy is not in it. */
  const search = async (client: webApi.WebClient, channel: ChannelRef, marker: MessageMarker, since: Date, joined = false): Promise<LookupOutcome> => {
    let cursor: string | undefined;
    try {
      for (let page = 0; page < HISTORY_PAGES_MAX; page++) {
        const history = await client.conversations.history({
          channel: channel.channelId,
          oldest: slackTs(since),
          inclusive: true,
          include_all_metadata: true,
          limit: HISTORY_PAGE,
          ...(cursor ? { cursor } : {}),
        });
        const found = history.messages?.find((m) => {
          const metadata = (m as { metadata?: DigestMetadata }).metadata;
          return metadata?.event_type === DIGEST_METADATA_EVENT_TYPE && metadata.event_payload?.key === marker.id;
        });
        if (found?.ts) return { status: 'found', messageRef: found.ts };
        cursor = history.response_metadata?.next_cursor || undefined;
        if (!history.has_more || !cursor) return { status: 'absent' };
      }
      return { status: 'unknown', reason: `more than ${HISTORY_PAGE * HISTORY_PAGES_MAX} messages since the send` };
    } catch (error) {
      // History is readable only by members (https://docs.slack.dev/reference/methods/conversations.history#errors):
      // join a public channel paperboy posts to through chat:write.public, then look again.
      if (!joined && slackErrorCode(error) === 'not_in_channel') {
        try {
          await client.conversations.join({ channel: channel.channelId });
          return await search(client, channel, marker, since, true);
        } catch (joinError) {
          return { status: 'unknown', reason: `not_in_channel, and joining failed (${describeSlackError(joinError)})` };
        }
      }
      return { status: 'unknown', reason: describeSlackError(error) };
    }
  };

  return {
    render(reply: Reply): RenderedMessage[] {
      return splitReplyByPapers(reply, SLACK_PAPERS_PER_MESSAGE).map((part) => ({
        payload: renderSlackMessage(part, { shareButtons: false, commandName: deps.commandName }),
        paperIds: paperIdsOf(part),
      }));
    },

    async send(channel, payload, marker): Promise<SendOutcome> {
      const where = { workspace: channel.workspaceId, channel: channel.channelId, marker: marker.id };
      const client = await clientFor(channel.workspaceId);
      if (!client) return codeOutcome('not_installed');
      const message = payload as SlackMessage;
      try {
        const result = await client.chat.postMessage({
          channel: channel.channelId,
          text: message.text,
          blocks: message.blocks,
          metadata: { event_type: DIGEST_METADATA_EVENT_TYPE, event_payload: { key: marker.id } },
          unfurl_links: false,
          unfurl_media: false,
        });
        return { status: 'sent', messageRef: result.ts ?? '' };
      } catch (error) {
        const outcome = sendError(error);
        deps.log.warn({ ...where, outcome: outcome.status, reason: describeSlackError(error) }, 'slack digest message not confirmed');
        return outcome;
      }
    },

    async lookup(channel, marker, since): Promise<LookupOutcome> {
      const client = await clientFor(channel.workspaceId);
      if (!client) return { status: 'unknown', reason: 'paperboy is not installed in this workspace' };
      const outcome = await search(client, channel, marker, since);
      if (outcome.status === 'unknown') {
        deps.log.warn({ workspace: channel.workspaceId, channel: channel.channelId, marker: marker.id, reason: outcome.reason }, 'slack history look-up could not answer');
      }
      return outcome;
    },

    async notify(channel, userId, reply): Promise<boolean> {
      const client = await clientFor(channel.workspaceId);
      if (!client) return false;
      const message = renderSlackMessage(reply, { shareButtons: false, commandName: deps.commandName });
      try {
        // A user id as the channel posts in the app's direct messages with that user.
        await client.chat.postMessage({ channel: userId ?? channel.channelId, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
        return true;
      } catch (error) {
        deps.log.warn({ workspace: channel.workspaceId, channel: channel.channelId, user: userId, reason: describeSlackError(error) }, 'could not tell slack about a digest problem');
        return false;
      }
    },
  };
}
