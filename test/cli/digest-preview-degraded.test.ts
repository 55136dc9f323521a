/**
 * `paperboy digest --dry-run` and `/papers digest preview` say what the posted digest will say,
 * the heads-up about sources that failed since the last digest included. Driven through the built
 * CLI (bin/paperboy.js) against a store on disk; the ingest fails because arXiv's listing URL is a
 * port nothing listens on (offline, as a machine without network sees it).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSnapshotSlice } from '../store/arxiv-slice.ts';
import { cliEnv, runCli, STACK_TRACE, type CliRun } from './run-cli.ts';

const HEADS_UP = /Heads-up: arXiv listings \(cs\.IR\) was degraded since the last digest, so some papers may be missing\. \/papers status has the details\./;

let dir: string;
let env: NodeJS.ProcessEnv;
/** What each step printed, in the order they ran. */
const steps: Record<string, CliRun> = {};

async function step(name: string, args: string[]): Promise<void> {
  steps[name] = await runCli(args, env);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paperboy-digest-degraded-'));
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const closed = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/rss/`;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  env = cliEnv({ DATABASE_PATH: join(dir, 'paperboy.db'), ARXIV_RSS_URL: closed });
  const slice = join(dir, 'arxiv-slice.jsonl');
  await writeSnapshotSlice(slice, 300);

  // Steps depend on each other's store: one after another.
  await step('subscribe', ['chat', '/papers subscribe recommendation']);
  await step('ingest', ['ingest', '--source', 'arxiv-rss', '--category', 'cs.IR']);
  await step('dry run, nothing new', ['digest', '--dry-run']);
  await step('preview, nothing new', ['chat', '/papers digest preview']);
  await step('import', ['import', slice]);
  await step('dry run', ['digest', '--dry-run']);
  await step('preview', ['chat', '/papers digest preview']);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a digest preview shows degraded sources', () => {
  it('the ingest failed offline (the setting the previews report)', () => {
    expect(steps['subscribe']!.code).toBe(0);
    expect(steps['ingest']!.code).toBe(1);
    expect(steps['import']!.code).toBe(0);
  });

  it('digest --dry-run with nothing new still says a source failed since the last digest', () => {
    const { code, stdout } = steps['dry run, nothing new']!;
    expect(code).toBe(0);
    expect(stdout).toMatch(/console:console: no new papers since the last digest\. Heads-up: arXiv listings \(cs\.IR\) was degraded/);
  });

  it('/papers digest preview with nothing new says it too', () => {
    const { code, stdout } = steps['preview, nothing new']!;
    expect(code).toBe(0);
    expect(stdout).toMatch(/No new papers match this channel’s subscriptions since its last digest\./);
    expect(stdout).toMatch(HEADS_UP);
  });

  it('digest --dry-run with papers carries the heads-up above them, as the posted digest does', () => {
    const { code, stdout } = steps['dry run']!;
    expect(code).toBe(0);
    expect(stdout).toMatch(/\(dry run, not posted\):\n.*Digest preview \(not posted\)[\s\S]*Heads-up: arXiv listings \(cs\.IR\)[\s\S]*^1\. /m);
    expect(stdout).toMatch(HEADS_UP);
  });

  it('/papers digest preview with papers carries it as well', () => {
    const { code, stdout } = steps['preview']!;
    expect(code).toBe(0);
    expect(stdout).toMatch(/Digest preview \(not posted\)/);
    expect(stdout).toMatch(HEADS_UP);
  });

  it('shows no stack trace anywhere', () => {
    for (const run of Object.values(steps)) expect(run.stdout + run.stderr).not.toMatch(STACK_TRACE);
  });
});
