/**
 * Which channels a person is in, so the Home tab shows them only the channels they can see: what
 * a private channel follows is its members' business. users.conversations lists a user's public
 * channels, and the private channels and group DMs paperboy shares with them, which are all the
 * private ones it delivers digests to (https://docs.slack.dev/reference/methods/users.conversations).
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../core/logger.ts';
import { describeSlackError } from './slack-api-errors.ts';

/** Conversations a page: Slack recommends no more than 200. */
const PAGE_SIZE = 200;
/** Pages asked at most: 5,000 channels, more than anyone is in. */
const MAX_PAGES = 25;

/** The ids of the channels and group DMs `userId` is in, or null when Slack could not say (logged). */
export async function channelsOfViewer(client: webApi.WebClient, userId: string, log: Logger): Promise<Set<string> | null> {
  const ids = new Set<string>();
  try {
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await client.users.conversations({ user: userId, types: 'public_channel,private_channel,mpim', limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
      for (const channel of answer.channels ?? []) if (channel.id) ids.add(channel.id);
      cursor = answer.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    return ids;
  } catch (error) {
    log.warn({ user: userId, reason: describeSlackError(error) }, 'slack users.conversations failed; the home tab lists no channels');
    return null;
  }
}
