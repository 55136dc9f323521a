/**
 * The edges of a running Slack side over HTTP (issue 16, point 7): request bodies that are not
 * Slack's never take the process down, /healthz tells the database from the connection, and a
 * Share button shares once per person and message, without a Share button on what it posts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALREADY_SHARED_TEXT, createShareLedger, type ShareKey } from '../../src/commands/share-ledger.ts';
import { databaseHealth } from '../../src/adapters/slack/slack-health.ts';
import { blockKitProblems, buttonsOf, visibleText } from './block-kit-validator.ts';
import {
  formBody,
  interactivityBody,
  readJsonFixture,
  signedHeaders,
  slashCommandFields,
  startHarness,
  waitFor,
  type SlackHarness,
} from './slack-test-kit.ts';

let harness: SlackHarness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.close();
});

async function health(): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${harness.url}/healthz`);
  return { status: res.status, body: await res.json() };
}

describe('request bodies that are not Slack’s', () => {
  const json = (body: string) => ({ ...signedHeaders(body), 'content-type': 'application/json' });

  it('are answered 4xx, signed or not, and the server keeps answering', async () => {
    const signed: [string, Record<string, string>, number][] = [
      // The body that used to end the process: JSON null, correctly signed.
      ['null', json('null'), 400],
      ['payload=null', signedHeaders('payload=null'), 400],
      ['5', json('5'), 400],
      ['"text"', json('"text"'), 400],
      ['[]', json('[]'), 400],
      ['payload=%5B1%5D', signedHeaders('payload=%5B1%5D'), 400],
      // Malformed JSON, signed: Bolt's own answer.
      ['{"type":', json('{"type":'), 400],
    ];
    for (const [body, headers, status] of signed) {
      expect({ body, status: (await harness.post('/slack/events', body, headers)).status }).toEqual({ body, status });
    }
    const unsigned: [string, number][] = [
      ['null', 400],
      ['\u0000garbage\u00ff', 401],
      ['{"type":"url_verification","challenge":"x"}', 401],
    ];
    for (const [body, status] of unsigned) {
      const answer = await harness.post('/slack/events', body, { 'content-type': 'application/json' });
      expect({ body, status: answer.status }).toEqual({ body, status });
    }

    expect((await health()).status).toBe(200);
    const command = await harness.postSigned(formBody(slashCommandFields('recsys cold-start')));
    expect(command.status).toBe(200);
    await waitFor(() => harness.fake.hooks[0], 'the reply to a real command after the bad requests');
    expect(harness.runs).toHaveLength(1);
  });
});

describe('/healthz over HTTP', () => {
  it('reports the database and the Slack side separately', async () => {
    expect(await health()).toEqual({ status: 200, body: { ok: true, database: { ok: true }, slack: { mode: 'http', auth: 'token', connected: true } } });
  });

  it('says 503 and names the database when the store reports a problem', async () => {
    const database = harness.app.database as { check?: () => unknown };
    const original = database.check;
    database.check = () => ({ ok: false, problem: 'deleted', message: 'The database file was deleted.' });
    try {
      expect(await health()).toEqual({
        status: 503,
        body: { ok: false, database: { ok: false, problem: 'deleted' }, slack: { mode: 'http', auth: 'token', connected: true } },
      });
    } finally {
      database.check = original;
    }
  });

  it('asks the host’s store probe, keeps only its problem code, and never throws', () => {
    expect(databaseHealth(() => harness.app.host.checkStore())).toEqual({ ok: true });
    const withMessage = { ok: false, problem: 'readonly', message: 'a sentence for chat users' } as const;
    expect(databaseHealth(() => withMessage)).toEqual({ ok: false, problem: 'readonly' });
    expect(databaseHealth(() => { throw new Error('disk I/O error'); })).toEqual({ ok: false, problem: 'unavailable' });
  });
});

describe('Share', () => {
  /** The recorded block_actions click, on paperboy's Share button of one message. */
  function shareClick(userId = 'U00FAKEUSER1'): string {
    const recorded = readJsonFixture<{ channel_post_action: Record<string, any> }>('vercel-chat-app-mention-and-block-actions.replay.json').channel_post_action;
    return interactivityBody({
      ...recorded,
      user: { ...recorded['user'], id: userId },
      actions: [{ ...recorded['actions'][0], action_id: 'paperboy:share:5', value: '["search",{"query":"recsys cold-start"}]' }],
    });
  }

  it('posts once when the same person clicks it twice on the same message, and says so quietly', async () => {
    expect((await harness.postSigned(shareClick())).status).toBe(200);
    const posted = await waitFor(() => harness.fake.messages[0], 'the shared message');
    expect((await harness.postSigned(shareClick())).status).toBe(200);
    const notice = await waitFor(() => harness.fake.hooks.find((h) => visibleText(h.body).includes(ALREADY_SHARED_TEXT)), 'the already-shared notice');

    expect(notice.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(harness.fake.callsOf('chat.postMessage')).toHaveLength(1);
    expect(harness.runs).toHaveLength(1);
    expect(posted.channel).toBe('C00FAKECHAN1');
    expect(blockKitProblems(posted)).toEqual([]);
    // The shared message is in the channel: it keeps its other buttons, not Share.
    expect(visibleText(posted)).toContain('Shared by <@U00FAKEUSER1>');
    expect(buttonsOf(posted).length).toBeGreaterThan(0);
    expect(buttonsOf(posted).filter((b) => b.action_id.startsWith('paperboy:share:'))).toEqual([]);
  });

  it('posts once for two clicks arriving together', async () => {
    const answers = await Promise.all([harness.postSigned(shareClick()), harness.postSigned(shareClick())]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    await waitFor(() => harness.fake.hooks.some((h) => visibleText(h.body).includes(ALREADY_SHARED_TEXT)), 'the already-shared notice');
    await waitFor(() => harness.fake.messages[0], 'the shared message');
    expect(harness.fake.callsOf('chat.postMessage')).toHaveLength(1);
  });

  it('lets another person share the same message, and the same person again after a failed post', async () => {
    // The first post fails as chat.postMessage does in a channel the bot cannot see
    // (https://docs.slack.dev/reference/methods/chat.postMessage#errors).
    harness.fake.script('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
    await harness.postSigned(shareClick());
    await waitFor(() => harness.fake.hooks.some((h) => visibleText(h.body).includes('/invite @paperboy')), 'the failure notice');
    await harness.postSigned(shareClick());
    await waitFor(() => harness.fake.messages[0], 'the retried share');
    await harness.postSigned(shareClick('U0SOMEONEELSE'));
    await waitFor(() => harness.fake.messages[1], 'the other person’s share');
    expect(harness.fake.messages.map((m) => visibleText(m).match(/Shared by <@(\w+)>/)?.[1])).toEqual(['U00FAKEUSER1', 'U0SOMEONEELSE']);
  });
});

describe('the share ledger', () => {
  const key = (n: number): ShareKey => ({ platform: 'slack', workspaceId: 'T1', channelId: 'C1', sourceMessageId: `1.${n}`, userId: 'U1', command: 'search x' });

  it('remembers at most its size, forgetting the least recently used first', () => {
    const ledger = createShareLedger(2);
    expect([ledger.claim(key(1)), ledger.claim(key(2)), ledger.claim(key(1))]).toEqual([true, true, false]);
    // 3 pushes out 2 (1 was used last), so 2 can be shared again and 1 cannot.
    expect(ledger.claim(key(3))).toBe(true);
    expect([ledger.claim(key(2)), ledger.claim(key(3))]).toEqual([true, false]);
  });

  it('keeps every part of the key apart', () => {
    const ledger = createShareLedger();
    const base = key(1);
    expect(ledger.claim(base)).toBe(true);
    for (const change of [{ platform: 'discord' }, { workspaceId: 'T2' }, { channelId: 'C2' }, { sourceMessageId: '2' }, { userId: 'U2' }, { command: 'search y' }] as const) {
      expect(ledger.claim({ ...base, ...change })).toBe(true);
    }
    expect(ledger.claim({ ...base, command: 'search x' })).toBe(false);
  });
});
