import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, configSchema, enabledPlatforms, halfSetPlatformProblem, loadConfig } from '../src/config.ts';

const envExample = readFileSync(fileURLToPath(new URL('../.env.example', import.meta.url)), 'utf8');
const exampleVariables = [...envExample.matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]);

describe('configuration', () => {
  it('.env.example documents exactly the variables the schema reads', () => {
    expect([...exampleVariables].sort()).toEqual(Object.keys(configSchema.shape).sort());
  });

  it('.env.example as shipped is a valid configuration', () => {
    const env = Object.fromEntries([...envExample.matchAll(/^([A-Z0-9_]+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
    expect(() => loadConfig(env)).not.toThrow();
    expect(enabledPlatforms(loadConfig(env))).toEqual({ slack: false, discord: false });
  });

  it.each([
    [{ RESULTS_PER_PAGE: 'abc' }, 'RESULTS_PER_PAGE'],
    [{ DEFAULT_TIME_ZONE: 'Mars/Olympus' }, 'DEFAULT_TIME_ZONE'],
    [{ SLACK_BOT_TOKEN: 'xoxp-user-token' }, 'SLACK_BOT_TOKEN'],
    [{ DISCORD_APPLICATION_ID: 'my-app' }, 'DISCORD_APPLICATION_ID'],
    [{ SLACK_API_URL: 'not a url' }, 'SLACK_API_URL'],
  ])('an invalid value stops start-up with a message naming the variable: %o', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${name}:`));
  });

  it('enables Slack in Socket Mode or HTTP mode, and Discord with its token and application id', () => {
    expect(enabledPlatforms(loadConfig({ SLACK_APP_TOKEN: 'xapp-1', SLACK_BOT_TOKEN: 'xoxb-1' })).slack).toBe(true);
    expect(enabledPlatforms(loadConfig({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1' })).slack).toBe(true);
    expect(enabledPlatforms(loadConfig({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '123456789012345678' })).discord).toBe(true);
  });

  it('enables Slack in Socket Mode with OAuth installs (an app token and client credentials, no bot token)', () => {
    const config = loadConfig({ SLACK_APP_TOKEN: 'xapp-1', SLACK_CLIENT_ID: '1111.2222', SLACK_CLIENT_SECRET: 'secret', SLACK_STATE_SECRET: 'state' });
    expect(enabledPlatforms(config)).toEqual({ slack: true, discord: false });
  });
});

describe('a platform configured halfway', () => {
  // Each used to pass loadConfig with neither platform enabled, so `paperboy serve` opened the console chat.
  it.each([
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_SIGNING_SECRET', /SLACK_BOT_TOKEN is set, so Slack also needs SLACK_SIGNING_SECRET \(HTTP mode.*\) or SLACK_APP_TOKEN \(Socket Mode/],
    [{ SLACK_APP_TOKEN: 'xapp-1' }, 'SLACK_BOT_TOKEN', /SLACK_APP_TOKEN is set, so Slack also needs SLACK_BOT_TOKEN \(one workspace.*\) or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET/],
    [{ SLACK_SIGNING_SECRET: 's' }, 'SLACK_BOT_TOKEN', /SLACK_SIGNING_SECRET is set, so Slack also needs SLACK_BOT_TOKEN/],
    [{ SLACK_CLIENT_ID: '1111.2222', SLACK_CLIENT_SECRET: 'secret', SLACK_STATE_SECRET: 'state' }, 'SLACK_SIGNING_SECRET', /SLACK_CLIENT_ID and SLACK_CLIENT_SECRET and SLACK_STATE_SECRET are set/],
    [{ SLACK_STATE_SECRET: 'state' }, 'SLACK_SIGNING_SECRET', /SLACK_STATE_SECRET is set/],
    [{ DISCORD_TOKEN: 'token' }, 'DISCORD_APPLICATION_ID', /DISCORD_TOKEN is set, so Discord also needs DISCORD_APPLICATION_ID \(the Application ID/],
  ])('stops start-up naming what is missing: %o', (env, missing, explanation) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`\\n  - ${missing}: is missing: `));
    expect(() => loadConfig(env)).toThrow(explanation);
  });

  it('names every missing variable at once', () => {
    const error = (() => {
      try {
        loadConfig({ SLACK_STATE_SECRET: 'state', DISCORD_TOKEN: 'token' });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('loadConfig accepted a half-set configuration');
    })();
    expect(error.problems.map((p) => p.split(':')[0])).toEqual(['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'DISCORD_APPLICATION_ID']);
  });

  it('leaves OAuth’s three variables to Slack’s start-up, which names the missing ones', () => {
    // slack-mode.ts: "Multi-workspace (OAuth) mode also needs SLACK_CLIENT_SECRET, SLACK_STATE_SECRET."
    expect(enabledPlatforms(loadConfig({ SLACK_SIGNING_SECRET: 's', SLACK_CLIENT_ID: 'id' })).slack).toBe(true);
  });

  it('with Discord ids but no token: fine for one-shot commands (discord invite), a reason for serve to stop', () => {
    const config = loadConfig({ DISCORD_APPLICATION_ID: '123456789012345678', DISCORD_GUILD_ID: '223456789012345678' });
    expect(enabledPlatforms(config)).toEqual({ slack: false, discord: false });
    expect(halfSetPlatformProblem(config)).toBe(
      'DISCORD_APPLICATION_ID and DISCORD_GUILD_ID are set but DISCORD_TOKEN is not, so paperboy serve would start no platform. ' +
        'Set DISCORD_TOKEN (the Bot page of the Discord app) to serve Discord, or unset DISCORD_APPLICATION_ID and DISCORD_GUILD_ID for the console chat.',
    );
    expect(halfSetPlatformProblem(loadConfig({}))).toBeNull();
    expect(halfSetPlatformProblem(loadConfig({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '123456789012345678' }))).toBeNull();
  });
});
