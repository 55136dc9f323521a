/**
 * One `paperboy serve` replica as a real process (`node bin/paperboy.js serve`, dist/ as the tests'
 * global setup built it), its JSON log read from stderr: ready once Slack listens on its HTTP port
 * and Discord's adapter is up (the digest scheduler starts right after that line).
 */
import { spawn } from 'node:child_process';
import { cliEnv, REPO_ROOT } from '../cli/run-cli.ts';

export interface LogLine {
  level: number;
  msg?: string;
  [field: string]: unknown;
}

export interface Replica {
  name: string;
  pid: number;
  /** Slack's HTTP port (Bolt's receiver: /slack/events), once ready. */
  port: number;
  /** Settles once the replica serves both platforms; rejects when it exits first or takes too long (then it is killed). */
  ready: Promise<void>;
  /** Its log so far, one parsed JSON line each (pino's format). */
  log: LogLine[];
  /** Its stderr as written (lines that are not JSON included), for failure messages. */
  stderr(): string;
  /** Settles when the process is gone: its exit code, or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
  kill(signal: NodeJS.Signals): void;
}

/** How long a replica may take to start (migrations wait on the first replica's advisory lock; two shared cores). */
const START_LIMIT_MS = 60_000;

/**
 * Spawns `paperboy serve` with only `vars` (and PATH, HOME) in its environment. Returns at once, so
 * the caller holds every process it started (and can stop it) before any is ready.
 */
export function spawnReplica(name: string, vars: Record<string, string>): Replica {
  const child = spawn(process.execPath, ['bin/paperboy.js', 'serve'], { cwd: REPO_ROOT, env: cliEnv(vars), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let partial = '';
  const log: LogLine[] = [];
  let exitedWith: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      exitedWith = { code, signal };
      resolve(exitedWith);
    }),
  );
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      try {
        log.push(JSON.parse(line) as LogLine);
      } catch {
        // A line that is not JSON stays in stderr() only.
      }
    }
  });

  const replica: Replica = {
    name,
    pid: child.pid!,
    port: 0,
    ready: Promise.resolve(),
    log,
    stderr: () => stderr,
    exited,
    alive: () => exitedWith === null,
    kill: (signal) => void child.kill(signal),
  };
  replica.ready = new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      const slack = log.find((l) => l.msg === 'slack started');
      if (!slack || !log.some((l) => l.msg === 'discord adapter started')) return;
      replica.port = Number(slack['port']);
      stop();
      resolve();
    }, 50);
    const timer = setTimeout(() => {
      stop();
      child.kill('SIGKILL');
      reject(new Error(`replica ${name} did not start within ${START_LIMIT_MS / 1000} s:\n${stderr}`));
    }, START_LIMIT_MS);
    const stop = () => {
      clearInterval(poll);
      clearTimeout(timer);
    };
    void exited.then(({ code, signal }) => {
      stop();
      reject(new Error(`replica ${name} exited (${code ?? signal}) before serving:\n${stderr}`));
    });
  });
  return replica;
}
