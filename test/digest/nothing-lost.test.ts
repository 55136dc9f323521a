/**
 * What the store and the digest clock promise on their own, beside the platforms' faults: an
 * import that straddles a slot, a clock that jumps ahead, a pending digest finished by
 * `paperboy digest`, `--at` far ahead, and two real processes on one store.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { consolePostLogPath } from '../../src/app.ts';
import { cliEnv, runCli, STACK_TRACE } from '../cli/run-cli.ts';
import { startFakeSlack } from '../slack/fake-slack-api.ts';
import { invoker, manualClock, testApp } from './digest-helpers.ts';
import { paper } from '../support/papers.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-lost-'));
  dirs.push(dir);
  return dir;
};
const consoleWho = invoker('console', 'console', 'console', true);

/** Titles of the papers in every console message, in order. */
function consoleTitles(app: ReturnType<typeof testApp>): string[] {
  return app.consolePoster.posts().flatMap((p) => p.reply.blocks.flatMap((b) => (b.type === 'paper' ? [b.paper.title] : [])));
}

describe('nothing lost, nothing doubled', () => {
  it('an import that commits its papers after the slot’s selection: every paper in the next digest, exactly once', async () => {
    const clock = manualClock('2026-11-16T06:00:00Z');
    let imported = false;
    const app = testApp(clock, ':memory:', {
      onDeliveryStep: async (step) => {
        // The import began 4 s before the slot (its papers carry that first-seen time) and commits now.
        if (step !== 'selected' || imported) return;
        imported = true;
        await app.papers.upsertPapers(
          ['one', 'two', 'three'].map((n) => paper(`Cold-start recommender from the straddling import ${n}`, 'A recommender system for the cold start problem.')),
          '2026-11-16T08:59:56Z',
        );
      },
    });
    clock.advance(60_000);
    await app.run('schedule 09:00 UTC weekdays picks 10', consoleWho);
    await app.run('subscribe recsys cold-start', consoleWho);
    await app.papers.upsertPapers([paper('Cold-start recommender before the slot', 'A recommender system for the cold start problem.')], '2026-11-16T08:00:00Z');
    await app.services.digests.runDue(new Date('2026-11-16T09:00:00Z'));
    expect(consoleTitles(app)).toEqual(['Cold-start recommender before the slot']);
    await app.services.digests.runDue(new Date('2026-11-17T09:00:00Z'));
    const titles = consoleTitles(app);
    expect(titles.filter((t) => t.includes('straddling')).sort()).toEqual([
      'Cold-start recommender from the straddling import one',
      'Cold-start recommender from the straddling import three',
      'Cold-start recommender from the straddling import two',
    ]);
    expect(new Set(titles).size).toBe(titles.length);
    app.close();
  });

  it('a clock five days ahead, then corrected: the next day’s digest still comes, with the papers of the days between', async () => {
    const clock = manualClock('2026-11-16T06:00:00Z');
    const app = testApp(clock);
    clock.advance(60_000);
    await app.run('schedule 09:00 UTC daily', consoleWho);
    await app.run('subscribe recsys cold-start', consoleWho);
    await app.papers.upsertPapers([paper('Cold-start recommender on the fast day', 'A recommender system for the cold start problem.')], '2026-11-16T08:00:00Z');
    // The clock jumps five days ahead for a moment: a digest goes out dated then.
    await app.services.digests.runDue(new Date('2026-11-21T09:00:30Z'));
    expect(consoleTitles(app)).toEqual(['Cold-start recommender on the fast day']);
    // Corrected. Papers keep arriving; the next slot is tomorrow's, not the one five days ahead.
    await app.papers.upsertPapers([paper('Cold-start recommender after the correction', 'A recommender system for the cold start problem.')], '2026-11-16T12:00:00Z');
    await app.services.digests.runDue(new Date('2026-11-17T09:00:00Z'));
    expect(consoleTitles(app)).toEqual(['Cold-start recommender on the fast day', 'Cold-start recommender after the correction']);
    app.close();
  });
});

describe('paperboy digest (the CLI)', () => {
  it('refuses --at more than a day ahead (a year typo), and changes nothing', async () => {
    const dir = tempDir();
    const env = cliEnv({ DATABASE_PATH: join(dir, 'paperboy.db') });
    expect((await runCli(['chat', '/papers subscribe recsys cold-start'], env)).code).toBe(0);
    const run = await runCli(['digest', '--at', '2027-12-07T08:20:00Z'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('more than a day ahead');
    expect(run.stderr).not.toMatch(STACK_TRACE);
  });

  it('finishes a pending digest before anything new, and carries on after a torn line in the console post log', async () => {
    const dir = tempDir();
    const databasePath = join(dir, 'paperboy.db');
    const clock = manualClock('2026-11-16T06:00:00Z');
    const app = testApp(clock, databasePath, {
      onDeliveryStep: (step) => {
        if (step === 'attempt-recorded#0') throw new Error('the process stopped here');
      },
    });
    clock.advance(60_000);
    await app.run('subscribe recsys cold-start', consoleWho);
    await app.papers.upsertPapers([paper('Cold-start recommender left pending', 'A recommender system for the cold start problem.')], '2026-11-16T08:00:00Z');
    await app.services.digests.runDue(new Date('2026-11-16T09:00:00Z'));
    expect((await app.services.digests.pending())).toHaveLength(1);
    app.close();
    // A full disk tore the last record of the post log.
    appendFileSync(consolePostLogPath(databasePath)!, '{"key":"pbTORN.0","channel":{"platform":"con');

    const env = cliEnv({ DATABASE_PATH: databasePath });
    const dry = await runCli(['digest', '--dry-run'], env);
    expect(dry.stdout).toContain('is not delivered yet');
    const first = await runCli(['digest'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('posted 1 paper');
    const again = await runCli(['digest'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('no new papers');
    expect(`${first.stderr}${again.stderr}`).not.toMatch(/failed unexpectedly/);
    const log = readFileSync(consolePostLogPath(databasePath)!, 'utf8');
    expect(log.match(/left pending/g)).toHaveLength(1);
  });
});

describe('two real paperboy processes on one store', () => {
  it('10 Slack channels due in the same minute, Slack answering in 200 ms: each digest posted once', async () => {
    const dir = tempDir();
    const databasePath = join(dir, 'paperboy.db');
    const fake = await startFakeSlack();
    fake.tokens.set('xoxb-two', 'T0TWO');
    const clock = manualClock('2026-11-16T06:00:00Z');
    const app = testApp(clock, databasePath);
    clock.advance(60_000);
    const channels = Array.from({ length: 10 }, (_, i) => `C0PROC${i}`);
    for (const id of channels) {
      const who = invoker('slack', 'T0TWO', id, true);
      await app.run('schedule 09:00 UTC weekdays', who);
      await app.run('subscribe recsys cold-start', who);
    }
    await app.papers.upsertPapers([paper('Cold-start recommender for ten channels', 'A recommender system for the cold start problem.')], '2026-11-16T08:00:00Z');
    app.close();
    fake.fault('chat.postMessage', ...Array.from({ length: 30 }, () => ({ delayMs: 200 })));
    // A child says "ready" once it is up, then ticks at the moment it is sent on stdin.
    const child = () => {
      const proc = spawn(process.execPath, [fileURLToPath(new URL('./slack-tick-child.mjs', import.meta.url))], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_PATH: databasePath, NOW: '2026-11-16T09:00:10Z', SLACK_API_URL: fake.apiUrl },
      });
      let stdout = '';
      let stderr = '';
      let readyNow: () => void = () => {};
      const ready = new Promise<void>((resolve) => (readyNow = resolve));
      proc.stdout.on('data', (c: Buffer) => {
        stdout += c.toString();
        if (stdout.startsWith('ready\n')) readyNow();
      });
      proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => proc.on('close', (code) => resolve({ code, stdout, stderr })));
      return { ready: Promise.race([ready, done]), start: (at: number) => proc.stdin.end(`${at}\n`), done };
    };
    const first = child();
    const second = child();
    await Promise.all([first.ready, second.ready]);
    // Both are up: they tick at the same moment.
    const startAt = Date.now() + 50;
    first.start(startAt);
    second.start(startAt);
    const [a, b] = await Promise.all([first.done, second.done]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    for (const id of channels) expect(fake.messages.filter((m) => m.channel === id && m.metadata), `${id}: ${a.stdout} ${b.stdout}`).toHaveLength(1);
    await fake.close();
  });
});
