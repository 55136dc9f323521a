import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, STACK_TRACE, cliEnv } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'paperboy-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const node = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, args, { cwd: REPO_ROOT, env: cliEnv(env), encoding: 'utf8' });

// dist/ is built by npm ci / npm install (prepare), npm run build, and the tests' global setup (test/build-dist.ts).
describe('the compiled build (tsc → dist/)', () => {
  it('runs with plain node: migrations, seeds and the snapshot reader thread found from dist/', () => {
    const help = node(['dist/cli.js', 'help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('paperboy import <file[.gz]>');

    // Large enough, by its size, for the load to defer the full-text index and build it at the end.
    const snapshot = join(dir, 'three-hundred.jsonl');
    const abstract = `Numbats forage for termites at dawn. ${'Their gait is studied in the wild. '.repeat(50)}`;
    writeFileSync(snapshot, Array.from({ length: 300 }, (_, i) => JSON.stringify({ id: `2611.6${String(i).padStart(4, '0')}`, title: `Numbat foraging ${i}`, abstract, authors: 'Ada Lovelace', categories: 'q-bio.PE' })).join('\n'));
    const database = join(dir, 'compiled.db');
    const imported = node(['dist/cli.js', 'import', snapshot], { DATABASE_PATH: database, LOG_LEVEL: 'debug' });
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/300 lines, 300 new/);
    const finished = imported.stderr.split('\n').filter((line) => line.includes('"import finished"')).map((line) => JSON.parse(line) as { fullTextIndex: string; inserted: number });
    expect(finished).toEqual([expect.objectContaining({ inserted: 300, fullTextIndex: 'rebuilt' })]);
    const found = node(['dist/cli.js', 'search', 'numbat termites', '--json', '--limit', '1000'], { DATABASE_PATH: database });
    expect((JSON.parse(found.stdout) as unknown[]).length).toBe(300);
    // The seed papers (seeds/papers.json), loaded when the store was created.
    const seeded = node(['dist/cli.js', 'search', 'MigrationBench', '--json'], { DATABASE_PATH: database });
    expect(seeded.stdout).toContain('MigrationBench');
    expect(`${found.stdout}${found.stderr}${seeded.stderr}`).not.toMatch(STACK_TRACE);
  });

  it('bin/paperboy.js without a build says to run npm run build', () => {
    const install = join(dir, 'unbuilt');
    mkdirSync(join(install, 'bin'), { recursive: true });
    copyFileSync(join(REPO_ROOT, 'bin', 'paperboy.js'), join(install, 'bin', 'paperboy.js'));
    const run = spawnSync(process.execPath, [join(install, 'bin', 'paperboy.js'), 'help'], { env: cliEnv({}), encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('npm run build');
    expect(run.stderr).not.toMatch(STACK_TRACE);
  });
});
