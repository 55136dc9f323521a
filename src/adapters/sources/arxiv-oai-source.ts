import type { PaperSource, SourcePage } from '../../core/paper-source.ts';
import type { Clock } from '../../core/ports.ts';
import { splitAuthorDetails } from './author-details.ts';
import type { PoliteHttpClient } from './http-client.ts';
import { withHistoricalFirstSeen } from './first-seen.ts';
import { addDays, dayIn, isIsoDay } from './listing-days.ts';
import { oaiSetOf } from './oai-set.ts';
import { parseArxivOai } from './parse-arxiv-oai.ts';
import { sourceUrl } from './source-url.ts';
import { collapseWhitespace } from './text-cleanup.ts';

export interface ArxivOaiSourceOptions {
  /** The client every arXiv endpoint shares; it waits out 503 Retry-After. */
  client: PoliteHttpClient;
  /** ARXIV_OAI_URL, e.g. https://oaipmh.arxiv.org/oai */
  baseUrl: string;
  category: string;
  /** Harvest from this day (YYYY-MM-DD) instead of where the last harvest ended. */
  since?: string;
  clock: Clock;
}

/** A harvest in progress: its date range, the token of the next page and what was received so far. */
interface HarvestCursor {
  from: string;
  until: string;
  token: string;
  received: number;
  announced: number | null;
}

/**
 * Incremental OAI-PMH harvest of one category's set (`metadataPrefix=arXiv`): records whose
 * datestamp falls from the day the last harvest ended through today (UTC), page by page with
 * `resumptionToken`. Between pages the cursor holds the token, so a stopped harvest resumes at the
 * next page; a finished one leaves the day it reached. Ranges overlap by that one day, so nothing
 * changed late on it is missed (the store merges what comes twice). `noRecordsMatch` is an empty
 * range, not an error; deleted records are counted, never stored. Old papers whose metadata
 * changed are stored as first seen on their own day, so digests do not take them for news.
 * https://www.openarchives.org/OAI/openarchivesprotocol.html#SelectiveHarvestingandDatestamps
 */
export function createArxivOaiSource(options: ArxivOaiSourceOptions): PaperSource {
  const { client, baseUrl, category, since, clock } = options;
  const set = oaiSetOf(category);
  return {
    name: `arxiv-oai:${category}`,
    async *fetch(cursor, signal): AsyncGenerator<SourcePage> {
      const today = dayIn(clock.now(), 'UTC');
      const resumed = since === undefined ? readHarvestCursor(cursor) : null;
      const from = since ?? resumed?.from ?? (cursor !== null && isIsoDay(cursor) ? cursor : addDays(today, -1));
      const until = resumed?.until ?? today;
      let token = resumed?.token ?? null;
      let received = resumed?.received ?? 0;
      let announced = resumed?.announced ?? null;
      let restarted = false;
      for (;;) {
        signal?.throwIfAborted();
        // Resumption requests carry only the verb and the token.
        const params = token !== null ? { verb: 'ListRecords', resumptionToken: token } : { verb: 'ListRecords', metadataPrefix: 'arXiv', set, from, until };
        const response = await client.get(sourceUrl(baseUrl, '', params), { headers: { accept: 'text/xml' } });
        if (response.status !== 200) {
          throw new Error(`arXiv OAI-PMH answered HTTP ${response.status} for ${set}: ${collapseWhitespace(response.body).slice(0, 120)}`);
        }
        const result = parseArxivOai(response.body);
        if (result.kind === 'noRecordsMatch') {
          yield { papers: [], cursor: until, listing: listing(until, 0, 0) };
          return;
        }
        if (result.kind === 'error') {
          // Tokens expire; starting the range over loses nothing, and the store merges the repeats.
          if (result.code === 'badResumptionToken' && token !== null && !restarted) {
            restarted = true;
            token = null;
            received = 0;
            announced = null;
            continue;
          }
          throw new Error(`arXiv OAI-PMH error ${result.code} for ${set}: ${result.message}`);
        }
        if (result.kind === 'malformed') throw new Error(`arXiv OAI-PMH answer for ${set} is malformed: ${result.message}`);

        received += result.papers.length + result.deletedIds.length;
        const next = result.resumptionToken;
        announced = next?.completeListSize ?? announced;
        const details = splitAuthorDetails(result.papers);
        const page = {
          papers: details.papers.map((paper) => withHistoricalFirstSeen(paper, today)),
          affiliations: details.affiliations,
          deletedIds: result.deletedIds,
        };
        if (next === null) {
          yield { ...page, cursor: until, listing: listing(until, announced ?? received, received) };
          return;
        }
        token = next.token;
        const state: HarvestCursor = { from, until, token, received, announced };
        yield { ...page, cursor: JSON.stringify(state), listing: listing(until, announced ?? received, received) };
      }
    },
  };
}

// An OAI range has no publishing day of its own: an empty range is normal.
function listing(day: string, announced: number, received: number): SourcePage['listing'] {
  return { date: day, publishingDay: false, calendarGroup: null, announced, received };
}

function readHarvestCursor(cursor: string | null): HarvestCursor | null {
  if (cursor === null || !cursor.startsWith('{')) return null;
  try {
    const value = JSON.parse(cursor) as Partial<HarvestCursor>;
    if (typeof value.from === 'string' && typeof value.until === 'string' && typeof value.token === 'string') {
      return {
        from: value.from,
        until: value.until,
        token: value.token,
        received: typeof value.received === 'number' ? value.received : 0,
        announced: typeof value.announced === 'number' ? value.announced : null,
      };
    }
  } catch {
    // Unreadable: harvest the default range again; the store merges repeats.
  }
  return null;
}
