import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PAPERBOY_V8_FLAGS } from '../src/heap-growth.ts';

/** The repository root, where bin/ and bench/ live. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The environment bin/paperboy.js gives itself on its `#!/usr/bin/env -S NAME=value node` line
 * (MALLOC_ARENA_MAX). The benchmark starts every paperboy process with it, so it measures what
 * `npx paperboy` and `npm start` run, not a bare `node bin/paperboy.js`.
 */
export const PAPERBOY_ENV: Readonly<Record<string, string>> = Object.fromEntries(
  [...(readFileSync(new URL('../bin/paperboy.js', import.meta.url), 'utf8').split('\n')[0]!.matchAll(/\b([A-Z_]+)=(\S+)/g))].map((m) => [m[1]!, m[2]!]),
);

/**
 * paperboy's V8 flags (--heap-growing-percent, src/heap-growth.ts). src/cli.ts sets them in code, but
 * the benchmark also runs src/ modules in processes of its own (the chat-load server, the
 * serving-memory child) that never pass through src/cli.ts, so each process it starts gets them on
 * node's command line as well, like the environment.
 */
export const PAPERBOY_NODE_FLAGS: readonly string[] = PAPERBOY_V8_FLAGS;

export interface NodeOptions {
  /** Write a V8 CPU profile (.cpuprofile) of the child into this folder. */
  cpuProfileDir?: string | null;
  /** Extra node flags, e.g. --expose-gc. */
  flags?: string[];
}

/** `node [flags] <script> [args]` as an argv for spawn: paperboy's node flags, and the profiling ones when asked. */
export function nodeArgv(script: string, args: string[], options: NodeOptions = {}): string[] {
  const profile = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  return [...PAPERBOY_NODE_FLAGS, ...profile, ...(options.flags ?? []), script, ...args];
}
