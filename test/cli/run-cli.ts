import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root, where `node bin/paperboy.js` runs dist/ as `npx paperboy` would (the tests' global setup builds it). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * An environment with no platform credentials: only what node needs plus the given variables,
 * so a developer's own SLACK_ or DISCORD_ settings cannot leak into the test.
 */
export function cliEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', LOG_LEVEL: 'silent', ...vars };
}

/** Spawns at once: each paperboy start is CPU-bound (about a quarter of a second from dist/), so more only thrash. */
const MAX_PARALLEL_RUNS = 4;
let running = 0;
const waiting: Array<() => void> = [];

async function slot<T>(work: () => Promise<T>): Promise<T> {
  // A finished run hands its slot straight to the next waiting one.
  if (running >= MAX_PARALLEL_RUNS) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** Runs `node bin/paperboy.js <args>` to completion with stdin closed; at most a few run at once. */
export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return slot(() => spawnCli(args, env));
}

function spawnCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/paperboy.js', ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A stack trace line ("    at main (…)") or an uncaught error header anywhere in the output. */
export const STACK_TRACE = /\n\s+at |^\w*Error: /m;
