/**
 * 👍 / 👎 / Save under every paper a member reads in Discord (issue 20), through real discord.js
 * against the fake gateway and REST API: a click is a structured `rate` / `save` invocation, stored
 * for the member who clicked in the channel it was clicked in, and answered with a new ephemeral
 * reply, so the results or the digest clicked on stay as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedRequest } from './fake-discord-api.ts';
import { createButtonIds } from '../../src/adapters/discord/button-ids.ts';
import { renderDiscordMessages } from '../../src/adapters/discord/discord-embeds.ts';
import { paperFeedbackButtons, type Block } from '../../src/core/reply.ts';
import { makePaperCard, paper } from '../support/papers.ts';
import { APPLICATION_ID, buttonInteraction, discordLimitViolations, papersInteraction, startDiscordHarness, type DiscordHarness } from './discord-test-kit.ts';

const GUILD_FIXTURE = 'interaction-create-slash-subcommand-group-string-option-guild.gateway.json';
/** Where the recorded button interaction was clicked (interaction-create-button-guild.gateway.json). */
const BUTTON_CHANNEL = '400000000000000000';
/** DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE: a new reply, not an update of the clicked message (type 6). */
const DEFERRED_NEW_REPLY = 5;
const EPHEMERAL = 64;
const COLD_START = 'We study cold-start recommendation for new users and items.';
const PAPERS = Array.from({ length: 3 }, (_, i) => paper(`Cold-start recommendation study ${i + 1}`, COLD_START, { id: `2611.${40000 + i}` }));

let harness: DiscordHarness;
beforeAll(async () => {
  harness = await startDiscordHarness({ RESULTS_PER_PAGE: '5' });
  await harness.app.papers.upsertPapers(PAPERS, '2026-11-20T00:00:00Z');
});
afterAll(async () => {
  await harness.close();
});

const editOf = (d: { token: string }) => (r: RecordedRequest) => r.method === 'PATCH' && r.path === `/webhooks/${APPLICATION_ID}/${d.token}/messages/@original`;
const callbackOf = (d: { id: string; token: string }) => (r: RecordedRequest) => r.method === 'POST' && r.path === `/interactions/${d.id}/${d.token}/callback`;

/** Dispatches an interaction and returns its callback and its edited reply. */
async function run(d: { id: string; token: string }) {
  harness.gateway.dispatch('INTERACTION_CREATE', d);
  const callback = await harness.api.waitFor(callbackOf(d), `the callback of ${d.token}`);
  const edit = await harness.api.waitFor(editOf(d), `the edit of ${d.token}`);
  return { callback: callback.body as { type: number; data?: { flags?: number } }, edit: edit.body as Record<string, unknown> };
}

function buttonsOf(body: Record<string, unknown>): { label: string; custom_id: string }[] {
  return ((body['components'] as { components: { label: string; custom_id: string }[] }[] | undefined) ?? []).flatMap((row) => row.components);
}

/** The member of the recorded button interaction: who a click rates as. */
const clicker = () => (buttonInteraction('pb:r0:["help",{}]', 'public') as { member: { user: { id: string } } }).member.user.id;

function ratings() {
  return harness.app.database.sqlite
    .prepare(
      `SELECT r.paper_id, r.user_id, r.value FROM paper_ratings r JOIN channels c ON c.id = r.channel_id
       JOIN workspaces w ON w.id = c.workspace_id WHERE w.platform = 'discord' AND c.channel_id = ? ORDER BY r.paper_id`,
    )
    .all(BUTTON_CHANNEL);
}

const textOf = (body: Record<string, unknown>) =>
  [String(body['content'] ?? ''), ...((body['embeds'] as { title?: string; description?: string }[] | undefined) ?? []).flatMap((e) => [e.title ?? '', e.description ?? ''])].join('\n');

describe('feedback buttons on Discord search results', () => {
  it('each result has 👍, 👎 and Save; a click rates for the member in a new ephemeral reply; 👎 changes it and Clear my rating removes it', async () => {
    const results = await run(papersInteraction(GUILD_FIXTURE, 'search', { query: 'cold-start recommendation' }));
    expect(discordLimitViolations(results.edit)).toEqual([]);
    const buttons = buttonsOf(results.edit);
    const rated = PAPERS[1]!.id;
    const forPaper = (label: string, invocation: string) => buttons.find((b) => /^\d+\. /.test(b.label) && b.label.endsWith(label) && b.custom_id.endsWith(invocation))!;
    const up = forPaper('👍', `["rate",{"id":"${rated}","rating":"up"}]`);
    const down = forPaper('👎', `["rate",{"id":"${rated}","rating":"down"}]`);
    expect(up.custom_id).toBe(`pb:n${buttons.indexOf(up)}:["rate",{"id":"${rated}","rating":"up"}]`);
    expect(forPaper('Save', `["save",{"id":"${rated}"}]`)).toBeDefined();

    const note = await run(buttonInteraction(up.custom_id, 'ephemeral'));
    expect(note.callback).toEqual({ type: DEFERRED_NEW_REPLY, data: expect.objectContaining({ flags: EPHEMERAL }) });
    expect(textOf(note.edit)).toContain('👍 on “Cold-start recommendation study 2”');
    expect(ratings()).toEqual([{ paper_id: rated, user_id: clicker(), value: 'up' }]);

    const changed = await run(buttonInteraction(down.custom_id, 'ephemeral'));
    expect(textOf(changed.edit)).toContain('(changed from 👍)');
    expect(ratings()).toEqual([{ paper_id: rated, user_id: clicker(), value: 'down' }]);

    const clear = buttonsOf(changed.edit).find((b) => b.label === 'Clear my rating')!;
    const cleared = await run(buttonInteraction(clear.custom_id, 'ephemeral'));
    expect(cleared.callback.type).toBe(DEFERRED_NEW_REPLY);
    expect(textOf(cleared.edit)).toContain('Cleared your 👎');
    expect(ratings()).toEqual([]);
  });
});

describe('feedback buttons within Discord’s limits', () => {
  it('a reply of 10 papers, each with 👍, 👎, Save and More like this, keeps every paper’s buttons in the message that shows it', () => {
    const blocks: Block[] = [];
    for (let i = 0; i < 10; i++) {
      const p = makePaperCard({ id: `2611.${70000 + i}`, title: `Paper ${i + 1}`, feedback: paperFeedbackButtons(`2611.${70000 + i}`) });
      blocks.push({ type: 'paper', paper: p, rank: i + 1 });
      blocks.push({ type: 'actions', buttons: [{ kind: 'run', label: 'More like this', invocation: { command: 'like', args: { id: p.id } } }] });
    }
    const messages = renderDiscordMessages({ blocks, visibility: 'channel' }, { buttonIds: createButtonIds({ clock: { now: () => new Date() } }) });
    for (const message of messages) {
      expect(discordLimitViolations(message)).toEqual([]);
      const labels = message.components.flatMap((row) => row.components.map((b) => b.label));
      const ranks = message.embeds.map((e) => /^(\d+)\. /.exec(e.title ?? '')![1]);
      // Exactly the buttons of the papers this message shows, four each.
      expect(labels).toEqual(ranks.flatMap((r) => [`${r}. 👍`, `${r}. 👎`, `${r}. Save`, `${r}. More like this`]));
    }
    expect(messages.flatMap((m) => m.embeds)).toHaveLength(10);
    expect(messages.map((m) => m.components.flatMap((row) => row.components).length)).toEqual([24, 16]);
  });
});
