import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { consolePostLogPath } from '../../src/app.ts';
import type { DeliveryStep } from '../../src/core/digest/deliver-digest.ts';
import { invoker, manualClock, testApp } from './digest-helpers.ts';
import { paper } from '../support/papers.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Plain JavaScript on dist/ (built by npm ci, npm run build, and the tests' global setup): no TypeScript loader to start each time. */
const CHILD = fileURLToPath(new URL('./crash-child.mjs', import.meta.url));
/** Every step of a three-message digest (one paper per message). */
const STEPS: DeliveryStep[] = [
  'selected',
  'recorded-pending',
  ...[0, 1, 2].flatMap((i) => [`attempt-recorded#${i}`, `posted#${i}`, `recorded-sent#${i}`] as DeliveryStep[]),
];
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function runChild(databasePath: string, crashAt: string | null, now: string, papersPerMessage?: number) {
  return spawnSync(process.execPath, [CHILD], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_PATH: databasePath,
      NOW: now,
      ...(crashAt ? { CRASH_AT: crashAt } : {}),
      ...(papersPerMessage ? { PAPERS_PER_MESSAGE: String(papersPerMessage) } : {}),
    },
    encoding: 'utf8',
  });
}

/** Titles of every paper in every digest the console "channel" received, in order. */
function postedTitles(databasePath: string): string[] {
  const log = readFileSync(consolePostLogPath(databasePath)!, 'utf8');
  return log
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => (JSON.parse(line) as { reply: { blocks: Array<{ type: string; paper?: { title: string } }> } }).reply.blocks)
    .flatMap((b) => (b.type === 'paper' && b.paper ? [b.paper.title] : []));
}

/** Every message the console "channel" received, as posted. */
function postedReplies(databasePath: string): unknown[] {
  const log = readFileSync(consolePostLogPath(databasePath)!, 'utf8');
  return log
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { reply: unknown }).reply);
}

/** A store with a scheduled console channel that follows a topic and an author, and the day's papers. */
async function channelWithPapers(databasePath: string): Promise<void> {
  const clock = manualClock('2026-11-16T06:00:00Z');
  const app = testApp(clock, databasePath);
  clock.advance(60_000);
  const console = invoker('console', 'console', 'console', true);
  await app.papers.upsertPapers([paper('Sheep counting at dusk', 'An older paper.', { authors: ['Quinn Farrow'] })], '2026-11-10T08:00:00Z');
  await app.run('schedule 09:00 UTC weekdays picks 10', console);
  await app.run('subscribe recsys cold-start', console);
  await app.run('follow Quinn Farrow', console);
  await app.papers.upsertPapers(
    [
      paper('Cold-start recommendation one', 'A recommender system for the cold start problem.'),
      paper('Pasture mapping with drones', 'Drones over fields.', { authors: ['Quinn Farrow'] }),
      paper('Cold-start recommendation two', 'A recommender system for the cold start problem.', { authors: ['Quinn Farrow', 'Ada Ng'] }),
    ],
    '2026-11-16T08:00:00Z',
  );
  app.close();
}

describe('a digest re-posted after a crash', () => {
  it('is the message a clean run posts: followed authors first, the same groups, reasons and order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-repost-'));
    dirs.push(dir);
    const clean = join(dir, 'clean.db');
    const crashed = join(dir, 'crashed.db');
    await channelWithPapers(clean);
    await channelWithPapers(crashed);
    expect(runChild(clean, null, '2026-11-16T09:00:30Z').status).toBe(0);
    expect(runChild(crashed, 'recorded-pending', '2026-11-16T09:00:30Z').signal).toBe('SIGKILL');
    expect(runChild(crashed, null, '2026-11-16T09:01:00Z').status).toBe(0);

    const [expected] = postedReplies(clean);
    expect(JSON.stringify(expected).match(/"type":"paper"/g)).toHaveLength(3);
    expect(JSON.stringify(expected)).toMatch(/Quinn Farrow[\s\S]*recsys cold-start/); // the followed group comes first
    expect(postedReplies(crashed)).toEqual([expected]);
  });
});

describe('exactly-once delivery of a three-message digest under SIGKILL at every step', () => {
  it.each(STEPS)('killed right after "%s": after a restart every paper is posted exactly once, in order', async (step) => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-kill-'));
    dirs.push(dir);
    const databasePath = join(dir, 'paperboy.db');
    // Set up the channel and the day's papers as the bot would have them.
    const clock = manualClock('2026-11-16T06:00:00Z');
    const app = testApp(clock, databasePath);
    clock.advance(60_000);
    const console = invoker('console', 'console', 'console', true);
    await app.run('schedule 09:00 UTC weekdays picks 10', console);
    await app.run('subscribe recsys cold-start', console);
    const titles = ['Cold-start recommendation one', 'Cold-start recommendation two', 'Cold-start recommendation three'];
    await app.papers.upsertPapers(titles.map((t) => paper(t, 'A recommender system for the cold start problem.')), '2026-11-16T08:00:00Z');
    app.close();

    const crashed = runChild(databasePath, step, '2026-11-16T09:00:30Z', 1);
    expect(crashed.signal).toBe('SIGKILL');
    // The restart's first tick looks up an unconfirmed message and retries it at the next tick after the backoff.
    for (const at of ['2026-11-16T09:01:00Z', '2026-11-16T09:03:00Z']) {
      const restarted = runChild(databasePath, null, at, 1);
      expect(restarted.status, restarted.stderr).toBe(0);
    }
    // A later tick the same day must not post again either.
    const later = runChild(databasePath, null, '2026-11-16T15:00:00Z', 1);
    expect(later.status, later.stderr).toBe(0);

    const posted = postedTitles(databasePath);
    expect(posted).toHaveLength(3);
    expect([...posted].sort()).toEqual([...titles].sort());
    // In the order the digest ranked them, one message each.
    expect(postedReplies(databasePath)).toHaveLength(3);
    const check = testApp(manualClock('2026-11-16T16:00:00Z'), databasePath);
    const rows = check.database.sqlite.prepare('SELECT status, count(*) AS n FROM deliveries GROUP BY status').all();
    const digests = check.database.sqlite.prepare('SELECT status FROM digests').all();
    check.close();
    expect(rows).toEqual([{ status: 'sent', n: 3 }]);
    expect(digests).toEqual([{ status: 'sent' }]);
  });
});
