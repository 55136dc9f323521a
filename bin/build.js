#!/usr/bin/env node
// Bundles src/ into dist/ with esbuild: types erased (no type check; `npm run typecheck` checks
// types), the project's modules and its pure-ESM packages of many small files (drizzle-orm, zod,
// stemmer) joined into a few files. `npx paperboy` then starts without tsx's loader, which
// resolves and compiles every module through a hooks thread, and without Node resolving, reading
// and compiling about 400 modules one by one: `paperboy help` took 0.66–0.79 s from the sources,
// 0.25–0.33 s compiled file by file, and 0.16–0.19 s bundled (GNU time).
// Runs on `npm ci`/`npm install` (prepare), `npm start` (prestart) and `npm run bench`; a no-op when
// dist/ is current (bin/build-state.js: newer than src/, this script and package-lock.json).
//
// Layout: dist/cli.js with its chunks (code `paperboy slack|discord|serve` alone needs loads on
// demand), and each worker thread's module bundled at the path it has in src/ (a worker is an
// isolate of its own, so it shares no module state with the main bundle). Native and CommonJS
// packages (better-sqlite3, pino, the platform SDKs…) stay in node_modules.
import { existsSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { OUT_DIR, ROOT, SOURCE_DIR, STAMP, compiledIsCurrent } from './build-state.js';

if (compiledIsCurrent()) process.exit(0);

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.error('paperboy build: esbuild is not installed (npm ci installs it), so paperboy will run from src/ through tsx (slower to start).');
  process.exit(0);
}

/** Started as worker threads (startWorkerBeside): each is bundled at its own path. */
const WORKER_ENTRIES = ['adapters/snapshot/snapshot-reader-worker.ts'];
/** Packages joined into the bundle: pure ESM, hundreds of small files between them. */
const BUNDLED_PACKAGES = new Set(['drizzle-orm', 'zod', 'stemmer']);

const packageName = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/**
 * Keeps every other package external, and gives each source module the `import.meta.url` it would
 * have at its own path under dist/ (the path it has under src/): modules find the migrations, the
 * seeds and their worker modules relative to themselves (`new URL('../../../drizzle', import.meta.url)`),
 * and inside a bundle import.meta.url is the bundle's. `outputDir` is where the bundle holding
 * the module is written (every output of one build sits in the same folder).
 */
function sourceLayoutPlugin(stagingDir, outputDir) {
  return {
    name: 'paperboy-source-layout',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        // Entry points are paths (on Windows `C:\…`, which the filter matches too).
        if (args.kind === 'entry-point') return undefined;
        if (args.path.startsWith('node:') || !BUNDLED_PACKAGES.has(packageName(args.path))) return { external: true };
        return undefined;
      });
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        const text = await readFile(args.path, 'utf8');
        if (!args.path.startsWith(SOURCE_DIR) || !text.includes('import.meta.url')) return { contents: text, loader: 'ts' };
        const asCompiled = join(stagingDir, relative(SOURCE_DIR, args.path)).replace(/\.ts$/, '.js');
        const fromOutput = `./${relative(outputDir, asCompiled)}`;
        return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromOutput)}, import.meta.url).href`), loader: 'ts' };
      });
    },
  };
}

const started = performance.now();
// The stamp carries the build's start time: a source saved while the build runs is then newer than
// the stamp, and the next start or build sees it.
const startedAt = new Date();
// Built beside (a name per process, so two builds at once do not mix) and swapped in whole.
const staging = `${OUT_DIR}.next-${process.pid}`;
rmSync(staging, { recursive: true, force: true });
const common = { bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'silent', legalComments: 'none' };
try {
  await esbuild.build({
    ...common,
    entryPoints: [{ in: join(SOURCE_DIR, 'cli.ts'), out: 'cli' }],
    outdir: staging,
    splitting: true,
    chunkNames: 'chunk-[hash]',
    plugins: [sourceLayoutPlugin(staging, staging)],
  });
  for (const entry of WORKER_ENTRIES) {
    const outfile = join(staging, entry.replace(/\.ts$/, '.js'));
    await esbuild.build({ ...common, entryPoints: [join(SOURCE_DIR, entry)], outfile, plugins: [sourceLayoutPlugin(staging, dirname(outfile))] });
  }
} catch (error) {
  rmSync(staging, { recursive: true, force: true });
  if (!Array.isArray(error.errors)) {
    // esbuild itself failed (a binary for another platform, say), not the sources: they still run through tsx.
    console.error(`paperboy build: esbuild could not run (${error.message}), so paperboy will run from src/ through tsx (slower to start).`);
    process.exit(0);
  }
  const messages = error.errors.map((e) => `${e.location ? `${relative(ROOT, e.location.file)}:${e.location.line}: ` : ''}${e.text}`);
  console.error(`paperboy build: src/ did not compile; fix it and run npm run build again.\n${messages.join('\n')}`);
  process.exit(1);
}
const stamp = join(staging, relative(OUT_DIR, STAMP));
writeFileSync(stamp, `${startedAt.toISOString()}\n`);
utimesSync(stamp, startedAt, startedAt);
// Renamed aside first: a partly deleted dist/ with its stamp still there would count as current.
const previous = `${OUT_DIR}.old-${process.pid}`;
if (existsSync(OUT_DIR)) renameSync(OUT_DIR, previous);
renameSync(staging, OUT_DIR);
rmSync(previous, { recursive: true, force: true });
console.error(`paperboy build: bundled src/ into dist/ in ${Math.round(performance.now() - started)} ms.`);
