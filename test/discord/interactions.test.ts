import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordCommandOf } from '../../src/adapters/discord/discord-command-split.ts';
import { EXPIRED_BUTTON_TEXT } from '../../src/adapters/discord/handle-interaction.ts';
import { POSTED_BELOW_TEXT } from '../../src/adapters/discord/deliver-reply.ts';
import { ALREADY_SHARED_TEXT } from '../../src/commands/share-ledger.ts';
import type { RecordedRequest } from './fake-discord-api.ts';
import {
  APPLICATION_ID,
  buttonInteraction,
  discordLimitViolations,
  papersInteraction,
  startDiscordHarness,
  waitForLog,
  type DiscordHarness,
} from './discord-test-kit.ts';

const GUILD_FIXTURE = 'interaction-create-slash-subcommand-group-string-option-guild.gateway.json';
const DM_FIXTURE = 'interaction-create-slash-command-dm.gateway.json';
const EPHEMERAL = 64;
/** Interaction callback types: https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-interaction-callback-type */
const CHANNEL_MESSAGE = 4;
const DEFERRED_CHANNEL_MESSAGE = 5;
const DEFERRED_UPDATE_MESSAGE = 6;

let harness: DiscordHarness;
beforeAll(async () => {
  harness = await startDiscordHarness({ RESULTS_PER_PAGE: '5' });
});
afterAll(async () => {
  await harness.close();
});

const callbackOf = (d: { id: string; token: string }) => (r: RecordedRequest) =>
  r.method === 'POST' && r.path === `/interactions/${d.id}/${d.token}/callback`;
const editOf = (d: { token: string }) => (r: RecordedRequest) =>
  r.method === 'PATCH' && r.path === `/webhooks/${APPLICATION_ID}/${d.token}/messages/@original`;
const followUpsOf = (d: { token: string }) => (r: RecordedRequest) => r.method === 'POST' && r.path === `/webhooks/${APPLICATION_ID}/${d.token}`;

/** Dispatches an interaction through the fake gateway and returns its deferral and its edited reply. */
async function run(d: { id: string; token: string }) {
  harness.gateway.dispatch('INTERACTION_CREATE', d);
  const callback = await harness.api.waitFor(callbackOf(d), `the callback of ${d.token}`);
  const edit = await harness.api.waitFor(editOf(d), `the edit of ${d.token}`);
  return { callback, edit };
}

function buttonsOf(body: { components?: { components: { label: string; custom_id: string }[] }[] }) {
  return (body.components ?? []).flatMap((row) => row.components);
}

describe('recorded INTERACTION_CREATE payloads adapted to /papers', () => {
  it('runs /papers search from a guild: an ephemeral deferral, then an edit with one embed per paper within every limit', async () => {
    const d = papersInteraction(GUILD_FIXTURE, 'search', { query: 'cold start' });
    const { callback, edit } = await run(d);

    expect(callback.body).toEqual({ type: DEFERRED_CHANNEL_MESSAGE, data: { flags: EPHEMERAL } });
    expect(discordLimitViolations(edit.body)).toEqual([]);
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
    const titles = edit.body.embeds.map((e: { title?: string }) => e.title);
    expect(titles[0]).toBe('Papers for “cold start”');
    expect(titles[1]).toBe('1. Zero-Shot Recommender Systems');
    expect(titles.filter((t: string | undefined) => /^\d+\. /.test(t ?? ''))).toHaveLength(5);
    const paper = edit.body.embeds[1];
    expect(paper.author.name).toBe('Hao Ding, Yifei Ma, Anoop Deoras et al.');
    expect(paper.fields).toContainEqual({ name: 'Date', value: '2021-05-18', inline: true });
    expect(paper.description).toContain('zero-shot learning');

    const buttons = buttonsOf(edit.body);
    // Each paper: 👍, 👎, Save (issue 20), then More like this, numbered by the paper's rank.
    const perPaper = (rank: number) => [`${rank}. 👍`, `${rank}. 👎`, `${rank}. Save`, `${rank}. More like this`];
    expect(buttons.map((b) => b.label)).toEqual([1, 2, 3, 4, 5].flatMap(perPaper).concat(['More results', 'Share to channel']));
    expect(buttons.length).toBeLessThanOrEqual(25);
    expect(buttons[0]!.custom_id).toBe('pb:n0:["rate",{"id":"seed:zero-shot-recommender-systems","rating":"up"}]');
    expect(buttons[3]!.custom_id).toBe('pb:r3:["like",{"id":"seed:zero-shot-recommender-systems"}]');
    expect(harness.api.requests.filter(followUpsOf(d))).toHaveLength(0);
  });

  it('runs /papers help from a DM (no guild, a user instead of a member) and lists every command as Discord names it', async () => {
    const d = papersInteraction(DM_FIXTURE, 'help');
    const { callback, edit } = await run(d);

    expect(callback.body.data.flags).toBe(EPHEMERAL);
    expect(discordLimitViolations(edit.body)).toEqual([]);
    const names = edit.body.embeds.flatMap((e: { fields?: { name: string }[] }) => (e.fields ?? []).map((f) => f.name)).join('\n');
    // A command whose plain use changes the channel is under /papers-channel on Discord.
    for (const spec of harness.host.commands) expect(names).toContain(`/${discordCommandOf(spec, {})} ${spec.name}`);
    expect(names).toContain('/papers-channel subscribe');
    expect(names).toContain('/papers search');
  });

  it('runs /papers paper with an id option and shows the full paper', async () => {
    const d = papersInteraction(GUILD_FIXTURE, 'paper', { id: 'seed:zero-shot-recommender-systems' });
    const { edit } = await run(d);

    expect(discordLimitViolations(edit.body)).toEqual([]);
    expect(edit.body.embeds[0].title).toBe('Zero-Shot Recommender Systems');
    expect(edit.body.embeds[0].footer.text).toBe('seed:zero-shot-recommender-systems');
    expect(buttonsOf(edit.body).map((b) => b.label)).toEqual(['👍', '👎', 'Save', 'More like this', 'Share to channel']);
  });

  it('answers a bad argument with an ephemeral error that says how to fix it', async () => {
    const d = papersInteraction(GUILD_FIXTURE, 'like', { id: 'no-such-paper' });
    const { callback, edit } = await run(d);

    expect(callback.body.data.flags).toBe(EPHEMERAL);
    expect(edit.body.embeds[0].description).toContain('paperboy has no paper with id “no-such-paper”');
    expect(edit.body.embeds[0].color).toBe(0xcf222e);
  });

  it('continues a reply too big for one message in ephemeral follow-ups, each within every limit', async () => {
    const big = await startDiscordHarness({ RESULTS_PER_PAGE: '10' });
    try {
      const d = papersInteraction(GUILD_FIXTURE, 'search', { query: 'language models' });
      big.gateway.dispatch('INTERACTION_CREATE', d);
      const edit = await big.api.waitFor(editOf(d), 'the edit');
      const followUp = await big.api.waitFor(followUpsOf(d), 'a follow-up');

      expect(discordLimitViolations(edit.body)).toEqual([]);
      expect(discordLimitViolations(followUp.body)).toEqual([]);
      expect(followUp.body.flags).toBe(EPHEMERAL);
      const ranked = [...edit.body.embeds, ...followUp.body.embeds].filter((e: { title?: string }) => /^\d+\. /.test(e.title ?? ''));
      expect(ranked).toHaveLength(10);
    } finally {
      await big.close();
    }
  });
});

describe('buttons', () => {
  async function searchButtons() {
    const d = papersInteraction(GUILD_FIXTURE, 'search', { query: 'cold start' });
    const { edit } = await run(d);
    return buttonsOf(edit.body);
  }

  it('“More like this” on the asker’s ephemeral reply replaces it with the new results', async () => {
    const more = (await searchButtons()).find((b) => b.label === '1. More like this')!;
    const d = buttonInteraction(more.custom_id, 'ephemeral');
    const { callback, edit } = await run(d);

    expect(callback.body).toEqual({ type: DEFERRED_UPDATE_MESSAGE });
    expect(discordLimitViolations(edit.body)).toEqual([]);
    expect(edit.body.embeds[0].title).toBe('Papers like “Zero-Shot Recommender Systems”');
  });

  it('a button whose command is too long for a custom id is kept behind a reference, and still works', async () => {
    const query = 'cold start recommendation with contrastive learning and adaptive feature fusion for new users';
    const { edit: first } = await run(papersInteraction(GUILD_FIXTURE, 'search', { query }));
    const more = buttonsOf(first.body).find((b) => b.label === 'More results')!;
    expect(more.custom_id).toMatch(/^pb:ref:[\w-]+$/);

    const { edit } = await run(buttonInteraction(more.custom_id, 'ephemeral'));
    expect(edit.body.embeds[0].title).toBe(`Papers for “${query}”`);
    expect(edit.body.embeds[1].title).toMatch(/^6\. /);
  });

  it('a run button on a public message answers with a new ephemeral reply', async () => {
    const more = (await searchButtons()).find((b) => b.label === 'More results')!;
    const d = buttonInteraction(more.custom_id, 'public');
    const { callback, edit } = await run(d);

    expect(callback.body).toEqual({ type: DEFERRED_CHANNEL_MESSAGE, data: { flags: EPHEMERAL } });
    expect(edit.body.embeds.length).toBeGreaterThan(0);
  });

  it('“Share to channel” posts the results to the channel, attributed, pinging nobody', async () => {
    const share = (await searchButtons()).find((b) => b.label === 'Share to channel')!;
    const d = buttonInteraction(share.custom_id, 'ephemeral');
    const { callback, edit } = await run(d);
    const post = harness.api.requests.find((r) => r.method === 'POST' && r.path === '/channels/400000000000000000/messages')!;

    expect(callback.body.data.flags).toBe(EPHEMERAL);
    expect(post.body.content).toBe('Shared by <@500000000000000000>');
    expect(post.body.allowed_mentions).toEqual({ parse: [] });
    expect(post.body.enforce_nonce).toBe(true);
    expect(discordLimitViolations(post.body)).toEqual([]);
    expect(post.body.embeds[0].title).toBe('Papers for “cold start”');
    expect(edit.body.content).toBe('Shared in <#400000000000000000>.');
  });

  it('“Share to channel” clicked twice on the same message posts once, and the shared post has no Share button', async () => {
    const share = (await searchButtons()).find((b) => b.label === 'Share to channel')!;
    const isPost = (r: RecordedRequest) => r.method === 'POST' && r.path === '/channels/400000000000000000/messages';
    const postsBefore = harness.api.requests.filter(isPost).length;
    // Two clicks by the recorded member on one message of their own (its id is this test's).
    const first = buttonInteraction(share.custom_id, 'ephemeral');
    const second = buttonInteraction(share.custom_id, 'ephemeral');
    first.message.id = second.message.id = '1290000000000000001';

    const { edit } = await run(first);
    expect(edit.body.content).toBe('Shared in <#400000000000000000>.');
    harness.gateway.dispatch('INTERACTION_CREATE', second);
    const callback = await harness.api.waitFor(callbackOf(second), 'the answer to the second click');

    expect(callback.body).toEqual({
      type: CHANNEL_MESSAGE,
      data: expect.objectContaining({ content: ALREADY_SHARED_TEXT, flags: EPHEMERAL, allowed_mentions: { parse: [] } }),
    });
    const posts = harness.api.requests.filter(isPost).slice(postsBefore);
    expect(posts).toHaveLength(1);
    const labels = buttonsOf(posts[0]!.body).map((b) => b.label);
    expect(labels).toContain('More results');
    expect(labels).not.toContain('Share to channel');
  });

  it('an unknown or expired button gets a clear ephemeral message', async () => {
    for (const customId of ['pb:ref:forgotten', 'button']) {
      const d = buttonInteraction(customId, 'ephemeral');
      harness.gateway.dispatch('INTERACTION_CREATE', d);
      const callback = await harness.api.waitFor(callbackOf(d), 'the callback');
      expect(callback.body).toEqual({
        type: CHANNEL_MESSAGE,
        data: expect.objectContaining({ content: EXPIRED_BUTTON_TEXT, flags: EPHEMERAL, allowed_mentions: { parse: [] } }),
      });
    }
  });
});

describe('expired interactions', () => {
  it('a deferral refused with 10062 Unknown interaction is logged, not thrown', async () => {
    const d = papersInteraction(GUILD_FIXTURE, 'search', { query: 'cold start' });
    harness.api.intercept((r) => (callbackOf(d)(r) ? { status: 404, body: { message: 'Unknown interaction', code: 10062 } } : undefined));
    harness.gateway.dispatch('INTERACTION_CREATE', d);

    const line = await waitForLog(harness.logger, (l) => l.fields['interaction'] === d.id, 'the expired interaction');
    expect(line).toMatchObject({ level: 'warn', msg: 'the discord interaction expired before paperboy answered it', fields: { discordCode: 10062 } });
    expect(harness.api.requests.some(editOf(d))).toBe(false);
  });

  it('an edit refused with 50027 Invalid Webhook Token is logged, not thrown, and the token never logged', async () => {
    const d = papersInteraction(GUILD_FIXTURE, 'help');
    harness.api.intercept((r) => (editOf(d)(r) ? { status: 401, body: { message: 'Invalid Webhook Token', code: 50027 } } : undefined));
    harness.gateway.dispatch('INTERACTION_CREATE', d);

    const line = await waitForLog(harness.logger, (l) => l.fields['interaction'] === d.id, 'the expired token');
    expect(line).toMatchObject({ level: 'warn', fields: { discordCode: 50027 } });
    expect(JSON.stringify(harness.logger.lines)).not.toContain(d.token);
  });
});

describe('replies meant for the whole channel', () => {
  it('are posted as public follow-ups after the ephemeral deferral is resolved', async () => {
    // No command in the registry replies to the channel yet, so the host dispatches to a registry with one more.
    const { createCommandRegistry } = await import('../../src/commands/command-registry.ts');
    const { dispatchStructured } = await import('../../src/commands/dispatch.ts');
    const original = harness.host.dispatch;
    const registry = createCommandRegistry([
      ...harness.host.commands,
      {
        name: 'announce',
        summary: 'Says hello to the channel',
        examples: ['announce'],
        options: [],
        changesChannel: false,
        run: () => ({ blocks: [{ type: 'text', text: 'Hello @everyone' }], visibility: 'channel' }),
      },
    ]);
    harness.host.dispatch = (name, args, invoker) => dispatchStructured(registry, name, args, harness.app.contextFor(invoker));
    try {
      const d = papersInteraction(GUILD_FIXTURE, 'announce');
      const { edit } = await run(d);
      const followUp = await harness.api.waitFor(followUpsOf(d), 'the public follow-up');

      expect(edit.body.content).toBe(POSTED_BELOW_TEXT);
      expect(followUp.body.flags).toBeUndefined();
      expect(followUp.body.allowed_mentions).toEqual({ parse: [] });
      expect(followUp.body.embeds[0].description).toBe('Hello @\u200beveryone');
    } finally {
      harness.host.dispatch = original;
    }
  });
});
