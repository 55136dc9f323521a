import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startSlack } from '../../src/adapters/slack/start-slack.ts';
import { SlackConfigError, slackModeOf } from '../../src/adapters/slack/slack-mode.ts';
import { createApp, type SqliteApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { startFakeSlack, type FakeSlack } from './fake-slack-api.ts';

const mode = (env: Record<string, string>) => slackModeOf(loadConfig({ DATABASE_PATH: ':memory:', ...env }));

describe('choosing how to run Slack', () => {
  it('picks the transport and the authorisation from the variables', () => {
    expect(mode({ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual({ transport: 'http', auth: 'token' });
    expect(mode({ SLACK_APP_TOKEN: 'xapp-1', SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual({ transport: 'socket', auth: 'token' });
    expect(mode({ SLACK_SIGNING_SECRET: 's', SLACK_CLIENT_ID: 'id', SLACK_CLIENT_SECRET: 'secret', SLACK_STATE_SECRET: 'state' })).toEqual({
      transport: 'http',
      auth: 'oauth',
    });
  });

  it('says which variable is missing', () => {
    expect(() => mode({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(() => mode({ SLACK_SIGNING_SECRET: 's' })).toThrow(/SLACK_BOT_TOKEN/);
    expect(() => mode({ SLACK_SIGNING_SECRET: 's', SLACK_CLIENT_ID: 'id' })).toThrow(/SLACK_CLIENT_SECRET, SLACK_STATE_SECRET/);
    expect(() => mode({ SLACK_SIGNING_SECRET: 's', SLACK_CLIENT_ID: 'id' })).toThrow(SlackConfigError);
  });
});

describe('starting Slack', () => {
  let fake: FakeSlack;
  let app: SqliteApp;
  afterEach(async () => {
    app.close();
    await fake.close();
  });

  it('stops with a clear error when Slack rejects the bot token, before listening', async () => {
    fake = await startFakeSlack();
    fake.script('auth.test', { body: { ok: false, error: 'invalid_auth' } });
    app = createApp(
      loadConfig({ DATABASE_PATH: ':memory:', SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-revoked', SLACK_API_URL: fake.apiUrl }),
      { log: silentLogger },
    );
    await expect(startSlack({ host: app.host, config: app.config }, { port: 0, host: '127.0.0.1' })).rejects.toThrow('Slack rejected SLACK_BOT_TOKEN (invalid_auth).');
  });

  it('stops with a message naming SLACK_APP_TOKEN when Slack refuses the app token, closing the server it opened', async () => {
    fake = await startFakeSlack();
    // apps.connections.open refuses a revoked or mistyped app token (https://docs.slack.dev/reference/methods/apps.connections.open#errors).
    fake.script('apps.connections.open', { body: { ok: false, error: 'invalid_auth' } });
    app = createApp(
      loadConfig({ DATABASE_PATH: ':memory:', SLACK_APP_TOKEN: 'xapp-1-revoked', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_API_URL: fake.apiUrl }),
      { log: silentLogger },
    );
    const port = await freePort();
    const error = await startSlack({ host: app.host, config: app.config }, { port, host: '127.0.0.1' }).then(() => null, (e: unknown) => e);

    expect(error).toBeInstanceOf(SlackConfigError);
    expect((error as Error).message).toContain('Slack rejected SLACK_APP_TOKEN (invalid_auth).');
    expect((error as Error).message).toContain('app-level token (xapp-…) with the connections:write scope');
    expect(fake.callsOf('apps.connections.open')).toHaveLength(1);
    // Nothing of paperboy's listens any more: the port can be taken again.
    await expect(listenOn(port)).resolves.toBe(port);
  });

  it('says which variable to change when the port is taken', async () => {
    fake = await startFakeSlack();
    app = createApp(
      loadConfig({ DATABASE_PATH: ':memory:', SLACK_APP_TOKEN: 'xapp-1-ok', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_API_URL: fake.apiUrl }),
      { log: silentLogger },
    );
    const taken = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => taken.once('listening', resolve));
    try {
      const port = (taken.address() as { port: number }).port;
      await expect(startSlack({ host: app.host, config: app.config }, { port, host: '127.0.0.1' })).rejects.toThrow(`Could not listen on port ${port} (PORT): EADDRINUSE.`);
      expect(fake.callsOf('apps.connections.open')).toEqual([]);
    } finally {
      taken.close();
    }
  });
});

/** Listens on `port` (0: any) and closes again; resolves with the port. */
function listenOn(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const bound = (server.address() as { port: number }).port;
      server.close(() => resolve(bound));
    });
  });
}

const freePort = () => listenOn(0);
