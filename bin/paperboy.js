#!/usr/bin/env -S MALLOC_ARENA_MAX=1 node --heap-growing-percent=50
// MALLOC_ARENA_MAX=1: one malloc arena for all of the process's threads. By default glibc gives each
// thread its own (the import's reader thread, zlib's and V8's helpers), and memory freed in one is
// not reused by another: 1 arena measured 259–277 MB peak against 295–308 MB (GNU time) for
// `paperboy import` of the 78,736-paper snapshot, at the same speed.
// --heap-growing-percent=50: V8 lets a heap's old generation grow to 1.5x what survived the last full
// collection before it collects again, not up to 4x (its default on a machine with this much memory).
// A serving process keeps about 21 MB alive on its chat thread and 8 MB in each search worker (heap
// snapshots), yet without the pool its chat thread's heap grew from 62 to 104 MB over 6,000 commands,
// most of it garbage. At 78,736 papers with the pool (bench/serving-memory.ts, 20 rounds of 300
// commands): RSS peak 212 MB against 227, after round 20 202 against 217; `paperboy import` of the
// snapshot peaked at 199 MB against 209-215, in 10.5 / 12.8 s against 10.7 / 11.8 s.
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
