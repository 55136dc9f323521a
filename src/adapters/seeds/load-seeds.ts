import type { Synchronous } from '../../core/awaitable.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { arxivAbsUrl, arxivPdfUrl, findCodeUrl, type PaperInput } from '../../core/paper.ts';
import type { PaperRepository, UpsertSummary } from '../../core/ports.ts';
import { readSeedState, writeSeedState } from '../store/seed-state.ts';

/** The committed seed papers, made from ../shared/seed-docs by scripts/build-seeds.ts. */
export const SEEDS_FILE = fileURLToPath(new URL('../../../seeds/papers.json', import.meta.url));

/** One record of seeds/papers.json. */
export interface SeedPaper {
  arxivId: string | null;
  title: string;
  authors: string[];
  authorsTruncated: boolean;
  published: string | null;
  category: string | null;
  org: string | null;
  score: number | null;
  hasCode: boolean;
  abstract: string;
  document: 'author-page' | 'search-page';
}

function slug(title: string): string {
  return title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}

/** A seed record as store input. Seeds without an arXiv id get a stable `seed:<title-slug>` id. */
export function seedToPaperInput(seed: SeedPaper): PaperInput {
  return {
    id: seed.arxivId ?? `seed:${slug(seed.title)}`,
    version: null,
    title: seed.title,
    abstract: seed.abstract,
    authors: seed.authors,
    authorsTruncated: seed.authorsTruncated,
    categories: seed.category ? [seed.category] : [],
    published: seed.published,
    updated: null,
    comment: null,
    doi: null,
    journalRef: null,
    absUrl: seed.arxivId ? arxivAbsUrl(seed.arxivId) : null,
    pdfUrl: seed.arxivId ? arxivPdfUrl(seed.arxivId) : null,
    codeUrl: seed.hasCode ? findCodeUrl(seed.abstract) : null,
    org: seed.org,
    score: seed.score,
    upvotes: null,
    sources: ['seed'],
  };
}

export function readSeeds(path = SEEDS_FILE): SeedPaper[] {
  return JSON.parse(readFileSync(path, 'utf8')) as SeedPaper[];
}

/**
 * Loads the seed papers; running it again changes nothing. Answers as the repository answers: at
 * once from SQLite's (inside its transactions), a promise from PostgreSQL's (`paperboy db seed`).
 */
export function loadSeeds<R extends Pick<PaperRepository, 'upsertPapers'>>(papers: R, seenAt: string, path = SEEDS_FILE): ReturnType<R['upsertPapers']> {
  return papers.upsertPapers(readSeeds(path).map(seedToPaperInput), seenAt) as ReturnType<R['upsertPapers']>;
}

/**
 * The app's first-run seeding, which a crash cannot half-do: loads the seed papers into a store
 * that waits for them (seed-state.ts: created by the app, `pending`; or from before that mark and
 * without a paper, as a first run killed under older versions left it), in one transaction with
 * the mark that says they are loaded. A process killed before or during it leaves the store
 * `pending`, and the next run seeds it. Returns what was loaded, or null when the store was
 * already seeded, wants no seeds, or is open read-only.
 */
export function loadPendingSeeds(sqlite: Database.Database, papers: Synchronous<PaperRepository>, seenAt: string, path = SEEDS_FILE): UpsertSummary | null {
  if (sqlite.readonly || !seedsPending(sqlite)) return null;
  // IMMEDIATE: two first runs at once seed once; the second finds the mark set when it gets the lock.
  return sqlite
    .transaction((): UpsertSummary | null => {
      if (!seedsPending(sqlite)) return null;
      const summary = loadSeeds(papers, seenAt, path);
      writeSeedState(sqlite, 'loaded');
      return summary;
    })
    .immediate();
}

function seedsPending(sqlite: Database.Database): boolean {
  const state = readSeedState(sqlite);
  return state === 'pending' || (state === 'unknown' && sqlite.prepare('SELECT 1 FROM papers LIMIT 1').get() === undefined);
}
