import type { ChannelSettings } from '../subscriptions/subscription-ports.ts';
import { deliverDigest, type DeliveryOutcome, type DigestDeps } from './deliver-digest.ts';
import { latestSlot } from './schedule.ts';

export interface DueRun {
  channel: ChannelSettings;
  slot: string;
  outcome: DeliveryOutcome;
}

/**
 * One scheduler tick: first finishes digests left pending by a crash or a failed post, then
 * delivers every active channel whose latest slot (in its own time zone and days) is newer than
 * its last digest and not older than the channel itself. After downtime that is one catch-up
 * digest per channel, for the latest slot. One channel's failure never stops the others.
 */
export async function runDueDigests(baseDeps: DigestDeps, now: Date): Promise<DueRun[]> {
  const deps: DigestDeps = { ...baseDeps, searchCache: new Map() };
  const runs: DueRun[] = [];
  const active = deps.store.activeChannels();
  const byId = new Map(active.map((c) => [c.id, c]));
  for (const pending of deps.store.pendingDigests()) {
    const channel = byId.get(pending.channelId);
    if (!channel) continue;
    runs.push({ channel, slot: pending.slot, outcome: await safely(deps, channel, pending.slot, now) });
  }
  for (const channel of deps.store.activeChannels()) {
    const slot = latestSlot(channel, now);
    if (!slot) continue;
    const iso = slot.toISOString();
    if (channel.lastDigestAt !== null && iso <= channel.lastDigestAt) continue;
    if (iso < channel.createdAt) continue;
    if (runs.some((r) => r.channel.id === channel.id && r.slot === iso)) continue;
    runs.push({ channel, slot: iso, outcome: await safely(deps, channel, iso, now) });
  }
  return runs;
}

async function safely(deps: DigestDeps, channel: ChannelSettings, slot: string, now: Date): Promise<DeliveryOutcome> {
  try {
    return await deliverDigest(deps, channel, slot, now);
  } catch (error) {
    deps.log.error({ err: error, channel: channel.ref, slot }, 'digest delivery failed');
    return { status: 'failed', reason: error instanceof Error ? error.message : String(error) };
  }
}
