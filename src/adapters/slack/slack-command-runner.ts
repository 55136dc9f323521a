/**
 * Runs a `/papers` line for a Slack user. The invoker is built only from what Slack vouched for:
 * the team, channel and user ids of a signed request (HTTP) or of the app's own authenticated
 * socket (Socket Mode), never from text a user typed, so a workspace only ever acts on itself.
 */
import type { webApi } from '@slack/bolt';
import type { ChatHost } from '../../commands/chat-host.ts';
import type { Invoker } from '../../commands/command-context.ts';
import type { Logger } from '../../core/logger.ts';
import type { Invocation, Reply } from '../../core/reply.ts';
import { describeSlackError } from './slack-api-errors.ts';
import { checkSlackPosting } from './slack-posting-check.ts';

/** Who and where, as Slack's verified payload says. */
export interface VerifiedSlackSource {
  teamId: string;
  channelId: string;
  userId: string;
  userName: string | null;
}

export type SlackCommandRunner = (input: string | Invocation, source: VerifiedSlackSource, client: webApi.WebClient) => Promise<Reply>;

/** Whether Slack says the user is an admin or owner of the workspace; a member when Slack cannot tell. */
async function isWorkspaceAdmin(source: VerifiedSlackSource, client: webApi.WebClient, log: Logger): Promise<boolean> {
  try {
    const { user } = await client.users.info({ user: source.userId });
    return user?.is_admin === true || user?.is_owner === true || user?.is_primary_owner === true;
  } catch (error) {
    log.warn({ workspace: source.teamId, user: source.userId, reason: describeSlackError(error) }, 'slack users.info failed; treating the user as a member');
    return false;
  }
}

/**
 * Whether the conversation is the user's own DM with paperboy: conversations.info shows the bot
 * only its own DMs (a DM between other people is channel_not_found), and an IM's `user` is the
 * person it is with (https://docs.slack.dev/reference/objects/im-object). Slack's DM ids start
 * with D, so a channel asks Slack nothing. No when Slack cannot tell: the workspace's rule applies.
 */
async function isOwnDirectMessage(source: VerifiedSlackSource, client: webApi.WebClient, log: Logger): Promise<boolean> {
  if (!source.channelId.startsWith('D')) return false;
  try {
    const { channel } = await client.conversations.info({ channel: source.channelId });
    // @slack/web-api's ConversationsInfoResponse type leaves out an IM's `user`, which Slack sends.
    return channel?.is_im === true && (channel as { user?: unknown }).user === source.userId;
  } catch (error) {
    log.warn({ workspace: source.teamId, channel: source.channelId, user: source.userId, reason: describeSlackError(error) }, 'slack conversations.info failed; not treating the DM as the user’s own');
    return false;
  }
}

/** Pages of conversations.members asked before giving up on a very large channel (1,000 members a page). */
const MAX_MEMBER_PAGES = 10;

/**
 * Whether the user is a member of the channel, asked before paperboy posts there on their behalf
 * (Share): true, false, or null when Slack could not tell (an error, a channel too large to page
 * through), and then the share goes ahead, as a posting check that cannot tell lets a command go
 * ahead, rather than block the user on Slack's trouble.
 *
 * What Slack guarantees without asking: a slash command comes from a conversation's message box,
 * which Slack shows only to the conversation's members (someone previewing a public channel they
 * have not joined gets a Join button instead), so a command's invoker is a member; private
 * channels, DMs and group DMs show their messages to members only. A button click guarantees less:
 * anyone in the workspace may open a public channel without joining it and click a button on a
 * message there (a digest's More results), whose private answer offers Share. So Share asks.
 * https://docs.slack.dev/reference/methods/conversations.members (scopes channels:read, groups:read)
 */
export async function isChannelMember(client: webApi.WebClient, source: VerifiedSlackSource, log: Logger): Promise<boolean | null> {
  // A DM is seen only by its two members.
  if (source.channelId.startsWith('D')) return true;
  try {
    let cursor: string | undefined;
    for (let page = 0; page < MAX_MEMBER_PAGES; page++) {
      const answer = await client.conversations.members({ channel: source.channelId, limit: 1000, ...(cursor ? { cursor } : {}) });
      if (!Array.isArray(answer.members)) return null;
      if (answer.members.includes(source.userId)) return true;
      cursor = answer.response_metadata?.next_cursor || undefined;
      if (!cursor) return false;
    }
    return null;
  } catch (error) {
    log.warn({ workspace: source.teamId, channel: source.channelId, user: source.userId, reason: describeSlackError(error) }, 'slack conversations.members failed; sharing without knowing membership');
    return null;
  }
}

/**
 * A runner over `host`. Whether the user is a workspace admin costs a users.info call, and whether
 * the channel is their own DM with paperboy a conversations.info call, so the invoker carries the
 * questions, not the answers: the channel policy asks them only for a command that changes the
 * channel in a workspace that limits that to admins, and each at most once.
 */
export function createSlackCommandRunner(host: Pick<ChatHost, 'run'>, log: Logger): SlackCommandRunner {
  return (text, source, client) => {
    let admin: Promise<boolean> | undefined;
    let ownDm: Promise<boolean> | undefined;
    const invoker: Invoker = {
      platform: 'slack',
      workspaceId: source.teamId,
      channelId: source.channelId,
      userId: source.userId,
      userName: source.userName,
      isAdmin: () => (admin ??= isWorkspaceAdmin(source, client, log)),
      inOwnDirectMessage: () => (ownDm ??= isOwnDirectMessage(source, client, log)),
      // Asked only by the commands that set up digests here, with this workspace's bot token. The
      // DM with paperboy (the Messages tab, or /papers typed there) is a channel like any other.
      postingCheck: () => checkSlackPosting(client, source.channelId),
    };
    return host.run(text, invoker);
  };
}
