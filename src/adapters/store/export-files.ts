import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Where exported files go: an `exports` folder beside the database (the console's posted digests
 * live beside it too), or the system's temporary folder for a store in memory.
 */
export function exportFolder(databasePath: string): string {
  return databasePath === ':memory:' ? join(tmpdir(), 'paperboy-exports') : join(dirname(databasePath), 'exports');
}

/** Writes `content` as `name` in the export folder and returns the file's path. */
export function writeExportFile(databasePath: string, name: string, content: string): string {
  const folder = exportFolder(databasePath);
  mkdirSync(folder, { recursive: true });
  const path = join(folder, name);
  writeFileSync(path, content, 'utf8');
  return path;
}
