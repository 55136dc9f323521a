// Where the compiled sources live and whether they are current: shared by bin/build.js (which
// writes them) and bin/paperboy.js (which runs them only when current). Plain JavaScript, so
// that deciding costs no TypeScript loader.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SOURCE_DIR = join(ROOT, 'src');
/** The bundles of src/ (bin/build.js), which keep each module's paths relative to src/ (`../../../drizzle`). */
export const OUT_DIR = join(ROOT, 'dist');
/** Written last by a complete build; its time is the build's. */
export const STAMP = join(OUT_DIR, '.built');

/** Every .ts file under src/, as paths relative to it. */
export function sourceFiles(dir = SOURCE_DIR, prefix = '') {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return sourceFiles(join(dir, entry.name), relative);
    return entry.name.endsWith('.ts') ? [relative] : [];
  });
}

const mtimeMs = (path) => statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? null;

/**
 * What a build reads besides src/: the bundle holds some packages (a dependency upgrade changes the
 * lock file) and this script decides its layout.
 */
export const BUILD_INPUTS = [join(ROOT, 'package-lock.json'), join(ROOT, 'bin', 'build.js')];

/**
 * True when dist/ holds a complete build at least as new as every source file and build input: an
 * edit, a checkout, a pull or an upgrade since the last build makes it false, and the sources run
 * instead (about 2 ms: one stat call per file).
 */
export function compiledIsCurrent(sourceDir = SOURCE_DIR, stamp = STAMP, inputs = BUILD_INPUTS) {
  const built = mtimeMs(stamp);
  if (built === null) return false;
  // A build input that is missing (an install without a lock file) does not make a build stale.
  if (inputs.some((path) => (mtimeMs(path) ?? -Infinity) > built)) return false;
  return sourceFiles(sourceDir).every((file) => (mtimeMs(join(sourceDir, file)) ?? Infinity) <= built);
}
