/**
 * A paper as paperboy knows it, merged across every source that saw it.
 * The key is the versionless arXiv id ("2503.11731", "astro-ph/0601001"); papers that
 * have no arXiv id keep the id their source gave them ("seed:…", "s2:…").
 */
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
