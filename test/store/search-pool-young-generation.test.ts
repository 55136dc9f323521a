import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/store/open-database.ts';

const dir = mkdtempSync(join(tmpdir(), 'paperboy-pool-young-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A process as `serve` starts it (src/cli.ts holds the young generation first), from dist/ (built
 * by test/build-dist.ts): starts the pool (and searches on both workers) or a bare worker thread,
 * then churns short-lived garbage on its own thread and prints its young generation (new space) in MB.
 */
function youngGenerationAfter(start: 'pool' | 'bare worker'): number {
  const dist = new URL('../../dist/', import.meta.url).href;
  const script = `
    import { getHeapSpaceStatistics } from 'node:v8';
    const { holdChatThreadYoungGeneration } = await import('${dist}heap-growth.js');
    const { createSearchPool } = await import('${dist}adapters/store/search-pool/search-pool.js');
    const { silentLogger } = await import('${dist}core/logger.js');
    const { Worker } = await import('node:worker_threads');
    const { once } = await import('node:events');
    holdChatThreadYoungGeneration();
    let stop;
    if (${JSON.stringify(start)} === 'pool') {
      const pool = createSearchPool({ databasePath: ${JSON.stringify(join(dir, 'paperboy.db'))}, log: silentLogger, suggester: { suggest: () => null }, size: 2 });
      await Promise.all([pool.searchText('pause', 5), pool.searchText('quokka', 5)]);
      stop = () => pool.close();
    } else {
      const worker = new Worker('setInterval(() => {}, 1000)', { eval: true });
      await once(worker, 'online');
      stop = () => worker.terminate();
    }
    let kept = [];
    for (let i = 0; i < 3e6; i++) { kept.push({ i, s: 'x' + i }); if (kept.length > 2000) kept = []; }
    await stop();
    console.log(getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1048576);
  `;
  // A file, not node -e: the workers inherit node's flags, and --input-type would fail them.
  const file = join(dir, 'serve-like.mjs');
  writeFileSync(file, script);
  return Number(execFileSync(process.execPath, [file], { encoding: 'utf8' }).trim());
}

describe('serving holds the chat thread’s young generation while the pool’s workers start', () => {
  it('keeps it at a few MB, though each worker isolate’s set-up raises V8’s growth factor again', () => {
    openDatabase(join(dir, 'paperboy.db')).close();
    // Another worker's isolate undoes the hold: under this churn the young generation grows to V8's 32 MB.
    expect(youngGenerationAfter('bare worker')).toBe(32);
    // The pool's workers hold it again first thing: 2 MB at start, plus what may grow in the moments
    // before a worker's first line runs.
    expect(youngGenerationAfter('pool')).toBeLessThanOrEqual(4);
  });
});
