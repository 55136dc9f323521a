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
export function formatJournalRef({ name, volume, issue, pages }: JournalCitation): string | null {
  const journal = name?.trim();
  if (!journal || /^arxiv\b/i.test(journal)) return null;
  let ref = journal;
  if (volume?.trim()) ref += ` ${volume.trim()}`;
  if (issue?.trim()) ref += `(${issue.trim()})`;
  if (pages?.trim()) ref += `, ${pages.trim()}`;
  return ref;
}
