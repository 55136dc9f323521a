/**
 * `paperboy serve` at its edges, as a real process: a refused Socket Mode app token ends it with
 * a message (and nothing left open keeps it alive), a hostile request does not end it, and a
 * stray promise rejection is logged with its stack while it keeps serving.
 */
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installProcessGuards, UNCAUGHT_EXCEPTION_EXIT_CODE } from '../../src/cli/process-guards.ts';
import { runServe } from '../../src/cli/serve.ts';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { startFakeSlack, type FakeSlack } from '../slack/fake-slack-api.ts';
import { capturingLogger, formBody, signedHeaders, slashCommandFields, TEST_SIGNING_SECRET } from '../slack/slack-test-kit.ts';
import { cliEnv, REPO_ROOT, runCli, STACK_TRACE } from './run-cli.ts';

let fake: FakeSlack;
let dir: string;
beforeEach(async () => {
  fake = await startFakeSlack();
  dir = mkdtempSync(join(tmpdir(), 'paperboy-serve-'));
});
afterEach(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('paperboy serve in Socket Mode with an app token Slack refuses', () => {
  it('exits 78 with a message naming SLACK_APP_TOKEN and the fix, instead of running on', async () => {
    // https://docs.slack.dev/reference/methods/apps.connections.open#errors
    fake.script('apps.connections.open', { body: { ok: false, error: 'invalid_auth' } });
    const run = await runCli(
      ['serve'],
      cliEnv({
        DATABASE_PATH: join(dir, 'paperboy.db'),
        SLACK_APP_TOKEN: 'xapp-1-A0PAPERBOY-1-revoked',
        SLACK_BOT_TOKEN: 'xoxb-socket-mode-bot',
        SLACK_API_URL: fake.apiUrl,
        PORT: '0',
      }),
    );
    expect(run.code).toBe(78);
    expect(run.stderr).toContain('Slack rejected SLACK_APP_TOKEN (invalid_auth).');
    expect(run.stderr).toContain('app-level token (xapp-…) with the connections:write scope');
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.stderr).not.toContain('xapp-1-A0PAPERBOY-1-revoked');
  });
});

describe('paperboy serve over HTTP', () => {
  it('answers a signed JSON null with 400 and keeps serving, then stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['bin/paperboy.js', 'serve'], {
      cwd: REPO_ROOT,
      env: cliEnv({
        DATABASE_PATH: join(dir, 'paperboy.db'),
        SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
        SLACK_BOT_TOKEN: 'xoxb-test-single-workspace',
        SLACK_API_URL: fake.apiUrl,
        PORT: '0',
        LOG_LEVEL: 'info',
      }),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const port = await new Promise<number>((resolve, reject) => {
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        const started = /"port":(\d+)[^\n]*"msg":"slack started"/.exec(stderr);
        if (started) resolve(Number(started[1]));
      });
      void exited.then((code) => reject(new Error(`paperboy serve exited (${code}) before listening:\n${stderr}`)));
    });
    const url = `http://127.0.0.1:${port}`;
    try {
      const bad = await fetch(`${url}/slack/events`, { method: 'POST', body: 'null', headers: { ...signedHeaders('null'), 'content-type': 'application/json' } });
      expect(bad.status).toBe(400);
      const healthz = await fetch(`${url}/healthz`);
      expect(healthz.status).toBe(200);
      expect(await healthz.json()).toMatchObject({ ok: true, database: { ok: true }, slack: { mode: 'http', connected: true } });
      const body = formBody(slashCommandFields('help'));
      expect((await fetch(`${url}/slack/events`, { method: 'POST', body, headers: signedHeaders(body) })).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).not.toContain('unhandled promise rejection');
  });
});

describe('process guards', () => {
  it('log a stray rejection with its stack and keep the process running', () => {
    const target = new EventEmitter();
    const { log, lines } = capturingLogger();
    const exits: number[] = [];
    const remove = installProcessGuards({ log, target: target as never, exit: (code) => void exits.push(code) });
    expect([target.listenerCount('unhandledRejection'), target.listenerCount('uncaughtException')]).toEqual([1, 1]);

    target.emit('unhandledRejection', new TypeError("Cannot read properties of null (reading 'ssl_check')"));
    const line = JSON.parse(lines[0]!) as { reason: string; stack: string; msg: string };
    expect(line.msg).toBe('unhandled promise rejection; paperboy keeps serving');
    expect(line.reason).toBe("TypeError: Cannot read properties of null (reading 'ssl_check')");
    expect(line.stack).toMatch(/\n\s+at /);
    expect(exits).toEqual([]);

    target.emit('uncaughtException', new Error('state unknown'));
    expect(JSON.parse(lines[1]!)).toMatchObject({ msg: 'uncaught exception; paperboy stops', reason: 'Error: state unknown' });
    expect(exits).toEqual([UNCAUGHT_EXCEPTION_EXIT_CODE]);

    remove();
    expect([target.listenerCount('unhandledRejection'), target.listenerCount('uncaughtException')]).toEqual([0, 0]);
  });

  it('are installed on the real process while paperboy serves, and removed when it stops', async () => {
    const before = [process.listenerCount('unhandledRejection'), process.listenerCount('uncaughtException')];
    const app = createApp(
      loadConfig({ DATABASE_PATH: ':memory:', SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: fake.apiUrl, PORT: '0' }),
      { log: capturingLogger().log },
    );
    let stop: () => void = () => {};
    const until = new Promise<void>((resolve) => (stop = resolve));
    let started: () => void = () => {};
    const serving = new Promise<void>((resolve) => (started = resolve));
    const registerPoster = app.registerPoster;
    app.registerPoster = (platform, poster) => {
      registerPoster(platform, poster);
      started();
    };
    const done = runServe(app, () => {}, { until });
    await serving;
    expect([process.listenerCount('unhandledRejection'), process.listenerCount('uncaughtException')]).toEqual([before[0]! + 1, before[1]! + 1]);
    stop();
    expect(await done).toBe(0);
    expect([process.listenerCount('unhandledRejection'), process.listenerCount('uncaughtException')]).toEqual(before);
    app.close();
  });
});
