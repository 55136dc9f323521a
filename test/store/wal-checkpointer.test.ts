/**
 * A serving process never copies the write-ahead log on its chat thread (wal-checkpointer.ts): its
 * connection's automatic checkpoints are off, and a thread of its own copies the log in.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { startWalCheckpointer } from '../../src/adapters/store/wal-checkpointer.ts';
import { silentLogger } from '../../src/core/logger.ts';

it("a write after another process grew the log leaves the copy to the checkpointer's thread, which copies it", async () => {
  const folder = mkdtempSync(join(tmpdir(), 'paperboy-checkpoint-'));
  const path = join(folder, 'paperboy.db');
  const serving = openDatabase(path, { log: silentLogger });
  const checkpointer = startWalCheckpointer(serving.sqlite, path, silentLogger, 60_000);
  // An importer in another process: its own checkpoints held off, as a bulk load's are, so the log grows.
  const importer = new Database(path);
  importer.pragma('wal_autocheckpoint = 0');
  importer.exec('CREATE TABLE filler (blob BLOB)');
  const insert = importer.prepare('INSERT INTO filler VALUES (randomblob(4096))');
  importer.transaction(() => {
    for (let i = 0; i < 3_000; i++) insert.run();
  })();
  try {
    expect(serving.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    // The serving connection's commit leaves the log as it is: no copy on this thread.
    serving.sqlite.exec("CREATE TABLE touched (x); INSERT INTO touched VALUES ('serving wrote')");
    const databaseBytes = statSync(path).size;
    expect(databaseBytes).toBeLessThan(1_000 * 4096);
    // The checkpointer's thread copies the log into the database.
    const done = await checkpointer.checkpointNow();
    expect(done.log).toBeGreaterThan(3_000);
    expect(done.checkpointed).toBe(done.log);
    expect(statSync(path).size).toBeGreaterThan(3_000 * 4096);
  } finally {
    await checkpointer.stop();
    importer.close();
    serving.close();
    rmSync(folder, { recursive: true, force: true });
  }
});
