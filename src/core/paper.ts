/**
 * A paper as paperboy knows it, merged across every source that saw it.
 * The key is the versionless arXiv id ("2503.11731", "astro-ph/0601001"); papers that
 * have no arXiv id keep the id their source gave them ("seed:…", "s2:…").
 */
import { ARXIV_ARCHIVES as CURRENT_ARXIV_ARCHIVES } from './search/arxiv-categories.ts';

export interface Paper {
  id: string;
  /** Latest arXiv version seen (2 for "v2"), null when unknown. */
  version: number | null;
  title: string;
  abstract: string;
  /** Author display names in paper order. */
  authors: string[];
  /** The source listed only the first few authors and ended with "et al.". */
  authorsTruncated: boolean;
  /** Categories with the primary one first. */
  categories: string[];
  /** ISO date (YYYY-MM-DD) of the first version, null when unknown. */
  published: string | null;
  /** ISO date (YYYY-MM-DD) of the latest version, null when unknown. */
  updated: string | null;
  comment: string | null;
  doi: string | null;
  journalRef: string | null;
  absUrl: string | null;
  pdfUrl: string | null;
  codeUrl: string | null;
  /** Organisation the paper is attributed to (Hugging Face org, seed "amazon-science"). */
  org: string | null;
  /** A quality score from a ranking source (0–100), null when none. */
  score: number | null;
  /** Hugging Face upvotes, null when none. */
  upvotes: number | null;
  /** Sources that saw this paper: "arxiv-api", "arxiv-rss", "arxiv-oai", "snapshot", "huggingface", "seed", … */
  sources: string[];
  /** ISO timestamp of when this store first saw the paper. */
  firstSeenAt: string;
}

/** What a source or an importer hands to the store: a paper without store bookkeeping. */
export type PaperInput = Omit<Paper, 'firstSeenAt'> & { firstSeenAt?: string };

const NEW_STYLE_ID = /^(\d{4}\.\d{4,5})(v(\d+))?$/;
const OLD_STYLE_ID = /^([a-z][a-z-]*(?:\.[A-Z]{2})?\/\d{7})(v(\d+))?$/;
const ARXIV_URL_PREFIX = /^(?:https?:\/\/)?(?:export\.)?arxiv\.org\/(?:abs|pdf)\//i;

/** A parsed arXiv identifier: the versionless id and the version when one was given. */
export interface ArxivId {
  id: string;
  version: number | null;
}

/**
 * Parses an arXiv identifier in any of the shapes sources use ("2503.11731v2",
 * "arXiv:2503.11731", "oai:arXiv.org:2503.11731", "http://arxiv.org/abs/hep-ex/0601001v1",
 * "…/pdf/2503.11731v1.pdf"). Returns null for anything that is not an arXiv id.
 */
export function parseArxivId(raw: string): ArxivId | null {
  let text = raw.trim();
  text = text.replace(ARXIV_URL_PREFIX, '').replace(/\.pdf$/i, '');
  text = text.replace(/^oai:arxiv\.org:/i, '').replace(/^arxiv:/i, '');
  const match = NEW_STYLE_ID.exec(text) ?? OLD_STYLE_ID.exec(text);
  if (!match) return null;
  return { id: match[1]!, version: match[3] ? Number(match[3]) : null };
}

/**
 * The longest text a paper's fields hold, in characters: each several times the longest of the
 * 78,736 papers of the 2025–26 arXiv cs snapshot (title 226, abstract 3,488, comment 431, author
 * name 513, 3,303 authors, 33 categories) and of arXiv's own limits (abstracts of 1,920
 * characters), so no real paper is cut, while one hostile record cannot fill the store or a reply.
 * An importer shortens a longer field (the paper is kept: that loses least) and says so.
 */
export const PAPER_TEXT_LIMITS = {
  title: 1_000,
  abstract: 20_000,
  comment: 2_000,
  journalRef: 1_000,
  doi: 256,
  authorName: 1_000,
  /** Names kept; a longer list keeps its first ones and is marked truncated ("et al."). */
  authors: 10_000,
  categories: 50,
  category: 40,
} as const;

/** The longest paper id a file may give: the longest allowed shape (`s2:` and 40 hex digits) is 43. */
export const MAX_PAPER_ID_LENGTH = 64;

/** No arXiv paper has had more than a few dozen versions. */
const MAX_ARXIV_VERSION = 999;

/** The month of a new-style id ("2401" of 2401.01234) or of an old-style one's number ("9901" of hep-th/9901001). */
const ID_MONTH = /(?:^|\/)\d{2}(0[1-9]|1[0-2])/;

/**
 * The ids of papers without an arXiv id that paperboy's own sources give (parse-openalex.ts,
 * parse-semantic-scholar.ts, parse-huggingface-daily.ts), exactly those shapes: an OpenAlex work
 * ("openalex:W4396723768"), a Semantic Scholar paper (its 40-hex-digit paperId), a Hugging Face
 * paper id (letters, digits and `.` `_` `-`, starting with a letter or digit). Nothing else: no
 * slash, quote, space, control character or URL. `seed:` ids belong to the seed papers alone.
 */
const SOURCE_PAPER_IDS = [/^openalex:W\d{1,15}$/, /^s2:[0-9a-f]{40}$/, /^hf:[A-Za-z0-9][A-Za-z0-9._-]{0,59}$/];

/** A paper id a file gave, checked: the versionless id and version, or why it is refused. */
export type CheckedPaperId = { ok: true; id: string; version: number | null; arxiv: boolean } | { ok: false; reason: string };

/**
 * Checks an id read from a file (the bulk snapshot import): an arXiv id exactly as arXiv writes
 * it, new style ("2401.01234", "2401.01234v2") or old style ("hep-th/9901001", "math.GT/0309136"),
 * or one of the other sources' id shapes above. Refused: anything else (paths, URLs, SQL, control
 * characters), ids over MAX_PAPER_ID_LENGTH characters, and `seed:` ids, which would overwrite a
 * seed paper. Leading and trailing spaces are ignored. The reason quotes no part of the id: the
 * caller quotes it, made safe for where it shows it.
 */
export function checkPaperId(raw: string): CheckedPaperId {
  const text = raw.trim();
  if (text.length > MAX_PAPER_ID_LENGTH) return { ok: false, reason: `is ${text.length.toLocaleString('en-US')} characters long; ids are at most ${MAX_PAPER_ID_LENGTH}` };
  if (/^seed:/i.test(text)) return { ok: false, reason: 'is a seed paper id; seed: ids belong to the seed papers and cannot be imported' };
  const match = NEW_STYLE_ID.exec(text) ?? OLD_STYLE_ID.exec(text);
  if (match) {
    if (!ID_MONTH.test(match[1]!)) return { ok: false, reason: 'is not an arXiv id: its year and month digits name no month' };
    const version = match[3] ? Number(match[3]) : null;
    if (version === 0 || (version !== null && version > MAX_ARXIV_VERSION)) return { ok: false, reason: `has no plausible version (v1 to v${MAX_ARXIV_VERSION})` };
    return { ok: true, id: match[1]!, version, arxiv: true };
  }
  if (SOURCE_PAPER_IDS.some((shape) => shape.test(text))) return { ok: true, id: text, version: null, arxiv: false };
  return {
    ok: false,
    reason: 'is not an arXiv id; ids are arXiv ids (2401.01234, 2401.01234v2, hep-th/9901001) or openalex:W…, s2:<40 hex digits> or hf:… ids',
  };
}

/**
 * arXiv's archives: today's and the ones merged into them, whose codes older papers still carry
 * (https://arxiv.org/category_taxonomy, https://info.arxiv.org/help/arxiv_identifier.html).
 */
const ARXIV_ARCHIVES = new Set([
  ...Object.keys(CURRENT_ARXIV_ARCHIVES),
  'acc-phys', 'adap-org', 'alg-geom', 'ao-sci', 'atom-ph', 'bayes-an', 'chao-dyn', 'chem-ph', 'cmp-lg', 'comp-gas', 'dg-ga',
  'funct-an', 'mtrl-th', 'patt-sol', 'plasm-ph', 'q-alg', 'solv-int', 'supr-con',
]);

// archive, or archive.SUBJECT: two letters (cs.IR, astro-ph.CO) or lower-case words (cond-mat.mes-hall, physics.ao-ph).
const CATEGORY_SHAPE = /^([a-z]+(?:-[a-z]+)?)(?:\.([a-z]{2,}(?:-[a-z]+)*))?$/i;

/**
 * An arXiv category code in arXiv's spelling ("cs.IR", "math.GT", "hep-th", "q-bio.NC",
 * "astro-ph.CO", "cond-mat.mes-hall"), or null for anything else. Records list ACM and MSC classes
 * among their categories ("I.2.7;", "H.3.3", "68T45", "(Primary)", even "spatial computing,"):
 * those are not arXiv categories, and kept they were shown as categories and, repeated within a
 * record, made every re-import count the paper as updated.
 */
export function arxivCategoryCode(raw: string): string | null {
  // "cs.LG," in a comma-separated list is still cs.LG.
  const match = CATEGORY_SHAPE.exec(raw.trim().replace(/[,;]$/, ''));
  if (!match) return null;
  const archive = match[1]!.toLowerCase();
  if (!ARXIV_ARCHIVES.has(archive)) return null;
  const subject = match[2];
  if (subject === undefined) return archive;
  return `${archive}.${subject.length === 2 ? subject.toUpperCase() : subject.toLowerCase()}`;
}

/**
 * The arXiv category codes among a record's categories ({@link arxivCategoryCode}), each once, in
 * their order (the primary first), at most PAPER_TEXT_LIMITS.categories of them.
 */
export function arxivCategories(raw: Iterable<string>): string[] {
  const codes = new Set<string>();
  for (const item of raw) {
    const code = arxivCategoryCode(item);
    if (code !== null) codes.add(code);
    if (codes.size === PAPER_TEXT_LIMITS.categories) break;
  }
  return [...codes];
}

/** The canonical abs-page URL of an arXiv id. */
export function arxivAbsUrl(id: string): string {
  return `https://arxiv.org/abs/${id}`;
}

/** The canonical PDF URL of an arXiv id. */
export function arxivPdfUrl(id: string): string {
  return `https://arxiv.org/pdf/${id}`;
}

const CODE_HOSTS = /https?:\/\/(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|huggingface\.co|codeberg\.org)\/[^\s,;)\]}>"']+/i;

/** The first code-hosting URL in a piece of text (arXiv comments often carry one), or null. */
export function findCodeUrl(text: string | null | undefined): string | null {
  if (!text) return null;
  const match = CODE_HOSTS.exec(text);
  return match ? match[0].replace(/[.]+$/, '') : null;
}
