import type { Paper } from '../paper.ts';

/** How much recency and popularity can lift a paper over pure text relevance (0 = off). */
export const PRIOR_WEIGHTS = { recency: 0.15, popularity: 0.1 } as const;
/** A paper's recency prior halves every this many days. */
const RECENCY_HALF_LIFE_DAYS = 365;

/**
 * Whether a paper has a figure `sort:top` can order by: Hugging Face upvotes, the one popularity
 * figure a card shows and explains. (Paper.score, an unlabelled badge a few seed pages carry, is
 * neither shown nor ranked by: a reader could not see why a paper came first.)
 */
export function hasPopularityFigure(paper: Paper): boolean {
  return paper.upvotes !== null;
}

export interface RankedPaper {
  paper: Paper;
  relevance: number;
}

/**
 * Re-ranks text-relevance hits with recency and popularity priors. Each prior is scaled within
 * the candidate set and is neutral (no effect on the order) when no candidate has a date, or no
 * candidate has upvotes, as in collections without that metadata.
 */
export function applyRankPriors<T extends RankedPaper>(hits: T[], now: Date): Array<T & { score: number }> {
  const maxRelevance = Math.max(...hits.map((h) => h.relevance), Number.MIN_VALUE);
  const popularityOf = (p: Paper) => Math.log1p(p.upvotes ?? 0);
  const maxPopularity = Math.max(...hits.map((h) => popularityOf(h.paper)), 0);
  const anyDates = hits.some((h) => h.paper.published !== null);
  const scored = hits.map((hit) => {
    let boost = 1;
    if (anyDates && hit.paper.published) {
      const ageDays = Math.max(0, (now.getTime() - Date.parse(hit.paper.published)) / 86_400_000);
      boost += PRIOR_WEIGHTS.recency * 0.5 ** (ageDays / RECENCY_HALF_LIFE_DAYS);
    }
    if (maxPopularity > 0) boost += (PRIOR_WEIGHTS.popularity * popularityOf(hit.paper)) / maxPopularity;
    return { ...hit, score: (hit.relevance / maxRelevance) * boost };
  });
  return scored.sort((a, b) => b.score - a.score);
}
