/**
 * Events that mean paperboy can no longer post somewhere: the bot left or was removed from a
 * channel, the channel was archived, the app was uninstalled or its bot token revoked. The affected
 * channels' digests pause with the event as the reason, instead of failing every day.
 */
import type { App as BoltApp, InstallationStore } from '@slack/bolt';
import type { ChannelPauser } from '../../core/delivery-ports.ts';
import type { Logger } from '../../core/logger.ts';

export interface ChannelEventDeps {
  pauser: ChannelPauser;
  log: Logger;
  /** Multi-workspace mode: the installation is deleted when the app is uninstalled. */
  installationStore?: InstallationStore;
}

/** Channel events and the reason stored when they pause a channel. */
const CHANNEL_EVENTS = ['channel_left', 'channel_archive', 'group_left', 'group_archive'] as const;

/** The events that pause digests, for the app manifest (slack-manifest.ts lists every event). */
export const PAUSING_EVENTS: readonly string[] = [...CHANNEL_EVENTS, 'app_uninstalled', 'tokens_revoked'];

export function registerChannelEvents(bolt: BoltApp, deps: ChannelEventDeps): void {
  for (const type of CHANNEL_EVENTS) {
    bolt.event(type, async ({ event, context, body }) => {
      const teamId = context.teamId ?? body.team_id;
      const channelId = (event as { channel?: unknown }).channel;
      if (!teamId || typeof channelId !== 'string') return;
      await deps.pauser.pauseChannel({ platform: 'slack', workspaceId: teamId, channelId }, type);
      deps.log.info({ workspace: teamId, channel: channelId, reason: type }, 'slack channel paused');
    });
  }

  const pauseWorkspace = async (teamId: string | undefined, enterpriseId: string | undefined, reason: string) => {
    if (!teamId) return;
    await deps.pauser.pauseWorkspace('slack', teamId, reason);
    deps.log.info({ workspace: teamId, reason }, 'slack workspace paused');
    await deps.installationStore?.deleteInstallation?.({ teamId, enterpriseId, isEnterpriseInstall: false });
  };

  bolt.event('app_uninstalled', async ({ context, body }) => {
    await pauseWorkspace(context.teamId ?? body.team_id, context.enterpriseId, 'app_uninstalled');
  });

  bolt.event('tokens_revoked', async ({ event, context, body }) => {
    // Revoked user tokens do not matter to paperboy; only the bot token posts.
    if ((event.tokens.bot ?? []).length === 0) return;
    await pauseWorkspace(context.teamId ?? body.team_id, context.enterpriseId, 'tokens_revoked');
  });
}
