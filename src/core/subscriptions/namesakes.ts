import { authorNameKey } from '../author-name.ts';
import type { AuthorDirectory, AuthorPaper, AuthorProfile, NameStatistics } from './subscription-ports.ts';

/*
 * The store keys authors by name, so one author row can be several people. Whether it is, is
 * judged from three kinds of evidence, with thresholds measured on the 78,736-paper arXiv cs
 * snapshot (184,805 author rows; README, Design: "Who is behind a name"):
 * - name commonness: rows with the same given names × rows with the same family name ÷ all rows,
 *   how many rows would carry this name if the store's given and family names were paired at
 *   random. Wei Zhang 2.8, Wei Wang 3.0, Yang Liu 2.1, Wentao Zhang 1.0; Anoop Deoras, Guangtao
 *   Zhai, Dacheng Tao, Philip S. Yu under 0.03. It speaks for papers not yet in the store too: a
 *   common name keeps bringing namesakes' papers. It holds from a few thousand papers on (Wei
 *   Zhang: 1.8 with 5,000 papers, 2.5 with 20,000); a smaller store has too few names to tell.
 *   At 1 or more: 1,064 rows; at 0.5: 3,354 (Ziwei Liu 0.65 among them); at 2: 257 (not Min Zhang).
 * - co-author circles: the row's papers joined when they share a co-author whose own name is not
 *   common (a common-named co-author can be two people and would join two strangers' circles).
 *   Prolific people with distinctive names have up to 7 separate circles of 3+ papers (Hui Xiong
 *   7, Ji-Rong Wen 5, Philip S. Yu 4), so circles count only for a name that is fairly common
 *   too: 32 more rows (Hao Tang 0.45 with 6 circles, Jie Zhou 0.73 with 5, Jian Yang 1.00 with 8).
 * - volume: papers in a year far above the busiest distinctive name (Guangtao Zhai: 117 in the
 *   snapshot's 15.5 months, which hold about half of arXiv cs). No row of the snapshot reaches it;
 *   it guards a store that ingests everything.
 * In all, 1,096 rows (0.6%; 899 of the 71,033 with two or more papers), with 6.1% of the
 * author-paper links; no distinctive name checked (Anoop Deoras, Yoshua Bengio, Luc Van Gool, ...).
 */

/** Commonness at which a name is taken for several people: namesakes are expected by chance. */
export const COMMON_NAME = 1;
/** Commonness from which separate co-author circles are taken for separate people. */
export const FAIRLY_COMMON_NAME = 0.2;
/** Papers a co-author circle needs to count as a research group of its own. */
export const CIRCLE_MIN_PAPERS = 3;
/** Separate circles that, with a fairly common name, mean several people. */
export const SEPARATE_CIRCLES = 5;
/**
 * Papers in a year above which one name is several people. The most prolific distinctive name in
 * the snapshot (Guangtao Zhai) has 117 in 15.5 months; the snapshot holds about half of arXiv cs.
 */
export const PAPERS_PER_YEAR = 250;
/** Papers of a row read for the judgement (the newest): enough for a year of the busiest name. */
export const PAPERS_READ = 1000;
const YEAR_MS = 365 * 24 * 3600 * 1000;

/** A group of an author row's papers joined by shared co-authors. */
export interface CoAuthorCircle {
  papers: number;
  /** The circle's most frequent co-authors. */
  coAuthors: string[];
  /** Its most frequent primary categories. */
  categories: string[];
  latestTitle: string;
}

export interface NamesakeJudgement {
  /** Several people publish under this name: following it needs a choice. */
  shared: boolean;
  /** Why, one sentence each; empty when not shared. */
  reasons: string[];
  commonness: number;
  /** Every circle, largest first. */
  circles: CoAuthorCircle[];
  /** Circles of at least {@link CIRCLE_MIN_PAPERS} papers. */
  separateCircles: number;
  /** Papers in the year up to the row's newest dated paper. */
  papersInYear: number;
}

/** How many rows would carry this name if given and family names were paired at random (0 for a one-word name). */
export function nameCommonness(nameKey: string, stats: NameStatistics): number {
  const words = nameKey.split(' ').filter(Boolean);
  if (words.length < 2 || stats.authors === 0) return 0;
  const given = words.slice(0, -1).join(' ');
  return (stats.withGivenNames(given) * stats.withFamilyName(words[words.length - 1]!)) / stats.authors;
}

/**
 * Groups papers into circles: two papers are in one circle when a chain of papers links them, each
 * pair sharing a co-author `bridges` accepts.
 */
export function coAuthorCircles(papers: readonly AuthorPaper[], bridges: (coAuthor: AuthorPaper['coAuthors'][number]) => boolean): CoAuthorCircle[] {
  const parent = papers.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const firstPaperOf = new Map<number, number>();
  papers.forEach((paper, i) => {
    for (const coAuthor of paper.coAuthors) {
      if (!bridges(coAuthor)) continue;
      const first = firstPaperOf.get(coAuthor.id);
      if (first === undefined) firstPaperOf.set(coAuthor.id, i);
      else parent[root(i)] = root(first);
    }
  });
  const groups = new Map<number, AuthorPaper[]>();
  papers.forEach((paper, i) => {
    const r = root(i);
    groups.set(r, [...(groups.get(r) ?? []), paper]);
  });
  return [...groups.values()]
    .map((group) => ({
      papers: group.length,
      coAuthors: mostFrequent(group.flatMap((p) => p.coAuthors.map((c) => c.name)), 3),
      categories: mostFrequent(group.flatMap((p) => p.categories.slice(0, 1)), 2),
      latestTitle: group[0]!.title,
    }))
    .sort((a, b) => b.papers - a.papers);
}

/** Judges whether several people publish as this author row, from its papers (newest first) and the store's name statistics. */
export function judgeNamesakes(name: string, papers: readonly AuthorPaper[], stats: NameStatistics): NamesakeJudgement {
  const commonness = nameCommonness(authorNameKey(name), stats);
  const circles = coAuthorCircles(papers, (coAuthor) => nameCommonness(coAuthor.nameKey, stats) < COMMON_NAME);
  const separateCircles = circles.filter((c) => c.papers >= CIRCLE_MIN_PAPERS).length;
  const papersInYear = countInYear(papers);
  const reasons: string[] = [];
  if (commonness >= COMMON_NAME) {
    reasons.push(`it is a common name: the given and family names are frequent enough among paperboy’s ${stats.authors.toLocaleString('en-US')} authors to expect ${commonness.toFixed(1)} people called that`);
  }
  if (commonness >= FAIRLY_COMMON_NAME && separateCircles >= SEPARATE_CIRCLES) {
    reasons.push(`its papers fall into ${separateCircles} separate groups of co-authors with ${CIRCLE_MIN_PAPERS} or more papers each`);
  }
  if (papersInYear > PAPERS_PER_YEAR) reasons.push(`${papersInYear} papers in a year is far more than one person writes`);
  return { shared: reasons.length > 0, reasons, commonness, circles, separateCircles, papersInYear };
}

/** Judges an author row of the directory. */
export async function judgeAuthor(directory: AuthorDirectory, author: Pick<AuthorProfile, 'id' | 'name'>): Promise<NamesakeJudgement> {
  return judgeNamesakes(author.name, (await directory.papersOf(author.id, PAPERS_READ)), (await directory.nameStatistics()));
}

/** One line per circle of at least two papers (at most `max`): what the store knows of the people behind a name. */
export function describeCircles(judgement: NamesakeJudgement, max: number): string[] {
  return judgement.circles
    .filter((circle) => circle.papers >= 2)
    .slice(0, max)
    .map((circle) => {
      const parts = [`${circle.papers} papers with ${circle.coAuthors.join(', ')}`];
      if (circle.categories.length > 0) parts.push(circle.categories.join(', '));
      parts.push(`latest: “${circle.latestTitle}”`);
      return parts.join(' · ');
    });
}

function countInYear(papers: readonly AuthorPaper[]): number {
  const dates = papers.map((p) => (p.published === null ? NaN : Date.parse(p.published))).filter((d) => !Number.isNaN(d));
  if (dates.length === 0) return 0;
  const from = Math.max(...dates) - YEAR_MS;
  return dates.filter((d) => d > from).length;
}

function mostFrequent(values: readonly string[], max: number): string[] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, max)
    .map(([value]) => value);
}
