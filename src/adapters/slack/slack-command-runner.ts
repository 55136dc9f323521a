/**
 * Runs a `/papers` line for a Slack user. The invoker is built only from what Slack vouched for:
 * the team, channel and user ids of a signed request (HTTP) or of the app's own authenticated
 * socket (Socket Mode), never from text a user typed, so a workspace only ever acts on itself.
 */
import type { webApi } from '@slack/bolt';
import type { App } from '../../app.ts';
import type { Invoker } from '../../commands/command-context.ts';
import { changesChannel } from '../../commands/command-spec.ts';
import { parseArguments } from '../../commands/parse-arguments.ts';
import type { Reply } from '../../core/reply.ts';
import { describeSlackError } from './slack-api-errors.ts';
import { checkSlackPosting } from './slack-posting-check.ts';

/** Who and where, as Slack's verified payload says. */
export interface VerifiedSlackSource {
  teamId: string;
  channelId: string;
  userId: string;
  userName: string | null;
}

export type SlackCommandRunner = (text: string, source: VerifiedSlackSource, client: webApi.WebClient) => Promise<Reply>;

/**
 * A runner for `app`. Whether the user is a workspace admin is asked of Slack (users.info) only
 * when it matters: the command changes the channel and the workspace limits that to admins.
 */
export function createSlackCommandRunner(app: App): SlackCommandRunner {
  const adminsOnly = app.database.sqlite.prepare<[string], { admins_only: number }>(
    "SELECT admins_only FROM workspaces WHERE platform = 'slack' AND team_id = ?",
  );

  const isWorkspaceAdmin = async (source: VerifiedSlackSource, client: webApi.WebClient): Promise<boolean> => {
    try {
      const { user } = await client.users.info({ user: source.userId });
      return user?.is_admin === true || user?.is_owner === true || user?.is_primary_owner === true;
    } catch (error) {
      app.log.warn({ workspace: source.teamId, user: source.userId, reason: describeSlackError(error) }, 'slack users.info failed; treating the user as a member');
      return false;
    }
  };

  return async (text, source, client) => {
    // Asking Slack costs an API call: only for a use that changes the channel, where the workspace asks for admins.
    const { spec, argsText } = app.registry.resolve(text);
    const args = parseArguments(spec, argsText);
    const needsAdmin = args.ok && changesChannel(spec, args.value) && adminsOnly.get(source.teamId)?.admins_only === 1;
    const invoker: Invoker = {
      platform: 'slack',
      workspaceId: source.teamId,
      channelId: source.channelId,
      userId: source.userId,
      userName: source.userName,
      isAdmin: needsAdmin ? await isWorkspaceAdmin(source, client) : false,
      // Asked only by the commands that set up digests here, with this workspace's bot token.
      postingCheck: () => checkSlackPosting(client, source.channelId),
    };
    return app.run(text, invoker);
  };
}
