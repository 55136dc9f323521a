import type { PaperSource, SourcePage } from '../../core/paper-source.ts';
import type { PaperInput } from '../../core/paper.ts';
import type { Clock } from '../../core/ports.ts';
import { withHistoricalFirstSeen } from './first-seen.ts';
import type { PoliteHttpClient } from './http-client.ts';
import { addDays, dayIn, daysBetween, isIsoDay, isPublishingDay } from './listing-days.ts';
import { parseHuggingFaceDaily, type HuggingFaceDailyPaper } from './parse-huggingface-daily.ts';
import { sourceUrl } from './source-url.ts';
import { collapseWhitespace } from './text-cleanup.ts';

/** Papers per Daily Papers request, the API's maximum. */
export const HUGGINGFACE_PAGE_SIZE = 100;
/** Pages read per day at most; a day has far fewer than this many papers. */
const MAX_PAGES_PER_DAY = 10;
/** Days a run catches up at most when no `since` is given (after a long pause, say). */
export const HUGGINGFACE_MAX_CATCH_UP_DAYS = 14;

export interface HuggingFaceSourceOptions {
  client: PoliteHttpClient;
  /** HF_API_URL, e.g. https://huggingface.co/api/ */
  baseUrl: string;
  /** Fetch from this day (YYYY-MM-DD) instead of the day after the last complete one. */
  since?: string;
  clock: Clock;
}

/**
 * Hugging Face Daily Papers, one page per day from the day after the last complete one through
 * today (UTC): upvotes, the GitHub repository and the organisation merge into the arXiv papers.
 * Today's list still grows, so the cursor only moves past days that are over. A past weekday with
 * no papers at all is suspicious; weekends and today may well be empty.
 */
export function createHuggingFaceSource(options: HuggingFaceSourceOptions): PaperSource {
  const { client, baseUrl, since, clock } = options;
  return {
    name: 'huggingface',
    async *fetch(cursor, signal): AsyncGenerator<SourcePage> {
      const today = dayIn(clock.now(), 'UTC');
      const lastComplete = cursor !== null && isIsoDay(cursor) ? cursor : null;
      const earliest = addDays(today, -(HUGGINGFACE_MAX_CATCH_UP_DAYS - 1));
      const first = since ?? (lastComplete ? maxDay(addDays(lastComplete, 1), earliest) : addDays(today, -1));
      let complete = lastComplete;
      for (const day of daysBetween(first, today)) {
        signal?.throwIfAborted();
        const papers = (await fetchDay(client, baseUrl, day)).map((paper) => withHistoricalFirstSeen(paper, today));
        if (day < today && (complete === null || day > complete)) complete = day;
        yield {
          papers,
          cursor: complete,
          listing: {
            date: day,
            publishingDay: day < today && isPublishingDay(day),
            calendarGroup: null,
            announced: papers.length,
            received: papers.length,
          },
        };
      }
    },
  };
}

async function fetchDay(client: PoliteHttpClient, baseUrl: string, day: string): Promise<PaperInput[]> {
  const papers: PaperInput[] = [];
  for (let page = 0; page < MAX_PAGES_PER_DAY; page++) {
    const url = sourceUrl(baseUrl, 'daily_papers', { date: day, limit: HUGGINGFACE_PAGE_SIZE, p: page });
    const response = await client.get(url, { headers: { accept: 'application/json' } });
    if (response.status !== 200) {
      throw new Error(`Hugging Face answered HTTP ${response.status} for ${day}: ${collapseWhitespace(response.body).slice(0, 120)}`);
    }
    const result = parseHuggingFaceDaily(response.body);
    if (result.kind === 'error') throw new Error(`Hugging Face reported an error for ${day}: ${result.message}`);
    if (result.kind === 'malformed') throw new Error(`Hugging Face daily papers for ${day} are malformed: ${result.message}`);
    papers.push(...result.papers.map(toPaperInput));
    if (result.papers.length < HUGGINGFACE_PAGE_SIZE) break;
  }
  return papers;
}

function toPaperInput(paper: HuggingFaceDailyPaper): PaperInput {
  const { githubStars: _stars, numComments: _comments, submittedOnDailyAt: _submitted, ...input } = paper;
  return input;
}

function maxDay(a: string, b: string): string {
  return a >= b ? a : b;
}
