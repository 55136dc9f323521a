import type { App } from '../app.ts';
import { INGEST_SOURCE_KINDS, type IngestSourceKind } from '../adapters/ingest/ingest-sources.ts';
import { IngestBusyError, runIngest, SOURCE_FAILED_MESSAGE, type IngestReport, type IngestRunSummary } from '../adapters/ingest/run-ingest.ts';
import { isIsoDay } from '../adapters/sources/listing-days.ts';
import { arxivCategoryCode } from '../core/paper.ts';
import { createHeldLogger, createProgressBar } from './terminal-progress.ts';

/** What `paperboy ingest` accepts on its command line. */
export interface IngestCliArgs {
  /** Comma-separated source kinds; all when absent. */
  source?: string | undefined;
  /** YYYY-MM-DD to backfill from. */
  since?: string | undefined;
  /** Comma-separated categories; INGEST_CATEGORIES plus what subscriptions need when absent. */
  category?: string | undefined;
  json?: boolean | undefined;
}

const MARKS: Readonly<Record<IngestRunSummary['status'], string>> = { ok: '✓', degraded: '⚠', failed: '✗' };

/** "arxiv-rss cs.IR: cannot reach rss.arxiv.org (DNS lookup failed): check the network" */
function failureLine(run: IngestRunSummary): string {
  return `${run.source.replace(':', ' ')}: ${run.detail ?? 'failed'}`;
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

/**
 * `paperboy ingest [--source arxiv-rss|arxiv-oai|arxiv-api|huggingface|followed-authors] [--since YYYY-MM-DD]
 * [--category cs.IR]`: one ingestion run by hand, with a progress bar on a terminal. Ctrl-C stops
 * after the page being stored; the next run resumes there. Exits 1 when a source failed.
 */
export async function runIngestCli(app: App, args: IngestCliArgs, out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const kinds = list(args.source);
  const unknown = kinds?.filter((kind) => !(INGEST_SOURCE_KINDS as readonly string[]).includes(kind)) ?? [];
  if (kinds?.length === 0 || unknown.length > 0) {
    err(`--source must be one or more of ${INGEST_SOURCE_KINDS.join(', ')} (comma-separated); got "${args.source}".`);
    return 2;
  }
  const today = app.clock.now().toISOString().slice(0, 10);
  if (args.since !== undefined && (!isIsoDay(args.since) || args.since > today)) {
    err(`--since must be a day no later than today, written YYYY-MM-DD; got "${args.since}".`);
    return 2;
  }
  const given = list(args.category);
  // arXiv's own spelling of each (cs.ir → cs.IR); null for what is no arXiv category.
  const categories = given?.map((category) => arxivCategoryCode(category));
  if (categories?.length === 0 || categories?.includes(null)) {
    err(`--category must be arXiv categories such as cs.IR or cs.IR,cs.LG; got "${args.category}".`);
    return 2;
  }

  if (args.since !== undefined && kinds?.every((kind) => kind === 'arxiv-rss')) {
    err('Note: arXiv RSS only has today’s listing; --since applies to arxiv-oai, arxiv-api and huggingface.');
  }
  const bar = createProgressBar(process.stderr, 'ingesting');
  // Nothing is logged through the bar: what the run logs waits until the bar is cleared.
  const held = createHeldLogger(app.log);
  const controller = new AbortController();
  const stop = () => {
    err('\nStopping after the page being stored (Ctrl-C again to quit at once)…');
    controller.abort();
  };
  process.once('SIGINT', stop);
  let fetchedSoFar = 0;
  let report: IngestReport | undefined;
  let busy: IngestBusyError | undefined;
  try {
    report = await runIngest(
      { config: app.config, ports: app.ingestPorts, papers: app.papers, clock: app.clock, log: held.log },
      {
        sources: kinds as IngestSourceKind[] | undefined,
        since: args.since,
        categories: categories?.filter((category): category is string => category !== null),
        signal: controller.signal,
        onProgress: (p) => {
          if (p.finished) fetchedSoFar += p.fetched;
          const fraction = (p.sourceIndex + (p.finished ? 1 : 0.5)) / Math.max(1, p.sourceCount);
          bar.update(fetchedSoFar + (p.finished ? 0 : p.fetched), fraction, 'papers');
        },
      },
    );
  } catch (error) {
    // Another process (a replica's scheduled run) is ingesting: one sentence, not a stack.
    if (!(error instanceof IngestBusyError)) throw error;
    busy = error;
  } finally {
    process.removeListener('SIGINT', stop);
    bar.done();
    // A failed source gets one line below; its error and stack stay in the log at debug level.
    held.release((entry) => report !== undefined && entry.msg === SOURCE_FAILED_MESSAGE);
  }
  // Only a store busy with another run leaves no report: any other error was rethrown above.
  if (report === undefined) {
    err(`Nothing was ingested: ${busy!.message}.`);
    return 1;
  }

  if (args.json) {
    out(JSON.stringify(report));
  } else {
    if (report.runs.length === 0) out('Nothing to ingest: no source was chosen or the run was stopped at once.');
    for (const run of report.runs) {
      out(`${MARKS[run.status]} ${run.source.padEnd(22)} ${run.status.padEnd(8)} ${run.fetched} fetched, ${run.inserted} new, ${run.updated} updated`);
      if (run.detail && run.status === 'degraded') out(`    ${run.detail}`);
    }
    const inserted = report.runs.reduce((sum, run) => sum + run.inserted, 0);
    const updated = report.runs.reduce((sum, run) => sum + run.updated, 0);
    const failed = report.runs.filter((run) => run.status === 'failed').length;
    const degraded = report.runs.filter((run) => run.status === 'degraded').length;
    out(
      `Stored ${inserted} new and ${updated} updated papers from ${report.runs.length} source${report.runs.length === 1 ? '' : 's'}` +
        (failed + degraded > 0 ? ` (${failed} failed, ${degraded} degraded; see paperboy status).` : '.'),
    );
  }
  for (const run of report.runs) if (run.status === 'failed') err(failureLine(run));
  return report.runs.some((run) => run.status === 'failed') ? 1 : 0;
}
