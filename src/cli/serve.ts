import type { App } from '../app.ts';
import { runConsoleChat } from '../adapters/console/console-chat.ts';
import { renderConsoleReply } from '../adapters/console/render-console.ts';
import { startIngestSchedule } from '../adapters/ingest/run-ingest.ts';
import { startDigestScheduler } from '../adapters/scheduler/digest-scheduler.ts';
import { SlackConfigError } from '../adapters/slack/slack-mode.ts';
import { enabledPlatforms, halfSetPlatformProblem } from '../config.ts';
import { installProcessGuards } from './process-guards.ts';

export interface ServeOptions {
  /** Stops serving when it settles, as SIGINT and SIGTERM do (tests). */
  until?: Promise<unknown>;
}

/** What `paperboy serve` says when the console chat has nobody to chat with. */
export const NO_TERMINAL_TEXT =
  'paperboy serve found no Slack or Discord credentials, so it opened the console chat, but its input is not a terminal and ended before any line. ' +
  'Run it in a terminal for the console chat, or set SLACK_… or DISCORD_… variables (see .env.example) to serve a chat platform.';

/**
 * `paperboy serve`: the digest scheduler plus Slack and/or Discord when their variables are set,
 * or the console chat when neither is. Returns the exit code once stopped (Ctrl-D in the console,
 * SIGINT/SIGTERM otherwise, or 78 when Slack refuses the app token on a Socket Mode reconnect, a
 * platform is configured halfway, or the console chat's input closed before anyone typed).
 * While it serves, a stray promise rejection is logged and does not end the process
 * (process-guards.ts).
 */
export async function runServe(app: App, err: (line: string) => void, options: ServeOptions = {}): Promise<number> {
  const removeGuards = installProcessGuards({ log: app.log });
  try {
    return await serve(app, err, options);
  } finally {
    removeGuards();
  }
}

async function serve(app: App, err: (line: string) => void, options: ServeOptions): Promise<number> {
  // A platform set halfway would otherwise open the console chat as if nothing were configured.
  const halfSet = halfSetPlatformProblem(app.config);
  if (halfSet) {
    err(halfSet);
    return 78;
  }
  const platforms = enabledPlatforms(app.config);
  const stops: Array<() => Promise<void>> = [];
  /** Settles when a platform can no longer be served: its message is the reason. */
  const failures: Array<Promise<SlackConfigError>> = [];
  try {
    if (platforms.slack) {
      // Loaded only when configured: the console chat then starts without either SDK.
      const { startSlack } = await import('../adapters/slack/start-slack.ts');
      const slack = await startSlack({ host: app.host, config: app.config });
      app.registerPoster('slack', slack.poster);
      stops.push(() => slack.stop());
      failures.push(slack.failed);
      app.log.info({ mode: slack.mode, port: slack.port ?? null }, 'slack adapter started');
    }
    if (platforms.discord) {
      const { startDiscord } = await import('../adapters/discord/start-discord.ts');
      const discord = await startDiscord({ host: app.host, config: app.config });
      app.registerPoster('discord', discord.poster);
      stops.push(() => discord.stop());
      app.log.info({}, 'discord adapter started');
    }
  } catch (error) {
    await Promise.allSettled(stops.map((stop) => stop()));
    if (error instanceof SlackConfigError) {
      err(error.message);
      return 78;
    }
    app.log.error({ err: error }, 'a chat adapter failed to start');
    err(`paperboy could not start: ${error instanceof Error ? error.message : String(error)}. The log above has the details.`);
    return 1;
  }
  const scheduler = startDigestScheduler({
    digests: app.services.digests,
    clock: app.clock,
    log: app.log,
    beforeEachTick: () => app.store.stores.beforeEachTick(),
  });
  stops.push(() => scheduler.stop());
  const ingest = startIngestSchedule({ config: app.config, ports: app.ingestPorts, papers: app.papers, clock: app.clock, log: app.log });
  stops.push(() => ingest.stop());

  let code = 0;
  if (!platforms.slack && !platforms.discord) {
    const colour = process.stdout.isTTY === true;
    app.consolePoster.onPosted((reply) => process.stdout.write(`\n${renderConsoleReply(reply, colour)}\n\n`));
    const ended = await runConsoleChat({
      input: process.stdin,
      output: process.stdout,
      run: app.run,
      banner:
        'paperboy console chat: no Slack or Discord credentials are set, so paperboy runs here.\n' +
        `Database: ${app.store.location} (${(await app.papers.countPapers()).toLocaleString('en-US')} papers).\n` +
        'Type a search such as "recsys cold-start" or a command such as "help"; Ctrl-D quits.',
    });
    if (ended === 'no-input') {
      err(NO_TERMINAL_TEXT);
      code = 78;
    }
  } else {
    let onSignal: () => void = () => {};
    const signalled = new Promise<void>((resolve) => {
      onSignal = resolve;
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
    });
    const failure = await Promise.race([signalled.then(() => null), ...failures, ...(options.until ? [options.until.then(() => null)] : [])]);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (failure) {
      app.log.error({ reason: failure.message }, 'a chat adapter can no longer run; shutting down');
      await Promise.allSettled(stops.map((stop) => stop()));
      err(failure.message);
      return 78;
    }
    app.log.info({}, 'shutting down');
  }
  await Promise.allSettled(stops.map((stop) => stop()));
  return code;
}
