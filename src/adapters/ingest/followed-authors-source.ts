import type { Config } from '../../config.ts';
import type { PaperSource } from '../../core/paper-source.ts';
import type { Clock } from '../../core/ports.ts';
import { isRecentPaper } from '../sources/first-seen.ts';
import type { SourceClients } from '../sources/source-clients.ts';
import { fetchAuthorPapers } from './author-papers.ts';

/** The cursor key of the followed-authors source, as `paperboy ingest --source` names it. */
export const FOLLOWED_AUTHORS_SOURCE = 'followed-authors';

/**
 * Asks Semantic Scholar and OpenAlex, for each author a channel follows by id, which papers are
 * theirs. arXiv's listings name authors only by name, and a name may be several people: these ids,
 * kept per paper, are what a follow of one namesake matches. The author's recent papers are stored
 * (one the listings missed still reaches the digest); an older one is not, for a paper the store
 * first sees now would count as new in the next digest. Ids are kept for every paper the store
 * holds, so a listed paper gets its author's id on the run after the index learns of it.
 */
export function createFollowedAuthorsSource(deps: { config: Config; clients: SourceClients; clock: Clock; followedIds: readonly string[] }): PaperSource {
  return {
    name: FOLLOWED_AUTHORS_SOURCE,
    async *fetch() {
      const today = deps.clock.now().toISOString().slice(0, 10);
      const failures: string[] = [];
      for (const externalId of deps.followedIds) {
        let found;
        try {
          found = await fetchAuthorPapers(deps, externalId);
        } catch (error) {
          // One author's failure does not keep the others' papers from their channels; the run still fails, naming it.
          failures.push(`${externalId}: ${error instanceof Error ? error.message : String(error)}`);
          continue;
        }
        const recent = found.papers.filter((paper) => isRecentPaper(paper, today));
        // No cursor: each run asks for the whole list again (an index adds papers to it in any order).
        yield { papers: recent, authorIds: found.authorIds, cursor: null };
      }
      if (failures.length > 0) {
        throw new Error(`${failures.length} of ${deps.followedIds.length} followed authors could not be read (${failures.join('; ')})`);
      }
    },
  };
}
