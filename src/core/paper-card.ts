import type { Paper } from './paper.ts';
import type { PaperCard } from './reply.ts';
import { makeSnippet } from './search/snippet.ts';

/** The card a reply shows for a paper; the snippet favours the sentence that mentions the query. */
export function paperToCard(paper: Paper, options: { queryTokens?: string[]; reason?: string | null; fullAbstract?: boolean } = {}): PaperCard {
  return {
    id: paper.id,
    title: paper.title,
    url: paper.absUrl,
    authors: paper.authors,
    authorsTruncated: paper.authorsTruncated,
    date: paper.published,
    category: paper.categories[0] ?? null,
    org: paper.org,
    score: paper.score,
    upvotes: paper.upvotes,
    codeUrl: paper.codeUrl,
    snippet: options.fullAbstract ? paper.abstract.replace(/\s+/g, ' ').trim() : makeSnippet(paper.abstract, options.queryTokens),
    reason: options.reason ?? null,
  };
}
