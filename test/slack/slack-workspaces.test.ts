/**
 * Multi-workspace mode: OAuth installs through Bolt's /slack/install and /slack/oauth_redirect
 * into the SQLite installation store, each workspace acting with its own token, and a request
 * signed for one workspace never touching another's data.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SLACK_BOT_SCOPES } from '../../src/adapters/slack/slack-manifest.ts';
import type { SqliteApp } from '../../src/app.ts';
import { visibleText } from './block-kit-validator.ts';
import {
  capturingLogger,
  formBody,
  interactivityBody,
  seedChannel,
  seedWorkspace,
  slashCommandFields,
  startHarness,
  storeSnapshot,
  TEST_SIGNING_SECRET,
  waitFor,
  type SlackHarness,
} from './slack-test-kit.ts';

const A = { teamId: 'T0AAAAAAA', teamName: 'Team A', botToken: 'xoxb-team-a-secret-token', channel: 'C0ACHANNEL' };
const B = { teamId: 'T0BBBBBBB', teamName: 'Team B', botToken: 'xoxb-team-b-secret-token', channel: 'C0BCHANNEL' };

let harness: SlackHarness;
let logLines: string[];
beforeEach(async () => {
  const captured = capturingLogger();
  logLines = captured.lines;
  harness = await startHarness({
    processBeforeResponse: true,
    log: captured.log,
    env: {
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_CLIENT_ID: '1111.2222',
      SLACK_CLIENT_SECRET: 'client-secret-value',
      SLACK_STATE_SECRET: 'state-secret-value',
      LOG_LEVEL: 'debug',
    },
  });
});
afterEach(async () => {
  await harness.close();
});

/** Goes through the OAuth install as a browser would, with Slack's consent screen faked. */
async function install(team: typeof A): Promise<void> {
  const code = `code-${team.teamId}`;
  harness.fake.grants.set(code, team);
  const start = await fetch(`${harness.url}/slack/install`, { redirect: 'manual' });
  expect(start.status).toBe(302);
  const location = new URL(start.headers.get('location')!);
  expect(location.origin + location.pathname).toBe('https://slack.com/oauth/v2/authorize');
  expect(location.searchParams.get('scope')).toBe(SLACK_BOT_SCOPES.join(','));
  const state = location.searchParams.get('state')!;
  const cookie = start.headers.get('set-cookie')!.split(';')[0]!;

  const callback = await fetch(`${harness.url}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`, { headers: { cookie } });
  expect(callback.status).toBe(200);
}

/** The rows of one workspace: the workspace, its channels and their subscriptions and digests. */
function rowsOf(app: SqliteApp, teamId: string): unknown {
  const sql = app.database.sqlite;
  return {
    workspace: sql.prepare("SELECT * FROM workspaces WHERE platform = 'slack' AND team_id = ?").all(teamId),
    channels: sql.prepare('SELECT c.* FROM channels c JOIN workspaces w ON w.id = c.workspace_id WHERE w.team_id = ? ORDER BY c.id').all(teamId),
    subscriptions: sql
      .prepare('SELECT s.* FROM subscriptions s JOIN channels c ON c.id = s.channel_id JOIN workspaces w ON w.id = c.workspace_id WHERE w.team_id = ? ORDER BY s.id')
      .all(teamId),
    digests: sql
      .prepare('SELECT d.* FROM digests d JOIN channels c ON c.id = d.channel_id JOIN workspaces w ON w.id = c.workspace_id WHERE w.team_id = ? ORDER BY d.id')
      .all(teamId),
    installation: sql.prepare('SELECT install_key, team_id FROM slack_installations WHERE team_id = ?').all(teamId),
  };
}

function slashFrom(team: typeof A, text: string, channelId: string): string {
  return formBody(
    slashCommandFields(text, {
      team_id: team.teamId,
      team_domain: team.teamName.toLowerCase().replace(' ', '-'),
      channel_id: channelId,
      user_id: 'U0ACTOR',
      user_name: 'actor',
      response_url: `https://hooks.slack.com/commands/${team.teamId}/1/${encodeURIComponent(text)}`,
    }),
  );
}

/** Sends a one-message digest through the Slack poster, as the digest job does. */
async function sendDigest(teamId: string, channelId: string, key: string) {
  const [message] = harness.slack.poster.render({ blocks: [{ type: 'text', text: 'Digest' }], visibility: 'channel' });
  return harness.slack.poster.send({ platform: 'slack', workspaceId: teamId, channelId }, message!.payload, { id: `${key}.0`, position: 0, count: 1 });
}

describe('OAuth installs', () => {
  it('stores each workspace installation in slack_installations and never logs a token', async () => {
    await install(A);
    await install(B);

    const rows = harness.app.database.sqlite.prepare('SELECT install_key, team_id, enterprise_id, installation FROM slack_installations ORDER BY install_key').all() as {
      install_key: string;
      team_id: string;
      installation: string;
    }[];
    expect(rows.map((r) => [r.install_key, r.team_id])).toEqual([
      [A.teamId, A.teamId],
      [B.teamId, B.teamId],
    ]);
    expect(JSON.parse(rows[0]!.installation)).toMatchObject({ team: { id: A.teamId }, bot: { token: A.botToken, userId: 'UBOTUSER' } });
    expect(harness.fake.callsOf('oauth.v2.access').map((c) => c.params['code'])).toEqual([`code-${A.teamId}`, `code-${B.teamId}`]);

    expect(logLines.length).toBeGreaterThan(0);
    const log = logLines.join('\n');
    expect(log).not.toContain(A.botToken);
    expect(log).not.toContain(B.botToken);
    expect(log).not.toContain('client-secret-value');
    expect(log).not.toMatch(/xoxb-(?!\[redacted\])/);
  });

  it('answers each workspace with its own bot token', async () => {
    await install(A);
    await install(B);
    for (const team of [A, B]) {
      const response = await harness.postSigned(slashFrom(team, 'recsys cold-start', team.channel));
      expect(response.status).toBe(200);
    }
    await waitFor(() => harness.fake.hooks.length === 2, 'both replies');
    const share = { type: 'block_actions', team: { id: B.teamId }, user: { id: 'U0ACTOR', team_id: B.teamId, username: 'actor', name: 'actor' }, channel: { id: B.channel }, container: { type: 'message', channel_id: B.channel, is_ephemeral: true }, response_url: `https://hooks.slack.com/actions/${B.teamId}/1/x`, actions: [{ type: 'button', action_id: 'paperboy:share:0', value: '["search",{"query":"recsys cold-start"}]', text: { type: 'plain_text', text: 'Share to channel' } }] };
    await harness.postSigned(interactivityBody(share));
    await waitFor(() => harness.fake.messages[0], 'the shared message');
    expect(harness.fake.callsOf('chat.postMessage').map((c) => c.token)).toEqual([B.botToken]);
  });

  it('refuses requests from a workspace that never installed paperboy, running nothing', async () => {
    await install(A);
    const before = storeSnapshot(harness.app);
    const response = await harness.postSigned(slashFrom({ ...B }, 'subscribe recsys', B.channel));
    // The 401 comes once authorization failed, before any listener: nothing can still be running.
    expect(response.status).toBe(401);
    expect(harness.runs).toEqual([]);
    expect(harness.fake.hooks).toEqual([]);
    expect(storeSnapshot(harness.app)).toEqual(before);
  });

  it('posts digests with the channel workspace token, and reports a workspace without an install as not installed', async () => {
    await install(A);
    await install(B);
    const sent = await sendDigest(B.teamId, B.channel, 'k1');
    expect(sent.status).toBe('sent');
    expect(harness.fake.callsOf('chat.postMessage').map((c) => c.token)).toEqual([B.botToken]);
    const gone = await sendDigest('T0NOTHERE', 'C0X', 'k2');
    expect(gone).toEqual({
      status: 'permanent',
      failure: { code: 'not_installed', reason: 'paperboy is not installed in this Slack workspace', fix: 'Install paperboy in the workspace again', channelReachable: false },
    });
    // Nothing was sent with another workspace's token.
    expect(harness.fake.callsOf('chat.postMessage').map((c) => c.token)).toEqual([B.botToken]);
  });

  it('deletes the installation and pauses the workspace when the app is uninstalled', async () => {
    await install(A);
    await install(B);
    seedChannel(harness.app, seedWorkspace(harness.app, A.teamId), A.channel);
    seedChannel(harness.app, seedWorkspace(harness.app, B.teamId), B.channel);
    const event = JSON.stringify({ team_id: A.teamId, api_app_id: 'A0PAPERBOY', type: 'event_callback', event_id: 'Ev1', event_time: 1, event: { type: 'app_uninstalled' } });
    expect((await harness.postEvent(event)).status).toBe(200);
    const installs = harness.app.database.sqlite.prepare('SELECT install_key FROM slack_installations').all();
    expect(installs).toEqual([{ install_key: B.teamId }]);
    expect((rowsOf(harness.app, A.teamId) as { channels: { pause_reason: string }[] }).channels[0]!.pause_reason).toBe('app_uninstalled');
    expect((rowsOf(harness.app, B.teamId) as { channels: { pause_reason: string | null }[] }).channels[0]!.pause_reason).toBeNull();
  });
});

describe('a request signed for workspace A that names workspace B’s channel', () => {
  it('changes nothing of B, whatever the command or event', async () => {
    await install(A);
    await install(B);
    harness.fake.channels.set(B.channel, B.teamId);
    harness.fake.channels.set(A.channel, A.teamId);
    const bRow = seedWorkspace(harness.app, B.teamId);
    const bChannel = seedChannel(harness.app, bRow, B.channel, 'graph neural networks');
    harness.app.database.sqlite.prepare("INSERT INTO digests (channel_id, slot, status, nonce) VALUES (?, '2026-11-23T09:00:00.000Z', 'sent', 'pbB')").run(bChannel);
    const before = rowsOf(harness.app, B.teamId);

    const commands = ['subscribe recsys cold-start', 'unsubscribe 1', 'pause', 'resume', 'schedule 07:30', 'list', 'digest now', 'follow Anoop Deoras', 'unfollow 1'];
    for (const [i, text] of commands.entries()) {
      const response = await harness.postSigned(slashFrom(A, text, B.channel));
      expect(response.status).toBe(200);
      await waitFor(() => harness.fake.hooks.length === i + 1, `the reply to ${text}`);
    }
    for (const type of ['channel_left', 'channel_archive', 'group_left', 'group_archive']) {
      const event = JSON.stringify({
        team_id: A.teamId,
        api_app_id: 'A0PAPERBOY',
        type: 'event_callback',
        event_id: `Ev-${type}`,
        event_time: 1,
        authorizations: [{ enterprise_id: null, team_id: A.teamId, user_id: 'UBOTUSER', is_bot: true, is_enterprise_install: false }],
        event: { type, channel: B.channel, actor_id: 'U0ACTOR' },
      });
      expect((await harness.postEvent(event)).status).toBe(200);
    }
    const share = { type: 'block_actions', team: { id: A.teamId }, user: { id: 'U0ACTOR', team_id: A.teamId, username: 'actor', name: 'actor' }, channel: { id: B.channel }, container: { type: 'message', channel_id: B.channel, is_ephemeral: true }, response_url: `https://hooks.slack.com/actions/${A.teamId}/1/share`, actions: [{ type: 'button', action_id: 'paperboy:share:0', value: '["search",{"query":"recsys cold-start"}]', text: { type: 'plain_text', text: 'Share to channel' } }] };
    await harness.postSigned(interactivityBody(share));
    await waitFor(() => harness.fake.hooks.length === commands.length + 1, 'the share failure notice');

    expect(rowsOf(harness.app, B.teamId)).toEqual(before);
    // Every command ran as workspace A; A's share into B's channel was refused by Slack (A's token).
    expect(new Set(harness.runs.map((r) => r.invoker.workspaceId))).toEqual(new Set([A.teamId]));
    expect(harness.fake.callsOf('chat.postMessage').map((c) => c.token)).toEqual([A.botToken]);
    expect(harness.fake.messages).toEqual([]);
    expect(visibleText(harness.fake.hooks.at(-1)!.body)).toContain('/invite @paperboy');
    // B's subscription #1 is not A's to remove.
    expect(visibleText(harness.fake.hooks[1]!.body)).toContain('no subscription #1');
  });
});

describe('an Enterprise Grid org-wide install', () => {
  const ORG = { enterpriseId: 'E0ORGWIDE', name: 'Starship', botToken: 'xoxb-org-wide-secret-token' };
  const MEMBER = { teamId: 'T0ORGMEMBER', channel: 'C0ORGCHANNEL' };

  /**
   * Installs through the OAuth flow with Slack's answer for an org-wide install: `team` null,
   * `enterprise` set, `is_enterprise_install` true (the recorded shape of
   * https://api.slack.com/enterprise/apps/reference, "oauth.v2.access response").
   */
  async function installOrgWide(): Promise<void> {
    harness.fake.script('oauth.v2.access', {
      body: {
        ok: true,
        access_token: ORG.botToken,
        token_type: 'bot',
        scope: 'commands,chat:write',
        bot_user_id: 'W0BOTUSER',
        app_id: 'A0PAPERBOY',
        team: null,
        enterprise: { id: ORG.enterpriseId, name: ORG.name },
        is_enterprise_install: true,
        authed_user: { id: 'W0INSTALLER' },
      },
    });
    const start = await fetch(`${harness.url}/slack/install`, { redirect: 'manual' });
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
    const callback = await fetch(`${harness.url}/slack/oauth_redirect?code=org-code&state=${encodeURIComponent(state)}`, { headers: { cookie } });
    expect(callback.status).toBe(200);
  }

  /** auth.teams.list as Slack answers it for an org-wide token (https://docs.slack.dev/reference/methods/auth.teams.list). */
  function orgWorkspacesAre(...teamIds: string[]): void {
    harness.fake.script('auth.teams.list', {
      body: { ok: true, teams: teamIds.map((id) => ({ id, name: `Workspace ${id}` })), response_metadata: { next_cursor: '' } },
    });
  }

  it('is stored under the org id and posts digests into the org’s workspaces with the org’s token', async () => {
    await installOrgWide();
    const rows = harness.app.database.sqlite.prepare('SELECT install_key, team_id, enterprise_id FROM slack_installations').all();
    expect(rows).toEqual([{ install_key: ORG.enterpriseId, team_id: null, enterprise_id: ORG.enterpriseId }]);

    orgWorkspacesAre('T0OTHERMEMBER', MEMBER.teamId);
    expect((await sendDigest(MEMBER.teamId, MEMBER.channel, 'org-1')).status).toBe('sent');
    expect(harness.fake.callsOf('chat.postMessage').map((c) => [c.token, c.params['channel']])).toEqual([[ORG.botToken, MEMBER.channel]]);
    expect(harness.fake.callsOf('auth.teams.list').map((c) => c.token)).toEqual([ORG.botToken]);

    // A workspace outside the org is not served by it; the org's list is not asked for again at once.
    expect(await sendDigest('T0OUTSIDER', 'C0OUTSIDE', 'org-2')).toMatchObject({ status: 'permanent', failure: { code: 'not_installed' } });
    expect(harness.fake.callsOf('auth.teams.list')).toHaveLength(1);
    expect(harness.fake.callsOf('chat.postMessage')).toHaveLength(1);
    expect(logLines.join('\n')).not.toContain(ORG.botToken);
  });

  it('answers a slash command from one of the org’s workspaces', async () => {
    await installOrgWide();
    // A command from an org-wide install carries the workspace and the org (https://docs.slack.dev/interactivity/implementing-slash-commands).
    const body = formBody(
      slashCommandFields('recsys cold-start', {
        team_id: MEMBER.teamId,
        enterprise_id: ORG.enterpriseId,
        is_enterprise_install: 'true',
        channel_id: MEMBER.channel,
        response_url: `https://hooks.slack.com/commands/${MEMBER.teamId}/1/org`,
      }),
    );
    expect((await harness.postSigned(body)).status).toBe(200);
    await waitFor(() => harness.fake.hooks[0], 'the reply');
    expect(harness.runs.map((r) => r.invoker.workspaceId)).toEqual([MEMBER.teamId]);
  });
});
