import { arxivAbsUrl, arxivCategories, arxivPdfUrl, findCodeUrl, parseArxivId } from '../../core/paper.ts';
import type { PaperInput } from '../../core/paper.ts';
import type { PaperAuthor } from './paper-author.ts';
import { bareDoi } from './doi.ts';
import { collapseWhitespace, isoDatePrefix } from './text-cleanup.ts';
import { parseXmlDocument, xmlAttribute, xmlChild, xmlChildren, xmlCleanText, xmlText, xmlTexts } from './xml-document.ts';
import type { XmlElement } from './xml-document.ts';

/** A paper from arXiv's OAI-PMH `arXiv` metadata format, with each author's affiliations. */
export type ArxivOaiPaper = PaperInput & { authorDetails: PaperAuthor[] };

/** Where the next ListRecords page starts; send only the verb and this token. */
export interface OaiResumptionToken {
  token: string;
  completeListSize: number | null;
  cursor: number | null;
}

/** One OAI-PMH ListRecords/GetRecord response. */
export type ArxivOaiResult =
  | {
      kind: 'records';
      papers: ArxivOaiPaper[];
      /** Versionless arXiv ids of records the repository reports as deleted. */
      deletedIds: string[];
      /** Null on the last (or only) page. */
      resumptionToken: OaiResumptionToken | null;
      responseDate: string | null;
    }
  /** The selective-harvest range holds no records: an empty page, not a failure. */
  | { kind: 'noRecordsMatch' }
  /** Any other OAI-PMH error (badArgument, badResumptionToken, idDoesNotExist, …). */
  | { kind: 'error'; code: string; message: string }
  | { kind: 'malformed'; message: string };

const ARRAY_TAGS = new Set(['record', 'author', 'affiliation', 'error', 'setSpec']);

/**
 * Parses an OAI-PMH ListRecords or GetRecord response requested with `metadataPrefix=arXiv`.
 * Protocol errors come as `<error code="…">` elements (https://www.openarchives.org/OAI/openarchivesprotocol.html#ErrorConditions).
 */
export function parseArxivOai(xml: string): ArxivOaiResult {
  const parsed = parseXmlDocument(xml, ARRAY_TAGS);
  if (parsed.kind === 'malformed') return parsed;
  const root = xmlChild(parsed.document, 'OAI-PMH');
  if (!root) return { kind: 'malformed', message: 'expected an <OAI-PMH> root element' };

  const errors = xmlChildren(root, 'error');
  if (errors.length > 0) {
    const codes = errors.map((error) => xmlAttribute(error, 'code') ?? 'unknown');
    if (codes.every((code) => code === 'noRecordsMatch')) return { kind: 'noRecordsMatch' };
    const message = errors.map((error) => collapseWhitespace(xmlText(error) ?? '')).filter(Boolean).join('; ');
    return { kind: 'error', code: codes.find((code) => code !== 'noRecordsMatch') ?? 'unknown', message };
  }

  const list = xmlChild(root, 'ListRecords') ?? xmlChild(root, 'GetRecord');
  if (!list) return { kind: 'malformed', message: 'expected a <ListRecords> or <GetRecord> response' };

  const papers: ArxivOaiPaper[] = [];
  const deletedIds: string[] = [];
  for (const record of xmlChildren(list, 'record')) {
    const header = xmlChild(record, 'header');
    const identifier = xmlText(header, 'identifier') ?? '';
    if (xmlAttribute(header, 'status') === 'deleted') {
      const deleted = parseArxivId(identifier);
      if (!deleted) return { kind: 'malformed', message: `deleted record "${identifier}" has no arXiv id` };
      deletedIds.push(deleted.id);
      continue;
    }
    const paper = readRecord(record, identifier);
    if (typeof paper === 'string') return { kind: 'malformed', message: paper };
    papers.push(paper);
  }
  return {
    kind: 'records',
    papers,
    deletedIds,
    resumptionToken: readResumptionToken(xmlChild(list, 'resumptionToken')),
    responseDate: xmlText(root, 'responseDate'),
  };
}

// Returns the paper, or why the record cannot be read.
function readRecord(record: XmlElement, identifier: string): ArxivOaiPaper | string {
  const metadata = xmlChild(xmlChild(record, 'metadata'), 'arXiv');
  if (!metadata) return `record "${identifier}" has no <arXiv> metadata (was metadataPrefix=arXiv requested?)`;
  const rawId = xmlText(metadata, 'id') ?? identifier;
  const arxivId = parseArxivId(rawId);
  if (!arxivId) return `record "${identifier}" has no arXiv id`;

  const authorDetails = xmlChildren(xmlChild(metadata, 'authors'), 'author').map(readAuthor);
  const comment = xmlCleanText(metadata, 'comments');
  const abstract = collapseWhitespace(xmlText(metadata, 'abstract') ?? '');
  const published = isoDatePrefix(xmlText(metadata, 'created'));

  return {
    id: arxivId.id,
    // The arXiv format has no version numbers (only arXivRaw does).
    version: arxivId.version,
    title: collapseWhitespace(xmlText(metadata, 'title') ?? ''),
    abstract,
    authors: authorDetails.map((author) => author.name),
    authorsTruncated: false,
    // Space-separated, primary first; arXiv codes only (ACM and MSC classes are listed there too).
    categories: arxivCategories((xmlText(metadata, 'categories') ?? '').split(/\s+/)),
    published,
    // `updated` is only present once a paper has a second version.
    updated: isoDatePrefix(xmlText(metadata, 'updated')) ?? published,
    comment,
    // The field can hold several space-separated DOIs; the first is the main one.
    doi: bareDoi(xmlCleanText(metadata, 'doi')?.split(' ')[0]),
    journalRef: xmlCleanText(metadata, 'journal-ref'),
    absUrl: arxivAbsUrl(arxivId.id),
    pdfUrl: arxivPdfUrl(arxivId.id),
    codeUrl: findCodeUrl(comment) ?? findCodeUrl(abstract),
    org: null,
    score: null,
    upvotes: null,
    sources: ['arxiv-oai'],
    authorDetails,
  };
}

function readAuthor(author: XmlElement): PaperAuthor {
  // Collaborations come with a keyname only ("ATLAS Collaboration").
  const parts = [xmlText(author, 'forenames'), xmlText(author, 'keyname'), xmlText(author, 'suffix')];
  return {
    name: collapseWhitespace(parts.filter((part): part is string => Boolean(part)).join(' ')),
    affiliations: xmlTexts(author, 'affiliation').map(collapseWhitespace),
  };
}

function readResumptionToken(element: XmlElement | undefined): OaiResumptionToken | null {
  const token = xmlText(element);
  // The last page of a list carries an empty token element.
  if (!token) return null;
  return {
    token,
    completeListSize: optionalCount(xmlAttribute(element, 'completeListSize')),
    cursor: optionalCount(xmlAttribute(element, 'cursor')),
  };
}

function optionalCount(value: string | null): number | null {
  return value !== null && /^\d+$/.test(value) ? Number(value) : null;
}
