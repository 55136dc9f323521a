/**
 * The papers a message paperboy posted shows, read back from Slack: for the messages the digest
 * ledger does not record (a search, paper or like answer shared in the channel, an answer in the
 * Messages tab). Every paper card paperboy renders carries its 👍 / 👎 / Save buttons, whose values
 * are the `rate` and `save` invocations naming the paper (reply.ts paperFeedbackButtons), so the
 * message itself says which papers it shows; a message with no such button shows none.
 *
 * One conversations.history call, with `latest` the message's ts, `inclusive` and `limit` 1: the
 * way Slack documents to fetch one message (https://docs.slack.dev/reference/methods/conversations.history).
 * It answers only in conversations paperboy is a member of (not_in_channel otherwise), and not for
 * replies in a thread (history lists a thread's parent only; conversations.replies refuses bot
 * tokens in channels: https://docs.slack.dev/reference/methods/conversations.replies): such a
 * message shows no papers here, and a reaction on it rates nothing.
 */
import type { webApi } from '@slack/bolt';
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

/** The papers the message `ts` in `channel` shows, as Slack has it; empty when Slack cannot say. */
export async function papersInSlackMessage(client: webApi.WebClient, channel: string, ts: string): Promise<string[]> {
  const history = await client.conversations.history({ channel, latest: ts, inclusive: true, limit: 1 });
  const message = history.messages?.[0];
  return message?.ts === ts ? papersOfBlocks(message.blocks) : [];
}
