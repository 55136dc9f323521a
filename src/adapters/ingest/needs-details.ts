/**
 * Which papers still need the arXiv API's details, in words both engines' SQL reads alike: a paper
 * only listings or aggregators described (no comments, affiliations or journal refs yet), and no
 * source that fills those.
 */
import { and, not, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';

// Sources that leave a paper without comments, affiliations or journal refs, and those that fill them.
const LISTING_SOURCES = ['arxiv-rss', 'huggingface', 'semantic-scholar', 'openalex'];
const DETAILED_SOURCES = ['arxiv-api', 'arxiv-oai', 'snapshot'];

// `sources` is a space-separated list: a source is one of its words (drizzle has no string concatenation: SQL).
const hasSource = (sources: SQLWrapper, source: string): SQL => sql`(' ' || ${sources} || ' ') LIKE ${`% ${source} %`}`;

/** The condition on a papers table's `sources` column: described by a listing, not yet in detail. */
export function lacksDetails(sources: SQLWrapper): SQL {
  const any = (list: string[]) => or(...list.map((source) => hasSource(sources, source)))!;
  return and(any(LISTING_SOURCES), not(any(DETAILED_SOURCES)))!;
}
