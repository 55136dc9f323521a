import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import {
  AUTHOR_PAGE_PATH,
  SEARCH_PAGE_PATH,
  SEEDS_PATH,
  SNAPSHOT_PATH,
  buildSeedPapers,
  findArxivIds,
  normaliseTitle,
  type SeedPaper,
} from '../scripts/build-seeds.ts';
import { parseAuthorPage, type AuthorPagePaper } from '../scripts/seed-docs/parse-author-page.ts';
import { parseSearchPage } from '../scripts/seed-docs/parse-search-page.ts';
import { loadSeeds, seedToPaperInput } from '../src/adapters/seeds/load-seeds.ts';
import { openDatabase } from '../src/adapters/store/open-database.ts';
import { createSqlitePaperRepository } from '../src/adapters/store/sqlite-paper-repository.ts';
import { ALL_COMMANDS } from '../src/commands/all-commands.ts';
import type { CommandContext } from '../src/commands/command-context.ts';
import type { CommandServices } from '../src/commands/command-services.ts';
import { paperCommand } from '../src/commands/definitions/paper-command.ts';
import { silentLogger } from '../src/core/logger.ts';
import { parseArxivId } from '../src/core/paper.ts';
import type { PaperRepository } from '../src/core/ports.ts';
import { renderReplyText } from '../src/core/render-text.ts';

const authorPageText = readFileSync(AUTHOR_PAGE_PATH, 'utf8');
const searchPageText = readFileSync(SEARCH_PAGE_PATH, 'utf8');

function byTitle(papers: AuthorPagePaper[], prefix: string): AuthorPagePaper {
  const paper = papers.find((p) => p.title.startsWith(prefix));
  if (!paper) throw new Error(`no paper titled "${prefix}…"`);
  return paper;
}

describe('parseAuthorPage on the seed author page', () => {
  const papers = parseAuthorPage(authorPageText);

  it('finds the 24 papers the page announces, each with a title, authors and an abstract', () => {
    expect(papers).toHaveLength(24);
    for (const paper of papers) {
      expect(paper.title).not.toBe('');
      expect(paper.authors.length).toBeGreaterThan(0);
      expect(paper.abstract.length).toBeGreaterThan(200);
    }
  });

  it('reads score, category, year-less date, Code flag, organisation and truncated authors', () => {
    const paper = byTitle(papers, 'MigrationBench:');
    expect(paper).toEqual({
      title: 'MigrationBench: Repository-Level Code Migration Benchmark from Java 8',
      authors: ['Linbo Liu', 'Xinle Liu', 'Qiang Zhou'],
      authorsTruncated: true,
      published: '2026-05-28',
      category: 'cs.SE',
      org: 'amazon-science',
      score: 98.1,
      hasCode: true,
      abstract: expect.stringMatching(/^With the rapid advancement .* respectively\.$/),
    });
  });

  it('keeps explicit years', () => {
    expect(byTitle(papers, 'The Amazon Nova Family of Models').published).toBe('2025-03-17');
    expect(byTitle(papers, 'MURPHY:').published).toBe('2025-11-11');
  });

  it('parses the last entry on the page', () => {
    const paper = papers.at(-1)!;
    expect(paper.title).toBe('Zero-Shot Recommender Systems');
    expect(paper.category).toBe('cs.LG');
    expect(paper.published).toBe('2021-05-18');
    expect(paper.authors).toEqual(['Hao Ding', 'Yifei Ma', 'Anoop Deoras']);
    expect(paper.abstract).toMatch(/early-stage products\.$/);
  });

  it('reads a complete author list and maps ML to stat.ML', () => {
    const paper = byTitle(papers, 'Robust Projection based Anomaly Extraction');
    expect(paper.title).toBe('Robust Projection based Anomaly Extraction (RPE) in Univariate Time-Series');
    expect(paper.authors).toEqual(['Mostafa Rahmani', 'Anoop Deoras', 'Laurent Callot']);
    expect(paper.authorsTruncated).toBe(false);
    expect(paper.category).toBe('stat.ML');
    expect(paper.org).toBeNull();
    expect(paper.score).toBeNull();
    expect(paper.hasCode).toBe(false);
  });

  it('reads the other scores and the DC category', () => {
    expect(byTitle(papers, 'ExecTune:')).toMatchObject({ score: 88.8, category: 'cs.LG', published: '2026-04-09' });
    expect(byTitle(papers, 'ContextWeaver:')).toMatchObject({ score: 77.8, category: 'cs.CL', published: '2026-04-24' });
    expect(byTitle(papers, 'Multi-IaC-Eval:').category).toBe('cs.DC');
    expect(papers.filter((p) => p.score !== null)).toHaveLength(3);
    expect(papers.filter((p) => p.hasCode)).toHaveLength(1);
    expect(papers.filter((p) => p.org === 'amazon-science')).toHaveLength(7);
  });

  it('rejects a page whose entry count differs from its heading', () => {
    const withoutLastEntry = authorPageText.slice(0, authorPageText.lastIndexOf('LGMay 18, 2021'));
    expect(() => parseAuthorPage(withoutLastEntry)).toThrow(/announces 24 papers but 23 were found/);
  });

  it('rejects an unknown category code', () => {
    expect(() => parseAuthorPage(authorPageText.replace('DCAug 21, 2025', 'XXAug 21, 2025'))).toThrow(
      /unknown category code "XX"/,
    );
  });
});

describe('parseSearchPage on the seed search page', () => {
  const papers = parseSearchPage(searchPageText);

  it('finds 11 title/abstract pairs after the header', () => {
    expect(papers).toHaveLength(11);
    expect(papers[0]!.title).toBe('Contrastive Learning for Cold Start Recommendation with Adaptive Feature Fusion');
    expect(papers.at(-1)!.title).toBe(
      'GenUP: Generative User Profilers as In-Context Learners for Next POI Recommender Systems',
    );
  });

  it('includes the cold-start recommendation papers', () => {
    const titles = papers.map((p) => p.title);
    expect(titles).toContain(
      'M2TRec: Metadata-aware Multi-task Transformer for Large-scale and Cold-start free Session-based Recommendations',
    );
    expect(titles).toContain('Serverless Cold Starts and Where to Find Them');
  });

  it('does not take the page date header for a paper', () => {
    expect(papers.some((p) => p.title === 'Mar 12' || p.abstract === 'Mar 12')).toBe(false);
  });

  it('rejects a page whose results are not title/abstract pairs', () => {
    expect(() => parseSearchPage(`${searchPageText}\n\nA dangling title`)).toThrow(/title\/abstract pairs/);
  });
});

describe('seeds/papers.json', () => {
  const committed = JSON.parse(readFileSync(SEEDS_PATH, 'utf8')) as SeedPaper[];
  const built = buildSeedPapers(authorPageText, searchPageText);
  const withoutId = ({ arxivId: _arxivId, ...rest }: SeedPaper): Omit<SeedPaper, 'arxivId'> => rest;

  it('equals what the parsers produce now, apart from the arXiv ids', () => {
    expect(committed.map(withoutId)).toEqual(built.papers.map(withoutId));
  });

  it('holds 35 papers: no paper is on both documents', () => {
    expect(built.merged).toEqual([]);
    expect(committed).toHaveLength(35);
    expect(committed.filter((p) => p.document === 'author-page')).toHaveLength(24);
    expect(committed.filter((p) => p.document === 'search-page')).toHaveLength(11);
  });

  it('has only versionless arXiv ids, including the ones found in the snapshot', () => {
    const ids = committed.flatMap((p) => (p.arxivId === null ? [] : [p.arxivId]));
    for (const id of ids) expect(id).toMatch(/^\d{4}\.\d{4,5}$/);
    expect(committed.find((p) => p.title.startsWith('ContextWeaver:'))!.arxivId).toBe('2604.23069');
  });

  it('gives every seed whose exact title is in the 78,736-paper snapshot its id, and no other seed one: the documents name none', async () => {
    // Neither document names an arXiv id or links arXiv; the snapshot is the only evidence, and a
    // title that is not in it keeps a seed: id rather than a guessed one.
    expect(`${authorPageText}\n${searchPageText}`).not.toMatch(/\b\d{4}\.\d{4,5}\b|arxiv\.org/i);
    const inSnapshot = await findArxivIds(new Set(committed.map((p) => normaliseTitle(p.title))), SNAPSHOT_PATH);
    for (const seed of committed) expect(seed.arxivId, seed.title).toBe(inSnapshot.get(normaliseTitle(seed.title)) ?? null);
    expect(committed.filter((p) => p.arxivId !== null).map((p) => p.arxivId)).toEqual(['2604.23069', '2506.00307']);
  }, 60_000);
});

describe('normaliseTitle', () => {
  it('ignores case, punctuation and whitespace differences', () => {
    expect(normaliseTitle('Robust  Projection (RPE) in\nUnivariate Time-Series')).toBe(
      normaliseTitle('robust projection RPE in univariate time series'),
    );
  });
});

describe('a freshly seeded store', () => {
  function seededStore<T>(use: (papers: PaperRepository) => T | Promise<T>): Promise<T> {
    const database = openDatabase(':memory:');
    const papers = createSqlitePaperRepository(database.sqlite);
    loadSeeds(papers, '2026-09-24T12:00:00.000Z');
    return Promise.resolve(use(papers)).finally(() => database.close());
  }

  it('holds every arXiv id that help shows in a summary, a description or an example', async () => {
    const shown = ALL_COMMANDS.flatMap((spec) => [spec.summary, spec.details ?? '', ...spec.examples])
      .flatMap((text) => text.split(/\s+/))
      .map((word) => parseArxivId(word)?.id)
      .filter((id): id is string => id !== undefined);
    expect(shown).toContain('2604.23069');
    await seededStore(async (papers) => {
      for (const id of new Set(shown)) expect((await papers.getPaper(id)), `help shows ${id}`).not.toBeNull();
    });
  });

  it('links only the seed papers with a real arXiv id, and shows a paper without date or authors as such', async () => {
    await seededStore(async (papers) => {
      const seeds = JSON.parse(readFileSync(SEEDS_PATH, 'utf8')) as SeedPaper[];
      for (const seed of seeds) {
        const stored = (await papers.getPaper(seedToPaperInput(seed).id))!;
        // No arXiv id: no link to guess at, rather than a wrong one.
        expect(stored.absUrl).toBe(seed.arxivId ? `https://arxiv.org/abs/${seed.arxivId}` : null);
      }
      const context = { services: { papers } as unknown as CommandServices, log: silentLogger, commands: ALL_COMMANDS } as unknown as CommandContext;
      const galore = seeds.find((seed) => seed.title.startsWith('GaLore:'))!;
      expect(galore.arxivId).toBeNull();
      const text = renderReplyText(await paperCommand.run(context, { id: 'seed:galore-memory-efficient-llm-training-by-gradient-low-rank-projection' }));
      expect(text).toContain('GaLore: Memory-Efficient LLM Training by Gradient Low-Rank Projection');
      expect(text).toContain('Published: date unknown');
      expect(text).toContain('Authors: authors unknown');
      expect(text).not.toContain('arxiv.org');
    });
  });
});
