import type { ChannelSettings } from '../subscriptions/subscription-ports.ts';
import type { DigestKind } from './digest-ledger.ts';
import { deliverChannel, type DeliveryOutcome, type DeliveryResult, type DigestDeps } from './deliver-digest.ts';
import { DIGEST_CONCURRENCY } from './delivery-policy.ts';
import { dueSlot } from './schedule.ts';
import { recapSlot } from './weekly-recap.ts';

export interface DueRun {
  channel: ChannelSettings;
  slot: string;
  kind: DigestKind;
  outcome: DeliveryOutcome;
}

/**
 * One scheduler tick: for every active channel, finishes its pending digests (a failed try, a
 * crash, a post not yet confirmed) and delivers the digest of its due slot (schedule.ts dueSlot:
 * the latest slot in its own zone, at most one a local day; after downtime one catch-up digest).
 * Channels are served side by side, DIGEST_CONCURRENCY at a time, so one slow channel delays
 * the others by seconds, not minutes; one channel's failure never stops the others. A channel
 * whose weekly recap is due (weekly-recap.ts) and not in the ledger yet gets it after its digest.
 */
export async function runDueDigests(baseDeps: DigestDeps, now: Date): Promise<DueRun[]> {
  const deps: DigestDeps = { ...baseDeps, searchCache: new Map() };
  const withPending = await deps.ledger.channelsWithUnsettled();
  const recaps = (await deps.recaps?.settings.allRecaps()) ?? new Map();
  const recapDue = async (channel: ChannelSettings) => {
    const choice = recaps.get(channel.id);
    const slot = choice ? recapSlot(channel, choice, now)?.toISOString() : undefined;
    return slot && !(await deps.ledger.findDigest(channel.id, slot, 'recap')) ? slot : null;
  };
  const active = await deps.store.activeChannels();
  const candidates = await Promise.all(active.map(async (channel) => ({ channel, slot: dueSlot(channel, channel, now)?.toISOString() ?? null, recapSlot: await recapDue(channel) })));
  const work = candidates.filter((w) => w.slot !== null || w.recapSlot !== null || withPending.has(w.channel.id));
  const runs: DueRun[] = [];
  let next = 0;
  const worker = async () => {
    while (next < work.length) {
      const { channel, slot, recapSlot } = work[next++]!;
      for (const result of await safely(deps, channel, slot, recapSlot, now)) runs.push({ channel, ...result });
    }
  };
  await Promise.all(Array.from({ length: Math.min(DIGEST_CONCURRENCY, work.length) }, worker));
  return runs;
}

async function safely(deps: DigestDeps, channel: ChannelSettings, slot: string | null, recapSlot: string | null, now: Date): Promise<DeliveryResult[]> {
  try {
    return await deliverChannel(deps, channel, slot, now, { recapSlot });
  } catch (error) {
    deps.log.error({ err: error, channel: channel.ref, slot, recapSlot }, 'digest delivery failed');
    return [{ slot: slot ?? recapSlot ?? '', kind: slot || !recapSlot ? 'daily' : 'recap', outcome: { status: 'failed', reason: error instanceof Error ? error.message : String(error) } }];
  }
}
