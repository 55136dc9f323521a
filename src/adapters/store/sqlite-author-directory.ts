import type Database from 'better-sqlite3';
import type { AuthorDirectory, AuthorProfile } from '../../core/subscriptions/subscription-ports.ts';

interface AuthorRow {
  id: number;
  display_name: string;
  affiliation: string | null;
  orcid: string | null;
  openalex_id: string | null;
  semantic_scholar_id: string | null;
}

/** Evidence shown when a name is ambiguous: how many papers, the latest titles, frequent co-authors. */
const RECENT_TITLES = 2;
const CO_AUTHORS = 3;

export function createSqliteAuthorDirectory(sqlite: Database.Database): AuthorDirectory {
  const byKey = sqlite.prepare<[string], AuthorRow>('SELECT * FROM authors WHERE name_key = ?');
  const byId = sqlite.prepare<[number], AuthorRow>('SELECT * FROM authors WHERE id = ?');
  const byExternal = sqlite.prepare<[string, string, string], AuthorRow>(
    'SELECT * FROM authors WHERE orcid = ? OR openalex_id = ? OR semantic_scholar_id = ?',
  );
  const paperCount = sqlite.prepare<[number], { n: number }>('SELECT count(*) AS n FROM paper_authors WHERE author_id = ?');
  const recentTitles = sqlite.prepare<[number, number], { title: string }>(
    `SELECT p.title FROM paper_authors pa JOIN papers p ON p.seq = pa.paper_seq
     WHERE pa.author_id = ? ORDER BY p.published DESC NULLS LAST, p.seq DESC LIMIT ?`,
  );
  const coAuthors = sqlite.prepare<[number, number, number], { display_name: string }>(
    `SELECT a.display_name FROM paper_authors mine JOIN paper_authors other ON other.paper_seq = mine.paper_seq
     JOIN authors a ON a.id = other.author_id
     WHERE mine.author_id = ? AND other.author_id != ?
     GROUP BY a.id ORDER BY count(*) DESC, a.display_name LIMIT ?`,
  );

  function profileOf(row: AuthorRow): AuthorProfile {
    return {
      id: row.id,
      name: row.display_name,
      paperCount: paperCount.get(row.id)!.n,
      recentTitles: recentTitles.all(row.id, RECENT_TITLES).map((r) => r.title),
      coAuthors: coAuthors.all(row.id, row.id, CO_AUTHORS).map((r) => r.display_name),
      affiliation: row.affiliation,
      orcid: row.orcid,
      openalexId: row.openalex_id,
      semanticScholarId: row.semantic_scholar_id,
    };
  }

  return {
    exact: (nameKey) => byKey.all(nameKey).map(profileOf),
    candidates(tokens, limit) {
      // Narrow by any name token with an index-friendly prefix/suffix scan; the caller ranks them fuzzily.
      const usable = tokens.filter((t) => t.length >= 2);
      if (usable.length === 0) return [];
      const clauses = usable.map(() => "(name_key LIKE ? || '%' OR name_key LIKE '% ' || ? || '%')").join(' OR ');
      // Three-letter prefixes keep typos in the rest of a name ("Deoraz") among the candidates.
      const params = usable.flatMap((t) => [t.slice(0, 3), t.slice(0, 3)]);
      const rows = sqlite
        .prepare(`SELECT id, display_name FROM authors WHERE ${clauses} LIMIT ?`)
        .all(...params, limit) as Array<{ id: number; display_name: string }>;
      return rows.map((r) => ({ id: r.id, name: r.display_name }));
    },
    profile(id) {
      const row = byId.get(id);
      return row ? profileOf(row) : null;
    },
    byExternalId(externalId) {
      return byExternal.all(externalId, externalId, externalId).map(profileOf);
    },
  };
}
