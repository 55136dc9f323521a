import { arxivAbsUrl, arxivCategories, arxivPdfUrl, findCodeUrl, parseArxivId } from '../../core/paper.ts';
import type { PaperInput } from '../../core/paper.ts';
import { bareDoi } from './doi.ts';
import type { PaperAuthor } from './paper-author.ts';
import { collapseWhitespace, isoDatePrefix } from './text-cleanup.ts';
import { parseXmlDocument, xmlAttribute, xmlChild, xmlChildren, xmlCleanText, xmlText, xmlTexts } from './xml-document.ts';
import type { XmlElement } from './xml-document.ts';

/** A paper from the arXiv API, with each author's affiliations alongside the store's shape. */
export type ArxivApiPaper = PaperInput & { authorDetails: PaperAuthor[] };

/** One page of arXiv API results, the API's own error, or a body that is not an arXiv Atom feed. */
export type ArxivAtomResult =
  | { kind: 'ok'; papers: ArxivApiPaper[]; totalResults: number; startIndex: number; itemsPerPage: number }
  | { kind: 'error'; message: string }
  | { kind: 'malformed'; message: string };

const ARRAY_TAGS = new Set(['entry', 'author', 'category', 'link', 'arxiv:affiliation']);

/**
 * Parses an arXiv API (export.arxiv.org/api/query) Atom feed. The API reports a bad query as a
 * feed whose single entry is titled "Error" (with HTTP 400); that becomes `kind: 'error'`.
 */
export function parseArxivAtom(xml: string): ArxivAtomResult {
  const parsed = parseXmlDocument(xml, ARRAY_TAGS);
  if (parsed.kind === 'malformed') return parsed;
  const feed = xmlChild(parsed.document, 'feed');
  if (!feed) return { kind: 'malformed', message: 'expected an Atom <feed> root element' };

  const entries = xmlChildren(feed, 'entry');
  const errorEntry = entries.find(isErrorEntry);
  if (errorEntry) {
    const message = xmlText(errorEntry, 'summary') || xmlText(errorEntry, 'id') || 'arXiv API error';
    return { kind: 'error', message: collapseWhitespace(message) };
  }

  const totalResults = readCount(feed, 'opensearch:totalResults');
  const startIndex = readCount(feed, 'opensearch:startIndex');
  const itemsPerPage = readCount(feed, 'opensearch:itemsPerPage');
  if (totalResults === null || startIndex === null || itemsPerPage === null) {
    return { kind: 'malformed', message: 'feed lacks the opensearch totalResults/startIndex/itemsPerPage counts' };
  }

  const papers: ArxivApiPaper[] = [];
  for (const entry of entries) {
    const paper = readEntry(entry);
    if (typeof paper === 'string') return { kind: 'malformed', message: paper };
    papers.push(paper);
  }
  return { kind: 'ok', papers, totalResults, startIndex, itemsPerPage };
}

function isErrorEntry(entry: XmlElement): boolean {
  const id = xmlText(entry, 'id') ?? '';
  return id.includes('/api/errors') || (xmlText(entry, 'title') === 'Error' && parseArxivId(id) === null);
}

function readCount(feed: XmlElement, name: string): number | null {
  const text = xmlText(feed, name);
  if (text === null || !/^\d+$/.test(text)) return null;
  return Number(text);
}

// Returns the paper, or why the entry cannot be read.
function readEntry(entry: XmlElement): ArxivApiPaper | string {
  const rawId = xmlText(entry, 'id') ?? '';
  const arxivId = parseArxivId(rawId);
  if (!arxivId) return `entry id "${rawId}" is not an arXiv id`;

  const authorDetails = xmlChildren(entry, 'author').map((author) => ({
    name: collapseWhitespace(xmlText(author, 'name') ?? ''),
    affiliations: xmlTexts(author, 'arxiv:affiliation').map(collapseWhitespace),
  }));
  const primary = xmlAttribute(xmlChild(entry, 'arxiv:primary_category'), 'term');
  const terms = xmlChildren(entry, 'category')
    .map((category) => xmlAttribute(category, 'term'))
    .filter((term): term is string => term !== null);
  // The API lists ACM and MSC classes as category terms too ("I.2.7", "68T05"): arXiv codes only.
  const categories = arxivCategories(primary ? [primary, ...terms] : terms);
  const comment = xmlCleanText(entry, 'arxiv:comment');
  const abstract = collapseWhitespace(xmlText(entry, 'summary') ?? '');
  // The old feed format only carried the DOI as a link titled "doi".
  const doiLink = xmlChildren(entry, 'link').find((link) => xmlAttribute(link, 'title') === 'doi');
  const doi = xmlCleanText(entry, 'arxiv:doi') ?? bareDoi(xmlAttribute(doiLink, 'href'));

  return {
    id: arxivId.id,
    version: arxivId.version,
    title: collapseWhitespace(xmlText(entry, 'title') ?? ''),
    abstract,
    authors: authorDetails.map((author) => author.name),
    authorsTruncated: false,
    categories,
    published: isoDatePrefix(xmlText(entry, 'published')),
    updated: isoDatePrefix(xmlText(entry, 'updated')),
    comment,
    doi,
    journalRef: xmlCleanText(entry, 'arxiv:journal_ref'),
    absUrl: arxivAbsUrl(arxivId.id),
    pdfUrl: arxivPdfUrl(arxivId.id),
    codeUrl: findCodeUrl(comment) ?? findCodeUrl(abstract),
    org: null,
    score: null,
    upvotes: null,
    sources: ['arxiv-api'],
    authorDetails,
  };
}
