/**
 * Posts a command's Reply as a new message, where paperboy answers without a slash command's
 * response_url: in a user's direct messages with it (the Messages tab) and in a thread under an
 * @mention. The message is in the conversation for all its members to see, so it carries no Share
 * button, and its outside text is escaped like every reply (render-slack-message.ts). The papers it
 * shows are recorded under the ts Slack gives it, so a 👍 on a one-paper answer rates that paper.
 */
import type { webApi } from '@slack/bolt';
import type { ChatHost } from '../../commands/chat-host.ts';
import type { Logger } from '../../core/logger.ts';
import type { Reply } from '../../core/reply.ts';
import { renderSlackMessage } from './render-slack-message.ts';
import { recordPostedPapers } from './slack-message-papers.ts';

export interface ReplyTarget {
  teamId: string;
  channel: string;
  /** The thread to answer in (the mention's own ts starts one); absent for a top-level message. */
  threadTs?: string | undefined;
}

export interface PostReplyDeps {
  host: Pick<ChatHost, 'recordPostedPapers'>;
  log: Logger;
  /** The slash command as this app is configured to call it, for the replies' text. */
  commandName?: string | undefined;
}

export async function postReply(client: webApi.WebClient, target: ReplyTarget, reply: Reply, deps: PostReplyDeps): Promise<void> {
  const message = renderSlackMessage(reply, { shareButtons: false, commandName: deps.commandName });
  const posted = await client.chat.postMessage({
    channel: target.channel,
    ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
    text: message.text,
    blocks: message.blocks,
    // Papers' links would otherwise each get Slack's own preview under the answer.
    unfurl_links: false,
    unfurl_media: false,
  });
  await recordPostedPapers(deps.host, deps.log, { teamId: target.teamId, channel: posted.channel ?? target.channel, ts: posted.ts }, reply);
}
