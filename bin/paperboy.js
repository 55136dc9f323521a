#!/usr/bin/env -S MALLOC_ARENA_MAX=1 node
// MALLOC_ARENA_MAX=1: one malloc arena for all of the process's threads. By default glibc gives each
// thread its own (the import's reader thread, zlib's and V8's helpers), and memory freed in one is
// not reused by another: 1 arena measured 259–277 MB peak against 295–308 MB (GNU time) for
// `paperboy import` of the 78,736-paper snapshot, at the same speed.
// Runs the TypeScript sources directly through tsx's loader, so `npx paperboy` needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
