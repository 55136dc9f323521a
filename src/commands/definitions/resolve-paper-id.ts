import { commandLine } from '../../core/command-name.ts';
import { UserError } from '../../core/errors.ts';
import { parseArxivId, type Paper } from '../../core/paper.ts';
import type { PaperRepository } from '../../core/ports.ts';

/** Finds a paper by any id shape users paste (arXiv id with or without version, abs/pdf URL, seed id). */
export function resolvePaper(papers: PaperRepository, raw: string): Paper {
  const arxiv = parseArxivId(raw);
  const paper = papers.getPaper(arxiv ? arxiv.id : raw.trim());
  if (!paper) {
    throw new UserError(
      'paper.not_found',
      `paperboy has no paper with id “${raw.trim()}”.`,
      `Use an arXiv id such as 2503.11731 (a version suffix or an arxiv.org link works too), or search for it: ${commandLine('<words from the title>')}.`,
    );
  }
  return paper;
}
