/**
 * `paperboy serve` as a service manager starts it: stdin is not a terminal and gives nothing. A
 * platform configured halfway stops start-up naming what is missing, and with no platform at all
 * the console chat says it needs a terminal or credentials and exits non-zero, instead of
 * opening the console, printing "Bye." and exiting 0 as if all were well.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NO_TERMINAL_TEXT } from '../../src/cli/serve.ts';
import { cliEnv, runCli, STACK_TRACE } from './run-cli.ts';

/** EX_CONFIG, the exit code the CLI gives every configuration problem. */
const EXIT_CONFIG = 78;

const dir = mkdtempSync(join(tmpdir(), 'paperboy-serve-no-platform-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let databases = 0;
/** `paperboy serve` with stdin closed (runCli), on a database of its own. */
const serve = (vars: Record<string, string>) => runCli(['serve'], cliEnv({ DATABASE_PATH: join(dir, `serve-${++databases}.db`), ...vars }));

describe('paperboy serve with stdin closed', () => {
  it.each([
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_SIGNING_SECRET: is missing: SLACK_BOT_TOKEN is set'],
    [{ SLACK_APP_TOKEN: 'xapp-1' }, 'SLACK_BOT_TOKEN: is missing: SLACK_APP_TOKEN is set'],
    [{ DISCORD_TOKEN: 'token' }, 'DISCORD_APPLICATION_ID: is missing: DISCORD_TOKEN is set'],
    [{ DISCORD_APPLICATION_ID: '123456789012345678' }, 'DISCORD_APPLICATION_ID is set but DISCORD_TOKEN is not, so paperboy serve would start no platform.'],
  ])('stops at start-up when a platform is set halfway, naming what is missing: %o', async (vars, message) => {
    const run = await serve(vars);
    expect(run.code).toBe(EXIT_CONFIG);
    expect(run.stderr).toContain(message);
    // The console chat never opened.
    expect(run.stdout).not.toContain('console chat');
    expect(run.stdout).not.toContain('Bye.');
    expect(run.stdout + run.stderr).not.toMatch(STACK_TRACE);
  });

  it('with no platform at all: says the console chat needs a terminal or platform credentials, and exits non-zero', async () => {
    const run = await serve({});
    expect(run.code).toBe(EXIT_CONFIG);
    expect(run.stderr).toContain(NO_TERMINAL_TEXT);
    expect(run.stdout).not.toContain('Bye.');
    expect(run.stdout + run.stderr).not.toMatch(STACK_TRACE);
  });
});
