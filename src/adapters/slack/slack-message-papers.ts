/**
 * The papers a message paperboy posts shows, recorded in the store when it is posted, so that a 👍
 * / 👎 reaction on it can rate its paper (rate-by-reaction.ts) without reading the message back
 * from Slack: conversations.history is limited to 1 request a minute for commercially distributed
 * apps outside the Slack Marketplace
 * (https://docs.slack.dev/changelog/2025/05/29/rate-limit-changes-for-non-marketplace-apps), it
 * answers only in conversations paperboy is a member of, and a bot token cannot read the replies of
 * a thread in a channel (https://docs.slack.dev/reference/methods/conversations.replies), where the
 * answers to @mentions are. Digest messages are recorded by the digest ledger; this is for every
 * other message paperboy posts with chat.postMessage (a shared answer, an answer to an @mention or
 * in the Messages tab).
 *
 * The papers are the Reply's paper blocks, the cards, as the digest ledger records a digest's
 * (slack-poster.ts): a reply's buttons are no guide, since the confirmation of `rate` carries a
 * Clear my rating button naming the paper without showing it, and a 👎 on that confirmation must
 * not rate the paper.
 */
import type { ChatHost } from '../../commands/chat-host.ts';
import type { Logger } from '../../core/logger.ts';
import type { Reply } from '../../core/reply.ts';
import { paperIdsOf } from '../../core/split-reply.ts';

/** Where paperboy posted a message: the workspace, and what chat.postMessage answered (the conversation and the message's ts). */
export interface PostedSlackMessage {
  teamId: string;
  channel: string;
  ts: string | undefined;
}

/**
 * Records the cards of `reply` as the papers of the message `posted`. The message is already in
 * the channel, so a store failure is logged and the answer stands: only a reaction on it will rate nothing.
 */
export async function recordPostedPapers(host: Pick<ChatHost, 'recordPostedPapers'>, log: Logger, posted: PostedSlackMessage, reply: Reply): Promise<void> {
  const papers = [...new Set(paperIdsOf(reply))];
  if (posted.ts === undefined || papers.length === 0) return;
  try {
    await host.recordPostedPapers({ platform: 'slack', workspaceId: posted.teamId, channelId: posted.channel }, posted.ts, papers);
  } catch (error) {
    log.error({ workspace: posted.teamId, channel: posted.channel, ts: posted.ts, err: error }, 'could not record the papers of a posted slack message');
  }
}
