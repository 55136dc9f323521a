/**
 * The App Home tab: the viewer's channels in this workspace that get digests (what each follows,
 * its schedule, whether it is paused) and the help, as a Home tab view within Slack's limits
 * (https://docs.slack.dev/reference/views/home-tab-views: type `home`, at most 100 blocks).
 */
import type { types } from '@slack/bolt';
import type { WorkspaceChannel } from '../../commands/workspace-channels.ts';
import { commandLine, DEFAULT_COMMAND_NAME, withCommandNameInText } from '../../core/command-name.ts';
import type { Reply } from '../../core/reply.ts';
import { renderSlackMessage } from './render-slack-message.ts';
import { SLACK_MAX_CONTEXT_TEXT, SLACK_MAX_SECTION_TEXT, SLACK_MAX_VIEW_BLOCKS } from './slack-limits.ts';
import { fitMrkdwn } from './slack-text.ts';

type KnownBlock = types.KnownBlock;

export interface HomeViewOptions {
  /** The slash command as this workspace calls it (`/papers` by default). */
  commandName?: string;
  /** The viewer's own DM with paperboy: its digests are shown as theirs, other people's DMs never. */
  viewerDm?: string;
  /**
   * The channels the viewer is in (viewer-channels.ts): only those are listed. Null when Slack
   * could not say, and then none is, rather than show a private channel's follows to a non-member.
   */
  viewerChannels: ReadonlySet<string> | null;
}

/** A channel or group id Slack renders as a link to the channel (`<#C…>`), named as the viewer may see it. */
const CHANNEL_ID = /^[CG][A-Z0-9]{2,}$/;

function mrkdwn(text: string): types.MrkdwnElement {
  // verbatim: Slack turns no bare URL or name in it into a link; the channel links are written out.
  return { type: 'mrkdwn', text, verbatim: true };
}

/** How the view names a channel, or null for one it must not show (one the viewer is not in, someone else's DM). */
function channelLabel(channelId: string, options: HomeViewOptions): string | null {
  if (channelId === options.viewerDm) return 'Your direct messages with paperboy';
  return CHANNEL_ID.test(channelId) && options.viewerChannels?.has(channelId) ? `<#${channelId}>` : null;
}

/** One channel: its name and subscriptions in a section, its schedule and state beneath. */
function channelBlocks(channel: WorkspaceChannel, label: string, rename: (text: string) => string): KnownBlock[] {
  const head = `*${label}*`;
  // Queries are what people typed: escaped, and cut to what the section holds after the name.
  const follows = channel.subscriptions.map((s) => `#${s.id} ${s.kind}: ${s.query}`).join('\n');
  const state = `${channel.paused ? '⏸ ' : ''}${rename(channel.schedule)} · ${rename(channel.next)}`;
  return [
    { type: 'section', text: mrkdwn(`${head}\n${fitMrkdwn(follows, SLACK_MAX_SECTION_TEXT - head.length - 1)}`) },
    { type: 'context', elements: [mrkdwn(fitMrkdwn(state, SLACK_MAX_CONTEXT_TEXT))] },
  ];
}

/**
 * The Home tab view for one viewer: `channels` of their workspace (ChatHost.workspaceChannels)
 * and `help`, the help command's own reply, so the help reads the same as `/papers help`.
 */
export function renderHomeView(channels: readonly WorkspaceChannel[], help: Reply, options: HomeViewOptions): types.HomeView {
  const name = options.commandName ?? DEFAULT_COMMAND_NAME;
  const rename = (text: string) => withCommandNameInText(text, name);
  const intro: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'paperboy', emoji: true } },
    {
      type: 'section',
      text: mrkdwn(
        fitMrkdwn(`Research papers for this workspace. Search by writing to paperboy under Messages, by mentioning @paperboy in a channel, or with ${commandLine('<words>', name)} anywhere.`, SLACK_MAX_SECTION_TEXT),
      ),
    },
    { type: 'header', text: { type: 'plain_text', text: 'Your channels with digests', emoji: true } },
  ];
  const helpBlocks: KnownBlock[] = [{ type: 'divider' }, ...renderSlackMessage(help, { shareButtons: false, commandName: name }).blocks];

  const shown = channels
    .map((channel) => ({ channel, label: channelLabel(channel.channelId, options) }))
    .filter((entry): entry is { channel: WorkspaceChannel; label: string } => entry.label !== null);
  const listed: KnownBlock[] = [];
  if (options.viewerChannels === null) {
    listed.push({ type: 'section', text: mrkdwn(fitMrkdwn(`Slack could not tell paperboy which channels you are in, so none is listed. In a channel, ${commandLine('list', name)} shows what it follows.`, SLACK_MAX_SECTION_TEXT)) });
  } else if (shown.length === 0) {
    // The DM with paperboy is a channel like any other (README): a digest of one's own is set up there as anywhere.
    const start = `${commandLine('subscribe recsys cold-start', name)} starts them in any channel, and your DM with paperboy is one too: write \`subscribe recsys cold-start\` to paperboy under Messages for digests of your own, posted there.`;
    listed.push({ type: 'section', text: mrkdwn(fitMrkdwn(`None of your channels gets digests yet. ${start}`, SLACK_MAX_SECTION_TEXT)) });
  }
  // Two blocks a channel; the rest of Slack's 100 go to the intro, the help and a note of what did not fit.
  const room = SLACK_MAX_VIEW_BLOCKS - intro.length - helpBlocks.length - 1;
  const fits = shown.slice(0, Math.max(0, Math.floor(room / 2)));
  for (const { channel, label } of fits) listed.push(...channelBlocks(channel, label, rename));
  const left = shown.length - fits.length;
  if (left > 0) {
    listed.push({ type: 'context', elements: [mrkdwn(`${left} more ${left === 1 ? 'channel gets' : 'channels get'} digests; ${commandLine('list', name)} in a channel shows what it follows.`)] });
  }
  return { type: 'home', blocks: [...intro, ...listed, ...helpBlocks] };
}
