/**
 * Issue 21: a replica killed mid-digest has its work finished by another within a minute. Two
 * parts make that so, each tested here: the delivering process keeps its channel's short lease
 * alive while a post is out (so a slow send never hands the channel to a second poster), and a
 * scheduler that met a channel leased by another process looks again soon (so a dead holder's
 * lapsed lease is taken over before the next minute's tick).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SqliteApp } from '../../src/app.ts';
import { startDigestScheduler } from '../../src/adapters/scheduler/digest-scheduler.ts';
import { deliverChannel, type DigestDeps } from '../../src/core/digest/deliver-digest.ts';
import type { DigestService } from '../../src/core/digest/digest-service.ts';
import type { DueRun } from '../../src/core/digest/run-due-digests.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { systemClock } from '../../src/core/ports.ts';
import { invoker, recordingPoster, testApp } from './digest-helpers.ts';
import { paper } from '../support/papers.ts';

describe('channel leases across processes', () => {
  let app: SqliteApp | undefined;
  afterEach(() => app?.close());

  it('a slow post keeps its lease: another process cannot take the channel until the delivery ends', async () => {
    app = testApp(systemClock);
    const who = invoker('slack', 'T-L', 'C-lease', true);
    await app.run('subscribe recsys cold-start', who);
    // Arrives after the subscription: new for the channel.
    await app.papers.upsertPapers([paper('Cold-start recommendation with meta-learning', 'recsys cold-start users')], new Date().toISOString());
    const channel = (await app.store.stores.subscriptions.findChannel(who))!;
    const { papers, subscriptions, ledger, authors } = app.store.stores;
    let releaseSend: () => void = () => {};
    let sendStarted: () => void = () => {};
    const started = new Promise<void>((resolve) => (sendStarted = resolve));
    const poster = recordingPoster();
    const send = poster.send.bind(poster);
    poster.send = async (...args) => {
      sendStarted();
      // The platform takes its time: longer than the lease lasts unrenewed.
      await new Promise<void>((resolve) => (releaseSend = resolve));
      return send(...args);
    };
    const ttlMs = 150;
    const deps: DigestDeps = {
      papers,
      store: subscriptions,
      ledger,
      authors,
      posterFor: () => poster,
      health: null,
      log: silentLogger,
      lease: { holder: 'replica-a', ttlMs },
      clock: () => new Date(),
    };
    const now = new Date();
    const delivery = deliverChannel(deps, channel, now.toISOString(), now);
    await started;
    // Three lease lifetimes later, the post still out: the holder's renewals kept the lease.
    await new Promise((resolve) => setTimeout(resolve, ttlMs * 3));
    expect(await ledger.acquireLease(channel.id, { holder: 'replica-b', ttlMs }, new Date())).toBe(false);
    releaseSend();
    const [result] = await delivery;
    expect(result?.outcome.status).toBe('sent');
    // Released at the end: the next process takes it at once.
    expect(await ledger.acquireLease(channel.id, { holder: 'replica-b', ttlMs }, new Date())).toBe(true);
  });

  it('a tick that met a busy channel looks again soon, and stops looking once nothing is busy', async () => {
    const busy = { outcome: { status: 'busy' } } as DueRun;
    const answers: DueRun[][] = [[busy], [busy], []];
    const runDue = vi.fn(async () => answers.shift() ?? []);
    const digests = { runDue } as unknown as DigestService;
    const scheduler = startDigestScheduler({ digests, clock: systemClock, log: silentLogger, recheckBusyMs: 20 });
    try {
      // The tick at start met a busy channel, the look 20 ms later too, the next one found none.
      await vi.waitFor(() => expect(runDue).toHaveBeenCalledTimes(3), { timeout: 5_000 });
      expect(answers).toEqual([]);
    } finally {
      await scheduler.stop();
    }
  });
});
