/**
 * Who may change a channel on Slack, through real Bolt over HTTP against the fake Slack: `/papers
 * settings` shows and sets the workspace's admins-only rule (users.info says who is an admin,
 * asked only when it matters), and Share posts on a user's behalf only for a member of the channel
 * (conversations.members; a slash command's own invoker is a member, a button click's may not be).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NOT_A_CHANNEL_MEMBER_TEXT } from '../../src/adapters/slack/handle-button-action.ts';
import { buttonsOf, visibleText } from './block-kit-validator.ts';
import { clickPayload, formBody, interactivityBody, readJsonFixture, slashCommandFields, startHarness, waitFor, type SlackHarness } from './slack-test-kit.ts';

const RECORDED = readJsonFixture<{ slashCommandWithArgs: Record<string, string> }>('vercel-chat-slash-commands.replay.json').slashCommandWithArgs;
const USER = RECORDED['user_id']!;
const TEAM = RECORDED['team_id']!;
const CHANNEL = RECORDED['channel_id']!;

let harness: SlackHarness;
beforeEach(async () => {
  harness = await startHarness({ processBeforeResponse: true });
});
afterEach(async () => {
  await harness.close();
});

/** Sends a slash command as the recorded user and returns the reply posted to its response_url. */
async function slash(text: string) {
  const before = harness.fake.hooks.length;
  await harness.postSigned(formBody(slashCommandFields(text)));
  return (await waitFor(() => harness.fake.hooks[before], `the reply to ${text}`)).body;
}

const adminsOnly = () =>
  (harness.app.database.sqlite.prepare("SELECT admins_only FROM workspaces WHERE platform = 'slack' AND team_id = ?").get(TEAM) as { admins_only: number } | undefined)
    ?.admins_only;

describe('/papers settings on Slack', () => {
  it('shows the rule without asking Slack who the user is', async () => {
    const text = visibleText(await slash('settings'));
    expect(text).toContain('Every member of a channel may change what it follows, its schedule and its digests (admins-only is off).');
    expect(text).toContain('Admins here: Slack workspace admins and owners.');
    expect(harness.fake.callsOf('users.info')).toEqual([]);
  });

  it('a member may not set admins-only; a workspace admin may, once users.info says so, and then members are refused', async () => {
    const refused = visibleText(await slash('settings admins-only on'));
    expect(refused).toContain('Only a workspace admin can change who may change channels.');
    expect(adminsOnly()).toBeUndefined();

    harness.fake.users.set(USER, { is_admin: true, is_owner: false });
    // Each slash command has a runner of its own: this one asks users.info again, once.
    const calls = harness.fake.callsOf('users.info').length;
    expect(visibleText(await slash('settings admins-only on'))).toContain('Done. Only workspace admins may change what a channel follows');
    expect(harness.fake.callsOf('users.info')).toHaveLength(calls + 1);
    expect(adminsOnly()).toBe(1);

    harness.fake.users.set(USER, { is_admin: false, is_owner: false });
    expect(visibleText(await slash('subscribe recsys cold-start'))).toContain('In this workspace only admins can change what a channel follows');
    expect(visibleText(await slash('settings'))).toContain('(admins-only is on)');
  });
});

describe('Share on Slack', () => {
  async function shareButton() {
    const reply = await slash('recsys cold-start');
    return buttonsOf(reply).find((b) => b.text === 'Share to channel')!;
  }

  it('posts nothing for someone who is not a member of the channel (a public channel previewed), and says why', async () => {
    const share = await shareButton();
    harness.fake.script('conversations.members', { body: { ok: true, members: ['U0OTHER1', 'U0OTHER2'], response_metadata: { next_cursor: '' } } });
    const before = harness.fake.hooks.length;
    await harness.postSigned(interactivityBody(clickPayload(share, { ephemeral: true })));
    const hook = await waitFor(() => harness.fake.hooks[before], 'the refusal');

    expect(hook.body).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: NOT_A_CHANNEL_MEMBER_TEXT });
    expect(harness.fake.messages).toEqual([]);
    expect(harness.fake.callsOf('conversations.members')[0]!.params).toMatchObject({ channel: CHANNEL });
  });

  it('posts for a member, found on a later page of a large channel', async () => {
    const share = await shareButton();
    harness.fake.script(
      'conversations.members',
      { body: { ok: true, members: ['U0OTHER1'], response_metadata: { next_cursor: 'page-2' } } },
      { body: { ok: true, members: [USER], response_metadata: { next_cursor: '' } } },
    );
    await harness.postSigned(interactivityBody(clickPayload(share, { ephemeral: true })));
    const posted = await waitFor(() => harness.fake.messages[0], 'the shared message');

    expect(visibleText(posted)).toContain(`Shared by <@${USER}>`);
    expect(harness.fake.callsOf('conversations.members').map((c) => c.params['cursor'])).toEqual([undefined, 'page-2']);
  });

  it('still shares when Slack cannot say (an error), rather than block the user on Slack’s trouble', async () => {
    const share = await shareButton();
    harness.fake.script('conversations.members', { body: { ok: false, error: 'internal_error' } });
    await harness.postSigned(interactivityBody(clickPayload(share, { ephemeral: true })));
    expect(visibleText(await waitFor(() => harness.fake.messages[0], 'the shared message'))).toContain(`Shared by <@${USER}>`);
  });
});
