import { fileURLToPath } from 'node:url';

/** The repository root, where bin/ and bench/ live. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface NodeOptions {
  /** Write a V8 CPU profile (.cpuprofile) of the child into this folder. */
  cpuProfileDir?: string | null;
  /** Extra node flags, e.g. --expose-gc. */
  flags?: string[];
}

/** `node [flags] <script> [args]` as an argv for spawn, with the profiling flags when asked. */
export function nodeArgv(script: string, args: string[], options: NodeOptions = {}): string[] {
  const profile = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  return [...profile, ...(options.flags ?? []), script, ...args];
}
