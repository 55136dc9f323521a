/**
 * The Home tab: on `app_home_opened` with tab `home` (https://docs.slack.dev/reference/events/app_home_opened)
 * paperboy publishes, with views.publish, the viewer's channels that get digests and the help,
 * through real Bolt over HTTP and Socket Mode against the fake's documented views.publish.
 */
import { describe, expect, it } from 'vitest';
import { ALL_COMMANDS } from '../../src/commands/all-commands.ts';
import { usageOf } from '../../src/commands/command-spec.ts';
import { blockKitProblems, visibleText } from './block-kit-validator.ts';
import type { PublishedView } from './fake-slack-api.ts';
import { eventEnvelope, harnessPerTest, seedChannel, seedWorkspace, SOCKET_MODE_ENV, waitFor, type SlackHarness } from './slack-test-kit.ts';

const TEAM = 'T0HOME';
const VIEWER = 'U0VIEWER';
const VIEWER_DM = 'D0VIEWERDM';

const perTest = harnessPerTest({ processBeforeResponse: true });
let harness: SlackHarness;

async function start(env?: Record<string, string>): Promise<void> {
  harness = await perTest.start(env ? { env } : {});
}

/** The documented app_home_opened event for the viewer. */
function homeOpened(tab: 'home' | 'messages' = 'home'): Record<string, unknown> {
  return { type: 'app_home_opened', user: VIEWER, channel: VIEWER_DM, tab, event_ts: '1764000200.000100' };
}

async function openHome(tab: 'home' | 'messages' = 'home'): Promise<void> {
  expect((await harness.postEvent(JSON.stringify(eventEnvelope(TEAM, homeOpened(tab))))).status).toBe(200);
}

const published = () => waitFor(() => harness.fake.publishedViews[0], 'the published Home view');

/** What Slack would refuse in the view's blocks (a view has no fallback text of its own). */
function problemsOf(view: PublishedView['view']): string[] {
  return blockKitProblems({ text: 'Home tab', blocks: view.blocks }, 100);
}

function addSubscription(channelRowId: number, kind: 'topic' | 'author' | 'category', query: string): void {
  harness.app.database.sqlite.prepare("INSERT INTO subscriptions (channel_id, kind, query, created_by) VALUES (?, ?, ?, 'USEED')").run(channelRowId, kind, query);
}

describe('the Home tab', () => {
  it('lists the viewer’s channels in this workspace with what they follow, their schedule and pause state, and the help from the commands', async () => {
    await start();
    const workspace = seedWorkspace(harness.app, TEAM);
    const general = seedChannel(harness.app, workspace, 'C0GENERAL', 'recsys cold-start');
    addSubscription(general, 'author', 'Anoop Deoras');
    seedChannel(harness.app, workspace, 'C0PAUSED', 'speculative decoding');
    harness.app.database.sqlite.prepare("UPDATE channels SET paused_at = '2026-11-20T00:00:00Z', pause_reason = 'channel_archive' WHERE channel_id = 'C0PAUSED'").run();
    // Another workspace's channel, and a channel with nothing to follow: neither is listed.
    seedChannel(harness.app, seedWorkspace(harness.app, 'T0OTHER'), 'C0ELSEWHERE', 'quantum gravity');
    harness.app.database.sqlite.prepare("INSERT INTO channels (workspace_id, channel_id, name) VALUES (?, 'C0EMPTY', 'empty')").run(workspace);
    harness.fake.memberships.set(VIEWER, ['C0GENERAL', 'C0PAUSED', 'C0EMPTY']);

    await openHome();
    const { userId, view, team } = await published();

    expect({ userId, type: view.type, team }).toEqual({ userId: VIEWER, type: 'home', team: 'T_DEFAULT' });
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(problemsOf(view)).toEqual([]);
    const text = visibleText(view);
    expect(text).toContain('*<#C0GENERAL>*');
    expect(text).toMatch(/#\d+ topic: recsys cold-start\n#\d+ author: Anoop Deoras/);
    expect(text).toContain('Digest weekdays at');
    expect(text).toMatch(/Next digest: /);
    expect(text).toContain('*<#C0PAUSED>*');
    expect(text).toContain('Digests are paused: channel_archive (/papers resume)');
    expect(text).not.toContain('C0ELSEWHERE');
    expect(text).not.toContain('quantum gravity');
    expect(text).not.toContain('C0EMPTY');
    // The help is the help command's: every command's usage line, as its definition writes it.
    for (const command of ALL_COMMANDS) expect(text).toContain(`/papers ${usageOf(command)}`.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!));
    expect(harness.runs.map((r) => r.text)).toEqual([{ command: 'help', args: {} }]);
  });

  it('says how to start when no channel gets digests, and shows the viewer’s own DM digests but no one else’s', async () => {
    await start();
    await openHome();
    expect(visibleText((await published()).view)).toContain(
      'None of your channels gets digests yet. /papers subscribe recsys cold-start starts them in any channel, and your DM with paperboy is one too: write `subscribe recsys cold-start` to paperboy under Messages for digests of your own, posted there.',
    );

    const workspace = seedWorkspace(harness.app, TEAM);
    seedChannel(harness.app, workspace, VIEWER_DM, 'my private interest');
    seedChannel(harness.app, workspace, 'D0SOMEONEELSE', 'their private interest');
    await openHome();
    const text = visibleText((await waitFor(() => harness.fake.publishedViews[1], 'the second view')).view);
    expect(text).toContain('Your direct messages with paperboy');
    expect(text).toContain('my private interest');
    expect(text).not.toContain('their private interest');
  });

  it('stays within Slack’s 100 blocks for a workspace with many channels, and says how many more there are', async () => {
    await start();
    const workspace = seedWorkspace(harness.app, TEAM);
    const many = Array.from({ length: 80 }, (_, i) => `C0MANY${String(i).padStart(3, '0')}`);
    many.forEach((channel, i) => seedChannel(harness.app, workspace, channel, `topic ${i} <!channel> & co`));
    harness.fake.memberships.set(VIEWER, many);
    await openHome();
    const { view } = await published();
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(problemsOf(view)).toEqual([]);
    expect(visibleText(view)).toMatch(/\d+ more channels get digests; \/papers list in a channel shows what it follows\./);
    expect(visibleText(view)).toContain('topic 0 &lt;!channel&gt; &amp; co');
  });

  it('lists only the channels the viewer is in: a private channel’s follows are its members’ business', async () => {
    await start();
    const workspace = seedWorkspace(harness.app, TEAM);
    seedChannel(harness.app, workspace, 'C0MINE', 'recsys cold-start');
    seedChannel(harness.app, workspace, 'C0SECRET', 'merger targets');
    seedChannel(harness.app, workspace, 'C0PUBLICELSE', 'speculative decoding');
    harness.fake.conversations.set('C0MINE', { is_member: true });
    harness.fake.conversations.set('C0SECRET', { is_private: true, is_member: true });
    harness.fake.conversations.set('C0PUBLICELSE', { is_member: true });
    harness.fake.memberships.set(VIEWER, ['C0MINE']);
    harness.fake.memberships.set('U0INSIDER', ['C0MINE', 'C0SECRET']);

    await openHome();
    const text = visibleText((await published()).view);
    expect(text).toContain('recsys cold-start');
    expect(text).not.toContain('merger targets');
    expect(text).not.toContain('C0SECRET');
    expect(text).not.toContain('speculative decoding');
    expect(harness.fake.callsOf('users.conversations')[0]!.params).toMatchObject({ user: VIEWER, types: 'public_channel,private_channel,mpim' });
  });

  it('lists no channel when Slack cannot say which the viewer is in, and says so', async () => {
    await start();
    seedChannel(harness.app, seedWorkspace(harness.app, TEAM), 'C0SECRET', 'merger targets');
    harness.fake.script('users.conversations', { body: { ok: false, error: 'missing_scope', needed: 'groups:read' } });
    await openHome();
    const text = visibleText((await published()).view);
    expect(text).toContain('Slack could not tell paperboy which channels you are in, so none is listed.');
    expect(text).not.toContain('merger targets');
  });

  it('publishes nothing when the Messages tab is opened', async () => {
    await start();
    await openHome('messages');
    expect(harness.fake.callsOf('views.publish')).toEqual([]);
  });

  it('logs Slack’s refusal with its error when the Home tab is not enabled', async () => {
    await start();
    harness.fake.homeTabEnabled = false;
    await openHome();
    const line = await waitFor(() => perTest.logLines.find((l) => l.includes('slack home tab not published')), 'the log line');
    expect(JSON.parse(line)).toMatchObject({ reason: 'not_enabled', workspace: TEAM, user: VIEWER, err: { name: expect.any(String) } });
  });

  it('works the same in Socket Mode', async () => {
    await start(SOCKET_MODE_ENV);
    seedChannel(harness.app, seedWorkspace(harness.app, TEAM), 'C0GENERAL', 'recsys cold-start');
    harness.fake.memberships.set(VIEWER, ['C0GENERAL']);
    harness.fake.sendEnvelope({ envelope_id: 'env-home-1', type: 'events_api', payload: eventEnvelope(TEAM, homeOpened()) });
    await waitFor(() => harness.fake.socketAcks.find((a) => a.envelope_id === 'env-home-1'), 'the ack');
    expect(visibleText((await published()).view)).toContain('recsys cold-start');
  });
});
