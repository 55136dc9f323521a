/**
 * Writes of the chat thread that never hold up the event loop while another process writes.
 *
 * SQLite lets one connection write at a time, and a waiting write sleeps in SQLite's busy handler,
 * on the calling thread. `paperboy import` beside a serving bot writes 1,000-paper batches back to
 * back and rebuilds the full-text index at its end (2.3 s for 78,736 papers): a `/papers subscribe`
 * meanwhile slept 0.4–1.3 s (2.3 s during the rebuild) on the thread that acks Slack and Discord,
 * and every other user's ack waited with it.
 *
 * So the chat thread's store writes go through here: each runs in its own `BEGIN IMMEDIATE`
 * transaction with the busy timeout off for that call, so a taken write lock fails at BEGIN, before
 * anything is written, and is tried again after an asynchronous pause (the event loop runs
 * meanwhile) until STORE_BUSY_TIMEOUT_MS has passed, as SQLite's own wait would. The port's answer
 * is then a promise (the ports are Awaitable); when the lock is free it is the value, as before.
 * While it waits it leaves a mark beside the database (waiting-writers.ts), and the importer lets
 * it in between two batches: without that, a retry almost never finds the lock free, because the
 * importer begins its next batch the moment it commits one.
 *
 * Reads are left alone: in WAL mode they never wait for a writer.
 */
import type Database from 'better-sqlite3';
import type { Awaitable } from '../../core/awaitable.ts';
import { STORE_BUSY_TIMEOUT_MS } from './store-health.ts';
import { clearWriterWaiting, markWriterWaiting } from './waiting-writers.ts';

export interface YieldingWritesOptions {
  /** How long a write keeps trying before it fails as SQLite's busy timeout would. */
  timeoutMs?: number;
  /** Waits between tries (tests pass their own). */
  sleep?: (ms: number) => Promise<void>;
}

const FIRST_PAUSE_MS = 2;
const LONGEST_PAUSE_MS = 25;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** SQLITE_BUSY and its extended codes: another connection holds the lock. */
export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** `T` with the methods `K` answering a value or, when they had to wait, a promise of it. */
export type YieldingWrites<T, K extends keyof T> = {
  [M in keyof T]: M extends K ? (T[M] extends (...args: infer A) => infer R ? (...args: A) => Awaitable<R> : T[M]) : T[M];
};

/**
 * `store` with its `writes` methods made to wait asynchronously for a taken write lock. The store
 * must be one of this connection's (`sqlite`), synchronous, and each listed method a write whose
 * every statement may run inside one transaction (nested transactions become savepoints).
 */
export function writesYieldWhileBusy<T extends object, K extends keyof T>(
  sqlite: Database.Database,
  store: T,
  writes: readonly K[],
  options: YieldingWritesOptions = {},
): YieldingWrites<T, K> {
  const timeoutMs = options.timeoutMs ?? STORE_BUSY_TIMEOUT_MS;
  const sleep = options.sleep ?? defaultSleep;
  const wrapped = { ...store } as Record<PropertyKey, unknown>;
  for (const name of writes) {
    const method = store[name];
    if (typeof method !== 'function') throw new Error(`${String(name)} is not a method of the store`);
    const once = (args: unknown[]) => {
      // Set for this call only: the connection's other users (ingestion, the importer's own
      // code paths) keep SQLite's waiting busy handler.
      sqlite.pragma('busy_timeout = 0');
      try {
        return sqlite.transaction(() => (method as (...a: unknown[]) => unknown).apply(store, args)).immediate();
      } finally {
        sqlite.pragma(`busy_timeout = ${STORE_BUSY_TIMEOUT_MS}`);
      }
    };
    const retry = async (args: unknown[], firstError: unknown): Promise<unknown> => {
      const giveUpAt = Date.now() + timeoutMs;
      let pause = FIRST_PAUSE_MS;
      let lastError = firstError;
      markWriterWaiting(sqlite.name);
      try {
        while (Date.now() < giveUpAt) {
          await sleep(pause);
          try {
            return once(args);
          } catch (error) {
            if (!isBusyError(error)) throw error;
            lastError = error;
            pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
          }
        }
        throw lastError;
      } finally {
        clearWriterWaiting(sqlite.name);
      }
    };
    wrapped[name as PropertyKey] = (...args: unknown[]) => {
      try {
        return once(args);
      } catch (error) {
        if (!isBusyError(error)) throw error;
        return retry(args, error);
      }
    };
  }
  return wrapped as YieldingWrites<T, K>;
}
