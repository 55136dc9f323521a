import { hostname } from 'node:os';
import cron from 'node-cron';
import type { Config } from '../../config.ts';
import type { Logger } from '../../core/logger.ts';
import type { PaperSource, SourceListing } from '../../core/paper-source.ts';
import type { Clock, PaperRepository } from '../../core/ports.ts';
import { ARXIV_TIME_ZONE, weekdayOf } from '../sources/listing-days.ts';
import { createSourceClients, type SourceClients } from '../sources/source-clients.ts';
import { HostUnreachableError } from '../sources/http-client.ts';
import { redactSecrets } from '../sources/source-url.ts';
import { INGEST_CRON_RULE, isIngestCron } from './ingest-cron.ts';
import type { FinishedRun, IngestPorts, IngestStore } from './ingest-ports.ts';
import { createIngestSources, INGEST_SOURCE_KINDS, type IngestSourceKind } from './ingest-sources.ts';

export interface IngestDeps {
  config: Config;
  /** The store's ingest ports (createSqliteIngestPorts / createPgIngestPorts). */
  ports: IngestPorts;
  papers: PaperRepository;
  clock: Clock;
  log: Logger;
  /** The polite HTTP clients; made from the configuration when absent. */
  clients?: SourceClients;
}

/** Where a run stands, after each stored page and each finished source. */
export interface IngestProgress {
  source: string;
  /** 0-based position of the source in the run, and how many sources the run has. */
  sourceIndex: number;
  sourceCount: number;
  pages: number;
  fetched: number;
  stored: number;
  /** The source is finished (whatever its outcome). */
  finished: boolean;
}

export interface IngestOptions {
  /** Which sources to run; all of them when absent. */
  sources?: readonly IngestSourceKind[];
  /** YYYY-MM-DD: backfill from this day where the source can. */
  since?: string;
  /** Categories to ingest; INGEST_CATEGORIES plus those subscriptions filter on when absent. */
  categories?: readonly string[];
  onProgress?: (progress: IngestProgress) => void;
  /** Stops the run after the page being stored; what was stored stays, and the next run resumes. */
  signal?: AbortSignal;
  /**
   * The schedule's firing this run is for (IngestSchedule): a firing whose run already finished is
   * not run again, and the run marks it finished before it releases the lock, so no process
   * looking for an abandoned firing takes a finished one for abandoned.
   */
  firing?: string;
}

/** The outcome of one source in a run, as recorded in `ingest_runs`. */
export interface IngestRunSummary {
  source: string;
  status: FinishedRun['status'];
  fetched: number;
  inserted: number;
  updated: number;
  announced: number | null;
  detail: string | null;
}

/** What the runner logs (at warn level, with the error) when a source fails: a CLI that reports failures itself can tell it apart. */
export const SOURCE_FAILED_MESSAGE = 'source failed';

export interface IngestReport {
  runs: IngestRunSummary[];
}

/** Another process holds the store's ingest lock: its run goes on, this one did not start. */
export class IngestBusyError extends Error {
  override readonly name = 'IngestBusyError';

  constructor() {
    super('another paperboy process is ingesting into this store right now; try again when its run has finished (paperboy status shows it)');
  }
}

/**
 * Runs the chosen sources (all by default) for the categories that are needed, holding the store's
 * ingest lock (IngestPorts.lockRun) so that no other process runs ingestion meanwhile: two runs of
 * one source would each take the other's `running` row for an interrupted one. Rejects with
 * {@link IngestBusyError} when another run holds it; never throws for a source failure.
 */
export async function runIngest(deps: IngestDeps, options: IngestOptions = {}): Promise<IngestReport> {
  const lock = await deps.ports.lockRun();
  if (lock === null) throw new IngestBusyError();
  try {
    if (options.firing !== undefined) {
      const latest = await deps.ports.latestScheduledRun();
      if (latest?.firing === options.firing && latest.finishedAt !== null) return { runs: [] };
    }
    const { store, spacing } = deps.ports;
    const clients = deps.clients ?? createSourceClients(deps.config, {}, spacing);
    const categories = options.categories ?? (await deps.ports.categories(deps.config.INGEST_CATEGORIES));
    const sources = createIngestSources(
      { config: deps.config, clients, store, clock: deps.clock },
      { kinds: options.sources ?? INGEST_SOURCE_KINDS, categories, since: options.since, followedIds: await store.followedAuthorIds() },
    );
    const report = await ingestFromSources(sources, { store, clock: deps.clock, log: deps.log }, options);
    if (options.firing !== undefined) await deps.ports.finishScheduledRun(options.firing, deps.clock.now().toISOString());
    return report;
  } finally {
    await lock.release();
  }
}

// What the runner learned about one source's run, for the verdict and the holiday check.
interface RunOutcome {
  runId: number;
  summary: IngestRunSummary;
  /** Publishing days whose listing was empty, with the calendar group they belong to. */
  emptyDays: Array<{ date: string; group: string | null }>;
  /** Problems other than empty days; a run with any stays degraded. */
  otherProblems: number;
}

/**
 * Runs sources one after another. Each page is stored together with its cursor; each run is
 * recorded in `ingest_runs` with what it fetched and stored and a verdict: `failed` when the source
 * failed, `degraded` when it delivered less than it announced or nothing on a publishing day,
 * else `ok`. A publishing day on which every listing of a calendar group was empty was a holiday,
 * and is revised to `ok` once all sources have run.
 */
export async function ingestFromSources(
  sources: readonly PaperSource[],
  deps: { store: IngestStore; clock: Clock; log: Logger },
  options: Pick<IngestOptions, 'onProgress' | 'signal'> = {},
): Promise<IngestReport> {
  const outcomes: RunOutcome[] = [];
  // calendar group → days on which at least one of its listings had papers.
  const daysWithPapers = new Map<string, Set<string>>();
  for (const [index, source] of sources.entries()) {
    if (options.signal?.aborted) break;
    outcomes.push(await runSource(source, index, sources.length, deps, options, daysWithPapers));
  }
  for (const outcome of outcomes) {
    if (outcome.summary.status !== 'degraded' || outcome.otherProblems > 0 || outcome.emptyDays.length === 0) continue;
    const daysOff = outcome.emptyDays.filter((day) => day.group !== null && !daysWithPapers.get(day.group)?.has(day.date));
    if (daysOff.length !== outcome.emptyDays.length) continue;
    const detail = [
      `nothing was announced on ${daysOff.map((day) => describeDay(day.date)).join(', ')}: every listing was empty, a holiday`,
      outcome.summary.detail,
    ]
      .filter(Boolean)
      .join('; ');
    await deps.store.reviseRun(outcome.runId, 'ok', detail);
    outcome.summary.status = 'ok';
    outcome.summary.detail = detail;
  }
  return { runs: outcomes.map((outcome) => outcome.summary) };
}

async function runSource(
  source: PaperSource,
  index: number,
  count: number,
  deps: { store: IngestStore; clock: Clock; log: Logger },
  options: Pick<IngestOptions, 'onProgress' | 'signal'>,
  daysWithPapers: Map<string, Set<string>>,
): Promise<RunOutcome> {
  const { store, clock } = deps;
  const log = deps.log.child({ source: source.name });
  const startedAt = clock.now().toISOString();
  const interrupted = await store.failInterruptedRuns(source.name, startedAt);
  if (interrupted > 0) log.warn({ interrupted }, 'an earlier run of this source was interrupted; resuming from its last stored page');
  const runId = await store.startRun(source.name, startedAt);
  let pages = 0;
  let fetched = 0;
  let inserted = 0;
  let updated = 0;
  let deleted = 0;
  const ids: string[] = [];
  const listings = new Map<string, SourceListing>();
  const emptyDays: RunOutcome['emptyDays'] = [];
  const progress = (finished: boolean) =>
    options.onProgress?.({ source: source.name, sourceIndex: index, sourceCount: count, pages, fetched, stored: inserted + updated, finished });

  try {
    for await (const page of source.fetch(await store.readCursor(source.name), options.signal)) {
      const summary = await store.storePage(source.name, page, clock.now().toISOString());
      pages++;
      fetched += page.papers.length + (page.deletedIds?.length ?? 0);
      deleted += page.deletedIds?.length ?? 0;
      inserted += summary.inserted;
      updated += summary.updated;
      for (const paper of page.papers) ids.push(paper.id);
      const listing = page.listing;
      if (listing) {
        listings.set(listing.date ?? '', listing);
        if (listing.calendarGroup !== null && listing.date !== null && listing.received > 0) {
          const days = daysWithPapers.get(listing.calendarGroup) ?? new Set<string>();
          days.add(listing.date);
          daysWithPapers.set(listing.calendarGroup, days);
        }
        if (listing.publishingDay && listing.received === 0 && listing.date !== null) {
          emptyDays.push({ date: listing.date, group: listing.calendarGroup });
        }
      }
      progress(false);
      // Stopping between pages keeps every stored page and its cursor together.
      options.signal?.throwIfAborted();
    }
  } catch (error) {
    const finishedAt = clock.now().toISOString();
    const message = redactSecrets(options.signal?.aborted ? 'stopped before it finished; the next run resumes here' : describeError(error));
    const detail = [message, pages > 0 ? `${pages} page${pages === 1 ? '' : 's'} stored before that (${inserted} new, ${updated} updated)` : null]
      .filter(Boolean)
      .join('; ');
    await store.finishRun(runId, { status: 'failed', finishedAt, fetched, stored: inserted + updated, announced: announcedOf(listings), detail });
    await store.recordError(source.name, finishedAt, message);
    log.warn({ err: error, pages, inserted, updated }, SOURCE_FAILED_MESSAGE);
    progress(true);
    return {
      runId,
      summary: { source: source.name, status: 'failed', fetched, inserted, updated, announced: announcedOf(listings), detail },
      emptyDays: [],
      otherProblems: 1,
    };
  }

  const problems: string[] = [];
  const announced = announcedOf(listings);
  const received = [...listings.values()].reduce((sum, listing) => sum + listing.received, 0);
  if (announced !== null && received < announced) problems.push(`only ${received} of ${announced} announced items arrived`);
  const distinct = new Set(ids).size;
  const present = await store.countPresent(ids);
  if (present < distinct) problems.push(`${distinct - present} of ${distinct} papers are missing from the store after storing`);
  const otherProblems = problems.length;
  for (const day of emptyDays) problems.push(`no papers on ${describeDay(day.date)}, a publishing day`);
  const facts = [
    ...[...listings.values()].filter((l) => l.date !== null).map((l) => `listing of ${l.date}: ${l.announced} announced`),
    `${inserted} new, ${updated} updated`,
    deleted > 0 ? `${deleted} deleted record${deleted === 1 ? '' : 's'} skipped` : null,
  ].filter((fact): fact is string => fact !== null);
  const status = problems.length > 0 ? 'degraded' : 'ok';
  const detail = [...problems, ...facts].join('; ');
  const finishedAt = clock.now().toISOString();
  await store.finishRun(runId, { status, finishedAt, fetched, stored: inserted + updated, announced, detail });
  await store.recordSuccess(source.name, finishedAt);
  log.info({ status, pages, fetched, inserted, updated, announced }, 'source ingested');
  progress(true);
  return { runId, summary: { source: source.name, status, fetched, inserted, updated, announced, detail }, emptyDays, otherProblems };
}

function announcedOf(listings: Map<string, SourceListing>): number | null {
  if (listings.size === 0) return null;
  return [...listings.values()].reduce((sum, listing) => sum + listing.announced, 0);
}

// "Wednesday 2025-12-31"
function describeDay(day: string): string {
  return `${weekdayOf(day)} ${day}`;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Its message already says what failed and what to do; its cause ("fetch failed") adds nothing.
  if (error instanceof HostUnreachableError) return error.message;
  // undici puts the socket error ("other side closed") in `cause`.
  const cause = error.cause instanceof Error && !error.message.includes(error.cause.message) ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/** The ingestion job: node-cron on INGEST_CRON, read in US Eastern time (arXiv's clock). */
export interface IngestSchedule {
  /** Runs ingestion now; a run already going in this process is joined, not doubled. */
  runNow(): Promise<IngestReport>;
  /**
   * What the schedule does when it fires at `at`: claims that firing for this process, and runs
   * ingestion only when the claim landed. Null when another process claimed it, or another run
   * held the store's ingest lock (both logged at info). The cron calls it; a test may too.
   */
  runFiring(at: Date): Promise<IngestReport | null>;
  /**
   * Runs the latest claimed firing when its run never finished and no process holds the ingest
   * lock: the process that claimed it stopped (killed, crashed) before finishing. Null when there
   * is nothing to take over. Every replica asks every {@link TAKEOVER_CHECK_MS}.
   */
  resumeAbandoned(): Promise<IngestReport | null>;
  stop(): Promise<void>;
}

/**
 * How often each process looks for a firing whose claimer stopped before finishing: one indexed
 * row read, so cheap, and soon enough that a morning's digests still get that day's papers.
 */
export const TAKEOVER_CHECK_MS = 5 * 60_000;

/**
 * How old a claim may be and still be taken over. An older firing's day is past; the next firing
 * resumes every source from its cursor anyway.
 */
const TAKEOVER_WINDOW_MS = 12 * 60 * 60_000;

/**
 * The firing's minute in ISO 8601 UTC (`2026-12-04T06:30Z`): the time the cron expression matched,
 * not the moment the callback ran, so replicas whose timers (or clocks) differ by seconds name the
 * same firing and claim the same row.
 */
export function firingMinute(at: Date): string {
  return `${new Date(Math.floor(at.getTime() / 60_000) * 60_000).toISOString().slice(0, 16)}Z`;
}

/** Which process claimed a firing, for the claims table and the log: host and pid. */
const PROCESS_HOLDER = `${hostname()}:${process.pid}`;

/**
 * Schedules ingestion on INGEST_CRON, ahead of the digests. Each run takes the categories that
 * subscriptions need at that moment plus INGEST_CATEGORIES. INGEST_CRON is read in US Eastern time,
 * where arXiv rebuilds its listings at midnight, so the default 01:30 fetches the new day's listing.
 * Every replica schedules it; each firing runs once across them (IngestSchedule.runFiring).
 */
export function startIngestSchedule(deps: IngestDeps): IngestSchedule {
  const expression = deps.config.INGEST_CRON;
  if (!isIngestCron(expression)) throw new Error(`INGEST_CRON "${expression}" ${INGEST_CRON_RULE}.`);
  const log = deps.log.child({ component: 'ingest-schedule' });
  let running: Promise<IngestReport> | null = null;
  // A run already going in this process is joined, whatever it was started for.
  const run = (firing?: string): Promise<IngestReport> => {
    running ??= runIngest(deps, firing === undefined ? {} : { firing }).finally(() => {
      running = null;
    });
    return running;
  };
  const runFiring = async (at: Date): Promise<IngestReport | null> => {
    const firing = firingMinute(at);
    try {
      if (!(await deps.ports.claimScheduledRun(firing, PROCESS_HOLDER, deps.clock.now().toISOString()))) {
        log.info({ firing, holder: PROCESS_HOLDER }, 'ingestion skipped: another paperboy process claimed this firing and runs it');
        return null;
      }
      const report = await run(firing);
      log.info({ firing, runs: report.runs.map((run) => ({ source: run.source, status: run.status, new: run.inserted })) }, 'ingestion finished');
      return report;
    } catch (error) {
      if (error instanceof IngestBusyError) {
        log.info({ firing, holder: PROCESS_HOLDER }, 'ingestion skipped: another paperboy process is running ingestion on this store');
      } else {
        log.error({ err: error, firing }, 'ingestion failed');
      }
      return null;
    }
  };
  const resumeAbandoned = async (): Promise<IngestReport | null> => {
    if (running) return null;
    let firing: string | null = null;
    try {
      const latest = await deps.ports.latestScheduledRun();
      if (!latest || latest.finishedAt !== null || Date.parse(latest.claimedAt) < deps.clock.now().getTime() - TAKEOVER_WINDOW_MS) return null;
      firing = latest.firing;
      const report = await run(firing);
      // No runs: another process finished it between the look and the lock.
      if (report.runs.length === 0) return null;
      log.info(
        { firing, claimedBy: latest.holder, holder: PROCESS_HOLDER, runs: report.runs.map((r) => ({ source: r.source, status: r.status, new: r.inserted })) },
        'took over an ingest firing whose process stopped before finishing it',
      );
      return report;
    } catch (error) {
      // The lock is held: the claimer (or a manual run) is still at it.
      if (error instanceof IngestBusyError) return null;
      log.warn({ err: error, firing }, 'could not take over an unfinished ingest firing');
      return null;
    }
  };
  const task = cron.schedule(expression, (context) => runFiring(context.date), { name: 'paperboy-ingest', timezone: ARXIV_TIME_ZONE, noOverlap: true });
  // Handles its own errors; never keeps the process alive on its own.
  const takeover = setInterval(() => void resumeAbandoned(), TAKEOVER_CHECK_MS);
  takeover.unref();
  return {
    runNow: () => run(),
    runFiring,
    resumeAbandoned,
    async stop() {
      clearInterval(takeover);
      await task.stop();
      await task.destroy();
      if (running) await running.catch(() => undefined);
    },
  };
}
