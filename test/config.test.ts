import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, configSchema, enabledPlatforms, loadConfig } from '../src/config.ts';

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
    expect(enabledPlatforms(loadConfig({ SLACK_SIGNING_SECRET: 's' })).slack).toBe(false);
    expect(enabledPlatforms(loadConfig({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '123456789012345678' })).discord).toBe(true);
  });
});
