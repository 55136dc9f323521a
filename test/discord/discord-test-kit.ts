/**
 * Shared pieces of the Discord tests: the recorded fixtures adapted to `/papers`, a logger that
 * keeps its lines, a check of every Discord message limit, and a harness that runs the real
 * discord.js client against the fake REST API and gateway.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createApp, type SqliteApp } from '../../src/app.ts';
import type { ChatHost } from '../../src/commands/chat-host.ts';
import { loadConfig } from '../../src/config.ts';
import type { Logger } from '../../src/core/logger.ts';
import type { Clock } from '../../src/core/ports.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { startDiscord, type RunningDiscord } from '../../src/adapters/discord/start-discord.ts';
import { DISCORD_COMMAND_NAME_PAPERS, discordCommandOf, type DiscordCommandName } from '../../src/adapters/discord/discord-command-split.ts';
import { ALL_COMMANDS } from '../../src/commands/all-commands.ts';
import {
  DISCORD_MAX_AUTHOR_NAME,
  DISCORD_MAX_BUTTON_LABEL,
  DISCORD_MAX_BUTTONS_PER_ROW,
  DISCORD_MAX_CONTENT,
  DISCORD_MAX_CUSTOM_ID,
  DISCORD_MAX_EMBED_CHARS_PER_MESSAGE,
  DISCORD_MAX_EMBED_DESCRIPTION,
  DISCORD_MAX_EMBED_TITLE,
  DISCORD_MAX_EMBEDS_PER_MESSAGE,
  DISCORD_MAX_FIELD_NAME,
  DISCORD_MAX_FIELD_VALUE,
  DISCORD_MAX_FIELDS_PER_EMBED,
  DISCORD_MAX_FOOTER_TEXT,
  DISCORD_MAX_ROWS_PER_MESSAGE,
} from '../../src/adapters/discord/discord-limits.ts';
import { startFakeDiscordApi, type FakeDiscordApi } from './fake-discord-api.ts';
import { startFakeDiscordGateway, type FakeDiscordGateway, type FakeGuild } from './fake-discord-gateway.ts';

/** The application (and bot user) id the recorded interactions carry. */
export const APPLICATION_ID = '200000000000000000';
export const BOT_USER_ID = '200000000000000000';
/** The guild of the recorded GUILD_DELETE events. */
export const RECORDED_GUILD_ID = '100000000000000000';
/** The guild and channel of the recorded CHANNEL_DELETE event. */
export const CHANNEL_DELETE_GUILD_ID = '200000000000000000';
export const CHANNEL_DELETE_CHANNEL_ID = '100000000000000000';

/** Recorded payloads and request bodies are read field by field. */
type Json = any;

/** A recorded Discord fixture from ../shared/fixtures/discord. */
export function discordFixture(name: string): Json {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../../../shared/fixtures/discord/${name}`, import.meta.url)), 'utf8'));
}

let interactionCounter = 0;
function uniqueIdentity(d: Json): void {
  interactionCounter += 1;
  // Each replay gets its own id and token so a test can tell its requests apart.
  d.id = String(1_100_000_000_000_000_000n + BigInt(interactionCounter));
  d.token = `recorded-token-${interactionCounter}`;
}

/**
 * The recordings date from 2022; Discord has since added fields to every interaction, and
 * discord.js 14 reads them unguarded (a payload without `entitlements` throws inside its gateway
 * handler). They are added as Discord sends them today; recorded fields are left alone.
 * https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object
 */
function withCurrentInteractionFields(d: Json): void {
  // discord.js takes the channel id from `channel`, not from the older `channel_id`.
  d.channel ??= { id: d.channel_id, type: d.guild_id ? 0 : 1 };
  d.entitlements ??= [];
  d.authorizing_integration_owners ??= { '0': d.guild_id ?? '0' };
  d.context ??= d.guild_id ? 0 : 1;
  d.attachment_size_limit ??= 10_485_760;
}

/**
 * A recorded chat-input INTERACTION_CREATE (guild or DM) adapted to `/papers <subcommand>`, or
 * `/papers-channel <subcommand>` for a use that changes the channel (as registration splits them;
 * `where.command` names another): the command name and options are replaced, everything else
 * (member, user, permissions, channel, resolved data) is kept as recorded.
 */
export function papersInteraction(
  fixture: 'interaction-create-slash-subcommand-group-string-option-guild.gateway.json' | 'interaction-create-slash-command-dm.gateway.json',
  subcommand: string,
  options: Record<string, string | number> = {},
  where: { guildId?: string; channelId?: string; command?: DiscordCommandName } = {},
): Json {
  const d = structuredClone(discordFixture(fixture).d);
  uniqueIdentity(d);
  if (where.guildId !== undefined) d.guild_id = where.guildId;
  if (where.channelId !== undefined) d.channel_id = where.channelId;
  withCurrentInteractionFields(d);
  const spec = ALL_COMMANDS.find((c) => c.name === subcommand);
  d.data.name = where.command ?? (spec ? discordCommandOf(spec, options) : DISCORD_COMMAND_NAME_PAPERS);
  d.data.options = [
    {
      type: 1,
      name: subcommand,
      options: Object.entries(options).map(([name, value]) => ({ type: typeof value === 'number' ? 4 : 3, name, value })),
    },
  ];
  return d;
}

/**
 * The recorded guild chat-input INTERACTION_CREATE turned into an autocomplete one as Discord sends
 * it while a member types: type 4 (APPLICATION_COMMAND_AUTOCOMPLETE), the same command data, the
 * option being typed marked `focused: true` with its partial value, other options as filled in.
 * https://discord.com/developers/docs/interactions/application-commands#autocomplete
 */
export function autocompleteInteraction(
  subcommand: string,
  focused: { name: string; value: string },
  where: { guildId?: string; channelId?: string; command?: DiscordCommandName } = {},
): Json {
  const d = papersInteraction('interaction-create-slash-subcommand-group-string-option-guild.gateway.json', subcommand, {}, where);
  d.type = 4;
  d.data.options[0].options = [{ type: 3, name: focused.name, value: focused.value, focused: true }];
  return d;
}

/** The recorded button INTERACTION_CREATE with paperboy's custom id, on an ephemeral or a public message. */
export function buttonInteraction(customId: string, on: 'ephemeral' | 'public'): Json {
  const d = structuredClone(discordFixture('interaction-create-button-guild.gateway.json').d);
  uniqueIdentity(d);
  withCurrentInteractionFields(d);
  d.data.custom_id = customId;
  d.message.flags = on === 'ephemeral' ? 64 : 0;
  return d;
}

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string | undefined;
  fields: Record<string, unknown>;
}

/** A Logger that records every line, with child bindings merged in. */
export function recordingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const make = (bindings: object): Logger => ({
    debug: (obj, msg) => void lines.push({ level: 'debug', msg, fields: { ...bindings, ...obj } }),
    info: (obj, msg) => void lines.push({ level: 'info', msg, fields: { ...bindings, ...obj } }),
    warn: (obj, msg) => void lines.push({ level: 'warn', msg, fields: { ...bindings, ...obj } }),
    error: (obj, msg) => void lines.push({ level: 'error', msg, fields: { ...bindings, ...obj } }),
    child: (more) => make({ ...bindings, ...more }),
  });
  return Object.assign(make({}), { lines });
}

/** Waits until a log line matches; fails with the lines seen when none does. */
export async function waitForLog(logger: { lines: LogLine[] }, predicate: (line: LogLine) => boolean, what: string): Promise<LogLine> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = logger.lines.find(predicate);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`No log line for ${what}. Lines:\n${logger.lines.map((l) => `  ${l.level} ${l.msg}`).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Every Discord limit a message body breaks; empty when it is within all of them. */
export function discordLimitViolations(body: Json): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => void (ok || problems.push(problem));
  const embeds: Json[] = body.embeds ?? [];
  check(embeds.length <= DISCORD_MAX_EMBEDS_PER_MESSAGE, `${embeds.length} embeds`);
  check((body.content ?? '').length <= DISCORD_MAX_CONTENT, 'content too long');
  let total = 0;
  embeds.forEach((embed, i) => {
    const title = embed.title ?? '';
    const description = embed.description ?? '';
    const footer = embed.footer?.text ?? '';
    const author = embed.author?.name ?? '';
    check(title.length <= DISCORD_MAX_EMBED_TITLE, `embed ${i} title ${title.length}`);
    check(description.length <= DISCORD_MAX_EMBED_DESCRIPTION, `embed ${i} description ${description.length}`);
    check(footer.length <= DISCORD_MAX_FOOTER_TEXT, `embed ${i} footer ${footer.length}`);
    check(author.length <= DISCORD_MAX_AUTHOR_NAME, `embed ${i} author ${author.length}`);
    const fields: Json[] = embed.fields ?? [];
    check(fields.length <= DISCORD_MAX_FIELDS_PER_EMBED, `embed ${i} has ${fields.length} fields`);
    total += title.length + description.length + footer.length + author.length;
    for (const field of fields) {
      check(field.name.length >= 1 && field.name.length <= DISCORD_MAX_FIELD_NAME, `embed ${i} field name ${field.name.length}`);
      check(field.value.length >= 1 && field.value.length <= DISCORD_MAX_FIELD_VALUE, `embed ${i} field value ${field.value.length}`);
      total += field.name.length + field.value.length;
    }
    if (embed.url !== undefined) check(/^https?:\/\//.test(embed.url), `embed ${i} url ${embed.url}`);
  });
  check(total <= DISCORD_MAX_EMBED_CHARS_PER_MESSAGE, `${total} embed characters`);
  const rows: Json[] = body.components ?? [];
  check(rows.length <= DISCORD_MAX_ROWS_PER_MESSAGE, `${rows.length} rows`);
  const ids = new Set<string>();
  for (const row of rows) {
    check(row.components.length <= DISCORD_MAX_BUTTONS_PER_ROW, `${row.components.length} buttons in a row`);
    for (const button of row.components) {
      check(button.label.length <= DISCORD_MAX_BUTTON_LABEL, `label ${button.label.length}`);
      check(button.custom_id.length <= DISCORD_MAX_CUSTOM_ID, `custom_id ${button.custom_id.length}`);
      check(!ids.has(button.custom_id), `duplicate custom_id ${button.custom_id}`);
      ids.add(button.custom_id);
    }
  }
  check(embeds.length > 0 || (body.content ?? '') !== '' || rows.length > 0, 'empty message');
  return problems;
}

export interface DiscordHarness {
  api: FakeDiscordApi;
  gateway: FakeDiscordGateway;
  app: SqliteApp;
  /** What Discord was started with: the app's host. */
  host: ChatHost;
  discord: RunningDiscord;
  logger: ReturnType<typeof recordingLogger>;
  close(): Promise<void>;
}

export const HARNESS_GUILDS: FakeGuild[] = [
  { id: RECORDED_GUILD_ID, name: 'Recorded guild', channels: [{ id: '410000000000000000', name: 'papers' }] },
  { id: CHANNEL_DELETE_GUILD_ID, name: 'Reading group', channels: [{ id: CHANNEL_DELETE_CHANNEL_ID, name: 'general' }] },
];

/** The app with its seed papers, its host connected through the real discord.js to the fake gateway and REST API. */
export async function startDiscordHarness(
  env: Record<string, string> = {},
  clock?: Clock,
  options: { beforeStart?: (api: FakeDiscordApi) => void } = {},
): Promise<DiscordHarness> {
  const logger = recordingLogger();
  let gatewayUrl = '';
  const api = await startFakeDiscordApi({ applicationId: APPLICATION_ID, botUserId: BOT_USER_ID, gatewayUrl: () => gatewayUrl });
  options.beforeStart?.(api);
  const gateway = await startFakeDiscordGateway({ applicationId: APPLICATION_ID, botUserId: BOT_USER_ID, guilds: HARNESS_GUILDS });
  gatewayUrl = gateway.url;
  const app = createApp(
    loadConfig({
      DATABASE_PATH: ':memory:',
      DISCORD_TOKEN: 'fake-bot-token',
      DISCORD_APPLICATION_ID: APPLICATION_ID,
      DISCORD_API_URL: api.url,
      ...env,
    }),
    clock ? { log: silentLogger, clock } : { log: silentLogger },
  );
  const discord = await startDiscord({ host: app.host, config: app.config }, { log: logger });
  return {
    api,
    gateway,
    app,
    host: app.host,
    discord,
    logger,
    async close() {
      await discord.stop();
      await gateway.close();
      await api.close();
      app.close();
    },
  };
}
