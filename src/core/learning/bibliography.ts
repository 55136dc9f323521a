/**
 * A reading list as a bibliography file: BibTeX (@misc with arXiv's eprint fields, as arXiv's own
 * "Export BibTeX citation" gives) or RIS (TY - ELEC … ER -). Plain text from the store, escaped
 * for each format: a title's braces or a stray "ER  -" line cannot break the file.
 */
import type { Paper } from '../paper.ts';
import { parseArxivId } from '../paper.ts';

export type BibliographyFormat = 'bibtex' | 'ris';

export const BIBLIOGRAPHY_FORMATS: readonly BibliographyFormat[] = ['bibtex', 'ris'];

/** The file name extension of each format. */
export const BIBLIOGRAPHY_EXTENSION: Record<BibliographyFormat, string> = { bibtex: 'bib', ris: 'ris' };

/** BibTeX's special characters, escaped so a field reads back as written. */
function bibtexText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\\/g, '\\textbackslash{}')
    .replace(/([{}%&$#_])/g, '\\$1')
    .replace(/~/g, '\\textasciitilde{}')
    .replace(/\^/g, '\\textasciicircum{}');
}

/** A citation key: first author's family name, year, first title word ("deoras2026cold"), unique within the file. */
function citationKey(paper: Paper, used: Set<string>): string {
  const family = (paper.authors[0]?.split(/\s+/).at(-1) ?? 'anon').normalize('NFKD').replace(/[^A-Za-z]/g, '').toLowerCase() || 'anon';
  const year = paper.published?.slice(0, 4) ?? '';
  const word = (paper.title.toLowerCase().match(/[a-z]{3,}/g) ?? ['paper'])[0];
  const base = `${family}${year}${word}`;
  let key = base;
  for (let n = 2; used.has(key); n++) key = `${base}${n}`;
  used.add(key);
  return key;
}

function bibtexEntry(paper: Paper, key: string): string {
  const fields: Array<[string, string]> = [
    ['title', `{${bibtexText(paper.title)}}`],
    ['author', bibtexText(paper.authors.join(' and ') + (paper.authorsTruncated ? ' and others' : ''))],
  ];
  if (paper.published) fields.push(['year', paper.published.slice(0, 4)]);
  const arxiv = parseArxivId(paper.id);
  if (arxiv) {
    fields.push(['eprint', arxiv.id], ['archivePrefix', 'arXiv']);
    if (paper.categories[0]) fields.push(['primaryClass', bibtexText(paper.categories[0])]);
  }
  if (paper.doi) fields.push(['doi', bibtexText(paper.doi)]);
  if (paper.absUrl) fields.push(['url', bibtexText(paper.absUrl)]);
  return `@misc{${key},\n${fields.map(([name, value]) => `  ${name} = {${value}}`).join(',\n')}\n}`;
}

/** One RIS value: a single line (RIS is line-based, so a newline would start a new tag). */
function risText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function risEntry(paper: Paper): string {
  const lines: string[] = ['TY  - ELEC', `TI  - ${risText(paper.title)}`];
  for (const author of paper.authors) lines.push(`AU  - ${risText(author)}`);
  if (paper.published) lines.push(`PY  - ${paper.published.slice(0, 4)}`, `DA  - ${paper.published.replace(/-/g, '/')}`);
  if (paper.abstract) lines.push(`AB  - ${risText(paper.abstract)}`);
  if (paper.doi) lines.push(`DO  - ${risText(paper.doi)}`);
  if (paper.absUrl) lines.push(`UR  - ${risText(paper.absUrl)}`);
  const arxiv = parseArxivId(paper.id);
  lines.push(arxiv ? `AN  - arXiv:${arxiv.id}` : `AN  - ${risText(paper.id)}`);
  for (const category of paper.categories) lines.push(`KW  - ${risText(category)}`);
  lines.push('ER  - ');
  return lines.join('\n');
}

export function formatBibliography(papers: readonly Paper[], format: BibliographyFormat): string {
  if (format === 'ris') return `${papers.map(risEntry).join('\n\n')}\n`;
  const used = new Set<string>();
  return `${papers.map((paper) => bibtexEntry(paper, citationKey(paper, used))).join('\n\n')}\n`;
}
