/**
 * The Messages tab: a person writes to paperboy in its direct messages (`message.im`), and the
 * text runs as a paperboy command line (`recsys cold-start` searches, `help` lists the commands),
 * answered in the same DM. https://docs.slack.dev/reference/events/message.im
 *
 * The DM is a channel like any other, as it is for `/papers` typed there: `subscribe`, `follow`,
 * `schedule` and the other channel commands set up a personal digest, which paperboy posts in this
 * DM (the Home tab lists it as the person's own).
 */
import type { App as BoltApp } from '@slack/bolt';
import type { ChatHost } from '../../commands/chat-host.ts';
import type { Logger } from '../../core/logger.ts';
import { postReply } from './post-reply.ts';
import { describeSlackError, slackErrorForLog } from './slack-api-errors.ts';
import type { SlackCommandRunner } from './slack-command-runner.ts';
import { plainMessageText } from './slack-message-text.ts';
import { deliverReplyFile } from './upload-reply-file.ts';

export interface MessagesTabDeps {
  run: SlackCommandRunner;
  /** Where the papers of each answer are recorded (a reaction on a one-paper answer rates it). */
  host: Pick<ChatHost, 'recordPostedPapers'>;
  log: Logger;
  /** The slash command as this app is configured to call it, for the replies' text. */
  commandName?: string;
}

/** The fields of a `message` event paperboy reads (https://docs.slack.dev/reference/events/message). */
interface MessageEvent {
  channel?: string;
  channel_type?: string;
  user?: string;
  text?: string;
  subtype?: string;
  bot_id?: string;
  thread_ts?: string;
}

/**
 * Whether a message event is a person writing to paperboy: in a DM, typed by a user, not edited
 * or deleted or joined (every such change comes as a `subtype`), not a bot's, not paperboy's own.
 * Answering any other could make paperboy answer itself, or another bot, without end.
 */
function isPersonWritingToPaperboy(event: MessageEvent, botUserId: string | undefined): event is MessageEvent & { channel: string; user: string } {
  if (event.channel_type !== 'im' || typeof event.channel !== 'string') return false;
  if (event.subtype !== undefined || event.bot_id !== undefined) return false;
  return typeof event.user === 'string' && event.user !== botUserId;
}

export function registerMessagesTab(bolt: BoltApp, deps: MessagesTabDeps): void {
  // Bolt acknowledges an Events API request before any listener runs (App.processEvent), and
  // verifies its signature first (HTTP) or receives it on paperboy's own socket (Socket Mode).
  bolt.event('message', async ({ event, context, body, client }) => {
    const message = event as MessageEvent;
    const teamId = context.teamId ?? body.team_id;
    if (!teamId || !isPersonWritingToPaperboy(message, context.botUserId)) return;
    const source = { teamId, channelId: message.channel, userId: message.user, userName: null };
    try {
      // An export's file is shared in the conversation the command came from (upload-reply-file.ts).
      const reply = await deliverReplyFile(await deps.run(plainMessageText(message.text ?? ''), source, client), client, source, deps.log);
      await postReply(client, { teamId, channel: message.channel, threadTs: message.thread_ts }, reply, deps);
    } catch (error) {
      deps.log.error(
        { workspace: teamId, channel: message.channel, user: message.user, reason: describeSlackError(error), err: slackErrorForLog(error) },
        'slack answer to a direct message failed',
      );
    }
  });
}
