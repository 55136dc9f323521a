import { and, count, eq, sql } from 'drizzle-orm';
import { parseExternalAuthorId } from '../../core/subscriptions/resolve-author.ts';
import { judgeAuthor } from '../../core/subscriptions/namesakes.ts';
import type { AuthorDirectory, AuthorLink, AuthorLinker } from '../../core/subscriptions/subscription-ports.ts';
import { isRecentPaper } from '../sources/first-seen.ts';
import { authors, paperAuthors, papers as paperRows } from '../store/schema.ts';
import { createSqliteAuthorDirectory } from '../store/sqlite-author-directory.ts';
import { createSqlitePaperAuthorIds } from '../store/sqlite-paper-author-ids.ts';
import { createSqliteRequestSpacing } from '../store/sqlite-request-spacing.ts';
import { createSourceClients } from '../sources/source-clients.ts';
import { namesMatch, sameNameKey } from './author-name-match.ts';
import { fetchAuthorPapers, isOrcid, type AuthoredPaper } from './author-papers.ts';
import { createExternalAuthorSearch, INTERACTIVE_CLIENT_SETTINGS } from './external-author-search.ts';
import type { IngestDeps } from './run-ingest.ts';

/** The linker needs what ingestion needs: config, store, clock, log and the polite clients. */
export type AuthorLinkerDeps = IngestDeps & { authors?: AuthorDirectory };

/** The author-row field an external id is kept in. */
type IdColumn = 'semanticScholarId' | 'openalexId' | 'orcid';

type StoredAuthor = Pick<typeof authors.$inferSelect, 'id' | IdColumn> & { name: string };

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
  const { config, db, papers, clock } = deps;
  const log = deps.log.child({ component: 'author-linker' });
  const spacing = createSqliteRequestSpacing(db.$client);
  const clients = deps.clients ?? createSourceClients(config, {}, spacing);
  // A person in a chat waits for a search: its clients retry once, on the same shared spacing.
  const searchClients = deps.clients ?? createSourceClients(config, INTERACTIVE_CLIENT_SETTINGS, spacing);
  const search = createExternalAuthorSearch({ config, clients: searchClients, log: deps.log });
  // The app's own directory when given: its name statistics (a scan of every author) are then counted once.
  const directory = deps.authors ?? createSqliteAuthorDirectory(db);
  const paperAuthorIds = createSqlitePaperAuthorIds(db);
  // Prepared once: asked for each of up to 1,000 papers of the author.
  const authorAtQuery = db
    .select({ id: authors.id, name: authors.displayName, orcid: authors.orcid, openalexId: authors.openalexId, semanticScholarId: authors.semanticScholarId })
    .from(paperAuthors)
    .innerJoin(paperRows, eq(paperRows.seq, paperAuthors.paperSeq))
    .innerJoin(authors, eq(authors.id, paperAuthors.authorId))
    .where(and(eq(paperRows.id, sql.placeholder('paper')), eq(paperAuthors.position, sql.placeholder('position'))))
    .prepare();
  const authorAt = (paperId: string, position: number): StoredAuthor | undefined => authorAtQuery.get({ paper: paperId, position });
  // The stored author at the source's position when the names fit, else the one spelled exactly so.
  const storedAuthorOf = (paper: AuthoredPaper): StoredAuthor | undefined => {
    const atPosition = authorAt(paper.paperId, paper.position);
    if (atPosition && namesMatch(atPosition.name, paper.names)) return atPosition;
    const stored = papers.getPaper(paper.paperId)?.authors ?? [];
    const exact = stored.findIndex((name) => sameNameKey(name, paper.names));
    return exact >= 0 ? authorAt(paper.paperId, exact) : undefined;
  };
  const setId = (column: IdColumn, value: string, authorId: number) => db.update(authors).set({ [column]: value }).where(eq(authors.id, authorId)).run();
  const carriersOf = (column: IdColumn, value: string) => db.select({ n: count() }).from(authors).where(eq(authors[column], value)).get()!.n;

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
        return { carriers: carriersOf(column, value), papers: paperAuthorIds.paperCount(externalId), name: null, sharedNames: [] };
      }
      const { papers: found, authorIds, authored } = collected;
      const now = clock.now();
      const today = now.toISOString().slice(0, 10);
      const shared = new Map<number, boolean>();
      const sharedNames = new Set<string>();
      // Their papers and ids first; then the rows at the author's places, judged (the judgement
      // reads the directory, which may answer asynchronously) before the ids are set.
      db.transaction(() => {
        // Only their recent papers are stored: the back catalogue would reach every channel as news
        // (first-seen.ts). Older ones link the author where the store already holds them.
        papers.upsertPapers(
          found.filter((paper) => isRecentPaper(paper, today)),
          now.toISOString(),
        );
        // Per paper: a follow by id finds these papers even where the name on them is shared.
        paperAuthorIds.record(authorIds);
      });
      for (const paper of authored) {
        const row = storedAuthorOf(paper);
        if (row && row[column] === null && !shared.has(row.id)) shared.set(row.id, (await judgeAuthor(directory, row)).shared);
      }
      const { linked, conflicts } = db.transaction(() => {
        let linked = 0;
        let conflicts = 0;
        for (const paper of authored) {
          const row = storedAuthorOf(paper);
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
          setId(column, value, row.id);
          linked++;
        }
        return { linked, conflicts };
      });
      const carriers = carriersOf(column, value);
      log.info({ externalId, papers: found.length, linked, conflicts, shared: [...sharedNames], carriers }, 'linked an external author id');
      return { carriers, papers: paperAuthorIds.paperCount(externalId), name: mostCommon(authored.map((paper) => paper.names[0] ?? '').filter(Boolean)), sharedNames: [...sharedNames] };
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
