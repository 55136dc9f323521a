import type { Poster } from '../delivery-ports.ts';
import type { Logger } from '../logger.ts';
import type { PaperRepository } from '../ports.ts';
import type { AuthorDirectory, ChannelSettings, DigestRecord, SourceHealth, SubscriptionStore } from '../subscriptions/subscription-ports.ts';
import { buildDigestReply, buildEmptyDigestReply } from './digest-reply.ts';
import { describeSlot } from './schedule.ts';
import { selectDigest, type DigestCandidate, type DigestSearchCache } from './select-digest.ts';

/** Steps of a delivery, reported to `onStep` (logging, and the crash tests that kill the process at each). */
export type DeliveryStep = 'selected' | 'recorded-pending' | 'posted' | 'recorded-sent';

export interface DigestDeps {
  papers: PaperRepository;
  store: SubscriptionStore;
  authors: AuthorDirectory;
  posterFor(platform: ChannelSettings['ref']['platform']): Poster | null;
  health: SourceHealth | null;
  log: Logger;
  onStep?: (step: DeliveryStep, channel: ChannelSettings) => void;
  /** Shares topic searches between the channels of one run. */
  searchCache?: DigestSearchCache;
}

export type DeliveryOutcome =
  | { status: 'sent'; papers: number; messageRef: string }
  | { status: 'empty-announced'; messageRef: string }
  | { status: 'empty-quiet' }
  | { status: 'already-settled' }
  | { status: 'paused'; reason: string }
  | { status: 'failed'; reason: string }
  | { status: 'no-poster' };

/** The idempotency key of a channel's digest for a slot: the same slot always gives the same key. */
export function digestNonce(channel: ChannelSettings, slot: string): string {
  return `pb${channel.id}-${slot.replace(/[^0-9]/g, '').slice(0, 12)}`;
}

function titleFor(channel: ChannelSettings, slot: string): string {
  return `Daily papers · ${describeSlot(new Date(slot), channel.timeZone)}`;
}

/**
 * Delivers one channel's digest for one slot, exactly once. The picks are recorded as pending
 * before anything is posted and marked sent with the platform's message reference after, so a
 * crash between any two steps is repaired on the next run: a pending digest is first looked up on
 * the platform (by its idempotency key) and re-posted, with the same key and picks, only if absent.
 */
export async function deliverDigest(deps: DigestDeps, channel: ChannelSettings, slot: string, now: Date): Promise<DeliveryOutcome> {
  const poster = deps.posterFor(channel.ref.platform);
  if (!poster) return { status: 'no-poster' };
  const log = deps.log.child({ channel: channel.ref, slot });
  const existing = deps.store.findDigest(channel.id, slot);
  if (existing && existing.status !== 'pending') return { status: 'already-settled' };

  let digest: DigestRecord;
  let picks: DigestCandidate[];
  if (existing) {
    digest = existing;
    picks = existing.picks
      .map((p) => ({ paper: deps.papers.getPaper(p.paperId), reasons: p.reason.split(' · ') }))
      .filter((p): p is { paper: NonNullable<typeof p.paper>; reasons: string[] } => p.paper !== null)
      // followed and score only ordered the selection: the recorded picks keep that order and their
      // reasons, so the message is the one first built (kill-at-every-step.test.ts compares them).
      .map((p) => ({ ...p, followed: false, score: 0 }));
    const posted = await poster.findPosted(channel.ref, digest.nonce);
    if (posted) {
      deps.store.markDigestSent(digest.id, posted, now.toISOString());
      log.info({ messageRef: posted }, 'digest was posted before a restart; recorded it as sent');
      return { status: 'sent', papers: picks.length, messageRef: posted };
    }
  } else {
    const subscriptions = deps.store.listSubscriptions(channel.id);
    picks = selectDigest(deps, channel, subscriptions, now).picks;
    deps.onStep?.('selected', channel);
    if (picks.length === 0 && channel.emptyDay === 'quiet') {
      const quiet = deps.store.createPendingDigest(channel.id, slot, digestNonce(channel, slot), [], now.toISOString());
      deps.store.settleDigest(quiet.id, 'skipped', null, now.toISOString());
      log.info({ papers: 0 }, 'no new papers; the channel asked for quiet empty days');
      return { status: 'empty-quiet' };
    }
    digest = deps.store.createPendingDigest(
      channel.id,
      slot,
      digestNonce(channel, slot),
      picks.map((p) => ({ paperId: p.paper.id, reason: p.reasons.join(' · ') })),
      now.toISOString(),
    );
    deps.onStep?.('recorded-pending', channel);
  }

  const notice = deps.health?.degradedNotice(channel.lastDigestAt ?? channel.createdAt) ?? null;
  const title = titleFor(channel, slot);
  const reply = picks.length > 0 ? buildDigestReply(picks, { title, notice }) : buildEmptyDigestReply({ title, notice });
  const result = await poster.post({ channel: channel.ref, reply, idempotencyKey: digest.nonce });
  if (result.status === 'sent') deps.onStep?.('posted', channel);
  switch (result.status) {
    case 'sent':
      deps.store.markDigestSent(digest.id, result.messageRef, now.toISOString());
      deps.onStep?.('recorded-sent', channel);
      log.info({ papers: picks.length, messageRef: result.messageRef }, 'digest posted');
      return picks.length > 0 ? { status: 'sent', papers: picks.length, messageRef: result.messageRef } : { status: 'empty-announced', messageRef: result.messageRef };
    case 'channel-gone':
      deps.store.settleDigest(digest.id, 'failed', result.reason, now.toISOString());
      deps.store.setPaused(channel.id, now.toISOString(), result.reason);
      log.warn({ reason: result.reason }, 'cannot post to the channel any more; paused its digests');
      return { status: 'paused', reason: result.reason };
    case 'failed':
      // Left pending: the next run looks for it on the platform and re-posts only if absent.
      log.warn({ reason: result.reason }, 'digest post failed; it stays pending and is retried on the next run');
      return { status: 'failed', reason: result.reason };
  }
}
