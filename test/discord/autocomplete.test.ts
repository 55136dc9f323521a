/**
 * Discord autocomplete (issue 18), through the real discord.js against the fake gateway and REST
 * API: which options are registered with `autocomplete`, and what a member typing one is offered:
 * follow (store author names), unfollow (the channel's follows), unsubscribe (the channel's
 * subscriptions by number) and help (commands), never another channel's data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApplicationCommands } from '../../src/adapters/discord/application-commands.ts';
import { POSTED_BELOW_TEXT } from '../../src/adapters/discord/deliver-reply.ts';
import { ALL_COMMANDS } from '../../src/commands/all-commands.ts';
import type { RecordedRequest } from './fake-discord-api.ts';
import {
  APPLICATION_ID,
  CHANNEL_DELETE_GUILD_ID,
  RECORDED_GUILD_ID,
  autocompleteInteraction,
  papersInteraction,
  startDiscordHarness,
  type DiscordHarness,
} from './discord-test-kit.ts';

const GUILD_FIXTURE = 'interaction-create-slash-subcommand-group-string-option-guild.gateway.json';
/** https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-interaction-callback-type */
const APPLICATION_COMMAND_AUTOCOMPLETE_RESULT = 8;

let harness: DiscordHarness;
beforeAll(async () => {
  harness = await startDiscordHarness();
});
afterAll(async () => {
  await harness.close();
});

let channelCounter = 0;
/** A new text channel in `guildId`, announced over the gateway as Discord does (CHANNEL_CREATE). */
function freshChannel(guildId = RECORDED_GUILD_ID): string {
  const id = String(780_000_000_000_000_000n + BigInt(++channelCounter));
  harness.gateway.dispatch('CHANNEL_CREATE', { id, type: 0, guild_id: guildId, name: `ac-${channelCounter}`, position: channelCounter, permission_overwrites: [], parent_id: null, nsfw: false });
  return id;
}

const callbackOf = (d: { id: string; token: string }) => (r: RecordedRequest) => r.method === 'POST' && r.path === `/interactions/${d.id}/${d.token}/callback`;
const editOf = (d: { token: string }) => (r: RecordedRequest) => r.method === 'PATCH' && r.path === `/webhooks/${APPLICATION_ID}/${d.token}/messages/@original`;

/** Runs a subcommand in a channel as the recorded member and waits for its answer (public answers included). */
async function runIn(channelId: string, subcommand: string, options: Record<string, string>, guildId = RECORDED_GUILD_ID): Promise<string> {
  const d = papersInteraction(GUILD_FIXTURE, subcommand, options, { guildId, channelId });
  harness.gateway.dispatch('INTERACTION_CREATE', d);
  const edit = await harness.api.waitFor(editOf(d), `the answer to ${subcommand}`);
  if (edit.body.content !== POSTED_BELOW_TEXT) return JSON.stringify(edit.body);
  const followUp = await harness.api.waitFor((r) => r.method === 'POST' && r.path === `/webhooks/${APPLICATION_ID}/${d.token}`, 'the announcement');
  return JSON.stringify(followUp.body);
}

/** What a member typing `value` into `option` of `subcommand` is offered: the autocomplete callback's body. */
async function typing(subcommand: string, option: string, value: string, where: { guildId?: string; channelId?: string } = {}) {
  const d = autocompleteInteraction(subcommand, { name: option, value }, { guildId: RECORDED_GUILD_ID, ...where });
  harness.gateway.dispatch('INTERACTION_CREATE', d);
  const callback = await harness.api.waitFor(callbackOf(d), `the autocomplete answer for ${subcommand} ${option}`);
  return callback.body as { type: number; data: { choices: { name: string; value: string }[] } };
}

describe('registration', () => {
  it('marks exactly the options with suggestions in their CommandSpec as autocomplete, and no option with choices', () => {
    const marked: string[] = [];
    for (const command of buildApplicationCommands(ALL_COMMANDS)) {
      for (const sub of ('options' in command ? command.options : undefined) ?? []) {
        for (const option of ('options' in sub ? sub.options : undefined) ?? []) {
          const json = option as { name: string; autocomplete?: boolean; choices?: unknown[] };
          if (json.autocomplete) {
            marked.push(`/${command.name} ${sub.name} ${json.name}`);
            expect(json.choices).toBeUndefined();
          }
        }
      }
    }
    expect(marked.sort()).toEqual(['/papers help command', '/papers-channel follow author', '/papers-channel unfollow author', '/papers-channel unsubscribe id']);
  });
});

describe('a member typing an option', () => {
  it('help: the commands that begin with what was typed, answered with callback type 8', async () => {
    const answer = await typing('help', 'command', 'su');
    expect(answer.type).toBe(APPLICATION_COMMAND_AUTOCOMPLETE_RESULT);
    // `list` is also `subs`.
    expect(answer.data.choices.map((c) => c.value)).toEqual(['subscribe', 'list']);
    // The summary names the command as Discord has it.
    expect(answer.data.choices[0]!.name).toMatch(/^subscribe: .*\/papers-channel subscribe/);
    expect((await typing('help', 'command', '')).data.choices).toHaveLength(harness.host.commands.length);
  });

  it('follow: store authors whose name begins with the typed text; a single letter offers nothing', async () => {
    const channelId = freshChannel();
    expect((await typing('follow', 'author', 'anoop d', { channelId })).data.choices).toEqual([{ name: 'Anoop Deoras', value: 'Anoop Deoras' }]);
    expect((await typing('follow', 'author', 'An', { channelId })).data.choices.map((c) => c.value)).toEqual(['Anoop Deoras', 'Anusha Lalitha', 'Anwesan Pal']);
    expect((await typing('follow', 'author', 'a', { channelId })).data.choices).toEqual([]);
  });

  it('unsubscribe and unfollow: this channel’s subscriptions and follows only, never another channel’s or server’s', async () => {
    const channelId = freshChannel();
    const elsewhere = freshChannel();
    const otherServer = freshChannel(CHANNEL_DELETE_GUILD_ID);
    expect(await runIn(channelId, 'subscribe', { query: 'cold start' })).toContain('Subscribed this channel');
    expect(await runIn(channelId, 'follow', { author: 'Anoop Deoras' })).toContain('This channel now follows Anoop Deoras');
    await runIn(elsewhere, 'subscribe', { query: 'graph neural networks' });
    await runIn(otherServer, 'subscribe', { query: 'speculative decoding' }, CHANNEL_DELETE_GUILD_ID);

    const stored = harness.app.database.sqlite
      .prepare('SELECT s.id, s.kind, s.query FROM subscriptions s JOIN channels c ON c.id = s.channel_id WHERE c.channel_id = ? ORDER BY s.id')
      .all(channelId) as { id: number; kind: string; query: string }[];
    expect(stored.map((s) => s.query)).toEqual(['cold start', 'Anoop Deoras']);
    const [topic, follow] = stored;

    expect((await typing('unsubscribe', 'id', '', { channelId })).data.choices).toEqual([
      { name: `#${topic!.id} cold start`, value: String(topic!.id) },
      { name: `#${follow!.id} following Anoop Deoras`, value: String(follow!.id) },
    ]);
    expect((await typing('unsubscribe', 'id', 'cold', { channelId })).data.choices.map((c) => c.value)).toEqual([String(topic!.id)]);
    expect((await typing('unfollow', 'author', '', { channelId })).data.choices).toEqual([{ name: 'Anoop Deoras', value: 'Anoop Deoras' }]);

    const fromElsewhere = (await typing('unsubscribe', 'id', '', { channelId: elsewhere })).data.choices;
    expect(fromElsewhere.map((c) => c.name)).toEqual([expect.stringMatching(/ graph neural networks$/)]);
    expect((await typing('unfollow', 'author', '', { channelId: elsewhere })).data.choices).toEqual([]);
    const fromOtherServer = (await typing('unsubscribe', 'id', '', { guildId: CHANNEL_DELETE_GUILD_ID, channelId: otherServer })).data.choices;
    expect(fromOtherServer.map((c) => c.name)).toEqual([expect.stringMatching(/ speculative decoding$/)]);
  });
});
