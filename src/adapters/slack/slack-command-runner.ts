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
 * A runner over `host`. Whether the user is a workspace admin costs a users.info call, so the
 * invoker carries the question, not the answer: the channel policy asks it only for a command
 * that changes the channel in a workspace that limits that to admins, and at most once.
 */
export function createSlackCommandRunner(host: Pick<ChatHost, 'run'>, log: Logger): SlackCommandRunner {
  return (text, source, client) => {
    let admin: Promise<boolean> | undefined;
    const invoker: Invoker = {
      platform: 'slack',
      workspaceId: source.teamId,
      channelId: source.channelId,
      userId: source.userId,
      userName: source.userName,
      isAdmin: () => (admin ??= isWorkspaceAdmin(source, client, log)),
      // Asked only by the commands that set up digests here, with this workspace's bot token.
      postingCheck: () => checkSlackPosting(client, source.channelId),
    };
    return host.run(text, invoker);
  };
}
