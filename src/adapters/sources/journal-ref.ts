import { collapseWhitespace } from './text-cleanup.ts';

/** The parts of a journal citation a scholarly index reports. */
export interface JournalCitation {
  name?: string | null | undefined;
  volume?: string | null | undefined;
  issue?: string | null | undefined;
  pages?: string | null | undefined;
}

/**
 * A journal reference in arXiv's free-text style ("Nature 613(7945), 759-766"), or null when
 * there is no journal or the "journal" is arXiv itself.
 */
export function formatJournalRef(citation: JournalCitation): string | null {
  const [journal, volume, issue, pages] = [citation.name, citation.volume, citation.issue, citation.pages].map((part) => collapseWhitespace(part ?? ''));
  if (!journal || /^arxiv\b/i.test(journal)) return null;
  let ref = journal;
  if (volume) ref += ` ${volume}`;
  if (issue) ref += `(${issue})`;
  if (pages) ref += `, ${pages}`;
  return ref;
}
