import type { Platform } from '../../core/delivery-ports.ts';
import type { Reply } from '../../core/reply.ts';
import type { CommandSpec } from '../command-spec.ts';

/** The option that sets the workspace's rule; without it, the command only shows the settings. */
const ADMINS_ONLY = 'admins-only';

/** Who counts as a workspace admin, in each platform's terms (Invoker.isAdmin). */
const ADMINS: Readonly<Record<Platform, string>> = {
  slack: 'Slack workspace admins and owners',
  discord: 'members with Manage Server or Manage Channels',
  console: 'you',
};

function ruleText(adminsOnly: boolean): string {
  return adminsOnly
    ? 'Only workspace admins may change what a channel follows, its schedule and its digests (admins-only is on).'
    : 'Every member of a channel may change what it follows, its schedule and its digests (admins-only is off).';
}

export const settingsCommand: CommandSpec = {
  name: 'settings',
  summary: 'Who may change channels here; an admin can limit it: /papers settings admins-only on',
  details:
    'Without options, shows the workspace’s settings. admins-only on lets only workspace admins subscribe, follow, unsubscribe, ' +
    'unfollow, schedule, pause, resume and post a digest now; admins-only off lets every channel member do so again. Only a workspace admin may change it.',
  examples: ['settings', 'settings admins-only on', 'settings admins-only off'],
  options: [
    { name: ADMINS_ONLY, type: 'text', description: 'on: only workspace admins may change channels; off: every member may', required: false, syntax: 'keyword', choices: ['on', 'off'] },
  ],
  // Showing changes nothing; setting the rule changes who may change every channel.
  changesChannel: (args) => args[ADMINS_ONLY] !== undefined,
  async run(context, args): Promise<Reply> {
    const { invoker, services } = context;
    const admins = `Admins here: ${ADMINS[invoker.platform]}.`;
    const value = args[ADMINS_ONLY];
    if (value === undefined) {
      const { adminsOnly } = await services.channels.settingsOf(invoker);
      return {
        blocks: [
          { type: 'header', text: 'Who may change channels' },
          { type: 'text', text: ruleText(adminsOnly) },
          { type: 'context', items: [admins, `An admin can change it: /papers settings admins-only ${adminsOnly ? 'off' : 'on'}`] },
        ],
        visibility: 'ephemeral',
      };
    }
    const adminsOnly = value === 'on';
    await services.channels.setAdminsOnly(invoker, adminsOnly, context.clock.now().toISOString());
    context.log.info(
      { platform: invoker.platform, workspace: invoker.workspaceId, user: invoker.userId, adminsOnly },
      'workspace admins-only setting changed',
    );
    return {
      blocks: [
        { type: 'text', text: `Done. ${ruleText(adminsOnly)}` },
        { type: 'context', items: [admins] },
      ],
      visibility: 'ephemeral',
    };
  },
};
