import { parseExternalAuthorId } from '../../core/subscriptions/resolve-author.ts';
import { judgeAuthor } from '../../core/subscriptions/namesakes.ts';
import type { AuthorDirectory, AuthorLink, AuthorLinker } from '../../core/subscriptions/subscription-ports.ts';
import { isRecentPaper } from '../sources/first-seen.ts';
import { createSourceClients } from '../sources/source-clients.ts';
import { namesMatch, sameNameKey } from './author-name-match.ts';
import { fetchAuthorPapers, isOrcid, type AuthoredPaper } from './author-papers.ts';
import { createExternalAuthorSearch, INTERACTIVE_CLIENT_SETTINGS } from './external-author-search.ts';
import type { AuthorIdColumn as IdColumn, LinkedAuthorRow as StoredAuthor } from './ingest-ports.ts';
import type { IngestDeps } from './run-ingest.ts';

/**
 * The linker needs what ingestion needs (config, the store's ports, papers, clock, log, the polite
 * clients) and the app's author directory: its name statistics (a scan of every author) are then
 * counted once.
 */
export type AuthorLinkerDeps = IngestDeps & { authors: AuthorDirectory };

/**
 * Links an external author id to author rows: asks its source for the author's papers (Semantic
 * Scholar for `s2:<id>`, OpenAlex for `A…` ids and ORCID iDs), stores the recent ones with arXiv
 * ids, keeps every author id the source gives on those the store holds (paper_author_ids: what a
 * follow by id matches), and sets the id on the author row at that author's place in each, when the stored name there
 * fits a spelling the source gives. A row already carrying a different id of the same kind is left
 * alone (a namesake), and so is a row several people publish under (namesakes.ts): the id on it
 * would make the follow match every namesake's papers, where the per-paper ids match only theirs. A failing source is logged, not thrown: the
 * follow goes on with the id alone. Also searches authors by name (external-author-search.ts).
 */
export function createAuthorLinker(deps: AuthorLinkerDeps): AuthorLinker {
  const { config, papers, clock } = deps;
  const links = deps.ports.authorLinks;
  const log = deps.log.child({ component: 'author-linker' });
  const spacing = deps.ports.spacing;
  const clients = deps.clients ?? createSourceClients(config, {}, spacing);
  // A person in a chat waits for a search: its clients retry once, on the same shared spacing.
  const searchClients = deps.clients ?? createSourceClients(config, INTERACTIVE_CLIENT_SETTINGS, spacing);
  const search = createExternalAuthorSearch({ config, clients: searchClients, log: deps.log });
  const directory = deps.authors;
  // The stored author at the source's position when the names fit, else the one spelled exactly so.
  const storedAuthorOf = async (paper: AuthoredPaper): Promise<StoredAuthor | undefined> => {
    const atPosition = await links.authorAt(paper.paperId, paper.position);
    if (atPosition && namesMatch(atPosition.name, paper.names)) return atPosition;
    const stored = (await papers.getPaper(paper.paperId))?.authors ?? [];
    const exact = stored.findIndex((name) => sameNameKey(name, paper.names));
    return exact >= 0 ? await links.authorAt(paper.paperId, exact) : undefined;
  };

  return {
    searchAuthors: (name) => search.searchAuthors(name),
    async linkExternalId(input: string): Promise<AuthorLink> {
      const externalId = parseExternalAuthorId(input);
      if (externalId === null) throw new Error(`"${input}" is not an ORCID, OpenAlex or Semantic Scholar author id`);
      const { column, value } = storedIdOf(externalId);
      let collected;
      try {
        collected = await fetchAuthorPapers({ config, clients }, externalId);
      } catch (error) {
        log.warn({ err: error, externalId }, 'could not fetch the author’s papers; following by id only');
        return { carriers: await links.carriers(column, value), papers: await links.paperCount(externalId), name: null, sharedNames: [] };
      }
      const { papers: found, authorIds, authored } = collected;
      const now = clock.now();
      const today = now.toISOString().slice(0, 10);
      const shared = new Map<number, boolean>();
      const sharedNames = new Set<string>();
      // Their papers, then the ids on them (paper_author_ids keeps ids of stored papers only); then
      // the rows at the author's places, judged (the judgement reads the directory) before the ids
      // are set. Each id is set only on a row without one of its kind, so a row another process
      // linked meanwhile counts as a conflict here and keeps its id.
      // Only their recent papers are stored: the back catalogue would reach every channel as news
      // (first-seen.ts). Older ones link the author where the store already holds them.
      await papers.upsertPapers(
        found.filter((paper) => isRecentPaper(paper, today)),
        now.toISOString(),
      );
      // Per paper: a follow by id finds these papers even where the name on them is shared.
      await links.recordPaperAuthorIds(authorIds);
      for (const paper of authored) {
        const row = await storedAuthorOf(paper);
        if (row && row[column] === null && !shared.has(row.id)) shared.set(row.id, (await judgeAuthor(directory, row)).shared);
      }
      let linked = 0;
      let conflicts = 0;
      for (const paper of authored) {
        const row = await storedAuthorOf(paper);
        if (!row) continue;
        const current = row[column];
        if (current === value) continue;
        if (current !== null) {
          conflicts++;
          continue;
        }
        if (shared.get(row.id)) {
          sharedNames.add(row.name);
          continue;
        }
        if (await links.setIdWhereUnset(column, value, row.id)) linked++;
        else conflicts++;
      }
      const carriers = await links.carriers(column, value);
      log.info({ externalId, papers: found.length, linked, conflicts, shared: [...sharedNames], carriers }, 'linked an external author id');
      return { carriers, papers: await links.paperCount(externalId), name: mostCommon(authored.map((paper) => paper.names[0] ?? '').filter(Boolean)), sharedNames: [...sharedNames] };
    },
  };
}

function mostCommon(values: string[]): string | null {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

// Where an id is kept on author rows: Semantic Scholar ids without their `s2:` prefix (as the directory looks them up).
function storedIdOf(externalId: string): { column: IdColumn; value: string } {
  if (externalId.startsWith('s2:')) return { column: 'semanticScholarId', value: externalId.slice(3) };
  if (isOrcid(externalId)) return { column: 'orcid', value: externalId };
  return { column: 'openalexId', value: externalId };
}
