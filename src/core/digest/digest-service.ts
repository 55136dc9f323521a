import type { Reply } from '../reply.ts';
import type { ChannelSettings } from '../subscriptions/subscription-ports.ts';
import { deliverDigest, type DeliveryOutcome, type DigestDeps } from './deliver-digest.ts';
import { buildDigestReply } from './digest-reply.ts';
import { runDueDigests, type DueRun } from './run-due-digests.ts';
import { selectDigest } from './select-digest.ts';

export interface DigestService {
  /** What the channel's digest would hold now, without recording or posting anything. */
  preview(channel: ChannelSettings, now: Date): { reply: Reply | null; matched: number };
  /**
   * Delivers a digest right now when there is something new (a manual slot at this instant);
   * with nothing new it records and posts nothing.
   */
  runNow(channel: ChannelSettings, now: Date): Promise<DeliveryOutcome>;
  /** One scheduler tick over every channel. */
  runDue(now: Date): Promise<DueRun[]>;
}

export function createDigestService(deps: DigestDeps): DigestService {
  return {
    preview(channel, now) {
      const selection = selectDigest(deps, channel, deps.store.listSubscriptions(channel.id), now);
      if (selection.picks.length === 0) return { reply: null, matched: 0 };
      return { reply: buildDigestReply(selection.picks, { title: 'Digest preview (not posted)', notice: null }), matched: selection.matched };
    },
    async runNow(channel, now) {
      const selection = selectDigest(deps, channel, deps.store.listSubscriptions(channel.id), now);
      if (selection.picks.length === 0) return { status: 'empty-quiet' };
      return deliverDigest(deps, channel, now.toISOString(), now);
    },
    runDue: (now) => runDueDigests(deps, now),
  };
}
