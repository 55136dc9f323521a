import cron from 'node-cron';
import { LEASE_RECHECK_MS } from '../../core/digest/delivery-policy.ts';
import type { DigestService } from '../../core/digest/digest-service.ts';
import type { Logger } from '../../core/logger.ts';
import type { Clock } from '../../core/ports.ts';

export interface DigestScheduler {
  /** Runs one tick now (also what each minute's cron job does). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export interface DigestSchedulerDeps {
  digests: DigestService;
  clock: Clock;
  log: Logger;
  beforeEachTick?: () => void;
  /** How soon a tick that found channels busy (leased by another process) is followed by another; LEASE_RECHECK_MS by default. */
  recheckBusyMs?: number;
}

/**
 * Ticks every minute with node-cron and delivers the digests that are due. The first tick runs at
 * start, so a process that was down posts one catch-up digest per channel right away. Ticks never
 * overlap: a slow tick makes the next one wait rather than run twice.
 *
 * Several processes on one store (replicas on PostgreSQL, or two on one SQLite file) all tick; a
 * channel's lease gives each due channel to one of them. A tick that met a channel leased by
 * another process ticks again LEASE_RECHECK_MS later, until no channel is busy: if that process
 * died mid-digest, its lease lapses (LEASE_TTL_MS) and this one finishes the digest well before the
 * next minute's tick would have looked.
 */
export function startDigestScheduler(deps: DigestSchedulerDeps): DigestScheduler {
  let running: Promise<void> | null = null;
  let recheck: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const recheckMs = deps.recheckBusyMs ?? LEASE_RECHECK_MS;
  const tick = (): Promise<void> => {
    if (running) return running;
    if (recheck) clearTimeout(recheck);
    recheck = null;
    running = (async () => {
      let busy = 0;
      try {
        deps.beforeEachTick?.();
        const runs = await deps.digests.runDue(deps.clock.now());
        for (const run of runs) {
          if (run.outcome.status === 'busy') busy++;
          else deps.log.info({ channel: run.channel.ref, slot: run.slot, outcome: run.outcome }, 'digest run');
        }
        if (busy > 0) deps.log.debug({ busy, recheckMs }, 'channels leased by another process; looking again soon');
      } catch (error) {
        deps.log.error({ err: error }, 'digest tick failed');
      } finally {
        running = null;
      }
      if (busy > 0 && !stopped) {
        recheck = setTimeout(() => void tick(), recheckMs);
        recheck.unref();
      }
    })();
    return running;
  };
  const task = cron.schedule('* * * * *', () => void tick(), { name: 'paperboy-digests' });
  void tick();
  return {
    tick,
    async stop() {
      stopped = true;
      if (recheck) clearTimeout(recheck);
      await task.stop();
      if (running) await running;
    },
  };
}
