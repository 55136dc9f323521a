import { describe, expect, it } from 'vitest';
import { mergePaper, newPaper } from '../../src/core/merge-paper.ts';
import type { Paper, PaperInput } from '../../src/core/paper.ts';
import { makePaper } from '../support/papers.ts';

const FIRST_SEEN = '2026-09-24T06:00:00.000Z';

/** The paper as an arXiv listing stored it: version 2, in cs.LG. */
function listed(overrides: Partial<PaperInput> = {}): Paper {
  return newPaper(
    makePaper({
      id: '2609.26811',
      version: 2,
      title: 'The Drift Contract (v2)',
      abstract: 'Version two.',
      categories: ['cs.LG'],
      published: '2026-09-20',
      updated: '2026-09-24',
      ...overrides,
    }),
    FIRST_SEEN,
  );
}

describe('merge rules for ingested papers', () => {
  it('lets an older version add only what is missing, never replace the newer text', () => {
    const older = { ...listed(), version: 1, title: 'The Drift Contract (v1)', comment: '9 pages', categories: ['cs.LG', 'stat.ML'], sources: ['arxiv-oai'] };
    const merged = mergePaper(listed(), older);
    expect(merged).toMatchObject({ version: 2, title: 'The Drift Contract (v2)', comment: '9 pages', categories: ['cs.LG', 'stat.ML'], firstSeenAt: FIRST_SEEN });
  });

  it('takes Hugging Face’s repository when no code link is known, and its newest upvote count', () => {
    const fromHf = { ...listed(), version: null, codeUrl: 'https://github.com/example-lab/drift', org: 'Example Lab', upvotes: 12, categories: [], sources: ['huggingface'] };
    const once = mergePaper(listed(), fromHf);
    expect(once).toMatchObject({ codeUrl: 'https://github.com/example-lab/drift', org: 'Example Lab', upvotes: 12, categories: ['cs.LG'] });
    expect(mergePaper(once, { ...fromHf, upvotes: 30 })).toMatchObject({ upvotes: 30 });
  });

  it('keeps a code link found in an arXiv comment', () => {
    const withComment = listed({ comment: 'Code: https://github.com/example/drift-contract.', sources: ['arxiv-api'] });
    expect(withComment.codeUrl).toBe('https://github.com/example/drift-contract');
    const merged = mergePaper(withComment, { ...listed(), version: 3, comment: null, codeUrl: null, sources: ['arxiv-rss'] });
    expect(merged).toMatchObject({ version: 3, comment: 'Code: https://github.com/example/drift-contract.', codeUrl: 'https://github.com/example/drift-contract' });
  });
});
