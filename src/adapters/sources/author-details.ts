import type { AuthorAffiliation } from '../../core/paper-source.ts';
import type { PaperInput } from '../../core/paper.ts';
import type { PaperAuthor } from './paper-author.ts';

/**
 * Splits papers that carry per-author details (arXiv API, OAI-PMH) into store input and the
 * affiliations they list, one per author and institution.
 */
export function splitAuthorDetails(papers: ReadonlyArray<PaperInput & { authorDetails: PaperAuthor[] }>): {
  papers: PaperInput[];
  affiliations: AuthorAffiliation[];
} {
  const affiliations: AuthorAffiliation[] = [];
  const inputs = papers.map(({ authorDetails, ...input }) => {
    for (const author of authorDetails) {
      for (const affiliation of author.affiliations) {
        if (author.name !== '' && affiliation !== '') affiliations.push({ author: author.name, affiliation });
      }
    }
    return input;
  });
  return { papers: inputs, affiliations };
}
