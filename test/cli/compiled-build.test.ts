import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript beside bin/paperboy.js, without type declarations.
import { compiledIsCurrent } from '../../bin/build-state.js';
import { REPO_ROOT, STACK_TRACE, cliEnv } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'paperboy-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const node = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, args, { cwd: REPO_ROOT, env: cliEnv(env), encoding: 'utf8' });

describe('the compiled build (bin/build.js → dist/)', () => {
  it('runs the commands from dist/ with plain node, the snapshot reader thread included', () => {
    // A no-op when dist/ is current (as after `npm ci`); otherwise it bundles src/ again.
    const build = node(['bin/build.js']);
    expect(build.status, build.stderr).toBe(0);
    const help = node(['dist/cli.js', 'help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('paperboy import <file[.gz]>');

    const snapshot = join(dir, 'two.jsonl');
    writeFileSync(snapshot, ['2611.50001', '2611.50002'].map((id) => JSON.stringify({ id, title: `Numbat gait ${id}`, abstract: 'Numbats walk.', authors: 'Ada Lovelace', categories: 'q-bio.PE' })).join('\n'));
    const database = join(dir, 'compiled.db');
    const imported = node(['dist/cli.js', 'import', snapshot], { DATABASE_PATH: database });
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/2 lines, 2 new/);
    const found = node(['dist/cli.js', 'search', 'numbat', '--json'], { DATABASE_PATH: database });
    expect(found.stdout).toContain('2611.50001');
    expect(`${found.stdout}${found.stderr}`).not.toMatch(STACK_TRACE);
  });

  it('indexes a large load once at its end, from the bundle', () => {
    // Large enough, by its size, for the load to defer the full-text index and build it at the end.
    const snapshot = join(dir, 'three-hundred.jsonl');
    const abstract = `Numbats forage for termites at dawn. ${'Their gait is studied in the wild. '.repeat(50)}`;
    writeFileSync(snapshot, Array.from({ length: 300 }, (_, i) => JSON.stringify({ id: `2611.6${String(i).padStart(4, '0')}`, title: `Numbat foraging ${i}`, abstract, authors: 'Ada Lovelace', categories: 'q-bio.PE' })).join('\n'));
    const database = join(dir, 'large.db');
    const imported = node(['dist/cli.js', 'import', snapshot], { DATABASE_PATH: database, LOG_LEVEL: 'debug' });
    expect(imported.status, imported.stderr).toBe(0);
    const finished = imported.stderr.split('\n').filter((line) => line.includes('"import finished"')).map((line) => JSON.parse(line) as { fullTextIndex: string; inserted: number });
    expect(finished).toEqual([expect.objectContaining({ inserted: 300, fullTextIndex: 'rebuilt' })]);
    const found = node(['dist/cli.js', 'search', 'numbat termites', '--json', '--limit', '1000'], { DATABASE_PATH: database });
    expect((JSON.parse(found.stdout) as unknown[]).length).toBe(300);
  });

  it('is current only while no source file or build input is newer than the last complete build', () => {
    const sources = join(dir, 'src');
    mkdirSync(join(sources, 'core'), { recursive: true });
    const stamp = join(dir, '.built');
    const lockFile = join(dir, 'package-lock.json');
    const inputs = [lockFile, join(dir, 'missing-build-input.js')];
    const at = (path: string, seconds: number) => utimesSync(path, seconds, seconds);
    writeFileSync(join(sources, 'cli.ts'), '');
    writeFileSync(join(sources, 'core', 'paper.ts'), '');
    writeFileSync(lockFile, '');
    for (const file of [join(sources, 'cli.ts'), join(sources, 'core', 'paper.ts'), lockFile]) at(file, 1_000);
    expect(compiledIsCurrent(sources, stamp, inputs)).toBe(false); // never built
    writeFileSync(stamp, '');
    at(stamp, 2_000);
    expect(compiledIsCurrent(sources, stamp, inputs)).toBe(true); // a missing input does not count
    at(lockFile, 3_000); // a dependency upgrade: the bundle holds some packages
    expect(compiledIsCurrent(sources, stamp, inputs)).toBe(false);
    at(lockFile, 1_000);
    at(join(sources, 'core', 'paper.ts'), 3_000); // an edit, a checkout or a pull
    expect(compiledIsCurrent(sources, stamp, inputs)).toBe(false);
  });
});
