/**
 * Builds seeds/papers.json from the two documents the product started from (an author page
 * and a Hugging Face search page in ../shared/seed-docs), looking each title up in the arXiv
 * snapshot for its id. Run with `node_modules/.bin/tsx scripts/build-seeds.ts`.
 */
import { createReadStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import type { SeedPaper } from '../src/adapters/seeds/load-seeds.ts';
import { parseArxivId } from '../src/core/paper.ts';
import { parseAuthorPage } from './seed-docs/parse-author-page.ts';
import { parseSearchPage } from './seed-docs/parse-search-page.ts';

export type { SeedPaper };


const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The seed author page (Anoop Deoras). */
export const AUTHOR_PAGE_PATH = resolve(repoRoot, '../shared/seed-docs/000_21e5dede4cfc1f62.txt');
/** The seed Hugging Face search page for "cold start". */
export const SEARCH_PAGE_PATH = resolve(repoRoot, '../shared/seed-docs/004_3093e53e44ec1e4a.txt');
/** The arXiv metadata snapshot used to find each seed's id. */
export const SNAPSHOT_PATH = resolve(repoRoot, '../shared/datasets/arxiv-cs-daily/arxiv-cs-2025-2026.snapshot.jsonl.gz');
/** Where the seeds are written. */
export const SEEDS_PATH = resolve(repoRoot, 'seeds/papers.json');

/**
 * The key two titles are compared by: lowercase, accents and punctuation dropped, whitespace
 * collapsed. Punctuation becomes a space rather than nothing so "Time-Series" and
 * "Time Series" (and arXiv's line-wrapped titles) meet.
 */
export function normaliseTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The seeds built from the two documents, before any arXiv id lookup. */
export interface SeedBuild {
  papers: SeedPaper[];
  /** Titles found on both documents and merged into their author-page entry. */
  merged: string[];
}

/**
 * Parses both documents and merges them into seed records (author page first, each in page
 * order), all with `arxivId: null`. A paper on both documents keeps the author page's
 * metadata. Throws when either document does not parse or lists a paper twice.
 */
export function buildSeedPapers(authorPageText: string, searchPageText: string): SeedBuild {
  const byTitle = new Map<string, SeedPaper>();
  const merged: string[] = [];

  for (const paper of parseAuthorPage(authorPageText)) {
    const key = normaliseTitle(paper.title);
    if (byTitle.has(key)) throw new Error(`author page: "${paper.title}" is listed twice`);
    byTitle.set(key, {
      arxivId: null,
      title: paper.title,
      authors: paper.authors,
      authorsTruncated: paper.authorsTruncated,
      published: paper.published,
      category: paper.category,
      org: paper.org,
      score: paper.score,
      hasCode: paper.hasCode,
      abstract: paper.abstract,
      document: 'author-page',
    });
  }

  const searchKeys = new Set<string>();
  for (const paper of parseSearchPage(searchPageText)) {
    const key = normaliseTitle(paper.title);
    if (searchKeys.has(key)) throw new Error(`search page: "${paper.title}" is listed twice`);
    searchKeys.add(key);
    const existing = byTitle.get(key);
    if (existing) {
      // The author page carries the richer metadata; the search page can only add a missing abstract.
      if (existing.abstract === '') existing.abstract = paper.abstract;
      merged.push(existing.title);
      continue;
    }
    byTitle.set(key, {
      arxivId: null,
      title: paper.title,
      authors: [],
      authorsTruncated: false,
      published: null,
      category: null,
      org: null,
      score: null,
      hasCode: false,
      abstract: paper.abstract,
      document: 'search-page',
    });
  }

  return { papers: [...byTitle.values()], merged };
}

/**
 * Streams the gzipped JSON-lines snapshot and returns, for each wanted normalised title, the
 * versionless arXiv id of the paper with that title. When several papers share a title the
 * smallest id wins, so the result does not depend on the snapshot's line order.
 */
export async function findArxivIds(wanted: ReadonlySet<string>, snapshotPath: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const lines = createInterface({ input: createReadStream(snapshotPath).pipe(createGunzip()), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    let record: { id?: unknown; title?: unknown };
    try {
      record = JSON.parse(line) as { id?: unknown; title?: unknown };
    } catch {
      throw new Error(`snapshot: line ${lineNumber} is not JSON`);
    }
    if (typeof record.title !== 'string' || typeof record.id !== 'string') continue;
    const key = normaliseTitle(record.title);
    if (!wanted.has(key)) continue;
    const id = parseArxivId(record.id)?.id;
    if (id === undefined) throw new Error(`snapshot: line ${lineNumber} has an invalid arXiv id "${record.id}"`);
    const previous = found.get(key);
    if (previous === undefined || id < previous) found.set(key, id);
  }
  return found;
}

async function main(): Promise<void> {
  const [authorPageText, searchPageText] = await Promise.all([
    readFile(AUTHOR_PAGE_PATH, 'utf8'),
    readFile(SEARCH_PAGE_PATH, 'utf8'),
  ]);
  const { papers, merged } = buildSeedPapers(authorPageText, searchPageText);

  const ids = await findArxivIds(new Set(papers.map((paper) => normaliseTitle(paper.title))), SNAPSHOT_PATH);
  for (const paper of papers) paper.arxivId = ids.get(normaliseTitle(paper.title)) ?? null;

  await mkdir(dirname(SEEDS_PATH), { recursive: true });
  await writeFile(SEEDS_PATH, `${JSON.stringify(papers, null, 2)}\n`);

  const count = (document: SeedPaper['document']): number => papers.filter((p) => p.document === document).length;
  console.log(`wrote ${papers.length} seed papers to ${SEEDS_PATH}`);
  console.log(`  author page: ${count('author-page')}, search page only: ${count('search-page')}, merged: ${merged.length}`);
  for (const title of merged) console.log(`  merged (on both documents): ${title}`);
  for (const paper of papers) if (paper.arxivId) console.log(`  arXiv ${paper.arxivId}: ${paper.title}`);
  // Neither document names an arXiv id, and an id is never guessed: these keep a seed: id and no link.
  const withoutId = papers.filter((paper) => paper.arxivId === null).length;
  console.log(`  ${withoutId} without an arXiv id (no title match in the snapshot): seed: ids, no link`);
}

// Run only when executed directly, so tests can import the pure builders above.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(`build-seeds: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
