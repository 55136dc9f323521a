/**
 * The digest job's Poster for Slack: chat.postMessage with the digest's idempotency key in the
 * message metadata, so a run that crashed between posting and recording can find its message
 * again in the channel history instead of posting twice.
 */
import { webApi } from '@slack/bolt';
import type { ChannelRef, Poster, PostRequest, PostResult } from '../../core/delivery-ports.ts';
import type { Logger } from '../../core/logger.ts';
import { renderSlackMessage } from './render-slack-message.ts';
import { CHANNEL_GONE_ERRORS, describeSlackError, slackErrorCode } from './slack-api-errors.ts';
import type { BotTokenSource } from './slack-bot-tokens.ts';

/** `event_type` of the metadata on every digest message (https://docs.slack.dev/messaging/message-metadata). */
export const DIGEST_METADATA_EVENT_TYPE = 'paperboy_digest';
/** Recent messages of a channel searched for a digest's key; a digest is found the same day it was posted. */
export const FIND_POSTED_HISTORY_LIMIT = 200;

export interface SlackPosterDeps {
  botTokenFor: BotTokenSource;
  clientOptions: webApi.WebClientOptions;
  log: Logger;
}

interface DigestMetadata {
  event_type?: string;
  event_payload?: { key?: unknown };
}

/** A Poster posting digests into Slack channels. */
export function createSlackPoster(deps: SlackPosterDeps): Poster {
  const clients = new Map<string, webApi.WebClient>();
  const clientFor = async (teamId: string): Promise<webApi.WebClient | null> => {
    const token = await deps.botTokenFor(teamId);
    if (!token) return null;
    let client = clients.get(token);
    if (!client) {
      client = new webApi.WebClient(token, { ...deps.clientOptions });
      clients.set(token, client);
    }
    return client;
  };

  return {
    async post({ channel, reply, idempotencyKey }: PostRequest): Promise<PostResult> {
      const where = { workspace: channel.workspaceId, channel: channel.channelId };
      const client = await clientFor(channel.workspaceId);
      if (!client) {
        deps.log.warn(where, 'slack digest not posted: paperboy is not installed in this workspace');
        return { status: 'channel-gone', reason: 'not_installed' };
      }
      const message = renderSlackMessage(reply, { shareButtons: false });
      try {
        const result = await client.chat.postMessage({
          channel: channel.channelId,
          text: message.text,
          blocks: message.blocks,
          metadata: { event_type: DIGEST_METADATA_EVENT_TYPE, event_payload: { key: idempotencyKey } },
          unfurl_links: false,
          unfurl_media: false,
        });
        return { status: 'sent', messageRef: result.ts ?? '' };
      } catch (error) {
        const code = slackErrorCode(error);
        if (code && CHANNEL_GONE_ERRORS.has(code)) {
          deps.log.warn({ ...where, reason: code }, 'slack channel can no longer receive digests');
          return { status: 'channel-gone', reason: code };
        }
        const reason = describeSlackError(error);
        deps.log.error({ ...where, reason }, 'slack digest post failed');
        return { status: 'failed', reason };
      }
    },

    async findPosted(channel: ChannelRef, idempotencyKey: string): Promise<string | null> {
      const client = await clientFor(channel.workspaceId);
      if (!client) return null;
      try {
        const history = await client.conversations.history({
          channel: channel.channelId,
          include_all_metadata: true,
          limit: FIND_POSTED_HISTORY_LIMIT,
        });
        const found = history.messages?.find((m) => {
          const metadata = (m as { metadata?: DigestMetadata }).metadata;
          return metadata?.event_type === DIGEST_METADATA_EVENT_TYPE && metadata.event_payload?.key === idempotencyKey;
        });
        return found?.ts ?? null;
      } catch (error) {
        deps.log.warn(
          { workspace: channel.workspaceId, channel: channel.channelId, reason: describeSlackError(error) },
          'slack history lookup failed; assuming the digest was not posted',
        );
        return null;
      }
    },
  };
}
