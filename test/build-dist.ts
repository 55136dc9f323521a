/**
 * Vitest's global setup: compiles src/ into dist/ once before any test runs. Some tests run
 * paperboy as a user does (`node bin/paperboy.js`, which runs dist/cli.js: test/cli/run-cli.ts) or
 * spawn children that import dist/ (test/digest/crash-child.mjs), and they must run the sources as
 * they are now, not as of the last `npm run build`. tsc's incremental build (dist/.tsbuildinfo)
 * writes only what changed since then: 2–3 s when nothing did, mostly parsing the packages' types.
 * Types are not checked here (--noCheck): `npm run typecheck` does that, and a type error in one
 * module should fail its own tests, not stop every test. In watch mode it runs once, at the start.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export default function buildDist(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/lib/tsc.js');
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--noCheck'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm test compiles src/ into dist/ first (tsc -p tsconfig.build.json --noCheck), and that failed:\n${stdout}${stderr}`);
  }
}
