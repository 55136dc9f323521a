import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { arxivAbsUrl, arxivPdfUrl, findCodeUrl, type PaperInput } from '../../core/paper.ts';
import type { PaperRepository, UpsertSummary } from '../../core/ports.ts';

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

/** Loads the seed papers; running it again changes nothing. */
export function loadSeeds(papers: PaperRepository, seenAt: string, path = SEEDS_FILE): UpsertSummary {
  return papers.upsertPapers(readSeeds(path).map(seedToPaperInput), seenAt);
}
