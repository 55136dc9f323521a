/**
 * An internal option (command-spec.ts OptionBase.internal) is for paperboy's own callers: rate's
 * `if`, which a removed 👍/👎 reaction passes so it takes back only the rating it gave. People are
 * never offered it (help, usage lines, the Slack manifest, the Discord commands); a dispatch with it
 * still works.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApplicationCommands } from '../../src/adapters/discord/application-commands.ts';
import { buildSlackManifest } from '../../src/adapters/slack/slack-manifest.ts';
import { createApp, type SqliteApp } from '../../src/app.ts';
import type { Invoker } from '../../src/commands/command-context.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { renderReplyText } from '../../src/core/render-text.ts';
import { makePaper } from '../support/papers.ts';

const ada: Invoker = { platform: 'slack', workspaceId: 'T1', channelId: 'C1', userId: 'U-ada', userName: 'ada', isAdmin: false };
const paper = makePaper({ id: '2611.04242', title: 'Pause tokens for reasoning' });
let app: SqliteApp;

beforeEach(async () => {
  app = createApp(loadConfig({ DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent' }), { log: silentLogger });
  await app.papers.upsertPapers([paper], '2026-11-01T00:00:00Z');
});
afterEach(() => app.close());

type OptionJson = { name: string; options?: OptionJson[] };

describe("rate's internal `if` option", () => {
  it('is shown nowhere: not in help, usage hints, the Slack manifest or the Discord commands', async () => {
    const help = renderReplyText(await app.run('help rate', ada));
    expect(help).toContain('rate <id> up|down|clear');
    expect(help).not.toMatch(/\bif\b/);
    const list = renderReplyText(await app.run('help', ada));
    expect(list).toContain('rate <id> up|down|clear');
    expect(list).not.toContain('if up|down');
    // A usage hint after a mistake names only the options people may use.
    const mistake = renderReplyText(await app.run('rate 2611.04242', ada));
    expect(mistake).toContain('Usage: /papers rate <id> up|down|clear.');

    const manifest = buildSlackManifest(app.host.commands, { socketMode: true });
    expect(JSON.stringify(manifest)).not.toContain('if up|down');

    const discord = buildApplicationCommands(app.host.commands) as unknown as OptionJson[];
    const rates = discord.flatMap((command) => (command.options ?? []).filter((sub) => sub.name === 'rate'));
    expect(rates.length).toBeGreaterThan(0);
    for (const rate of rates) expect((rate.options ?? []).map((o) => o.name)).toEqual(['id', 'rating']);
  });

  it('still works when dispatched: a removed 👍 clears a 👍, and leaves a 👎 given since', async () => {
    await app.host.dispatch('rate', { id: paper.id, rating: 'down' }, ada);
    const kept = renderReplyText(await app.host.dispatch('rate', { id: paper.id, rating: 'clear', if: 'up' }, ada));
    expect(kept).toContain('Your rating of “Pause tokens for reasoning” is 👎, not 👍; left as it is.');
    const cleared = renderReplyText(await app.host.dispatch('rate', { id: paper.id, rating: 'clear', if: 'down' }, ada));
    expect(cleared).toContain('Cleared your 👎 on “Pause tokens for reasoning”.');
    expect(renderReplyText(await app.run('rate 2611.04242 clear', ada))).toContain('You had not rated “Pause tokens for reasoning” here; nothing to clear.');
  });
});
