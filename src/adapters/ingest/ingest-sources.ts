import type { Config } from '../../config.ts';
import type { PaperSource } from '../../core/paper-source.ts';
import type { Clock } from '../../core/ports.ts';
import { createArxivDetailsSource, createArxivSearchSource } from '../sources/arxiv-api-source.ts';
import { createArxivOaiSource } from '../sources/arxiv-oai-source.ts';
import { createArxivRssSource } from '../sources/arxiv-rss-source.ts';
import { createHuggingFaceSource } from '../sources/huggingface-source.ts';
import type { SourceClients } from '../sources/source-clients.ts';
import { createFollowedAuthorsSource } from './followed-authors-source.ts';
import type { IngestStore } from './ingest-ports.ts';

/** The sources `paperboy ingest --source` accepts, in the order a full run takes them. */
export const INGEST_SOURCE_KINDS = ['arxiv-rss', 'arxiv-oai', 'arxiv-api', 'huggingface', 'followed-authors'] as const;
export type IngestSourceKind = (typeof INGEST_SOURCE_KINDS)[number];

/** How far back the API lookup pass looks for papers that still lack details. */
export const DETAILS_WINDOW_DAYS = 14;
const DAY_MS = 86_400_000;

export interface IngestPlan {
  kinds: readonly IngestSourceKind[];
  categories: readonly string[];
  /** YYYY-MM-DD: backfill from this day where the source can (OAI, API search, Hugging Face). */
  since?: string;
  /** The external ids channels follow authors by (`s2:<id>`, `A…`, ORCID); none: the followed-authors source is left out. */
  followedIds?: readonly string[];
}

/**
 * The sources of one run, in run order: the daily listings first (freshest), OAI-PMH next (fills
 * any day a listing missed), then the API lookups of what still lacks details, then Hugging Face,
 * then the papers of authors followed by id (after the listings, so it can mark theirs).
 */
export function createIngestSources(
  deps: { config: Config; clients: SourceClients; store: IngestStore; clock: Clock },
  plan: IngestPlan,
): PaperSource[] {
  const { config, clients, store, clock } = deps;
  const { categories, since } = plan;
  const sources: PaperSource[] = [];
  for (const kind of INGEST_SOURCE_KINDS.filter((k) => plan.kinds.includes(k))) {
    switch (kind) {
      case 'arxiv-rss':
        for (const category of categories) sources.push(createArxivRssSource({ client: clients.arxiv, baseUrl: config.ARXIV_RSS_URL, category, clock }));
        break;
      case 'arxiv-oai':
        for (const category of categories) {
          sources.push(createArxivOaiSource({ client: clients.arxiv, baseUrl: config.ARXIV_OAI_URL, category, since, clock }));
        }
        break;
      case 'arxiv-api':
        if (since !== undefined) {
          for (const category of categories) {
            sources.push(createArxivSearchSource({ client: clients.arxiv, baseUrl: config.ARXIV_API_URL, category, since, clock }));
          }
        }
        sources.push(
          createArxivDetailsSource({
            client: clients.arxiv,
            baseUrl: config.ARXIV_API_URL,
            papersNeedingDetails: (afterSeq, limit) =>
              store.papersNeedingDetails(afterSeq, limit, new Date(clock.now().getTime() - DETAILS_WINDOW_DAYS * DAY_MS).toISOString()),
          }),
        );
        break;
      case 'huggingface':
        sources.push(createHuggingFaceSource({ client: clients.huggingface, baseUrl: config.HF_API_URL, since, clock }));
        break;
      case 'followed-authors':
        if (plan.followedIds && plan.followedIds.length > 0) sources.push(createFollowedAuthorsSource({ config, clients, clock, followedIds: plan.followedIds }));
        break;
    }
  }
  return sources;
}
