/**
 * Clicks on reply buttons (`block_actions`). A `run` button runs its invocation (the command and
 * arguments the reply was built from, slack-button-actions.ts) for the person who clicked and shows
 * the result in place of their private reply; a `note` button (👍, 👎, Save on a paper) answers in
 * a new private note, leaving results and digests as they are; a `share` button runs it and posts the result in the
 * channel, attributed to them, once per person and message (commands/share-ledger.ts), and records
 * the papers the shared message shows (a 👍 on a one-paper share rates it: rate-by-reaction.ts).
 */
import { nextTurn as yieldToEventLoop } from '../event-loop-turns.ts';
import type { App as BoltApp, BlockAction, ButtonAction, RespondFn, webApi } from '@slack/bolt';
import type { ChatHost } from '../../commands/chat-host.ts';
import { ALREADY_SHARED_TEXT, type ShareKey, type ShareLedger } from '../../commands/share-ledger.ts';
import type { Logger } from '../../core/logger.ts';
import { decodeInvocation, encodeInvocation, type Invocation, type Reply } from '../../core/reply.ts';
import { renderSlackMessage } from './render-slack-message.ts';
import { describeSlackError, slackErrorCode, slackErrorForLog } from './slack-api-errors.ts';
import { BUTTON_ACTION_PATTERN, OTHER_ACTION_PATTERN, parseButtonAction } from './slack-button-actions.ts';
import { isChannelMember, type VerifiedSlackSource } from './slack-command-runner.ts';
import { recordPostedPapers } from './slack-message-papers.ts';

export interface ButtonActionDeps {
  /**
   * Runs a click's invocation as the Slack user the payload names. start-slack.ts passes the
   * slash command's runner (createSlackCommandRunner), which hands its input unchanged to
   * ChatHost.run, and ChatHost.run dispatches an Invocation as structured options, never as text.
   */
  run(input: string | Invocation, source: VerifiedSlackSource, client: webApi.WebClient): Promise<Reply>;
  log: Logger;
  /** Shares already posted: a second click on the same Share posts nothing. */
  shares: ShareLedger;
  /** Where the papers of each shared message are recorded (a reaction on a one-paper share rates it). */
  host: Pick<ChatHost, 'recordPostedPapers'>;
  /** The slash command as this app is configured to call it (`/papers` by default), for the replies' text. */
  commandName?: string;
}

const NOT_A_MEMBER = new Set(['not_in_channel', 'channel_not_found']);

/** The answer to a Share by someone who is not a member of the channel (isChannelMember). */
export const NOT_A_CHANNEL_MEMBER_TEXT = 'paperboy shares into a channel only for its members. Join this channel, then share again.';

/** The answer to a button paperboy no longer understands (a message from an older version). */
export const OUTDATED_BUTTON_TEXT = 'This button is from an older paperboy message; run the command again.';

/** What the user sees when sharing failed. */
function shareFailedReply(code: string | null): Reply {
  const text = code && NOT_A_MEMBER.has(code)
    ? 'paperboy cannot post in this channel. Invite it with /invite @paperboy, then share again.'
    : 'Sharing to the channel failed. Please try again in a moment.';
  return { blocks: [{ type: 'text', text, tone: 'warning' }], visibility: 'ephemeral', failed: true };
}

async function respondPrivately(respond: RespondFn, reply: Reply, replaceOriginal: boolean, commandName: string | undefined): Promise<void> {
  const message = renderSlackMessage(reply, { shareButtons: true, commandName });
  await respond({ response_type: 'ephemeral', replace_original: replaceOriginal, text: message.text, blocks: message.blocks });
}

/** Posts `reply` into the channel; false when it was not posted (the user is told why). */
async function share(
  reply: Reply,
  source: VerifiedSlackSource,
  client: webApi.WebClient,
  respond: RespondFn,
  deps: Pick<ButtonActionDeps, 'log' | 'commandName' | 'host'>,
): Promise<boolean> {
  const { log, commandName } = deps;
  if (reply.failed) {
    await respondPrivately(respond, reply, false, commandName);
    return false;
  }
  // The shared message is in the channel: no Share button on it.
  const message = renderSlackMessage(reply, { shareButtons: false, sharedBy: source.userId, commandName });
  try {
    const posted = await client.chat.postMessage({
      channel: source.channelId,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
    await recordPostedPapers(deps.host, log, { teamId: source.teamId, channel: posted.channel ?? source.channelId, ts: posted.ts }, reply);
    return true;
  } catch (error) {
    const code = slackErrorCode(error);
    log.warn({ workspace: source.teamId, channel: source.channelId, reason: describeSlackError(error), err: slackErrorForLog(error) }, 'slack share to channel failed');
    await respondPrivately(respond, shareFailedReply(code), false, commandName);
    return false;
  }
}

/**
 * The share a click asks for, or null when the clicked message is unknown. Slack sends the
 * message's `ts` in `container.message_ts`, for ephemeral replies too
 * (https://docs.slack.dev/reference/interaction-payloads/block_actions-payload).
 */
function shareKeyOf(body: BlockAction<ButtonAction>, source: VerifiedSlackSource, invocation: Invocation): ShareKey | null {
  const messageTs = (body.container as { message_ts?: string } | undefined)?.message_ts ?? body.message?.ts;
  if (!messageTs) return null;
  const command = encodeInvocation(invocation);
  return { platform: 'slack', workspaceId: source.teamId, channelId: source.channelId, sourceMessageId: messageTs, userId: source.userId, command };
}

async function shareOnce(
  body: BlockAction<ButtonAction>,
  source: VerifiedSlackSource,
  invocation: Invocation,
  client: webApi.WebClient,
  respond: RespondFn,
  deps: ButtonActionDeps,
): Promise<void> {
  // Sharing posts in the channel for this user: only for a member (isChannelMember says what Slack guarantees).
  if ((await isChannelMember(client, source, deps.log)) === false) {
    deps.log.info({ workspace: source.teamId, channel: source.channelId, user: source.userId }, 'slack share refused: the user is not a member of the channel');
    return void (await respond({ response_type: 'ephemeral', replace_original: false, text: NOT_A_CHANNEL_MEMBER_TEXT }));
  }
  const key = shareKeyOf(body, source, invocation);
  if (key && !deps.shares.claim(key)) {
    deps.log.info({ workspace: source.teamId, channel: source.channelId, user: source.userId }, 'slack share clicked again; not posted twice');
    const reply: Reply = { blocks: [{ type: 'text', text: ALREADY_SHARED_TEXT, tone: 'muted' }], visibility: 'ephemeral' };
    return respondPrivately(respond, reply, false, deps.commandName);
  }
  let posted = false;
  try {
    posted = await share(await deps.run(invocation, source, client), source, client, respond, deps);
  } finally {
    // Not posted: the person may try again.
    if (key && !posted) deps.shares.release(key);
  }
}

/** Handles every paperboy button, over HTTP and Socket Mode alike. */
export function registerButtonActions(bolt: BoltApp, deps: ButtonActionDeps): void {
  // Every interaction needs an ack within 3 s or Slack shows the user an error, even one paperboy ignores.
  bolt.action(OTHER_ACTION_PATTERN, async ({ ack }) => {
    await ack();
  });
  bolt.action<BlockAction<ButtonAction>>(BUTTON_ACTION_PATTERN, async ({ ack, body, action, respond, client }) => {
    await ack();
    await yieldToEventLoop();
    const kind = parseButtonAction(action.action_id);
    const teamId = body.team?.id ?? body.user.team_id;
    const channelId = body.channel?.id ?? (body.container as { channel_id?: string } | undefined)?.channel_id;
    if (!kind || !teamId || !channelId || !action.value) return;
    const source: VerifiedSlackSource = { teamId, channelId, userId: body.user.id, userName: body.user.username ?? body.user.name ?? null };
    // A button on a message everyone sees must not replace that message for everyone.
    const onPrivateReply = (body.container as { is_ephemeral?: boolean } | undefined)?.is_ephemeral === true;
    const invocation = decodeInvocation(action.value);
    try {
      if (!invocation) {
        deps.log.info({ workspace: teamId, channel: channelId, user: source.userId }, 'slack button from an older message; not run');
        return await respondPrivately(respond, { blocks: [{ type: 'text', text: OUTDATED_BUTTON_TEXT, tone: 'muted' }], visibility: 'ephemeral' }, false, deps.commandName);
      }
      if (kind === 'share') return await shareOnce(body, source, invocation, client, respond, deps);
      const reply = await deps.run(invocation, source, client);
      // Feedback on a paper: a private note of its own, the message clicked on stays as it was.
      if (kind === 'note') return await respondPrivately(respond, { ...reply, visibility: 'ephemeral' }, false, deps.commandName);
      if (reply.visibility === 'channel') {
        const message = renderSlackMessage(reply, { shareButtons: false, commandName: deps.commandName });
        return void (await respond({ response_type: 'in_channel', replace_original: false, text: message.text, blocks: message.blocks }));
      }
      await respondPrivately(respond, reply, onPrivateReply, deps.commandName);
    } catch (error) {
      deps.log.error(
        { workspace: teamId, channel: channelId, user: source.userId, reason: describeSlackError(error), err: slackErrorForLog(error) },
        'slack button reply failed',
      );
    }
  });
}
