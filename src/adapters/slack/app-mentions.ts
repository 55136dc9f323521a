/**
 * `@paperboy recsys cold-start` in a channel (`app_mention`): the text after the mention runs as a
 * paperboy command line, a search unless it names a command, and the answer is posted in a thread
 * under the mention, where everyone who saw the question sees it.
 * https://docs.slack.dev/reference/events/app_mention
 */
import type { App as BoltApp } from '@slack/bolt';
import type { ChatHost } from '../../commands/chat-host.ts';
import type { Logger } from '../../core/logger.ts';
import { postReply } from './post-reply.ts';
import { describeSlackError, slackErrorForLog } from './slack-api-errors.ts';
import type { SlackCommandRunner } from './slack-command-runner.ts';
import { plainMessageText } from './slack-message-text.ts';
import { deliverReplyFile } from './upload-reply-file.ts';

export interface AppMentionDeps {
  run: SlackCommandRunner;
  /** Where the papers of each answer are recorded (a reaction on a one-paper answer rates it). */
  host: Pick<ChatHost, 'recordPostedPapers'>;
  log: Logger;
  /** The slash command as this app is configured to call it, for the replies' text. */
  commandName?: string;
}

export function registerAppMentions(bolt: BoltApp, deps: AppMentionDeps): void {
  // Bolt acknowledges the event before this runs, and its ignoreSelf middleware drops paperboy's own.
  bolt.event('app_mention', async ({ event, context, body, client }) => {
    const teamId = context.teamId ?? body.team_id;
    // Another bot mentioning paperboy (bot_id) gets no answer: two bots could answer each other without end.
    if (!teamId || !event.user || event.bot_id !== undefined) return;
    const source = { teamId, channelId: event.channel, userId: event.user, userName: null };
    try {
      // An export's file is shared in the conversation the command came from (upload-reply-file.ts).
      const reply = await deliverReplyFile(await deps.run(plainMessageText(event.text, context.botUserId), source, client), client, source, deps.log);
      // A mention inside a thread is answered in that thread; any other starts one under the mention.
      await postReply(client, { teamId, channel: event.channel, threadTs: event.thread_ts ?? event.ts }, reply, deps);
    } catch (error) {
      deps.log.error(
        { workspace: teamId, channel: event.channel, user: event.user, reason: describeSlackError(error), err: slackErrorForLog(error) },
        'slack answer to a mention failed',
      );
    }
  });
}
