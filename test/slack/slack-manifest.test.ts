import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSlackCli } from '../../src/adapters/slack/slack-cli.ts';
import {
  buildSlackManifest,
  MANIFEST_MAX_APP_DESCRIPTION,
  MANIFEST_MAX_APP_NAME,
  MANIFEST_MAX_COMMAND_DESCRIPTION,
  MANIFEST_MAX_USAGE_HINT,
  type SlackManifest,
} from '../../src/adapters/slack/slack-manifest.ts';
import { createApp, type SqliteApp } from '../../src/app.ts';
import { ALL_COMMANDS } from '../../src/commands/all-commands.ts';
import { usageOf, type CommandSpec } from '../../src/commands/command-spec.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/logger.ts';

const BASE = 'https://paperboy.example.org';

function spec(name: string, extra: Partial<CommandSpec> = {}): CommandSpec {
  return { name, summary: `${name} things`, examples: [name], options: [], changesChannel: false, run: () => ({ blocks: [], visibility: 'ephemeral' }), ...extra };
}

function expectWithinLimits(manifest: SlackManifest): void {
  expect(manifest.display_information.name.length).toBeLessThanOrEqual(MANIFEST_MAX_APP_NAME);
  expect(manifest.display_information.description.length).toBeLessThanOrEqual(MANIFEST_MAX_APP_DESCRIPTION);
  for (const command of manifest.features.slash_commands) {
    expect(command.description.length).toBeLessThanOrEqual(MANIFEST_MAX_COMMAND_DESCRIPTION);
    expect(command.usage_hint.length).toBeLessThanOrEqual(MANIFEST_MAX_USAGE_HINT);
  }
  expect(manifest.features.bot_user.display_name).toMatch(/^[a-z0-9._-]{1,80}$/);
}

describe('buildSlackManifest', () => {
  it('declares /papers from the registry, with request URLs, scopes, interactivity and the pausing events', () => {
    const manifest = buildSlackManifest(ALL_COMMANDS, { url: `${BASE}/`, socketMode: false, oauth: true });
    expectWithinLimits(manifest);

    const [papers] = manifest.features.slash_commands;
    expect(manifest.features.slash_commands).toHaveLength(1);
    expect(papers).toMatchObject({ command: '/papers', url: `${BASE}/slack/events`, should_escape: false });
    for (const command of ALL_COMMANDS) {
      expect(papers!.description).toContain(command.name);
      if (command.name !== 'search') expect(papers!.usage_hint).toContain(usageOf(command));
    }
    expect(papers!.usage_hint.startsWith('<search words>')).toBe(true);

    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['commands', 'chat:write', 'chat:write.public', 'channels:history', 'groups:history', 'users:read']),
    );
    // Subscribing checks the channel (conversations.info, by kind of conversation) and joins a public
    // one (conversations.join), so that digests can be read back from history wherever they are posted.
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['channels:join', 'channels:read', 'groups:read', 'im:read', 'mpim:read', 'im:history', 'mpim:history']),
    );
    expect(new Set(manifest.oauth_config.scopes.bot).size).toBe(manifest.oauth_config.scopes.bot.length);
    expect(manifest.oauth_config.redirect_urls).toEqual([`${BASE}/slack/oauth_redirect`]);
    expect(manifest.settings.event_subscriptions).toEqual({
      request_url: `${BASE}/slack/events`,
      bot_events: expect.arrayContaining(['channel_left', 'channel_archive', 'app_uninstalled', 'tokens_revoked']),
    });
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: `${BASE}/slack/events` });
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('declares the App Home, mentions and arXiv unfurls with the events and scopes each needs', () => {
    const manifest = buildSlackManifest(ALL_COMMANDS, { socketMode: true });
    // https://docs.slack.dev/reference/app-manifest: the Home tab and a Messages tab people may write in.
    expect(manifest.features.app_home).toEqual({ home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false });
    expect(manifest.features.unfurl_domains).toEqual(['arxiv.org']);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(['app_home_opened', 'message.im', 'app_mention', 'link_shared']));
    // message.im needs im:history, app_mention app_mentions:read, link_shared links:read, chat.unfurl links:write.
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['im:history', 'app_mentions:read', 'links:read', 'links:write', 'chat:write']));
    expect(new Set(manifest.settings.event_subscriptions.bot_events).size).toBe(manifest.settings.event_subscriptions.bot_events.length);
  });

  it('has no request URLs in Socket Mode', () => {
    const manifest = buildSlackManifest(ALL_COMMANDS, { socketMode: true });
    expectWithinLimits(manifest);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(manifest)).not.toContain('request_url');
    expect(manifest.features.slash_commands[0]).not.toHaveProperty('url');
    expect(manifest.oauth_config).not.toHaveProperty('redirect_urls');
  });

  it('follows whatever the registry holds, and stays within limits for a long one', () => {
    const custom = [spec('search'), spec('zap', { options: [{ name: 'target', type: 'text', description: 'what', required: true, syntax: 'positional' }] }), spec('help')];
    const manifest = buildSlackManifest(custom, { socketMode: true, name: 'Paper Boy (staging) with a very long name indeed', command: '/papers-staging' });
    expect(manifest.features.slash_commands[0]).toMatchObject({ command: '/papers-staging', usage_hint: '<search words> | zap <target> | help' });
    expect(manifest.features.slash_commands[0]!.description).toContain('zap');
    expectWithinLimits(manifest);

    const many = Array.from({ length: 300 }, (_, i) => spec(`command${i}`, { options: [{ name: 'value', type: 'integer', description: 'n', required: false, syntax: 'keyword', min: 1, max: 9 }] }));
    expectWithinLimits(buildSlackManifest([spec('search'), ...many], { socketMode: true }));
  });

  it('refuses an HTTP manifest without an https base URL', () => {
    expect(() => buildSlackManifest(ALL_COMMANDS, { socketMode: false })).toThrow(/public base URL/);
    expect(() => buildSlackManifest(ALL_COMMANDS, { socketMode: false, url: 'http://insecure.example.org' })).toThrow(/https/);
    expect(() => buildSlackManifest(ALL_COMMANDS, { socketMode: true, command: 'papers' })).toThrow(/slash command/);
  });
});

describe('paperboy slack manifest', () => {
  let app: SqliteApp;
  let out: string[];
  let err: string[];
  beforeEach(() => {
    app = createApp(loadConfig({ DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent' }), { log: silentLogger });
    out = [];
    err = [];
  });
  afterEach(() => app.close());
  const cli = (...args: string[]) => runSlackCli({ host: app.host, config: app.config }, args, (l) => out.push(l), (l) => err.push(l));

  it('prints the manifest as JSON for an HTTP deployment', () => {
    expect(cli('manifest', '--url', BASE)).toBe(0);
    const manifest = JSON.parse(out.join('\n')) as SlackManifest;
    expect(manifest.features.slash_commands[0]!.url).toBe(`${BASE}/slack/events`);
    expect(manifest.features.slash_commands[0]!.description).toContain('subscribe');
  });

  it('prints a Socket Mode manifest with --socket-mode', () => {
    expect(cli('manifest', '--socket-mode')).toBe(0);
    expect((JSON.parse(out.join('\n')) as SlackManifest).settings.socket_mode_enabled).toBe(true);
  });

  it('explains what is missing instead of printing a broken manifest', () => {
    expect(cli('manifest')).toBe(2);
    expect(err.join('\n')).toContain('--url');
    expect(cli('manifest', '--url', 'http://localhost:3000')).toBe(2);
    expect(err.join('\n')).toContain('https');
    expect(cli('frobnicate')).toBe(2);
    expect(cli('manifest', '--bogus')).toBe(2);
    expect(out).toEqual([]);
  });
});
