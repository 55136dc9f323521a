/**
 * AuthorDirectory on PostgreSQL (issue 21): the queries of sqlite-author-directory.ts over
 * pg-schema.ts, asynchronously. The author rows and links are the ones pg-paper-repository.ts
 * writes (one row per name key, one link per author position).
 *
 * Where the engines would answer differently, this says how SQLite answers:
 * - Descending sorts put NULL last (SQLite sorts NULL lowest; PostgreSQL highest, so NULLS FIRST by
 *   default for DESC: https://www.postgresql.org/docs/15/queries-order.html): papers without a date
 *   come last, as there.
 * - Names sort COLLATE "C", by code point as SQLite's BINARY collation, whatever the database's
 *   collation (https://www.postgresql.org/docs/15/collation.html).
 * - SQLite's LIKE ignores the case of ASCII letters, PostgreSQL's does not
 *   (https://www.postgresql.org/docs/15/functions-matching.html#FUNCTIONS-LIKE): name keys are lower
 *   case, so the prefixes are lowered (ASCII only, as SQLite folds) instead.
 * - Lists SQLite returns in table order (candidates, byExternalId) are ordered by id here: SQLite
 *   scans its table in rowid order there, and PostgreSQL promises no order without ORDER BY.
 */
import { and, asc, count, desc, eq, inArray, like, max, ne, or, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { alias } from 'drizzle-orm/pg-core';
import type { AuthorDirectory, AuthorPaper, AuthorProfile, NameStatistics } from '../../../core/subscriptions/subscription-ports.ts';
import type { PgDb } from './open-pg-store.ts';
import { authors, paperAuthors, papers } from './pg-schema.ts';

/** Evidence shown when a name is ambiguous: how many papers, the latest titles, frequent co-authors (as SQLite). */
const RECENT_TITLES = 2;
const CO_AUTHORS = 3;
/** The name statistics are counted again once the store has this share more author rows (as SQLite). */
const STATISTICS_STALE_SHARE = 0.01;
/** Seqs per co-author query (an array parameter; the batches keep each answer small). */
const CO_AUTHOR_BATCH = 500;

const binary = (column: AnyPgColumn) => sql`${column} collate "C"`;
const newestFirst = [sql`${papers.published} DESC NULLS LAST`, desc(papers.seq)];
const foldAscii = (text: string) => text.replace(/[A-Z]/g, (c) => c.toLowerCase());

export function createPgAuthorDirectory(db: PgDb): AuthorDirectory {
  const paperCount = (author: number) =>
    db
      .select({ n: count() })
      .from(paperAuthors)
      .where(eq(paperAuthors.authorId, author))
      .then((rows) => rows[0]?.n ?? 0);
  const recentTitles = (author: number) =>
    db
      .select({ title: papers.title })
      .from(paperAuthors)
      .innerJoin(papers, eq(papers.seq, paperAuthors.paperSeq))
      .where(eq(paperAuthors.authorId, author))
      .orderBy(...newestFirst)
      .limit(RECENT_TITLES);
  const mine = alias(paperAuthors, 'mine');
  const other = alias(paperAuthors, 'other');
  const coAuthors = (author: number) =>
    db
      .select({ name: authors.displayName })
      .from(mine)
      .innerJoin(other, eq(other.paperSeq, mine.paperSeq))
      .innerJoin(authors, eq(authors.id, other.authorId))
      .where(and(eq(mine.authorId, author), ne(other.authorId, author)))
      .groupBy(authors.id)
      .orderBy(desc(count()), asc(binary(authors.displayName)))
      .limit(CO_AUTHORS);

  async function profileOf(row: typeof authors.$inferSelect): Promise<AuthorProfile> {
    const [n, titles, names] = await Promise.all([paperCount(row.id), recentTitles(row.id), coAuthors(row.id)]);
    return {
      id: row.id,
      name: row.displayName,
      paperCount: n,
      recentTitles: titles.map((r) => r.title),
      coAuthors: names.map((r) => r.name),
      affiliation: row.affiliation,
      orcid: row.orcid,
      openalexId: row.openalexId,
      semanticScholarId: row.semanticScholarId,
    };
  }

  let statistics: { rows: number; given: Map<string, number>; family: Map<string, number>; authors: number } | null = null;

  async function nameStatistics(): Promise<NameStatistics> {
    // As in SQLite, the highest id stands for how many rows were added since the count. Identity
    // values have gaps here (one drawn per conflicting insert, never given back:
    // https://www.postgresql.org/docs/15/functions-sequence.html), which can only make a recount come sooner.
    const rows = (await db.select({ n: max(authors.id) }).from(authors))[0]?.n ?? 0;
    if (statistics === null || rows > statistics.rows * (1 + STATISTICS_STALE_SHARE)) {
      const given = new Map<string, number>();
      const family = new Map<string, number>();
      let total = 0;
      for (const { key } of await db.select({ key: authors.nameKey }).from(authors)) {
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

  async function papersOf(authorId: number, limit: number): Promise<AuthorPaper[]> {
    if (limit <= 0) return [];
    const rows = await db
      .select({ seq: papers.seq, id: papers.id, title: papers.title, published: papers.published, categories: papers.categories })
      .from(paperAuthors)
      .innerJoin(papers, eq(papers.seq, paperAuthors.paperSeq))
      .where(eq(paperAuthors.authorId, authorId))
      .orderBy(...newestFirst)
      .limit(limit);
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
    const seqs = [...bySeq.keys()];
    for (let i = 0; i < seqs.length; i += CO_AUTHOR_BATCH) {
      const coAuthorRows = await db
        .select({ seq: paperAuthors.paperSeq, id: authors.id, name: authors.displayName, nameKey: authors.nameKey })
        .from(paperAuthors)
        .innerJoin(authors, eq(authors.id, paperAuthors.authorId))
        .where(and(inArray(paperAuthors.paperSeq, seqs.slice(i, i + CO_AUTHOR_BATCH)), ne(paperAuthors.authorId, authorId)))
        .orderBy(paperAuthors.paperSeq, paperAuthors.position);
      for (const row of coAuthorRows) bySeq.get(row.seq)!.coAuthors.push({ id: row.id, name: row.name, nameKey: row.nameKey });
    }
    return [...bySeq.values()];
  }

  return {
    async exact(nameKey) {
      const rows = await db.select().from(authors).where(eq(authors.nameKey, nameKey));
      return Promise.all(rows.map(profileOf));
    },
    async candidates(tokens, limit) {
      // Any name token at the start of the name or of one of its words, three-letter prefixes so a
      // typo in the rest of a name stays a candidate; the caller ranks them fuzzily (as SQLite).
      const usable = tokens.filter((t) => t.length >= 2);
      if (usable.length === 0 || limit <= 0) return [];
      const prefixes = usable.map((t) => foldAscii(t.slice(0, 3)));
      return db
        .select({ id: authors.id, name: authors.displayName })
        .from(authors)
        .where(or(...prefixes.flatMap((prefix) => [like(authors.nameKey, `${prefix}%`), like(authors.nameKey, `% ${prefix}%`)])))
        .orderBy(asc(authors.id))
        .limit(limit);
    },
    async profile(id) {
      const [row] = await db.select().from(authors).where(eq(authors.id, id));
      return row ? profileOf(row) : null;
    },
    async byExternalId(externalId) {
      const rows = await db
        .select()
        .from(authors)
        .where(or(eq(authors.orcid, externalId), eq(authors.openalexId, externalId), eq(authors.semanticScholarId, externalId)))
        .orderBy(asc(authors.id));
      return Promise.all(rows.map(profileOf));
    },
    papersOf,
    nameStatistics,
  };
}
