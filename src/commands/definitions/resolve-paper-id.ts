import { commandLine } from '../../core/command-name.ts';
import { UserError } from '../../core/errors.ts';
import { parseArxivId, type Paper } from '../../core/paper.ts';
import type { PaperRepository } from '../../core/ports.ts';

/** The end of every "which paper?" hint: what to do when the id is not the way. */
export const SEARCH_FOR_PAPER_HINT = `or search for it: ${commandLine('<words from the title>')}`;

/** What a user typed as a paper id, read: its arXiv id when it is one (any shape users paste), and the text to look up. */
export interface TypedPaperId {
  /** The text as typed, trimmed, for messages. */
  text: string;
  /** The versionless arXiv id, null when the text is not an arXiv id (a seed or source id). */
  arxivId: string | null;
}

export function readPaperId(raw: string): TypedPaperId {
  const text = raw.trim();
  return { text, arxivId: parseArxivId(text)?.id ?? null };
}

/** The stored paper a typed id names (arXiv id with or without version, abs/pdf URL, seed id), or null. */
export async function findStoredPaper(papers: PaperRepository, typed: TypedPaperId): Promise<Paper | null> {
  return papers.getPaper(typed.arxivId ?? typed.text);
}

/** The error for an id paperboy has no paper for (and will not fetch). */
export function paperNotFound(typed: TypedPaperId): UserError {
  return new UserError(
    'paper.not_found',
    `paperboy has no paper with id “${typed.text}”.`,
    `Use an arXiv id such as 2604.23069 (a version suffix or an arxiv.org link works too), ${SEARCH_FOR_PAPER_HINT}.`,
  );
}

/** Finds a stored paper by any id shape users paste; throws paperNotFound's UserError when there is none. */
export async function resolvePaper(papers: PaperRepository, raw: string): Promise<Paper> {
  const typed = readPaperId(raw);
  const paper = await findStoredPaper(papers, typed);
  if (!paper) throw paperNotFound(typed);
  return paper;
}
