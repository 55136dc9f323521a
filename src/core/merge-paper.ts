import { findCodeUrl, type Paper, type PaperInput } from './paper.ts';

function union(first: string[], second: string[]): string[] {
  return [...new Set([...first, ...second])];
}

/**
 * Merges what a source says about a paper into what the store already knows: one paper per
 * versionless id. A newer version replaces the text and keeps the first-seen time; cross-lists
 * add categories (the known primary stays first); Hugging Face adds upvotes, org and code;
 * fields a source lacks never erase what another source gave.
 */
export function mergePaper(existing: Paper, incoming: PaperInput): Paper {
  const newer = (incoming.version ?? 0) > (existing.version ?? 0);
  const takeText = newer || existing.title === '' || existing.abstract === '';
  const incomingAuthorsBetter =
    incoming.authors.length > 0 &&
    (takeText || (existing.authorsTruncated && !incoming.authorsTruncated) || existing.authors.length === 0);
  const comment = (takeText ? incoming.comment : existing.comment) ?? existing.comment ?? incoming.comment;
  return {
    id: existing.id,
    version: Math.max(existing.version ?? 0, incoming.version ?? 0) || null,
    title: takeText && incoming.title ? incoming.title : existing.title || incoming.title,
    abstract: takeText && incoming.abstract ? incoming.abstract : existing.abstract || incoming.abstract,
    authors: incomingAuthorsBetter ? incoming.authors : existing.authors,
    authorsTruncated: incomingAuthorsBetter ? incoming.authorsTruncated : existing.authorsTruncated,
    categories: existing.categories.length > 0 ? union(existing.categories, incoming.categories) : incoming.categories,
    published: existing.published ?? incoming.published,
    updated: maxDate(existing.updated, incoming.updated),
    comment,
    doi: existing.doi ?? incoming.doi,
    journalRef: existing.journalRef ?? incoming.journalRef,
    absUrl: existing.absUrl ?? incoming.absUrl,
    pdfUrl: existing.pdfUrl ?? incoming.pdfUrl,
    codeUrl: existing.codeUrl ?? incoming.codeUrl ?? findCodeUrl(comment),
    org: existing.org ?? incoming.org,
    score: incoming.score ?? existing.score,
    upvotes: incoming.upvotes ?? existing.upvotes,
    sources: union(existing.sources, incoming.sources),
    firstSeenAt: existing.firstSeenAt,
  };
}

function maxDate(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a >= b ? a : b;
}

/** A brand-new paper from source input, first seen now. */
export function newPaper(incoming: PaperInput, seenAt: string): Paper {
  return {
    ...incoming,
    codeUrl: incoming.codeUrl ?? findCodeUrl(incoming.comment),
    firstSeenAt: incoming.firstSeenAt ?? seenAt,
  };
}

/** True when two papers hold the same data. */
export function samePaper(a: Paper, b: Paper): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
