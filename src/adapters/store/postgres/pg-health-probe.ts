/**
 * Whether PostgreSQL answers, for the health endpoint and for what a chat user is told when a
 * command fails on the store. A health request must stay cheap and synchronous (ChatHost.checkStore),
 * so the probe asks the database in the background every PROBE_EVERY_MS and the endpoint reads the
 * last answer: a load balancer's probe then never queues behind the pool, and a replica whose
 * database went away reports 503 within one interval.
 */
import type pg from 'pg';
import type { StoreHealth } from '../../../commands/chat-host.ts';
import type { Logger } from '../../../core/logger.ts';

/** How often the probe asks. */
export const PROBE_EVERY_MS = 5_000;
/** A probe slower than this counts as a database that does not answer. */
const PROBE_TIMEOUT_MS = 3_000;

export interface PgHealthProbe {
  /** The last answer: ok, or why not. Never throws. */
  current(): StoreHealth;
  stop(): void;
}

/**
 * SQLSTATE classes and socket errors that mean the database itself cannot be used right now
 * (https://www.postgresql.org/docs/15/errcodes-appendix.html): 08 connection exception, 53
 * insufficient resources (53100 disk full), 57P admin/crash shutdown, 25006 read-only transaction
 * (a standby after failover). Anything else is a bug or bad input, not the store's state.
 */
export function pgStoreProblem(error: unknown): 'unavailable' | 'full' | 'read-only' | null {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  if (code === '53100') return 'full';
  if (code === '25006') return 'read-only';
  if (code.startsWith('08') || code.startsWith('57P') || code.startsWith('53')) return 'unavailable';
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'EPIPE'].includes(code)) return 'unavailable';
  // node-postgres' own errors when a connection ends under a query or the pool cannot connect in time.
  if (error instanceof Error && /Connection terminated|timeout exceeded when trying to connect/i.test(error.message)) return 'unavailable';
  return null;
}

export function startPgHealthProbe(pool: pg.Pool, log: Logger): PgHealthProbe {
  let last: StoreHealth = { ok: true };
  let stopped = false;
  const probe = async () => {
    try {
      await Promise.race([
        pool.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error(`PostgreSQL did not answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS).unref()),
      ]);
      if (!last.ok) log.info({}, 'PostgreSQL answers again');
      last = { ok: true };
    } catch (error) {
      if (last.ok && !stopped) log.error({ err: error }, 'PostgreSQL does not answer');
      last = { ok: false, problem: 'unavailable' };
    }
  };
  const timer = setInterval(() => void probe(), PROBE_EVERY_MS);
  timer.unref();
  return {
    current: () => last,
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}
