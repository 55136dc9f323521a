import { randomBytes } from 'node:crypto';
import { commandLine } from '../command-name.ts';
import type { MessageMarker, PermanentFailure, Poster, SendOutcome } from '../delivery-ports.ts';
import type { Logger } from '../logger.ts';
import type { PaperRepository } from '../ports.ts';
import type { AuthorDirectory, ChannelSettings, SourceHealth, Subscription, SubscriptionStore } from '../subscriptions/subscription-ports.ts';
import type { DigestKind, DigestLedger, DigestRecord, LeaseHolder, NewDigest } from './digest-ledger.ts';
import type { ChannelLearning } from '../learning/channel-learning.ts';
import { buildDigestReply, buildEmptyDigestReply, buildTroubleNotice, degradedSourcesNotice } from './digest-reply.ts';
import { retryDelayMs, MAX_RETRIES, MAX_UNCLASSIFIED_RETRIES, UNCONFIRMED_NOTICE_AFTER, UNKNOWN_RECHECK_MS } from './delivery-policy.ts';
import { describeSlot } from './schedule.ts';
import { selectDigest, type DigestSearchCache, type DigestSelection } from './select-digest.ts';
import { buildRecapReply, selectRecap, type RecapDeps } from './weekly-recap.ts';

/**
 * Steps of a delivery, reported to `onStep` (logging, and the crash tests that kill the process
 * at each). Message steps carry the message's position: `posted#1` is the second message.
 */
export type DeliveryStep = 'selected' | 'recorded-pending' | `${'attempt-recorded' | 'posted' | 'recorded-sent'}#${number}`;

/**
 * selectDigest's work with the stores it reads bound in, as a promise: a serving process answers
 * it off the chat thread (issue 19), so a 50-subscription channel's selection delays no ack.
 */
export type DigestSelector = (channel: ChannelSettings, subscriptions: Subscription[], now: Date, throughSeq: number, alsoLike?: number) => Promise<DigestSelection>;

export interface DigestDeps {
  papers: PaperRepository;
  store: SubscriptionStore;
  ledger: DigestLedger;
  authors: AuthorDirectory;
  /** What each channel taught paperboy (ratings, saves, its model): blended into its picks; absent, picks follow the subscriptions alone. */
  learning?: ChannelLearning | null;
  /** The channels' weekly-recap choices and feedback; absent, no recap is posted. */
  recaps?: RecapDeps | null;
  posterFor(platform: ChannelSettings['ref']['platform']): Poster | null;
  health: SourceHealth | null;
  log: Logger;
  /** This process's lease on the channels it delivers to. */
  lease: LeaseHolder;
  /** The wall clock for leases and send times (the scheduler's `now` is the slot's clock). */
  clock: () => Date;
  onStep?: (step: DeliveryStep, channel: ChannelSettings) => void;
  /** Shares topic searches between the channels of one run (in-process selection only). */
  searchCache?: DigestSearchCache;
  /** Where selections run; absent, selectDigest on this thread with the stores above. */
  select?: DigestSelector;
}

/** The channel's selection, by deps.select when the app gives one. */
export async function selectionOf(deps: DigestDeps, channel: ChannelSettings, now: Date, throughSeq: number): Promise<DigestSelection> {
  const subscriptions = await deps.store.listSubscriptions(channel.id);
  if (deps.select) return deps.select(channel, subscriptions, now, throughSeq);
  return selectDigest(deps, channel, subscriptions, now, throughSeq);
}

export type DeliveryOutcome =
  | { status: 'sent'; papers: number; messageRef: string }
  | { status: 'empty-announced'; messageRef: string }
  | { status: 'empty-quiet' }
  | { status: 'already-settled' }
  /** Another process is delivering this channel's digests right now. */
  | { status: 'busy' }
  /** Not delivered yet; it is tried again at `nextTryAt` (a transient failure, or a post that still has to be confirmed). */
  | { status: 'waiting'; reason: string; nextTryAt: string }
  | { status: 'paused'; reason: string }
  | { status: 'failed'; reason: string }
  | { status: 'no-poster' };

/** A random key per digest: two digests never share one, whatever their slots. */
export function newDigestKey(): string {
  return `pb${randomBytes(6).toString('base64url')}`;
}

function markerOf(digest: DigestRecord, position: number): MessageMarker {
  return { id: `${digest.key}.${position}`, position, count: digest.messages.length };
}

function titleFor(channel: ChannelSettings, slot: string, manual: boolean): string {
  return manual ? `Papers for this channel · ${describeSlot(new Date(slot), channel.timeZone)}` : `Daily papers · ${describeSlot(new Date(slot), channel.timeZone)}`;
}

export interface DeliverOptions {
  /** A digest asked for now (`/papers digest now`, `paperboy digest`): nothing is recorded or posted when nothing is new. */
  manual?: boolean;
  /** The weekly recap due with this run (weekly-recap.ts recapSlot), delivered after the daily digest. */
  recapSlot?: string | null;
}

/** One delivered (or tried) digest of a run. */
export interface DeliveryResult {
  slot: string;
  kind: DigestKind;
  outcome: DeliveryOutcome;
}

/**
 * Delivers one channel's digests: first the ones still pending (a failed try, a crash, a post
 * not yet confirmed), then the digest for `slot` when given. Holds the channel's lease the whole
 * time, so no other process posts for this channel meanwhile. Returns one outcome per digest.
 */
export async function deliverChannel(
  deps: DigestDeps,
  channel: ChannelSettings,
  slot: string | null,
  now: Date,
  options: DeliverOptions = {},
): Promise<DeliveryResult[]> {
  const recapSlot = options.recapSlot ?? null;
  const asked = [...(slot ? [{ slot, kind: 'daily' as const }] : []), ...(recapSlot ? [{ slot: recapSlot, kind: 'recap' as const }] : [])];
  const poster = deps.posterFor(channel.ref.platform);
  if (!poster) return asked.map((a) => ({ ...a, outcome: { status: 'no-poster' } }));
  if (!(await deps.ledger.acquireLease(channel.id, deps.lease, deps.clock()))) return asked.map((a) => ({ ...a, outcome: { status: 'busy' } }));
  const log = deps.log.child({ channel: channel.ref });
  const heartbeat = keepLeaseAlive(deps, channel, log);
  const results: DeliveryResult[] = [];
  const handled = (wanted: string | null, kind: DigestKind) => results.some((r) => r.slot === wanted && r.kind === kind);
  try {
    for (const pending of await deps.ledger.unsettledDigests(channel.id)) {
      // A manual run finishes what is pending at once; the scheduler waits for the backoff.
      if (!options.manual && pending.nextTryAt !== null && pending.nextTryAt > now.toISOString()) {
        if (asked.some((a) => a.slot === pending.slot && a.kind === pending.kind)) {
          results.push({ slot: pending.slot, kind: pending.kind, outcome: { status: 'waiting', reason: pending.lastError ?? 'retrying', nextTryAt: pending.nextTryAt } });
        }
        continue;
      }
      results.push({ slot: pending.slot, kind: pending.kind, outcome: await continueDigest(deps, poster, channel, pending, now, log.child({ slot: pending.slot })) });
    }
    if (slot && !handled(slot, 'daily')) {
      results.push({ slot, kind: 'daily', outcome: await startDigest(deps, poster, channel, slot, now, options, log.child({ slot })) });
    }
    // After the daily digest: a recap never holds back the day's new papers.
    if (recapSlot && deps.recaps && !handled(recapSlot, 'recap')) {
      results.push({ slot: recapSlot, kind: 'recap', outcome: await startRecap(deps, deps.recaps, poster, channel, recapSlot, now, log.child({ slot: recapSlot, kind: 'recap' })) });
    }
  } finally {
    clearInterval(heartbeat);
    await deps.ledger.releaseLease(channel.id, deps.lease.holder);
  }
  return results;
}

/**
 * Renews the channel's lease every third of its life while this process delivers to it. A lease
 * is short (LEASE_TTL_MS), so a process that dies mid-digest hands its channels on within half a
 * minute; a long selection or a slow send must not let the lease lapse meanwhile. A renewal that
 * finds the lease gone changes nothing here: every write that leads to a post checks the lease
 * itself (createDigest, markAttempt) and this delivery stops there as busy.
 */
function keepLeaseAlive(deps: DigestDeps, channel: ChannelSettings, log: Logger): ReturnType<typeof setInterval> {
  const timer = setInterval(() => {
    Promise.resolve(deps.ledger.renewLease(channel.id, deps.lease, deps.clock())).then(
      (held) => {
        if (!held) log.warn({}, 'lost the channel lease while delivering (another process took it after it expired)');
      },
      (error: unknown) => log.warn({ err: error }, 'could not renew the channel lease'),
    );
  }, Math.max(10, Math.floor(deps.lease.ttlMs / 3)));
  // Never keeps a process alive on its own.
  timer.unref();
  return timer;
}

async function startDigest(
  deps: DigestDeps,
  poster: Poster,
  channel: ChannelSettings,
  slot: string,
  now: Date,
  options: DeliverOptions,
  log: Logger,
): Promise<DeliveryOutcome> {
  const existing = await deps.ledger.findDigest(channel.id, slot);
  if (existing) return existing.status === 'pending' ? continueDigest(deps, poster, channel, existing, now, log) : { status: 'already-settled' };
  // Read the store's newest paper first: anything committed after this is above it and waits for the next digest.
  const throughSeq = await deps.ledger.currentPaperSeq();
  const picks = (await selectionOf(deps, channel, now, throughSeq)).picks;
  deps.onStep?.('selected', channel);
  if (picks.length === 0 && options.manual) return { status: 'empty-quiet' };
  const notice = await degradedSourcesNotice(deps.health, channel);
  const quiet = picks.length === 0 && channel.emptyDay === 'quiet';
  const reply =
    picks.length > 0
      ? buildDigestReply(picks, { title: titleFor(channel, slot, options.manual === true), notice })
      : buildEmptyDigestReply({ title: titleFor(channel, slot, false), notice });
  return recordAndSend(
    deps,
    poster,
    channel,
    {
      channelId: channel.id,
      slot,
      key: newDigestKey(),
      throughSeq,
      picks: picks.map((p) => ({ paperId: p.paper.id, reason: p.reasons.join(' · ') })),
      messages: quiet ? [] : poster.render(reply),
      now: now.toISOString(),
    },
    quiet,
    now,
    log,
    'no new papers; the channel asked for quiet empty days',
  );
}

/**
 * Records the channel's weekly recap for `slot` and sends it like any digest. It lists papers
 * already delivered, so it records no picks (deliveries stay one per paper) and leaves the
 * channel's bounds alone; its messages carry its papers.
 */
async function startRecap(
  deps: DigestDeps,
  recaps: RecapDeps,
  poster: Poster,
  channel: ChannelSettings,
  slot: string,
  now: Date,
  log: Logger,
): Promise<DeliveryOutcome> {
  const existing = await deps.ledger.findDigest(channel.id, slot, 'recap');
  if (existing) return existing.status === 'pending' ? continueDigest(deps, poster, channel, existing, now, log) : { status: 'already-settled' };
  const picks = await selectRecap({ feedback: recaps.feedback, papers: deps.papers }, channel.id, new Date(slot));
  // A week with nothing liked posts nothing: the recap is opt-in, and a line saying so is noise.
  // It is still recorded (settled, never retried), so /papers recap can say the last one was empty.
  const quiet = picks.length === 0;
  return recordAndSend(
    deps,
    poster,
    channel,
    {
      channelId: channel.id,
      slot,
      kind: 'recap',
      key: newDigestKey(),
      throughSeq: await deps.ledger.currentPaperSeq(),
      picks: [],
      messages: quiet ? [] : poster.render(buildRecapReply(picks, new Date(slot), channel)),
      now: now.toISOString(),
    },
    quiet,
    now,
    log,
    'nothing liked this week; the recap posts nothing',
  );
}

/**
 * Records a new digest (daily or recap) under the channel's lease and sends it; a quiet empty one
 * is settled as skipped instead. Busy when another process holds the lease.
 */
async function recordAndSend(
  deps: DigestDeps,
  poster: Poster,
  channel: ChannelSettings,
  input: NewDigest,
  quiet: boolean,
  now: Date,
  log: Logger,
  quietNote: string,
): Promise<DeliveryOutcome> {
  const digest = await deps.ledger.createDigest(input, deps.lease, deps.clock());
  if (!digest) return { status: 'busy' };
  deps.onStep?.('recorded-pending', channel);
  if (quiet) {
    await deps.ledger.settleSkipped(digest.id, now.toISOString());
    log.info({ papers: 0 }, quietNote);
    return { status: 'empty-quiet' };
  }
  return continueDigest(deps, poster, channel, digest, now, log);
}

/**
 * Sends a digest's messages that are not sent yet, in order. A message whose earlier send has an
 * unknown outcome is looked up first and sent again only when the platform says it is absent.
 */
async function continueDigest(
  deps: DigestDeps,
  poster: Poster,
  channel: ChannelSettings,
  digest: DigestRecord,
  now: Date,
  log: Logger,
): Promise<DeliveryOutcome> {
  if (digest.messages.length === 0) {
    // Left pending by a paperboy before per-message delivery: it has no rendered messages to
    // send or look up, so its papers go back to the next digest.
    await deps.ledger.failDigest(digest.id, 'left pending by an earlier version of paperboy; its papers go to the next digest', now.toISOString());
    return { status: 'failed', reason: 'left pending by an earlier version' };
  }
  for (const message of digest.messages) {
    if (message.status === 'sent') continue;
    const marker = markerOf(digest, message.position);
    if (message.status === 'attempted') {
      // Sent before without an answer (a timeout, a 5xx, a crash): is it in the channel?
      const since = new Date(new Date(message.attemptedAt ?? digest.createdAt).getTime() - LOOKUP_MARGIN_MS);
      const found = await poster.lookup(channel.ref, marker, since);
      if (found.status === 'found') {
        await deps.ledger.markMessageSent(digest.id, message.position, found.messageRef, deps.clock().toISOString());
        log.info({ position: message.position, messageRef: found.messageRef }, 'an earlier send of this digest message had arrived; recorded it as sent');
        continue;
      }
      if (found.status === 'unknown') return unconfirmed(deps, poster, channel, digest, found.reason, now, log);
    }
    if (!(await deps.ledger.markAttempt(digest.id, message.position, deps.lease, deps.clock()))) return { status: 'busy' };
    deps.onStep?.(`attempt-recorded#${message.position}`, channel);
    const outcome: SendOutcome = await poster.send(channel.ref, message.payload, marker);
    if (outcome.status === 'sent') {
      deps.onStep?.(`posted#${message.position}`, channel);
      await deps.ledger.markMessageSent(digest.id, message.position, outcome.messageRef, deps.clock().toISOString());
      deps.onStep?.(`recorded-sent#${message.position}`, channel);
      continue;
    }
    if (outcome.status === 'unknown') {
      // Never sent again blindly: the next try looks it up first.
      return retryLater(deps, digest, `no answer from the platform for message ${message.position + 1} of ${digest.messages.length} (${outcome.reason}); checking whether it arrived`, UNKNOWN_RECHECK_MS, now, log);
    }
    await deps.ledger.markNotSent(digest.id, message.position);
    if (outcome.status === 'retry') {
      const limit = outcome.unclassified ? MAX_UNCLASSIFIED_RETRIES : MAX_RETRIES;
      if (digest.attempts + 1 >= limit) {
        return pause(deps, poster, channel, digest, {
          code: outcome.reason,
          reason: `posting kept failing (${outcome.reason}, ${digest.attempts + 1} tries)`,
          fix: `Check paperboy’s log for this channel, then run ${commandLine('resume')}.`,
          channelReachable: false,
        }, now, log);
      }
      return retryLater(deps, digest, outcome.reason, Math.max(retryDelayMs(digest.attempts), outcome.retryAfterMs ?? 0), now, log);
    }
    return pause(deps, poster, channel, digest, outcome.failure, now, log);
  }
  const settled = (await deps.ledger.findDigest(channel.id, digest.slot, digest.kind))!;
  // A recap records no picks: its papers are those its messages carry.
  const picks = settled.kind === 'recap' ? new Set(settled.messages.flatMap((m) => m.paperIds)).size : settled.picks.length;
  const messageRef = settled.messages[0]?.messageRef ?? '';
  log.info({ papers: picks, messages: settled.messages.length, messageRef }, 'digest posted');
  return picks > 0 ? { status: 'sent', papers: picks, messageRef } : { status: 'empty-announced', messageRef };
}

/** How far before a send's recorded start a look-up searches (clock skew between us and the platform). */
const LOOKUP_MARGIN_MS = 5 * 60_000;

async function retryLater(deps: DigestDeps, digest: DigestRecord, reason: string, delayMs: number, now: Date, log: Logger): Promise<DeliveryOutcome> {
  const nextTryAt = new Date(now.getTime() + delayMs).toISOString();
  await deps.ledger.deferDigest(digest.id, reason, nextTryAt);
  log.warn({ reason, nextTryAt, attempts: digest.attempts + 1 }, 'digest not delivered yet; it stays pending');
  return { status: 'waiting', reason, nextTryAt };
}

/** A look-up that could not answer: keep the digest pending with backoff, and tell the team once. */
async function unconfirmed(
  deps: DigestDeps,
  poster: Poster,
  channel: ChannelSettings,
  digest: DigestRecord,
  lookupReason: string,
  now: Date,
  log: Logger,
): Promise<DeliveryOutcome> {
  const reason = `cannot check whether the digest reached the channel (${lookupReason})`;
  const outcome = await retryLater(deps, digest, reason, retryDelayMs(digest.attempts), now, log);
  if (digest.attempts + 1 >= UNCONFIRMED_NOTICE_AFTER && digest.noticeSentAt === null) {
    const notice = buildTroubleNotice(
      `paperboy could not confirm whether the digest of ${describeSlot(new Date(digest.slot), channel.timeZone)} reached this channel (${lookupReason}).`,
      'It will not post it again until it can check, so nothing is doubled. Make sure paperboy can read this channel’s history (invite it to the channel).',
    );
    if (await tell(poster, channel, notice)) await deps.ledger.markNoticeSent(digest.id, deps.clock().toISOString());
  }
  return outcome;
}

async function pause(
  deps: DigestDeps,
  poster: Poster,
  channel: ChannelSettings,
  digest: DigestRecord,
  failure: PermanentFailure,
  now: Date,
  log: Logger,
): Promise<DeliveryOutcome> {
  const reason = `${failure.reason} [${failure.code}]. ${failure.fix}.`;
  await deps.ledger.failDigest(digest.id, reason, now.toISOString());
  await deps.store.setPaused(channel.id, now.toISOString(), reason);
  log.warn({ code: failure.code, reason: failure.reason }, 'cannot post to the channel; paused its digests');
  const notice = buildTroubleNotice(`paperboy paused this channel’s digests: ${failure.reason} [${failure.code}].`, `${failure.fix}, then run ${commandLine('resume')}.`);
  await tell(poster, channel, notice, failure.channelReachable);
  return { status: 'paused', reason };
}

/** Tells the channel when it can be posted to, otherwise the person who last changed its subscriptions. */
async function tell(poster: Poster, channel: ChannelSettings, notice: ReturnType<typeof buildTroubleNotice>, channelReachable = true): Promise<boolean> {
  if (channelReachable && (await poster.notify(channel.ref, null, notice))) return true;
  if (channel.lastChangedBy !== null) return poster.notify(channel.ref, channel.lastChangedBy, notice);
  return false;
}
