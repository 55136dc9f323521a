/**
 * The App Home's Home tab: each time someone opens it (`app_home_opened`, tab `home`), paperboy
 * publishes a view of the channels of their workspace that get digests and that they are in, and
 * of the commands (views.publish). https://docs.slack.dev/surfaces/app-home
 */
import type { App as BoltApp } from '@slack/bolt';
import type { ChatHost } from '../../commands/chat-host.ts';
import type { Invoker } from '../../commands/command-context.ts';
import type { Logger } from '../../core/logger.ts';
import { renderHomeView } from './render-home-view.ts';
import { describeSlackError, slackErrorForLog } from './slack-api-errors.ts';
import { channelsOfViewer } from './viewer-channels.ts';

export interface AppHomeDeps {
  host: Pick<ChatHost, 'run' | 'workspaceChannels'>;
  log: Logger;
  /** The slash command as this app is configured to call it, for the view's text. */
  commandName?: string;
}

export function registerAppHome(bolt: BoltApp, deps: AppHomeDeps): void {
  // Bolt acknowledges the event before this runs. Opening the Messages tab sends the same event
  // with tab `messages`: nothing to publish then.
  bolt.event('app_home_opened', async ({ event, context, body, client }) => {
    const teamId = context.teamId ?? body.team_id;
    if (!teamId || event.tab !== 'home') return;
    // Only reads: the viewer may see the workspace's channels whatever its admins-only rule says.
    const viewer: Invoker = { platform: 'slack', workspaceId: teamId, channelId: event.channel, userId: event.user, userName: null, isAdmin: false };
    try {
      const help = await deps.host.run({ command: 'help', args: {} }, viewer);
      const viewerChannels = await channelsOfViewer(client, event.user, deps.log);
      const view = renderHomeView(await deps.host.workspaceChannels(viewer), help, { commandName: deps.commandName, viewerDm: event.channel, viewerChannels });
      await client.views.publish({ user_id: event.user, view });
    } catch (error) {
      deps.log.error({ workspace: teamId, user: event.user, reason: describeSlackError(error), err: slackErrorForLog(error) }, 'slack home tab not published');
    }
  });
}
