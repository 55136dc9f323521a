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
 * The papers are read from the message as rendered: every paper card carries its 👍 / 👎 / Save
 * buttons, whose values are the `rate` and `save` invocations naming the paper (reply.ts
 * paperFeedbackButtons), so a card the renderer left out to fit Slack's limits is not counted.
 */
import type { ChatHost } from '../../commands/chat-host.ts';
import type { Logger } from '../../core/logger.ts';
import { decodeInvocation } from '../../core/reply.ts';

/** The invocations whose `id` names the paper a card shows. */
const CARD_COMMANDS = new Set(['rate', 'save']);

/** The distinct paper ids of the feedback buttons in Block Kit `blocks`, in order. */
export function papersOfBlocks(blocks: unknown): string[] {
  const ids = new Set<string>();
  if (!Array.isArray(blocks)) return [];
  for (const block of blocks as Array<{ type?: string; elements?: Array<{ type?: string; value?: unknown }> }>) {
    if (block.type !== 'actions' || !Array.isArray(block.elements)) continue;
    for (const element of block.elements) {
      if (element.type !== 'button' || typeof element.value !== 'string') continue;
      const invocation = decodeInvocation(element.value);
      if (invocation && CARD_COMMANDS.has(invocation.command) && typeof invocation.args['id'] === 'string') ids.add(invocation.args['id']);
    }
  }
  return [...ids];
}

/** Where paperboy posted a message: the workspace, and what chat.postMessage answered (the conversation and the message's ts). */
export interface PostedSlackMessage {
  teamId: string;
  channel: string;
  ts: string | undefined;
}

/**
 * Records the papers `blocks` show as the message `posted`. The message is already in the channel,
 * so a store failure is logged and the answer stands: only a reaction on it will rate nothing.
 */
export function recordPostedPapers(host: Pick<ChatHost, 'recordPostedPapers'>, log: Logger, posted: PostedSlackMessage, blocks: unknown): void {
  const papers = papersOfBlocks(blocks);
  if (posted.ts === undefined || papers.length === 0) return;
  try {
    host.recordPostedPapers({ platform: 'slack', workspaceId: posted.teamId, channelId: posted.channel }, posted.ts, papers);
  } catch (error) {
    log.error({ workspace: posted.teamId, channel: posted.channel, ts: posted.ts, err: error }, 'could not record the papers of a posted slack message');
  }
}
