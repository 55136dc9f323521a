import type { ArxivFetchResult, ArxivPaperFetch } from '../../commands/definitions/paper-command.ts';
import type { Config } from '../../config.ts';
import type { Logger } from '../../core/logger.ts';
import type { Clock, PaperRepository } from '../../core/ports.ts';
import { ArxivApiRejectedError, lookupArxivIds } from './arxiv-api-client.ts';
import { splitAuthorDetails } from './author-details.ts';
import { withHistoricalFirstSeen } from './first-seen.ts';
import { createPoliteHttpClient, HostUnreachableError, HttpRequestFailedError, type PoliteHttpClient } from './http-client.ts';
import { ARXIV_TIME_ZONE, dayIn } from './listing-days.ts';
import type { RequestSpacing } from './request-spacing.ts';
import { ARXIV_MIN_INTERVAL_MS, paperboyUserAgent } from './source-clients.ts';

export interface ArxivPaperFetchOptions {
  /** An arXiv client; {@link createOnDemandArxivClient} makes the one a chat command should use. */
  client: PoliteHttpClient;
  /** ARXIV_API_URL, e.g. https://export.arxiv.org/api/query */
  baseUrl: string;
  papers: PaperRepository;
  clock: Clock;
  log?: Logger;
}

/**
 * Someone is waiting in a chat for the answer: one attempt (no minutes of backoff, unlike the
 * ingest clients), after at most one arXiv interval of spacing, within 15 s.
 */
const ON_DEMAND_TIMEOUT_MS = 15_000;

/**
 * The arXiv client for on-demand look-ups: one attempt, a short time limit, and starts booked in
 * `spacing` (the store's: IngestPorts.spacing) under "arxiv" with every other arXiv request of every
 * process on it, so a look-up during an ingest run still keeps arXiv's one request per 3 s.
 */
export function createOnDemandArxivClient(config: Config, spacing: RequestSpacing): PoliteHttpClient {
  return createPoliteHttpClient({
    userAgent: paperboyUserAgent(config.CONTACT_EMAIL),
    domain: 'arxiv',
    spacing,
    minIntervalMs: ARXIV_MIN_INTERVAL_MS,
    maxRetries: 0,
    baseDelayMs: 0,
    maxDelayMs: ARXIV_MIN_INTERVAL_MS,
    timeoutMs: ON_DEMAND_TIMEOUT_MS,
  });
}

/**
 * `/papers paper <arXiv id>` for a paper the store lacks: asks the arXiv API for that one id
 * (`id_list`), stores the paper (as the arXiv API source would: an old paper keeps its own day as
 * first seen, so digests do not take it for news) and returns it as stored.
 */
export function createArxivPaperFetch(options: ArxivPaperFetchOptions): ArxivPaperFetch {
  const { client, baseUrl, papers, clock } = options;
  return async (arxivId: string): Promise<ArxivFetchResult> => {
    let found;
    try {
      found = await lookupArxivIds(client, baseUrl, [arxivId]);
    } catch (error) {
      // An id arXiv cannot read is one it does not have.
      if (error instanceof ArxivApiRejectedError) return { status: 'not-found' };
      options.log?.warn({ err: error, arxivId }, 'on-demand arXiv look-up failed');
      return { status: 'unreachable', reason: describeFailure(error) };
    }
    const match = found.find((paper) => paper.id === arxivId);
    if (!match) return { status: 'not-found' };
    const [input] = splitAuthorDetails([match]).papers;
    const now = clock.now();
    await papers.upsertPapers([withHistoricalFirstSeen(input!, dayIn(now, ARXIV_TIME_ZONE))], now.toISOString());
    const paper = await papers.getPaper(arxivId);
    return paper ? { status: 'found', paper } : { status: 'not-found' };
  };
}

/** Convenience for the composition root: the fetch over the on-demand client and the app's store. */
export function createOnDemandArxivFetch(deps: { config: Config; spacing: RequestSpacing; papers: PaperRepository; clock: Clock; log?: Logger }): ArxivPaperFetch {
  return createArxivPaperFetch({
    client: createOnDemandArxivClient(deps.config, deps.spacing),
    baseUrl: deps.config.ARXIV_API_URL,
    papers: deps.papers,
    clock: deps.clock,
    ...(deps.log ? { log: deps.log } : {}),
  });
}

// A few words for "could not fetch it from arXiv: …".
function describeFailure(error: unknown): string {
  if (error instanceof HostUnreachableError) return `${error.host} cannot be reached (${error.reason === 'dns' ? 'DNS lookup failed; is this machine offline?' : 'connection refused'})`;
  // No status: the connection dropped or the 15 s ran out.
  if (error instanceof HttpRequestFailedError) return error.lastStatus !== null ? `arXiv answered HTTP ${error.lastStatus}` : 'arXiv did not answer';
  return 'arXiv’s answer could not be read';
}
