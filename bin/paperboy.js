#!/usr/bin/env -S MALLOC_ARENA_MAX=1 node
// MALLOC_ARENA_MAX=1: one malloc arena for all of the process's threads. By default glibc gives each
// thread its own (the import's reader thread, zlib's and V8's helpers), and memory freed in one is
// not reused by another: 1 arena measured 259–277 MB peak against 295–308 MB (GNU time) for
// `paperboy import` of the 78,736-paper snapshot, at the same speed.
//
// Runs the compiled sources (dist/, bin/build.js) when they are current, and otherwise the
// TypeScript sources through tsx's loader, so an edit needs no build step to take effect.
import { compiledIsCurrent } from './build-state.js';

if (compiledIsCurrent()) {
  await import('../dist/cli.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
