#!/usr/bin/env -S MALLOC_ARENA_MAX=1 node
// MALLOC_ARENA_MAX=1: one malloc arena for all of the process's threads. By default glibc gives each
// thread its own (the import's reader thread, zlib's and V8's helpers), and memory freed in one is
// not reused by another: 1 arena measured 259–277 MB peak against 295–308 MB (GNU time) for
// `paperboy import` of the 78,736-paper snapshot, at the same speed. glibc reads it when the process
// starts, so it has to be in the environment already; V8's heap flag is set in code instead
// (src/heap-growth.ts), which also reaches `node bin/paperboy.js` and `node dist/cli.js`.
//
// Runs the compiled sources in dist/, which `npm run build` (tsc -p tsconfig.build.json) writes;
// `npm install`, `npm ci` and `npm start` run it. Development runs the sources with tsx instead.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  console.error(`paperboy is not built: ${fileURLToPath(cli)} is missing. Run \`npm run build\` in ${root} (npm install runs it too).`);
  process.exit(1);
}
await import(cli.href);
