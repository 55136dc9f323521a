import type { App } from '../app.ts';
import { runConsoleChat } from '../adapters/console/console-chat.ts';
import { renderConsoleReply } from '../adapters/console/render-console.ts';
import { startIngestSchedule } from '../adapters/ingest/run-ingest.ts';
import { startDigestScheduler } from '../adapters/scheduler/digest-scheduler.ts';
import { SlackConfigError } from '../adapters/slack/slack-mode.ts';
import { enabledPlatforms } from '../config.ts';

/**
 * `paperboy serve`: the digest scheduler plus Slack and/or Discord when their variables are set,
 * or the console chat when neither is. Returns the exit code once stopped (Ctrl-D in the console,
 * SIGINT/SIGTERM otherwise).
 */
export async function runServe(app: App, err: (line: string) => void): Promise<number> {
  const platforms = enabledPlatforms(app.config);
  const stops: Array<() => Promise<void>> = [];
  try {
    if (platforms.slack) {
      // Loaded only when configured: the console chat then starts without either SDK.
      const { startSlack } = await import('../adapters/slack/start-slack.ts');
      const slack = await startSlack(app);
      app.registerPoster('slack', slack.poster);
      stops.push(() => slack.stop());
      app.log.info({ mode: slack.mode, port: slack.port ?? null }, 'slack adapter started');
    }
    if (platforms.discord) {
      const { startDiscord } = await import('../adapters/discord/start-discord.ts');
      const discord = await startDiscord(app);
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
    // An import that died after this process opened the store leaves the index behind: repair it here.
    beforeEachTick: () => app.database.catchUpIndexing(),
  });
  stops.push(() => scheduler.stop());
  const ingest = startIngestSchedule({ config: app.config, sqlite: app.database.sqlite, papers: app.papers, clock: app.clock, log: app.log });
  stops.push(() => ingest.stop());

  if (!platforms.slack && !platforms.discord) {
    const colour = process.stdout.isTTY === true;
    app.consolePoster.onPosted((reply) => process.stdout.write(`\n${renderConsoleReply(reply, colour)}\n\n`));
    await runConsoleChat({
      input: process.stdin,
      output: process.stdout,
      run: app.run,
      banner:
        'paperboy console chat: no Slack or Discord credentials are set, so paperboy runs here.\n' +
        `Database: ${app.config.DATABASE_PATH} (${app.papers.countPapers().toLocaleString('en-US')} papers).\n` +
        'Type a search such as "recsys cold-start" or a command such as "help"; Ctrl-D quits.',
    });
  } else {
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    app.log.info({}, 'shutting down');
  }
  await Promise.allSettled(stops.map((stop) => stop()));
  return 0;
}
