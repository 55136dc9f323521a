/** One paper as listed on the seed author page. */
export interface AuthorPagePaper {
  title: string;
  authors: string[];
  /** The page showed only the first authors and ended the list with "et al.". */
  authorsTruncated: boolean;
  /** ISO date (YYYY-MM-DD) the page shows for the paper. */
  published: string;
  /** arXiv category, e.g. "cs.SE" or "stat.ML". */
  category: string;
  org: string | null;
  score: number | null;
  hasCode: boolean;
  abstract: string;
}

/**
 * The year the author page was captured. The page omits the year for dates in the current
 * year: it spells out "Nov 18, 2025" while "ContextWeaver … Apr 24" is arXiv 2604.23069.
 */
export const AUTHOR_PAGE_CAPTURE_YEAR = 2026;

/** The page's two-letter category badges and the arXiv categories they stand for. */
export const AUTHOR_PAGE_CATEGORIES: Readonly<Record<string, string>> = {
  AI: 'cs.AI',
  CL: 'cs.CL',
  DC: 'cs.DC',
  IR: 'cs.IR',
  LG: 'cs.LG',
  ML: 'stat.ML',
  SE: 'cs.SE',
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// The badge line glues optional score, category, date and "Code" together: "98.1SEMay 28Code".
const META_LINE = new RegExp(
  `^(?:(\\d{1,3}(?:\\.\\d+)?))?([A-Z]{2})(${MONTHS.join('|')}) (\\d{1,2})(?:, (\\d{4}))?(Code)?$`,
);
const PAPER_COUNT_HEADING = /^(\d+) Papers$/;
const PAPER_COUNT_STAT = /^(\d+)papers$/;
const ET_AL = ' et al.';
// U+00B7 MIDDLE DOT separates the author list from the organisation.
const ORG_SEPARATOR = ' \u00b7 ';

/**
 * Parses the seed author page (a profile header, a "24 Papers" heading, then one block per
 * paper: badge line, title, author line, abstract). Dates without a year get `captureYear`.
 * Throws when the page does not have the expected shape, including when the number of
 * papers differs from the count the page announces.
 */
export function parseAuthorPage(text: string, captureYear: number = AUTHOR_PAGE_CAPTURE_YEAR): AuthorPagePaper[] {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  const headingIndex = lines.findIndex((line) => PAPER_COUNT_HEADING.test(line));
  if (headingIndex < 0) throw new Error('author page: no "<n> Papers" heading found');
  const announced = Number(PAPER_COUNT_HEADING.exec(lines[headingIndex]!)![1]);

  const statLine = lines.slice(0, headingIndex).find((line) => PAPER_COUNT_STAT.test(line));
  if (statLine !== undefined && Number(PAPER_COUNT_STAT.exec(statLine)![1]) !== announced) {
    throw new Error(`author page: profile says "${statLine}" but the heading says ${announced} papers`);
  }

  const body = lines.slice(headingIndex + 1);
  const starts = body.flatMap((line, index) => (META_LINE.test(line) ? [index] : []));
  const firstStart = starts[0] ?? body.length;
  const stray = body.slice(0, firstStart).find((line) => line !== '');
  if (stray !== undefined) throw new Error(`author page: unexpected line before the first paper: "${stray}"`);

  const papers = starts.map((start, i) => {
    const block = body.slice(start, starts[i + 1] ?? body.length).filter((line) => line !== '');
    return parseBlock(block, captureYear);
  });
  if (papers.length !== announced) {
    throw new Error(`author page: announces ${announced} papers but ${papers.length} were found`);
  }
  return papers;
}

function parseBlock(block: string[], captureYear: number): AuthorPagePaper {
  const [metaLine, title, authorLine, ...rest] = block;
  if (title === undefined || authorLine === undefined) {
    throw new Error(`author page: paper "${metaLine}" is missing its title or author line`);
  }
  // Every abstract on the page is a single paragraph; more lines mean the blocks ran together.
  if (rest.length > 1) throw new Error(`author page: paper "${title}" has ${rest.length} abstract paragraphs`);

  const meta = META_LINE.exec(metaLine!)!;
  const [, score, code, month, day, year, codeFlag] = meta;
  const category = AUTHOR_PAGE_CATEGORIES[code!];
  if (category === undefined) throw new Error(`author page: unknown category code "${code}" for "${title}"`);

  return {
    title,
    ...parseAuthorLine(authorLine, title),
    published: isoDate(year === undefined ? captureYear : Number(year), month!, Number(day), title),
    category,
    score: score === undefined ? null : Number(score),
    hasCode: codeFlag !== undefined,
    abstract: rest[0] ?? '',
  };
}

function parseAuthorLine(line: string, title: string): Pick<AuthorPagePaper, 'authors' | 'authorsTruncated' | 'org'> {
  const parts = line.split(ORG_SEPARATOR);
  if (parts.length > 2) throw new Error(`author page: author line of "${title}" has more than one organisation`);
  let names = parts[0]!;
  const authorsTruncated = names.endsWith(ET_AL);
  if (authorsTruncated) names = names.slice(0, -ET_AL.length);
  const authors = names.split(',').map((name) => name.trim());
  if (authors.some((name) => name === '')) throw new Error(`author page: empty author name for "${title}": "${line}"`);
  const org = parts[1]?.trim() || null;
  return { authors, authorsTruncated, org };
}

function isoDate(year: number, month: string, day: number, title: string): string {
  const monthIndex = MONTHS.indexOf(month);
  const date = new Date(Date.UTC(year, monthIndex, day));
  if (date.getUTCMonth() !== monthIndex || date.getUTCDate() !== day) {
    throw new Error(`author page: invalid date "${month} ${day}, ${year}" for "${title}"`);
  }
  return date.toISOString().slice(0, 10);
}
