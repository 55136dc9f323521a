import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it, expect } from 'vitest';
import { ALL_COMMANDS } from '../../src/commands/all-commands.ts';
import { cliEnv, REPO_ROOT, STACK_TRACE } from '../cli/run-cli.ts';

const COLD_START_SEEDS = [
  'Zero-Shot Recommender Systems',
  'Contrastive Learning for Cold Start Recommendation with Adaptive Feature Fusion',
  'M2TRec: Metadata-aware Multi-task Transformer for Large-scale and Cold-start free Session-based Recommendations',
];
const PROMPT = 'papers> ';

const dir = mkdtempSync(join(tmpdir(), 'paperboy-console-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The console chat as `npm start` runs it, with a screen (stdout) the test can read. */
class ConsoleSession {
  readonly child: ChildProcessWithoutNullStreams;
  screen = '';
  errors = '';
  private readonly listeners = new Set<() => void>();

  constructor() {
    // npm start runs `bin/paperboy.js serve` through its #! line, which only adds MALLOC_ARENA_MAX (memory,
    // not behaviour); no SLACK_ or DISCORD_ variables, so the console chat opens.
    this.child = spawn(process.execPath, ['bin/paperboy.js', 'serve'], {
      cwd: REPO_ROOT,
      env: cliEnv({ DATABASE_PATH: join(dir, 'paperboy.db'), LOG_LEVEL: 'warn' }),
    });
    this.child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      this.screen += chunk;
      for (const listener of this.listeners) listener();
    });
    this.child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.errors += chunk));
  }

  /** Resolves once the screen shows `count` prompts in all, i.e. paperboy is ready for the next line. */
  waitForPrompt(count: number): Promise<void> {
    const prompts = () => this.screen.split(PROMPT).length - 1;
    return new Promise((resolve, reject) => {
      const check = () => {
        if (prompts() >= count) {
          this.listeners.delete(check);
          resolve();
        }
      };
      this.listeners.add(check);
      this.child.once('exit', (code) => reject(new Error(`paperboy exited (${code}) before prompt ${count}:\n${this.screen}\n${this.errors}`)));
      check();
    });
  }

  /** Types a line and returns what paperboy printed in reply, up to the next prompt. */
  async type(line: string): Promise<string> {
    const prompts = this.screen.split(PROMPT).length - 1;
    const before = this.screen.length;
    this.child.stdin.write(`${line}\n`);
    await this.waitForPrompt(prompts + 1);
    return this.screen.slice(before);
  }
}

describe('the console chat end to end (npm start with no credentials)', () => {
  it('more before any results, after the last page, and of a like reply', async () => {
    const session = new ConsoleSession();
    await session.waitForPrompt(1);
    expect(await session.type('more')).toContain('Nothing to page through yet');

    const like = await session.type('like seed:zero-shot-recommender-systems');
    expect(like).toContain('Papers like “Zero-Shot Recommender Systems”');
    expect(like).toContain('[Share to channel: /papers like seed:zero-shot-recommender-systems]');
    const second = await session.type('/papers more');
    expect(second).toContain('Papers like “Zero-Shot Recommender Systems”');
    expect(second).toMatch(/Results 6–10/);
    expect(second).toContain('[Share to channel: /papers like seed:zero-shot-recommender-systems 2]');
    // The same page typed out.
    expect(await session.type('like seed:zero-shot-recommender-systems page:2')).toMatch(/Results 6–10/);

    const only = await session.type('"zero-shot recommender systems"');
    expect(only).not.toContain('[More results');
    expect(await session.type('more')).toContain('That was the last page of these results.');

    session.child.stdin.end();
    await once(session.child, 'exit');
  });

  it('answers searches and help, then says Bye and exits 0 on Ctrl-D', async () => {
    const session = new ConsoleSession();
    await session.waitForPrompt(1);
    expect(session.screen).toMatch(/console chat/i);
    expect(session.screen).toMatch(/Ctrl-D/);

    const slash = await session.type('/papers recsys cold-start');
    expect(slash).toContain('Papers for “recsys cold-start”');
    for (const title of COLD_START_SEEDS) expect(slash).toContain(title);

    const bare = await session.type('recsys cold-start');
    for (const title of COLD_START_SEEDS) expect(bare).toContain(title);

    const help = await session.type('help');
    expect(help).toContain('paperboy commands');
    // Paging is documented where a command shows pages.
    expect(await session.type('help search')).toContain('page:2 shows the next results');
    expect(await session.type('help like')).toMatch(/like <id> \[<page>\][\s\S]*page:2 shows the next results/);
    for (const command of ALL_COMMANDS) expect(help).toContain(`/papers ${command.name}`);

    // `more` pages the last results, as the More results button would: here it says to type more.
    expect(bare).toContain('[More results: more]');
    expect(bare).toMatch(/Results 1–5/);
    const more = await session.type('more');
    expect(more).toContain('Papers for “recsys cold-start”');
    expect(more).toMatch(/Results 6–\d+/);
    expect(more).not.toContain('Papers for “more”');

    const hostile = await session.type('"cold start');
    expect(hostile).toMatch(/no closing quote/);

    session.child.stdin.end();
    const [code] = (await once(session.child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(session.screen).toMatch(/Bye\.?\s*$/);
    // stdout is a pipe, not a TTY: no colour or cursor codes.
    expect(session.screen).not.toContain('\x1b');
    expect(session.screen + session.errors).not.toMatch(STACK_TRACE);
  });
});
