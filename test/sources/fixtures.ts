import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The recorded API responses (see its README.md); PAPERBOY_FIXTURES_DIR points elsewhere. */
export const FIXTURES_DIR = process.env.PAPERBOY_FIXTURES_DIR ?? '/work/shared/fixtures';

/** The text of one recorded response, e.g. `readFixture('arxiv-api/arxiv-api-empty-result.atom.xml')`. */
export function readFixture(path: string): string {
  return readFileSync(join(FIXTURES_DIR, path), 'utf8');
}

/** The file names in one fixture folder. */
export function listFixtures(folder: string): string[] {
  return readdirSync(join(FIXTURES_DIR, folder)).sort();
}
