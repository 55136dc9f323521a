import type { Synchronous } from '../../core/awaitable.ts';
import { and, count, desc, eq, inArray, like, max, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { AuthorDirectory, AuthorPaper, AuthorProfile, NameStatistics } from '../../core/subscriptions/subscription-ports.ts';
import type { Db } from './open-database.ts';
import { authors, paperAuthors, papers } from './schema.ts';

/** Evidence shown when a name is ambiguous: how many papers, the latest titles, frequent co-authors. */
const RECENT_TITLES = 2;
const CO_AUTHORS = 3;
/**
 * The name statistics are counted again once the store has this share more author rows: counting
 * reads every name (184,805 rows: about 0.5 s), and a few new rows barely move a frequency.
 */
const STATISTICS_STALE_SHARE = 0.01;

export function createSqliteAuthorDirectory(db: Db): Synchronous<AuthorDirectory> {
  const p = sql.placeholder;
  // Prepared once: digest selection looks up the authors of every follow by an external id.
  const byKey = db.select().from(authors).where(eq(authors.nameKey, p('key'))).prepare();
  const byId = db.select().from(authors).where(eq(authors.id, p('id'))).prepare();
  const byExternal = db
    .select()
    .from(authors)
    .where(or(eq(authors.orcid, p('external')), eq(authors.openalexId, p('external')), eq(authors.semanticScholarId, p('external'))))
    .prepare();
  const paperCount = db.select({ n: count() }).from(paperAuthors).where(eq(paperAuthors.authorId, p('author'))).prepare();
  const recentTitles = db
    .select({ title: papers.title })
    .from(paperAuthors)
    .innerJoin(papers, eq(papers.seq, paperAuthors.paperSeq))
    .where(eq(paperAuthors.authorId, p('author')))
    // SQLite sorts NULL first ascending, so last descending: papers without a date come last.
    .orderBy(desc(papers.published), desc(papers.seq))
    .limit(RECENT_TITLES)
    .prepare();
  const mine = alias(paperAuthors, 'mine');
  const other = alias(paperAuthors, 'other');
  const coAuthors = db
    .select({ name: authors.displayName })
    .from(mine)
    .innerJoin(other, eq(other.paperSeq, mine.paperSeq))
    .innerJoin(authors, eq(authors.id, other.authorId))
    .where(and(eq(mine.authorId, p('author')), ne(other.authorId, p('author'))))
    .groupBy(authors.id)
    .orderBy(desc(count()), authors.displayName)
    .limit(CO_AUTHORS)
    .prepare();

  const papersOfAuthor = db
    .select({ seq: papers.seq, id: papers.id, title: papers.title, published: papers.published, categories: papers.categories })
    .from(paperAuthors)
    .innerJoin(papers, eq(papers.seq, paperAuthors.paperSeq))
    .where(eq(paperAuthors.authorId, p('author')))
    .orderBy(desc(papers.published), desc(papers.seq))
    .limit(p('limit'))
    .prepare();
  const authorRows = db.select({ n: max(authors.id) }).from(authors).prepare();
  let statistics: { rows: number; given: Map<string, number>; family: Map<string, number>; authors: number } | null = null;

  function nameStatistics(): NameStatistics {
    // Ids are handed out in order, so the highest one tells how many rows were added since the count.
    const rows = authorRows.get()?.n ?? 0;
    if (statistics === null || rows > statistics.rows * (1 + STATISTICS_STALE_SHARE)) {
      const given = new Map<string, number>();
      const family = new Map<string, number>();
      let total = 0;
      for (const { key } of db.select({ key: authors.nameKey }).from(authors).all()) {
        total++;
        const cut = key.lastIndexOf(' ');
        if (cut <= 0) continue;
        const g = key.slice(0, cut);
        const f = key.slice(cut + 1);
        given.set(g, (given.get(g) ?? 0) + 1);
        family.set(f, (family.get(f) ?? 0) + 1);
      }
      statistics = { rows, given, family, authors: total };
    }
    const { given, family, authors: total } = statistics;
    return {
      authors: total,
      withGivenNames: (name) => given.get(name) ?? 0,
      withFamilyName: (name) => family.get(name) ?? 0,
    };
  }

  function papersOf(authorId: number, limit: number): AuthorPaper[] {
    const rows = papersOfAuthor.all({ author: authorId, limit });
    if (rows.length === 0) return [];
    const bySeq = new Map<number, AuthorPaper>();
    for (const row of rows) {
      bySeq.set(row.seq, {
        paperId: row.id,
        title: row.title,
        published: row.published?.slice(0, 10) ?? null,
        categories: row.categories.split(' ').filter(Boolean),
        coAuthors: [],
      });
    }
    // One query for every co-author of those papers, in batches SQLite's variable limit allows.
    const seqs = [...bySeq.keys()];
    for (let i = 0; i < seqs.length; i += 500) {
      const batch = seqs.slice(i, i + 500);
      const coAuthorRows = db
        .select({ seq: paperAuthors.paperSeq, id: authors.id, name: authors.displayName, nameKey: authors.nameKey })
        .from(paperAuthors)
        .innerJoin(authors, eq(authors.id, paperAuthors.authorId))
        .where(and(inArray(paperAuthors.paperSeq, batch), ne(paperAuthors.authorId, authorId)))
        .orderBy(paperAuthors.paperSeq, paperAuthors.position)
        .all();
      for (const row of coAuthorRows) bySeq.get(row.seq)!.coAuthors.push({ id: row.id, name: row.name, nameKey: row.nameKey });
    }
    return [...bySeq.values()];
  }

  function profileOf(row: typeof authors.$inferSelect): AuthorProfile {
    return {
      id: row.id,
      name: row.displayName,
      paperCount: paperCount.get({ author: row.id })!.n,
      recentTitles: recentTitles.all({ author: row.id }).map((r) => r.title),
      coAuthors: coAuthors.all({ author: row.id }).map((r) => r.name),
      affiliation: row.affiliation,
      orcid: row.orcid,
      openalexId: row.openalexId,
      semanticScholarId: row.semanticScholarId,
    };
  }

  return {
    exact: (nameKey) => byKey.all({ key: nameKey }).map(profileOf),
    candidates(tokens, limit) {
      // Narrow by any name token at the start of the name or of one of its words; the caller ranks them fuzzily.
      const usable = tokens.filter((t) => t.length >= 2);
      if (usable.length === 0) return [];
      // Three-letter prefixes keep typos in the rest of a name ("Deoraz") among the candidates.
      const prefixes = usable.map((t) => t.slice(0, 3));
      return db
        .select({ id: authors.id, name: authors.displayName })
        .from(authors)
        .where(or(...prefixes.flatMap((prefix) => [like(authors.nameKey, `${prefix}%`), like(authors.nameKey, `% ${prefix}%`)])))
        .limit(limit)
        .all();
    },
    profile(id) {
      const row = byId.get({ id });
      return row ? profileOf(row) : null;
    },
    byExternalId(externalId) {
      return byExternal.all({ external: externalId }).map(profileOf);
    },
    papersOf,
    nameStatistics,
  };
}
