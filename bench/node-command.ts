import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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

/** The node flags on that same line (--heap-growing-percent): every paperboy process the benchmark starts gets them too. */
export const PAPERBOY_NODE_FLAGS: readonly string[] = readFileSync(new URL('../bin/paperboy.js', import.meta.url), 'utf8')
  .split('\n')[0]!
  .split(/\s+/)
  .filter((word) => word.startsWith('--'));

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
