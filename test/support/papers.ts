/**
 * The one paper factory for tests. `makePaper(overrides)` gives a complete PaperInput: every field a
 * test does not set has a plain default, and the id, unless given, is a new arXiv-like one
 * (2611.10001, 2611.10002, … in the order of the calls in a test file). A test sets the fields it
 * depends on and nothing else.
 */
import type { PaperInput } from '../../src/core/paper.ts';

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
