import type { Reply } from '../reply.ts';
import type { ChannelSettings } from '../subscriptions/subscription-ports.ts';
import { deliverChannel, selectionOf, type DeliveryOutcome, type DigestDeps } from './deliver-digest.ts';
import type { DigestRecord } from './digest-ledger.ts';
import { buildDigestReply, degradedSourcesNotice } from './digest-reply.ts';
import { runDueDigests, type DueRun } from './run-due-digests.ts';
import type { DigestCandidate } from './select-digest.ts';

export interface DigestService {
  /**
   * What the channel's digest would hold now, without recording or posting anything; `pending` are
   * digests not delivered yet; `notice` the degraded-sources heads-up the digest would carry (also
   * when nothing is new: the real digest says it on its empty day too).
   */
  preview(channel: ChannelSettings, now: Date): Promise<{ reply: Reply | null; picks: DigestCandidate[]; matched: number; pending: DigestRecord[]; notice: string | null }>;
  /**
   * Finishes the channel's pending digests, then delivers one right now when there is something
   * new (a manual slot at this instant); with nothing new it records and posts nothing. The
   * outcome of the new digest when there was one, else of the last pending one.
   */
  runNow(channel: ChannelSettings, now: Date): Promise<DeliveryOutcome>;
  /** One scheduler tick over every channel. */
  runDue(now: Date): Promise<DueRun[]>;
  /** Digests not delivered yet, with why and when they are tried again (`/papers list`, `/papers status`). */
  pending(channelId?: number): Promise<DigestRecord[]>;
}

export function createDigestService(deps: DigestDeps): DigestService {
  return {
    async preview(channel, now) {
      const pending = await deps.ledger.unsettledDigests(channel.id);
      const selection = await selectionOf(deps, channel, now, await deps.ledger.currentPaperSeq());
      const notice = await degradedSourcesNotice(deps.health, channel);
      if (selection.picks.length === 0) return { reply: null, picks: [], matched: 0, pending, notice };
      return { reply: buildDigestReply(selection.picks, { title: 'Digest preview (not posted)', notice }), picks: selection.picks, matched: selection.matched, pending, notice };
    },
    async runNow(channel, now) {
      const results = await deliverChannel(deps, channel, now.toISOString(), now, { manual: true });
      const mine = results.find((r) => r.slot === now.toISOString());
      const finishedPending = results.filter((r) => r !== mine);
      if (mine && (mine.outcome.status !== 'empty-quiet' || finishedPending.length === 0)) return mine.outcome;
      return finishedPending.at(-1)?.outcome ?? mine?.outcome ?? { status: 'empty-quiet' };
    },
    runDue: (now) => runDueDigests(deps, now),
    pending: async (channelId) => (channelId === undefined ? await deps.ledger.allUnsettled() : (await deps.ledger.unsettledDigests(channelId))),
  };
}
