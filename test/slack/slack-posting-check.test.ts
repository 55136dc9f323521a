/**
 * “Can paperboy post here?” through real Bolt against the fake Slack: subscribe, follow, schedule
 * and resume ask conversations.info first, join a public channel, and refuse with the fix (storing
 * nothing) where paperboy cannot post.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { visibleText } from './block-kit-validator.ts';
import {
  capturingLogger,
  formBody,
  pauseOf,
  seedChannel,
  seedWorkspace,
  slashCommandFields,
  startHarness,
  storeSnapshot,
  waitFor,
  type SlackHarness,
} from './slack-test-kit.ts';

let harness: SlackHarness;
let logLines: string[];
afterEach(async () => {
  await harness.close();
});

async function start(): Promise<SlackHarness> {
  const { log, lines } = capturingLogger();
  logLines = lines;
  harness = await startHarness({ log });
  return harness;
}

const RECORDED = slashCommandFields('');
const TEAM = RECORDED['team_id']!;
const CHANNEL = RECORDED['channel_id']!;

/** Sends `/papers <text>` from `channel` and returns the reply posted to its response_url. */
async function slash(text: string, channel = CHANNEL) {
  const before = harness.fake.hooks.length;
  const response = await harness.postSigned(formBody(slashCommandFields(text, { channel_id: channel })));
  expect(response.status).toBe(200);
  const hook = await waitFor(() => harness.fake.hooks[before], `the reply to /papers ${text}`);
  return hook.body;
}

const subscriptionRows = () => harness.app.database.sqlite.prepare('SELECT query FROM subscriptions').all();

describe('subscribe where paperboy can post', () => {
  it('joins a public channel it is not in (so it can read its digests back), then subscribes', async () => {
    await start();
    const reply = await slash('subscribe recsys cold-start');
    expect(reply['response_type']).toBe('in_channel');
    expect(visibleText(reply)).toContain('Subscribed this channel to “recsys cold-start”');
    expect(harness.fake.callsOf('conversations.info').map((c) => c.params['channel'])).toEqual([CHANNEL]);
    const joins = harness.fake.callsOf('conversations.join');
    expect(joins.map((c) => [c.params['channel'], c.token])).toEqual([[CHANNEL, 'xoxb-test-single-workspace']]);
    expect(harness.fake.conversations.get(CHANNEL)?.is_member).toBe(true);
    expect(subscriptionRows()).toEqual([{ query: 'recsys cold-start' }]);

    // Now a member: the next subscribe asks again but joins nothing.
    await slash('subscribe gnn');
    expect(harness.fake.callsOf('conversations.info')).toHaveLength(2);
    expect(harness.fake.callsOf('conversations.join')).toHaveLength(1);
  });

  it('asks nothing of Slack for commands that set up no digest', async () => {
    await start();
    await slash('recsys cold-start');
    await slash('list');
    await slash('schedule');
    expect(harness.fake.callsOf('conversations.info')).toEqual([]);
  });

  it('subscribes in a private channel it was invited to, and in a DM with paperboy, without joining', async () => {
    await start();
    harness.fake.conversations.set('C0PRIVATEIN', { is_private: true, is_member: true });
    harness.fake.conversations.set('D0WITHBOT', { is_im: true, is_member: true });
    harness.fake.conversations.set('G0GROUPDMIN', { is_mpim: true, is_member: true });
    for (const channel of ['C0PRIVATEIN', 'D0WITHBOT', 'G0GROUPDMIN']) {
      expect(visibleText(await slash('subscribe recsys cold-start', channel))).toContain('Subscribed this channel');
    }
    expect(harness.fake.callsOf('conversations.join')).toEqual([]);
    expect(subscriptionRows()).toHaveLength(3);
  });
});

describe('subscribe where paperboy cannot post: the fix, and nothing stored', () => {
  it('a private channel it was never invited to (conversations.info: channel_not_found) says to /invite it', async () => {
    await start();
    harness.fake.conversations.set(CHANNEL, { is_private: true });
    const before = storeSnapshot(harness.app);
    const reply = await slash('subscribe recsys cold-start');

    expect(reply['response_type']).toBe('ephemeral');
    const text = visibleText(reply);
    expect(text).toContain('paperboy cannot post in this channel: it is a private channel paperboy was not invited to, or a group DM without paperboy.');
    expect(text).toContain('Invite it with /invite @paperboy');
    expect(text).toContain('then run /papers subscribe recsys cold-start again.');
    expect(storeSnapshot(harness.app)).toEqual(before);
    expect(subscriptionRows()).toEqual([]);
    expect(harness.fake.callsOf('conversations.join')).toEqual([]);

    // Once invited, the same command works.
    harness.fake.conversations.set(CHANNEL, { is_private: true, is_member: true });
    expect(visibleText(await slash('subscribe recsys cold-start'))).toContain('Subscribed this channel');
  });

  it('an archived channel, a DM between other people, a group DM it is not in', async () => {
    await start();
    harness.fake.conversations.set('C0ARCHIVED', { is_archived: true });
    harness.fake.conversations.set('D0OTHERS', { is_im: true, is_member: false });
    harness.fake.conversations.set('G0GROUPDM', { is_mpim: true, is_member: false });
    const cases = [
      ['C0ARCHIVED', 'the channel is archived', 'Unarchive the channel'],
      ['D0OTHERS', 'this is a direct message paperboy is not part of', 'Run the command in a channel'],
      ['G0GROUPDM', 'or a group DM without paperboy', 'Invite it with /invite @paperboy'],
    ] as const;
    for (const [channel, reason, fix] of cases) {
      const text = visibleText(await slash('subscribe recsys cold-start', channel));
      expect(text).toContain(reason);
      expect(text).toContain(fix);
    }
    expect(subscriptionRows()).toEqual([]);
    expect(harness.app.database.sqlite.prepare('SELECT * FROM channels').all()).toEqual([]);
  });

  it('a join Slack refuses gives the invite fix; a missing scope says to reinstall from the manifest, naming it', async () => {
    await start();
    harness.fake.script('conversations.join', { body: { ok: false, error: 'too_many_members' } });
    const refused = visibleText(await slash('subscribe recsys cold-start'));
    expect(refused).toContain('paperboy could not join it (too_many_members)');
    expect(refused).toContain('/invite @paperboy');

    harness.fake.script('conversations.join', { body: { ok: false, error: 'missing_scope', needed: 'channels:join', provided: 'commands,chat:write' } });
    const scope = visibleText(await slash('subscribe recsys cold-start'));
    expect(scope).toContain('it lacks the channels:join scope');
    expect(scope).toContain('reinstall paperboy from its current manifest');

    harness.fake.script('conversations.info', { body: { ok: false, error: 'missing_scope', needed: 'groups:read', provided: 'commands' } });
    expect(visibleText(await slash('subscribe recsys cold-start'))).toContain('it lacks the groups:read scope');
    expect(subscriptionRows()).toEqual([]);
  });

  it('follow and schedule are refused the same way, with their own command to run again', async () => {
    await start();
    harness.fake.conversations.set(CHANNEL, { is_private: true });
    const follow = visibleText(await slash('follow Anoop Deoras'));
    expect(follow).toContain('/invite @paperboy, then run /papers follow Anoop Deoras again.');
    const schedule = visibleText(await slash('schedule 07:30 Europe/Berlin daily picks 5'));
    expect(schedule).toContain('/invite @paperboy, then run /papers schedule 07:30 Europe/Berlin daily picks 5 again.');
    expect(harness.app.database.sqlite.prepare('SELECT * FROM channels').all()).toEqual([]);
    expect(subscriptionRows()).toEqual([]);
  });
});

describe('resume', () => {
  it('keeps a channel paused while paperboy cannot post there, and resumes it once it can', async () => {
    await start();
    const channelRow = seedChannel(harness.app, seedWorkspace(harness.app, TEAM), CHANNEL);
    harness.app.database.sqlite.prepare("UPDATE channels SET paused_at = '2026-11-23T09:00:00Z', pause_reason = 'not_in_channel' WHERE id = ?").run(channelRow);
    harness.fake.conversations.set(CHANNEL, { is_private: true });

    const refused = visibleText(await slash('resume'));
    expect(refused).toContain('paperboy cannot post in this channel');
    expect(refused).toContain('Invite it with /invite @paperboy, then run /papers resume again.');
    expect(pauseOf(harness.app, TEAM, CHANNEL)).toEqual({ paused_at: '2026-11-23T09:00:00Z', pause_reason: 'not_in_channel' });

    harness.fake.conversations.set(CHANNEL, { is_private: true, is_member: true });
    expect(visibleText(await slash('resume'))).toContain('back on (they were paused: not_in_channel)');
    expect(pauseOf(harness.app, TEAM, CHANNEL)).toEqual({ paused_at: null, pause_reason: null });
  });
});

describe('when Slack cannot be asked', () => {
  it('does not block the user: the command goes ahead and the log says why, without the token', async () => {
    await start();
    harness.fake.script('conversations.info', { body: { ok: false, error: 'internal_error' } });
    expect(visibleText(await slash('subscribe recsys cold-start'))).toContain('Subscribed this channel');
    expect(subscriptionRows()).toEqual([{ query: 'recsys cold-start' }]);
    const line = logLines.find((l) => l.includes('could not check whether paperboy can post'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ reason: 'slack conversations.info failed: internal_error', channel: CHANNEL, command: 'subscribe' });
    expect(logLines.join('\n')).not.toContain('xoxb-test-single-workspace');
  });
});
