/**
 * `/papers …` for HTTP and Socket Mode alike. Slack wants an acknowledgement within 3 seconds
 * (https://docs.slack.dev/interactivity/implementing-slash-commands#responding_to_commands), so the
 * command is acknowledged first and answered through its response_url when it is done.
 */
import { nextTurn as yieldToEventLoop } from '../event-loop-turns.ts';
import type { App as BoltApp } from '@slack/bolt';
import { isCommandName } from '../../core/command-name.ts';
import type { Logger } from '../../core/logger.ts';
import { renderSlackMessage } from './render-slack-message.ts';
import { describeSlackError, slackErrorForLog } from './slack-api-errors.ts';
import { deliverReplyFile } from './upload-reply-file.ts';
import type { SlackCommandRunner } from './slack-command-runner.ts';

export interface SlashCommandDeps {
  run: SlackCommandRunner;
  log: Logger;
  /** The slash command as this app is configured to call it (`/papers` by default), should a payload not name one. */
  commandName?: string;
}

/** Routes every slash command the app receives to the command registry. */
export function registerSlashCommand(bolt: BoltApp, deps: SlashCommandDeps): void {
  // Slack sends an app only the commands its manifest declares, and an operator may rename
  // `/papers` to avoid a clash with another app (`paperboy slack manifest --command`), so the
  // command's name is not checked: the reply names the command as Slack says it was typed.
  bolt.command(/.*/, async ({ command, ack, respond, client }) => {
    await ack();
    // Requests already waiting get their acks out before this command's search takes the CPU:
    // acks have 3 seconds, the response_url 30 minutes.
    await yieldToEventLoop();
    const source = {
      teamId: command.team_id,
      channelId: command.channel_id,
      userId: command.user_id,
      userName: command.user_name || null,
    };
    const ran = await deps.run(command.text, source, client);
    // Searches end in the worker pool many at a time; rendering each answer on a turn of its own
    // keeps the acks of newer requests from waiting behind a batch of renders.
    await yieldToEventLoop();
    const reply = await deliverReplyFile(ran, client, source, deps.log);
    const inChannel = reply.visibility === 'channel';
    const commandName = isCommandName(command.command) ? command.command : deps.commandName;
    const message = renderSlackMessage(reply, { shareButtons: !inChannel, commandName });
    try {
      await respond({ response_type: inChannel ? 'in_channel' : 'ephemeral', text: message.text, blocks: message.blocks });
    } catch (error) {
      deps.log.error(
        { workspace: source.teamId, channel: source.channelId, user: source.userId, reason: describeSlackError(error), err: slackErrorForLog(error) },
        'slack reply to a slash command failed',
      );
    }
  });
}
