/**
 * “Can paperboy post here?” for Slack, asked before `/papers subscribe` and friends store anything.
 * Digests need more than posting: exactly-once delivery reads the channel's history back, and
 * conversations.history answers only in channels the bot is a member of, so a public channel is
 * joined here (chat:write.public alone would post, but never find its digest again).
 */
import type { webApi } from '@slack/bolt';
import type { PostingProblem } from '../../commands/command-context.ts';
import { describeSlackError, slackErrorCode } from './slack-api-errors.ts';

/** What a user does when paperboy was never invited to a private channel. */
export const SLACK_INVITE_FIX = 'Invite it with /invite @paperboy';

/** Errors that mean the installation itself lacks something: only reinstalling it fixes them. */
const INSTALLATION_ERRORS: ReadonlySet<string> = new Set(['missing_scope', 'not_allowed_token_type', 'no_permission']);
/** Errors that mean paperboy is no longer installed in the workspace. */
const UNINSTALLED_ERRORS: ReadonlySet<string> = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked']);

/** A check that could not tell: the caller logs it and lets the command go ahead. */
export class SlackPostingCheckUnavailable extends Error {
  constructor(method: string, error: unknown) {
    super(`slack ${method} failed: ${describeSlackError(error)}`);
    this.name = 'SlackPostingCheckUnavailable';
  }
}

function reinstallProblem(error: unknown): PostingProblem {
  const needed = (error as { data?: { needed?: unknown } }).data?.needed;
  const scope = typeof needed === 'string' && needed !== '' ? ` (it lacks the ${needed} scope)` : '';
  return {
    reason: `Slack refused to tell paperboy about this channel${scope}`,
    fix: 'A workspace admin can reinstall paperboy from its current manifest (npx paperboy slack manifest), which has every scope it needs',
  };
}

/** The problem a failed call means, or a thrown SlackPostingCheckUnavailable when it means nothing about the channel. */
function problemOfError(method: string, channelId: string, error: unknown): PostingProblem {
  const code = slackErrorCode(error);
  if (code !== null && INSTALLATION_ERRORS.has(code)) return reinstallProblem(error);
  if (code !== null && UNINSTALLED_ERRORS.has(code)) {
    return { reason: 'paperboy is no longer installed in this workspace', fix: 'A workspace admin can install paperboy again' };
  }
  if (code === 'channel_not_found') {
    // conversations.info answers channel_not_found for a conversation the bot cannot see: a
    // private channel or group DM it is not in, or a DM between other people (ids start with D).
    // https://docs.slack.dev/reference/methods/conversations.info#errors
    if (channelId.startsWith('D')) {
      return { reason: 'this is a direct message paperboy is not part of', fix: 'Run the command in a channel, or in your own direct messages with paperboy' };
    }
    return { reason: 'it is a private channel paperboy was not invited to, or a group DM without paperboy', fix: SLACK_INVITE_FIX };
  }
  if (code === 'is_archived') return { reason: 'the channel is archived', fix: 'Unarchive the channel' };
  if (method === 'conversations.join' && code !== null && code !== 'internal_error' && code !== 'fatal_error' && code !== 'ratelimited') {
    // method_not_supported_for_channel_type, too_many_members, channel_is_limited_access, …
    // https://docs.slack.dev/reference/methods/conversations.join#errors
    return { reason: `paperboy could not join it (${code})`, fix: SLACK_INVITE_FIX };
  }
  // Rate limits, network failures, Slack's own errors: nothing is known about the channel.
  throw new SlackPostingCheckUnavailable(method, error);
}

/**
 * Whether the bot behind `client` can post digests in `channelId` and read them back, joining a
 * public channel it is not in yet. Null when it can; rejects with SlackPostingCheckUnavailable
 * when Slack could not be asked.
 */
export async function checkSlackPosting(client: webApi.WebClient, channelId: string): Promise<PostingProblem | null> {
  let channel: webApi.ConversationsInfoResponse['channel'];
  try {
    // Needs channels:read, groups:read, im:read or mpim:read, by the kind of conversation.
    // https://docs.slack.dev/reference/methods/conversations.info
    ({ channel } = await client.conversations.info({ channel: channelId }));
  } catch (error) {
    return problemOfError('conversations.info', channelId, error);
  }
  if (!channel) throw new SlackPostingCheckUnavailable('conversations.info', new Error('the answer names no channel'));
  if (channel.is_archived) return { reason: 'the channel is archived', fix: 'Unarchive the channel' };
  // A DM Slack shows the bot is the user's own DM with paperboy: it can always post there.
  if (channel.is_im) return null;
  if (channel.is_mpim) {
    return channel.is_member === false ? { reason: 'it is a group DM paperboy is not part of', fix: 'Run the command in a channel' } : null;
  }
  if (channel.is_member) return null;
  if (channel.is_private || channel.is_group) return { reason: 'it is a private channel paperboy was not invited to', fix: SLACK_INVITE_FIX };
  try {
    // A public channel: joining (channels:join) lets paperboy read its digests back later.
    // https://docs.slack.dev/reference/methods/conversations.join
    await client.conversations.join({ channel: channelId });
    return null;
  } catch (error) {
    return problemOfError('conversations.join', channelId, error);
  }
}
