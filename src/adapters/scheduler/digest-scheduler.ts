import cron from 'node-cron';
import type { DigestService } from '../../core/digest/digest-service.ts';
import type { Logger } from '../../core/logger.ts';
import type { Clock } from '../../core/ports.ts';

export interface DigestScheduler {
  /** Runs one tick now (also what each minute's cron job does). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Ticks every minute with node-cron and delivers the digests that are due. The first tick runs at
 * start, so a process that was down posts one catch-up digest per channel right away. Ticks never
 * overlap: a slow tick makes the next one wait rather than run twice.
 */
export function startDigestScheduler(deps: { digests: DigestService; clock: Clock; log: Logger; beforeEachTick?: () => void }): DigestScheduler {
  let running: Promise<void> | null = null;
  const tick = (): Promise<void> => {
    if (running) return running;
    running = (async () => {
      try {
        deps.beforeEachTick?.();
        const runs = await deps.digests.runDue(deps.clock.now());
        for (const run of runs) deps.log.info({ channel: run.channel.ref, slot: run.slot, outcome: run.outcome }, 'digest run');
      } catch (error) {
        deps.log.error({ err: error }, 'digest tick failed');
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const task = cron.schedule('* * * * *', () => void tick(), { name: 'paperboy-digests' });
  void tick();
  return {
    tick,
    async stop() {
      await task.stop();
      if (running) await running;
    },
  };
}
