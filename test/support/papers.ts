/**
 * The one paper factory for tests. `makePaper(overrides)` gives a complete PaperInput: every field a
 * test does not set has a plain default, and the id, unless given, is a new arXiv-like one
 * (2611.10001, 2611.10002, … in the order of the calls in a test file). A test sets the fields it
 * depends on and nothing else.
 */
import type { PaperInput } from '../../src/core/paper.ts';
import type { PaperCard } from '../../src/core/reply.ts';

let counter = 0;

/** A paper with the given fields; the rest are defaults (its abstract URL follows its id). */
export function makePaper(overrides: Partial<PaperInput> = {}): PaperInput {
  counter++;
  const id = overrides.id ?? `2611.${String(10000 + counter)}`;
  return {
    id,
    version: 1,
    title: `Paper ${id}`,
    abstract: 'An abstract.',
    authors: ['Test Author'],
    authorsTruncated: false,
    categories: ['cs.IR'],
    published: '2026-11-20',
    updated: null,
    comment: null,
    doi: null,
    journalRef: null,
    absUrl: `https://arxiv.org/abs/${id}`,
    pdfUrl: null,
    codeUrl: null,
    org: null,
    score: null,
    upvotes: null,
    sources: ['arxiv-rss'],
    ...overrides,
  };
}

/** A paper on a topic, as the digest and search tests write one: makePaper with its title and abstract. */
export function paper(title: string, abstract: string, extra: Partial<PaperInput> = {}): PaperInput {
  return makePaper({ title, abstract, ...extra });
}

/** A title that would notify a whole channel if a chat adapter sent it unescaped. */
export const HOSTILE_TITLE = '<!channel> & <@U123>';

/**
 * A paper that pushes a renderer to its limits: a title that mentions a channel, 400 authors, a
 * 10 kB abstract about cold-start bandits, and markup in every other text field.
 */
export function hostilePaper(id = '2611.99001'): PaperInput {
  const sentence = 'Cold-start bandits <!here> & <#C0GENERAL> compare <b>tags</b> && a > b < c for new users. ';
  return makePaper({
    id,
    title: HOSTILE_TITLE,
    abstract: sentence.repeat(Math.ceil(10_240 / sentence.length)),
    authors: Array.from({ length: 400 }, (_, i) => `Author <${i}> & Co`),
    comment: 'Code: https://github.com/example/hostile|<!everyone>',
    codeUrl: 'https://github.com/example/hostile|<!everyone>',
    org: '<!subteam^S123> & friends',
    doi: '10.1000/<!channel>',
    journalRef: 'Proc. <Hostile> & Co '.repeat(200),
  });
}

/**
 * A paper as a reply shows it (a PaperCard), for renderer and poster tests: the same plain defaults
 * and ids as makePaper, the fields a test depends on set by it.
 */
export function makePaperCard(overrides: Partial<PaperCard> = {}): PaperCard {
  counter++;
  const id = overrides.id ?? `2611.${String(10000 + counter)}`;
  return {
    id,
    title: `Paper ${id}`,
    url: `https://arxiv.org/abs/${id}`,
    authors: ['Test Author'],
    authorsTruncated: false,
    featuredAuthor: null,
    date: '2026-11-20',
    categories: ['cs.IR'],
    org: null,
    upvotes: null,
    codeUrl: null,
    snippet: 'An abstract.',
    reason: null,
    ...overrides,
  };
}
