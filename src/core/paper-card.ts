import type { Paper } from './paper.ts';
import { paperFeedbackButtons, type PaperCard } from './reply.ts';
import { searchedAuthorIndex } from './search/author-position.ts';
import type { CategoryFilter, SearchQuery } from './search/search-query.ts';
import { makeSnippet } from './search/snippet.ts';

export interface PaperCardOptions {
  /** The search's words: the snippet favours the sentence that mentions them. */
  queryTokens?: string[];
  /** Why the paper is here (digests). */
  reason?: string | null;
  fullAbstract?: boolean;
  /** What the search filtered by: the card keeps the searched author and categories in sight. */
  searched?: Pick<SearchQuery, 'authors' | 'categories'>;
}

function matchesFilter(code: string, filter: CategoryFilter): boolean {
  const [archive, subject] = code.toLowerCase().split('.', 2);
  return archive === filter.archive && (filter.subject === null || subject === filter.subject);
}

/** The primary category first, then the ones the search asked for, then the rest, each in the paper's order. */
function cardCategories(categories: readonly string[], filters: readonly CategoryFilter[]): string[] {
  const [primary, ...others] = categories;
  if (primary === undefined) return [];
  const asked = others.filter((code) => filters.some((f) => matchesFilter(code, f)));
  return [primary, ...asked, ...others.filter((code) => !asked.includes(code))];
}

/** The card a reply shows for a paper; the snippet favours the sentence that mentions the query. */
export function paperToCard(paper: Paper, options: PaperCardOptions = {}): PaperCard {
  const searched = options.searched ?? { authors: [], categories: [] };
  return {
    id: paper.id,
    title: paper.title,
    url: paper.absUrl,
    authors: paper.authors,
    authorsTruncated: paper.authorsTruncated,
    featuredAuthor: searchedAuthorIndex(paper.authors, searched.authors),
    date: paper.published,
    categories: cardCategories(paper.categories, searched.categories),
    org: paper.org,
    upvotes: paper.upvotes,
    codeUrl: paper.codeUrl,
    snippet: options.fullAbstract ? paper.abstract.replace(/\s+/g, ' ').trim() : makeSnippet(paper.abstract, options.queryTokens),
    reason: options.reason ?? null,
    feedback: paperFeedbackButtons(paper.id),
  };
}
