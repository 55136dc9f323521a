import type { Clock } from '../../core/ports.ts';
import type { PaperSource, SourcePage } from '../../core/paper-source.ts';
import type { PaperInput } from '../../core/paper.ts';
import type { PoliteHttpClient } from './http-client.ts';
import { ARXIV_TIME_ZONE, dayIn, isPublishingDay } from './listing-days.ts';
import { parseArxivListing, type ArxivListingPaper } from './parse-arxiv-listing.ts';
import { collapseWhitespace } from './text-cleanup.ts';
import { sourceUrl } from './source-url.ts';

/** arXiv announces for every category at once, so its listings share their days off. */
export const ARXIV_CALENDAR = 'arxiv';

export interface ArxivRssSourceOptions {
  /** The client every arXiv endpoint shares. */
  client: PoliteHttpClient;
  /** ARXIV_RSS_URL, e.g. https://rss.arxiv.org/rss/ */
  baseUrl: string;
  /** A category (`cs.IR`) or archive (`cs`). */
  category: string;
  clock: Clock;
}

/**
 * Today's rss.arxiv.org listing of one category, as one page: new submissions, cross-lists and
 * replacements alike (the store merges them into one paper per id). The cursor is the listing day.
 * The feed is rebuilt once a day at midnight US Eastern and is empty on weekends and holidays.
 */
export function createArxivRssSource(options: ArxivRssSourceOptions): PaperSource {
  const { client, baseUrl, category, clock } = options;
  return {
    name: `arxiv-rss:${category}`,
    async *fetch(cursor, signal): AsyncGenerator<SourcePage> {
      signal?.throwIfAborted();
      const response = await client.get(sourceUrl(baseUrl, category), { headers: { accept: 'application/rss+xml, application/xml;q=0.9' } });
      if (response.status !== 200) {
        throw new Error(`arXiv RSS answered HTTP ${response.status} for ${category}: ${collapseWhitespace(response.body).slice(0, 120)}`);
      }
      const result = parseArxivListing(response.body);
      if (result.kind === 'malformed') throw new Error(`arXiv RSS listing of ${category} is malformed: ${result.message}`);
      const day = result.listingDate ?? dayIn(clock.now(), ARXIV_TIME_ZONE);
      const papers = result.papers.map(withoutAnnounceType);
      yield {
        papers,
        cursor: result.listingDate ?? cursor,
        listing: {
          date: day,
          publishingDay: isPublishingDay(day, result.skipDays),
          calendarGroup: ARXIV_CALENDAR,
          announced: result.papers.length,
          received: papers.length,
        },
      };
    },
  };
}

function withoutAnnounceType(paper: ArxivListingPaper): PaperInput {
  const { announceType: _announceType, ...input } = paper;
  return input;
}
