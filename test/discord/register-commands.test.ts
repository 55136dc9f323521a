import { PermissionFlagsBits } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApplicationCommands } from '../../src/adapters/discord/application-commands.ts';
import { runDiscordCli } from '../../src/adapters/discord/discord-cli.ts';
import { DISCORD_BOT_PERMISSIONS, discordInviteUrl } from '../../src/adapters/discord/discord-invite.ts';
import { createApp, type SqliteApp } from '../../src/app.ts';
import { createCommandRegistry } from '../../src/commands/command-registry.ts';
import type { CommandSpec } from '../../src/commands/command-spec.ts';
import { ALL_COMMANDS } from '../../src/commands/all-commands.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { startFakeDiscordApi, type FakeDiscordApi } from './fake-discord-api.ts';
import { APPLICATION_ID, BOT_USER_ID } from './discord-test-kit.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const GUILD_ID = '123456789012345678';
const guildRoute = `/applications/${APPLICATION_ID}/guilds/${GUILD_ID}/commands`;
const globalRoute = `/applications/${APPLICATION_ID}/commands`;

let api: FakeDiscordApi;
let app: SqliteApp;
let out: string[];
let err: string[];

function appWith(env: Record<string, string>): SqliteApp {
  return createApp(loadConfig({ DATABASE_PATH: ':memory:', DISCORD_API_URL: api.url, ...env }), { log: silentLogger });
}

const register = (args: string[]) =>
  runDiscordCli({ host: app.host, config: app.config }, args, (line) => void out.push(line), (line) => void err.push(line));
const puts = (route: string) => api.requests.filter((r) => r.method === 'PUT' && r.path === route);

beforeEach(async () => {
  api = await startFakeDiscordApi({ applicationId: APPLICATION_ID, botUserId: BOT_USER_ID });
  app = appWith({ DISCORD_TOKEN: 'fake-bot-token', DISCORD_APPLICATION_ID: APPLICATION_ID });
  out = [];
  err = [];
});
afterEach(async () => {
  app.close();
  await api.close();
});

describe('the application commands generated from the registry', () => {
  it('match the committed snapshot', () => {
    expect(buildApplicationCommands(app.host.commands)).toMatchSnapshot();
  });

  it('split the commands by changesChannel: /papers reads, /papers-channel changes a channel and needs Manage Channels by default', () => {
    type Json = { name: string; default_member_permissions: string | null; options: { name: string; description: string; options?: { name: string; required: boolean; choices?: { value: string }[] }[] }[] };
    const [papers, channel] = buildApplicationCommands(app.host.commands) as unknown as [Json, Json];
    expect(papers.name).toBe('papers');
    expect(papers.default_member_permissions).toBeNull();
    expect(papers.options.map((o) => o.name)).toEqual(['search', 'paper', 'like', 'list', 'digest', 'rate', 'save', 'why', 'recommend', 'reading-list', 'export', 'recap', 'settings', 'status', 'help']);
    expect(channel.name).toBe('papers-channel');
    // https://discord.com/developers/docs/topics/permissions#permissions-bitwise-permission-flags: MANAGE_CHANNELS is 1 << 4.
    expect(channel.default_member_permissions).toBe(String(PermissionFlagsBits.ManageChannels));
    expect(channel.default_member_permissions).toBe('16');
    expect(channel.options.map((o) => o.name)).toEqual(['subscribe', 'follow', 'unsubscribe', 'unfollow', 'schedule', 'digest', 'recap', 'pause', 'resume', 'settings']);
    // Every command is offered somewhere, and each use in exactly one place.
    expect(new Set([...papers.options, ...channel.options].map((o) => o.name))).toEqual(new Set(ALL_COMMANDS.map((c) => c.name)));

    // digest preview stays with /papers; digest now (required there) moves to /papers-channel.
    const digestIn = (json: Json) => json.options.find((o) => o.name === 'digest')!.options![0]!;
    expect(digestIn(papers)).toMatchObject({ name: 'action', required: false, choices: [{ value: 'preview' }] });
    expect(digestIn(channel)).toMatchObject({ name: 'action', required: true, choices: [{ value: 'now' }] });
    // settings shows under /papers; setting admins-only is /papers-channel settings admins-only:on|off.
    expect(papers.options.find((o) => o.name === 'settings')!.options).toBeUndefined();
    expect(channel.options.find((o) => o.name === 'settings')!.options).toEqual([
      expect.objectContaining({ name: 'admins-only', required: true, choices: [{ name: 'on', value: 'on' }, { name: 'off', value: 'off' }] }),
    ]);
    // recap alone (the setting, the last recap) is /papers recap with no option: a day only ever goes with
    // turning the recap on, so it is offered under /papers-channel recap alone, beside the required state.
    expect(papers.options.find((o) => o.name === 'recap')!.options).toBeUndefined();
    expect(channel.options.find((o) => o.name === 'recap')!.options).toEqual([
      expect.objectContaining({ name: 'state', required: true, choices: [{ name: 'on', value: 'on' }, { name: 'off', value: 'off' }] }),
      expect.objectContaining({ name: 'day', required: false }),
    ]);
    // Descriptions name the command that carries the use.
    expect(channel.options.find((o) => o.name === 'subscribe')!.description).toContain('/papers-channel subscribe');

    for (const sub of [...papers.options, ...channel.options]) {
      expect(sub.description.length).toBeLessThanOrEqual(100);
      const required = (sub.options ?? []).map((o) => o.required);
      expect(required).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
    }
  });

  it('refuse a command that changes the channel only sometimes without an option with choices to split it by', () => {
    const unsplittable: CommandSpec = {
      name: 'probe-unsplittable',
      summary: 'Changes the channel when its text says so',
      examples: ['probe-unsplittable now'],
      options: [{ name: 'text', type: 'text', description: 'Anything', required: false, syntax: 'positional', rest: true }],
      changesChannel: (args) => args['text'] === 'now',
      run: () => ({ blocks: [], visibility: 'ephemeral' }),
    };
    expect(() => buildApplicationCommands([...ALL_COMMANDS, unsplittable])).toThrow(/probe-unsplittable changes a channel only sometimes/);
  });

  it('map every option shape: text with lengths, choices, integers with bounds, the rest of the line', () => {
    const probe: CommandSpec = {
      name: 'probe-options',
      summary: 'A command with every option shape, and a summary long enough to be cut at the hundred characters Discord allows',
      examples: ['probe-options 09:00 weekdays picks 5'],
      options: [
        { name: 'days', type: 'text', description: 'Which days', required: false, syntax: 'choice', choices: ['daily', 'weekdays'] },
        { name: 'picks', type: 'integer', description: 'How many papers', required: false, syntax: 'keyword', min: 1, max: 10 },
        { name: 'time', type: 'text', description: 'Local time', required: true, syntax: 'positional', minLength: 4, maxLength: 5 },
        { name: 'note', type: 'text', description: 'Anything else', required: false, syntax: 'positional', rest: true, maxLength: 10_000 },
      ],
      changesChannel: true,
      run: () => ({ blocks: [], visibility: 'ephemeral' }),
    };
    const registry = createCommandRegistry([...ALL_COMMANDS, probe]);
    const [, channel] = buildApplicationCommands(registry.commands) as unknown as [unknown, { options: { name: string; description: string; options: unknown[] }[] }];
    const probeJson = channel.options.find((o) => o.name === 'probe-options')!;

    expect(probeJson.description).toHaveLength(100);
    expect(probeJson.options).toEqual([
      { name: 'time', description: 'Local time', required: true, type: 3, min_length: 4, max_length: 5 },
      { name: 'days', description: 'Which days', required: false, type: 3, choices: [{ name: 'daily', value: 'daily' }, { name: 'weekdays', value: 'weekdays' }] },
      { name: 'picks', description: 'How many papers', required: false, type: 4, min_value: 1, max_value: 10 },
      { name: 'note', description: 'Anything else', required: false, type: 3, max_length: 6000 },
    ]);
  });
});

describe('npx paperboy discord register', () => {
  it('sends one PUT with the generated commands, and none on a second run with nothing changed', async () => {
    expect(await register(['register', '--guild', GUILD_ID])).toBe(0);
    expect(puts(guildRoute)).toHaveLength(1);
    expect(puts(guildRoute)[0]!.body).toEqual(buildApplicationCommands(app.host.commands));
    expect(puts(guildRoute)[0]!.headers.authorization).toBe('Bot fake-bot-token');
    expect(out[0]).toBe(`Registered /papers (15 subcommands) and /papers-channel (10 subcommands) in server ${GUILD_ID}.`);

    expect(await register(['register', '--guild', GUILD_ID])).toBe(0);
    expect(puts(guildRoute)).toHaveLength(1);
    expect(api.requests.filter((r) => r.method === 'GET' && r.path === guildRoute)).toHaveLength(2);
    expect(out[2]).toBe(`Already registered in server ${GUILD_ID}: /papers (15 subcommands) and /papers-channel (10 subcommands); nothing sent.`);
  });

  it('sends a PUT again when what Discord has differs', async () => {
    await register(['register']);
    const stored = api.registeredCommands.get(globalRoute)! as { description: string }[];
    stored[0]!.description = 'An older description';

    await register(['register']);
    expect(puts(globalRoute)).toHaveLength(2);
    expect(out.at(-2)).toBe('Registered /papers (15 subcommands) and /papers-channel (10 subcommands) globally.');
  });

  it('replaces a registration from before the split (one /papers holding every subcommand) with both commands', async () => {
    const [papers, channel] = buildApplicationCommands(app.host.commands) as unknown as [{ options: object[] }, { options: object[] }];
    api.registeredCommands.set(globalRoute, [{ ...papers, options: [...papers.options, ...channel.options] }]);

    expect(await register(['register'])).toBe(0);
    expect(puts(globalRoute)).toHaveLength(1);
    const registered = api.registeredCommands.get(globalRoute) as { name: string; default_member_permissions: string | null }[];
    expect(registered.map((c) => [c.name, c.default_member_permissions])).toEqual([
      ['papers', null],
      ['papers-channel', '16'],
    ]);
  });

  it('uses DISCORD_GUILD_ID when no --guild is given', async () => {
    app.close();
    app = appWith({ DISCORD_TOKEN: 'fake-bot-token', DISCORD_APPLICATION_ID: APPLICATION_ID, DISCORD_GUILD_ID: GUILD_ID });
    expect(await register(['register'])).toBe(0);
    expect(puts(guildRoute)).toHaveLength(1);
  });

  it('says what is missing or wrong instead of failing obscurely', async () => {
    expect(await register(['register', '--guild', 'general'])).toBe(2);
    expect(err.at(-1)).toContain('--guild must be a Discord server id');

    expect(await register(['deregister'])).toBe(2);
    expect(err.at(-1)).toContain('paperboy discord register [--guild ID | --global]');
    expect(err.at(-1)).toContain('paperboy discord unregister [--guild ID | --global]');

    expect(await register(['register', '--global', '--guild', GUILD_ID])).toBe(2);
    expect(err.at(-1)).toContain('Give --guild ID or --global, not both.');

    api.intercept((r) => (r.method === 'GET' ? { status: 401, body: { message: '401: Unauthorized', code: 0 } } : undefined));
    expect(await register(['register'])).toBe(1);
    expect(err.at(-1)).toContain('Discord rejected DISCORD_TOKEN');

    app.close();
    app = appWith({});
    expect(await register(['register'])).toBe(78);
    expect(err.at(-1)).toContain('DISCORD_TOKEN and DISCORD_APPLICATION_ID');
    expect(puts(globalRoute)).toHaveLength(0);
  });
});

describe('npx paperboy discord register --global and unregister', () => {
  const withGuildSet = () => {
    app.close();
    app = appWith({ DISCORD_TOKEN: 'fake-bot-token', DISCORD_APPLICATION_ID: APPLICATION_ID, DISCORD_GUILD_ID: GUILD_ID });
  };
  const deletes = () => api.requests.filter((r) => r.method === 'DELETE');

  it('--global registers globally even when DISCORD_GUILD_ID is set, and says how to remove the server copy', async () => {
    withGuildSet();
    expect(await register(['register', '--global'])).toBe(0);
    expect(puts(globalRoute)).toHaveLength(1);
    expect(puts(guildRoute)).toHaveLength(0);
    expect(out[0]).toMatch(/^Registered \/papers \(\d+ subcommands\) and \/papers-channel \(\d+ subcommands\) globally\.$/);
    expect(out[1]).toBe(
      `DISCORD_GUILD_ID is set: if server ${GUILD_ID} still has paperboy's server commands, its members see each command twice. Remove them with: npx paperboy discord unregister --guild ${GUILD_ID}`,
    );
  });

  it('unregister removes only paperboy’s commands, by name, from the server DISCORD_GUILD_ID names; again, nothing is left to remove', async () => {
    withGuildSet();
    expect(await register(['register'])).toBe(0);
    // Another command of the same application (registered by someone else) must stay.
    const registered = api.registeredCommands.get(guildRoute)!;
    api.registeredCommands.set(guildRoute, [...registered, { id: '999000000000000001', name: 'poll', description: 'Not paperboy’s', type: 1 }]);
    out = [];

    expect(await register(['unregister'])).toBe(0);
    expect(deletes().map((r) => r.path)).toEqual((registered as { id: string }[]).map((c) => `${guildRoute}/${c.id}`));
    expect((api.registeredCommands.get(guildRoute) as { name: string }[]).map((c) => c.name)).toEqual(['poll']);
    expect(out).toEqual([`Removed /papers and /papers-channel in server ${GUILD_ID}.`, `Left the application's 1 other command in server ${GUILD_ID} as it is.`]);

    out = [];
    expect(await register(['unregister'])).toBe(0);
    expect(out[0]).toBe(`paperboy has no commands registered in server ${GUILD_ID}; nothing removed.`);
    expect(deletes()).toHaveLength(2);
  });

  it('unregister --global removes the global commands and leaves the server’s alone; --guild picks another server', async () => {
    withGuildSet();
    expect(await register(['register', '--global'])).toBe(0);
    expect(await register(['register'])).toBe(0);
    out = [];

    expect(await register(['unregister', '--global'])).toBe(0);
    expect(out).toEqual(['Removed /papers and /papers-channel globally.']);
    expect(api.registeredCommands.get(globalRoute)).toEqual([]);
    expect((api.registeredCommands.get(guildRoute) as { name: string }[]).map((c) => c.name)).toEqual(['papers', 'papers-channel']);

    const otherGuild = '223456789012345678';
    out = [];
    expect(await register(['unregister', '--guild', otherGuild])).toBe(0);
    expect(out).toEqual([`paperboy has no commands registered in server ${otherGuild}; nothing removed.`]);
  });

  it('a refusal says what Discord refused', async () => {
    withGuildSet();
    api.intercept((r) => (r.method === 'GET' ? { status: 403, body: { message: 'Missing Access', code: 50001 } } : undefined));
    expect(await register(['unregister'])).toBe(1);
    expect(err.at(-1)).toContain(`Discord refused access to server ${GUILD_ID} (Missing Access)`);
  });
});

describe('the invite', () => {
  it('asks for the bot and applications.commands scopes and only View Channel, Send Messages, Send Messages in Threads, Embed Links, Read Message History', async () => {
    // 1024 + 2048 + 16384 + 65536 + 274877906944 (1 << 38, Send Messages in Threads: threads do not take Send Messages).
    expect(DISCORD_BOT_PERMISSIONS).toBe(274877991936n);
    expect(await register(['invite'])).toBe(0);
    expect(out).toEqual([discordInviteUrl(APPLICATION_ID)]);
    const url = new URL(out[0]!);
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    expect(url.searchParams.get('permissions')).toBe('274877991936');
  });

  it('is the one the Discord setup guide and the README give', () => {
    const guide = readFileSync(fileURLToPath(new URL('../../docs/discord-setup.md', import.meta.url)), 'utf8');
    expect(guide).toContain(String(DISCORD_BOT_PERMISSIONS));
    expect(guide).toContain(`scope=bot+applications.commands&permissions=${DISCORD_BOT_PERMISSIONS}`);
    const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
    expect(readme).toContain(String(DISCORD_BOT_PERMISSIONS));
  });
});
