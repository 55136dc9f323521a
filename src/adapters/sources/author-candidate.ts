import { collapseWhitespace, distinctTexts } from './text-cleanup.ts';

/** A person a scholarly index knows, offered as a possible match for an author the user named. */
export interface AuthorCandidate {
  source: 'semantic-scholar' | 'openalex';
  /** The source's own id: S2 authorId ("1723755"), OpenAlex short id ("A5023888391"). */
  externalId: string;
  name: string;
  /** Other spellings of the name the source knows, without `name` itself. */
  aliases: string[];
  /** Institutions, most recent first when the source says which is recent. */
  affiliations: string[];
  paperCount: number | null;
  citationCount: number | null;
  hIndex: number | null;
  /** Bare ORCID iD ("0000-0001-6187-6610"). */
  orcid: string | null;
  /** Titles of the author's newest papers the response included, newest first. */
  recentTitles: string[];
  /** Versionless arXiv ids of the author's papers the response included. */
  arxivIds: string[];
}

const ORCID_ID = /(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$/i;

/** The bare ORCID iD of an iD or an orcid.org URL, or null. */
export function bareOrcid(value: string | null | undefined): string | null {
  const match = value ? ORCID_ID.exec(value.trim()) : null;
  return match ? match[1]!.toUpperCase() : null;
}

/** Distinct spellings among `candidates` other than `name` itself, in first-seen order. */
export function distinctAliases(name: string, candidates: readonly string[]): string[] {
  const own = collapseWhitespace(name).toLowerCase();
  return distinctTexts(candidates).filter((alias) => alias.toLowerCase() !== own);
}
