import MiniSearch from 'minisearch';
import { authorNameKey } from '../author-name.ts';
import type { AuthorDirectory, AuthorProfile } from './subscription-ports.ts';

/** Most namesakes offered as choices when a name is ambiguous. */
export const MAX_AUTHOR_CHOICES = 5;
/** Candidate authors narrowed by SQL before fuzzy ranking. */
const CANDIDATE_POOL = 2000;

export type AuthorResolution =
  | { kind: 'resolved'; author: AuthorProfile; externalId: string | null }
  /** An external id no known author carries yet: followed by id, matched once a source links it. */
  | { kind: 'external-only'; externalId: string }
  | { kind: 'ambiguous'; candidates: AuthorProfile[] }
  | { kind: 'not-found' };

const ORCID = /^(?:https?:\/\/orcid\.org\/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$/i;
const OPENALEX = /^(?:openalex:|https?:\/\/openalex\.org\/)?(A\d{5,})$/i;
const SEMANTIC_SCHOLAR = /^(?:s2:|https?:\/\/www\.semanticscholar\.org\/author\/(?:[^/]+\/)?)(\d+)$/i;
const INTERNAL = /^#(\d+)$/;

/** The normalised external id in an input (ORCID, OpenAlex A…, `s2:<id>`), or null for a name. */
export function parseExternalAuthorId(input: string): string | null {
  const text = input.trim();
  const orcid = ORCID.exec(text);
  if (orcid) return orcid[1]!.toUpperCase();
  const openalex = OPENALEX.exec(text);
  if (openalex) return openalex[1]!.toUpperCase();
  const s2 = SEMANTIC_SCHOLAR.exec(text);
  if (s2) return `s2:${s2[1]}`;
  return null;
}

/**
 * Finds which author row a `follow` means. An exact name (or an id) resolves; a name that fits
 * rows only fuzzily is offered as a choice with evidence, never silently guessed. A resolved row
 * may still be several people under one name: the caller judges that (namesakes.ts). Fuzzy
 * ranking uses minisearch over the authors that share a name prefix (DESIGN.md: minisearch within
 * the candidates a query narrows to).
 */
export async function resolveAuthor(directory: AuthorDirectory, input: string): Promise<AuthorResolution> {
  const text = input.trim();
  const internal = INTERNAL.exec(text);
  if (internal) {
    const author = await directory.profile(Number(internal[1]));
    return author ? { kind: 'resolved', author, externalId: null } : { kind: 'not-found' };
  }
  const externalId = parseExternalAuthorId(text);
  if (externalId) {
    const lookupId = externalId.startsWith('s2:') ? externalId.slice(3) : externalId;
    const carriers = await directory.byExternalId(lookupId);
    // One id can cover several spellings (rows); the follow keeps the id and matches all of them.
    const best = [...carriers].sort((a, b) => b.paperCount - a.paperCount)[0];
    if (best) return { kind: 'resolved', author: best, externalId };
    return { kind: 'external-only', externalId };
  }
  const key = authorNameKey(text);
  const exact = await directory.exact(key);
  if (exact.length === 1) return { kind: 'resolved', author: exact[0]!, externalId: null };
  if (exact.length > 1) return { kind: 'ambiguous', candidates: exact.slice(0, MAX_AUTHOR_CHOICES) };

  const tokens = key.split(' ').filter(Boolean);
  const pool = await directory.candidates(tokens, CANDIDATE_POOL);
  if (pool.length === 0) return { kind: 'not-found' };
  const index = new MiniSearch<{ id: number; name: string }>({ fields: ['name'], storeFields: ['name'] });
  index.addAll(pool.map((c) => ({ id: c.id, name: authorNameKey(c.name) })));
  // Every word must match (fuzzily): one shared word is no evidence. “Geoffrey Hinton” once offered
  // “Isaiah Hinton” and “Geoffrey Fox”; a name no row fits is asked of the sources instead.
  const ranked = index.search(key, { fuzzy: 0.3, prefix: true, combineWith: 'AND' });
  if (ranked.length === 0) return { kind: 'not-found' };
  const best = ranked[0]!.score;
  const close = ranked.filter((r) => r.score >= best * 0.5).slice(0, MAX_AUTHOR_CHOICES);
  const candidates = close.map((r) => directory.profile(r.id as number)).filter((p): p is AuthorProfile => p !== null);
  return candidates.length > 0 ? { kind: 'ambiguous', candidates } : { kind: 'not-found' };
}

/** One line of evidence for choosing between namesakes. */
export function describeAuthor(author: AuthorProfile): string {
  const parts = [`${author.paperCount} paper${author.paperCount === 1 ? '' : 's'}`];
  if (author.affiliation) parts.push(author.affiliation);
  if (author.recentTitles[0]) parts.push(`latest: “${author.recentTitles[0]}”`);
  if (author.coAuthors.length > 0) parts.push(`with ${author.coAuthors.join(', ')}`);
  return parts.join(' · ');
}
