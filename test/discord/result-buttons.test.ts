/**
 * A reply's buttons run the command that made the reply (issue 18), through real discord.js
 * against the fake gateway and REST API, with the recorded INTERACTION_CREATE payloads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPIRED_BUTTON_TEXT } from '../../src/adapters/discord/handle-interaction.ts';
import type { RecordedRequest } from './fake-discord-api.ts';
import { makePaper, paper } from '../support/papers.ts';
import { APPLICATION_ID, buttonInteraction, discordLimitViolations, papersInteraction, startDiscordHarness, type DiscordHarness } from './discord-test-kit.ts';

const GUILD_FIXTURE = 'interaction-create-slash-subcommand-group-string-option-guild.gateway.json';
/** Where the recorded button interaction was clicked (interaction-create-button-guild.gateway.json). */
const BUTTON_GUILD = '300000000000000000';
const BUTTON_CHANNEL = '400000000000000000';
const CHANNEL_MESSAGE = 4;
const EPHEMERAL = 64;
/** What the liked paper and its neighbours are about: `like` finds them by these words. */
const COLD_START = 'We study cold-start recommendation for new users and items.';

let harness: DiscordHarness;
beforeAll(async () => {
  harness = await startDiscordHarness({ RESULTS_PER_PAGE: '5' });
  // Before the first search, so the spelling suggester counts them: "pause" in 25 titles.
  await harness.app.papers.upsertPapers(
    [
      paper('Cold-start recommendation with sparse feedback', COLD_START, { id: '2602.13836', published: '2026-02-16' }),
      ...Array.from({ length: 12 }, (_, i) => paper(`Cold-start recommendation study ${i + 1}`, COLD_START, { id: `2611.${20000 + i}` })),
      ...Array.from({ length: 25 }, (_, i) => makePaper({ id: `2611.${30000 + i}`, title: `Pause tokens for reasoning, part ${i + 1}` })),
    ],
    '2026-11-20T00:00:00Z',
  );
  // The clicked-in channel has digests, so a click that paused them would show.
  const { sqlite } = harness.app.database;
  const workspace = sqlite.prepare("INSERT INTO workspaces (platform, team_id, name) VALUES ('discord', ?, 'Button guild') RETURNING id").get(BUTTON_GUILD) as { id: number };
  const channel = sqlite.prepare('INSERT INTO channels (workspace_id, channel_id, name) VALUES (?, ?, ?) RETURNING id').get(workspace.id, BUTTON_CHANNEL, 'papers') as { id: number };
  sqlite.prepare("INSERT INTO subscriptions (channel_id, kind, query, created_by) VALUES (?, 'topic', 'recsys cold-start', 'USEED')").run(channel.id);
});
afterAll(async () => {
  await harness.close();
});

const editOf = (d: { token: string }) => (r: RecordedRequest) =>
  r.method === 'PATCH' && r.path === `/webhooks/${APPLICATION_ID}/${d.token}/messages/@original`;
const callbackOf = (d: { id: string; token: string }) => (r: RecordedRequest) =>
  r.method === 'POST' && r.path === `/interactions/${d.id}/${d.token}/callback`;

/** Dispatches an interaction and returns its edited reply. */
async function run(d: { id: string; token: string }) {
  harness.gateway.dispatch('INTERACTION_CREATE', d);
  return harness.api.waitFor(editOf(d), `the edit of ${d.token}`);
}

function buttonsOf(body: { components?: { components: { label: string; custom_id: string }[] }[] }) {
  return (body.components ?? []).flatMap((row) => row.components);
}

const titles = (body: { embeds: { title?: string }[] }) => body.embeds.map((e) => e.title ?? '');
const pausedAt = () =>
  (harness.app.database.sqlite.prepare('SELECT paused_at FROM channels WHERE channel_id = ?').get(BUTTON_CHANNEL) as { paused_at: string | null }).paused_at;

describe('a like reply’s buttons run like', () => {
  it('More results and Share carry like with the paper id; More results shows the second page of papers like it', async () => {
    const first = await run(papersInteraction(GUILD_FIXTURE, 'like', { id: '2602.13836' }));
    const buttons = buttonsOf(first.body);
    const more = buttons.find((b) => b.label === 'More results')!;
    const share = buttons.find((b) => b.label === 'Share to channel')!;
    expect(more.custom_id).toMatch(/^pb:r\d+:\["like",\{"id":"2602\.13836","page":"2"\}\]$/);
    expect(share.custom_id).toMatch(/^pb:s\d+:\["like",\{"id":"2602\.13836"\}\]$/);

    const second = await run(buttonInteraction(more.custom_id, 'ephemeral'));
    expect(discordLimitViolations(second.body)).toEqual([]);
    expect(titles(second.body)[0]).toBe('Papers like “Cold-start recommendation with sparse feedback”');
    expect(titles(second.body)[1]).toMatch(/^6\. /);
  });

  it('Share of a like reply posts the like results to the channel', async () => {
    const first = await run(papersInteraction(GUILD_FIXTURE, 'like', { id: '2602.13836' }));
    const share = buttonsOf(first.body).find((b) => b.label === 'Share to channel')!;
    const isPost = (r: RecordedRequest) => r.method === 'POST' && r.path === `/channels/${BUTTON_CHANNEL}/messages`;
    const before = harness.api.requests.filter(isPost).length;
    const edit = await run(buttonInteraction(share.custom_id, 'ephemeral'));
    expect(edit.body.content).toBe(`Shared in <#${BUTTON_CHANNEL}>.`);

    const [post] = harness.api.requests.filter(isPost).slice(before);
    expect(discordLimitViolations(post!.body)).toEqual([]);
    expect(titles(post!.body)).toEqual(titles(first.body));
    expect(titles(post!.body)[0]).toBe('Papers like “Cold-start recommendation with sparse feedback”');
  });

  it('/papers like with a page option shows that page', async () => {
    const edit = await run(papersInteraction(GUILD_FIXTURE, 'like', { id: '2602.13836', page: '2' }));
    expect(titles(edit.body)[1]).toMatch(/^6\. /);
  });
});

describe('a did-you-mean is a search', () => {
  it('“Search “pause”” offered for “pauze” runs a search for “pause”; the channel’s digests stay on', async () => {
    const first = await run(papersInteraction(GUILD_FIXTURE, 'search', { query: 'pauze' }));
    const suggestion = buttonsOf(first.body).find((b) => b.label === 'Search “pause”')!;
    expect(suggestion.custom_id).toBe('pb:r0:["search",{"query":"pause"}]');

    const answer = await run(buttonInteraction(suggestion.custom_id, 'ephemeral'));
    expect(titles(answer.body)[0]).toBe('Papers for “pause”');
    expect(titles(answer.body)[1]).toMatch(/^1\. Pause tokens for reasoning/);
    expect(pausedAt()).toBeNull();
  });

  it('a custom id in the old command-line form (pb:r0:pause) runs nothing', async () => {
    const d = buttonInteraction('pb:r0:pause', 'ephemeral');
    harness.gateway.dispatch('INTERACTION_CREATE', d);
    const callback = await harness.api.waitFor(callbackOf(d), 'the callback');
    expect(callback.body).toEqual({ type: CHANNEL_MESSAGE, data: expect.objectContaining({ content: EXPIRED_BUTTON_TEXT, flags: EPHEMERAL }) });
    expect(pausedAt()).toBeNull();
  });
});
