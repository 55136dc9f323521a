import { arxivAbsUrl, arxivCategories, arxivPdfUrl, findCodeUrl, parseArxivId } from '../../core/paper.ts';
import type { PaperInput } from '../../core/paper.ts';
import { bareDoi } from './doi.ts';
import { collapseWhitespace, isoDatePrefix } from './text-cleanup.ts';
import { parseXmlDocument, xmlAttribute, xmlChild, xmlChildren, xmlCleanText, xmlText, xmlTexts } from './xml-document.ts';
import type { XmlElement } from './xml-document.ts';

/** Why a paper is in a daily listing: a new submission, a cross-list, or a new version. */
export type ArxivAnnounceType = 'new' | 'cross' | 'replace' | 'replace-cross';

/** A paper from an rss.arxiv.org daily listing. */
export type ArxivListingPaper = PaperInput & { announceType: ArxivAnnounceType };

/** One daily listing (empty on weekends and holidays), or a body that is not a listing feed. */
export type ArxivListingResult =
  | {
      kind: 'ok';
      papers: ArxivListingPaper[];
      /** The announcement day (YYYY-MM-DD) the feed was built for, null when the feed gives none. */
      listingDate: string | null;
      /** Week days on which the feed is not rebuilt ("Saturday", "Sunday"); only RSS lists them. */
      skipDays: string[];
    }
  | { kind: 'malformed'; message: string };

const ARRAY_TAGS = new Set(['item', 'entry', 'category', 'dc:creator', 'day']);
const ANNOUNCE_TYPES: ReadonlySet<string> = new Set<ArxivAnnounceType>(['new', 'cross', 'replace', 'replace-cross']);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const RFC822_DATE = /(\d{1,2})\s+([A-Z][a-z]{2})\s+(\d{4})/;

// The fields both feed variants carry, read from an RSS item or an Atom entry.
interface ListingItem {
  guid: string;
  title: string;
  description: string;
  categories: string[];
  date: string | null;
  announceType: string | null;
  creators: string[];
  doi: string | null;
  journalRef: string | null;
}

/**
 * Parses an rss.arxiv.org daily listing in either variant: RSS 2.0 (`/rss/<cats>`) or Atom
 * (`/atom/<cats>`). A weekend or holiday feed has no items and gives zero papers.
 */
export function parseArxivListing(xml: string): ArxivListingResult {
  const parsed = parseXmlDocument(xml, ARRAY_TAGS);
  if (parsed.kind === 'malformed') return parsed;
  const channel = xmlChild(xmlChild(parsed.document, 'rss'), 'channel');
  const feed = xmlChild(parsed.document, 'feed');

  let items: ListingItem[];
  let listingDate: string | null;
  let skipDays: string[] = [];
  if (channel) {
    items = xmlChildren(channel, 'item').map(readRssItem);
    listingDate = rfc822Date(xmlText(channel, 'pubDate')) ?? rfc822Date(xmlText(channel, 'lastBuildDate'));
    skipDays = xmlTexts(xmlChild(channel, 'skipDays'), 'day');
  } else if (feed) {
    items = xmlChildren(feed, 'entry').map(readAtomEntry);
    listingDate = items[0]?.date ?? isoDatePrefix(xmlText(feed, 'updated'));
  } else {
    return { kind: 'malformed', message: 'expected an RSS <rss><channel> or an Atom <feed> root element' };
  }

  const papers: ArxivListingPaper[] = [];
  for (const item of items) {
    const paper = toPaper(item, listingDate);
    if (typeof paper === 'string') return { kind: 'malformed', message: paper };
    papers.push(paper);
  }
  return { kind: 'ok', papers, listingDate, skipDays };
}

function readRssItem(item: XmlElement): ListingItem {
  return {
    guid: xmlText(item, 'guid') ?? '',
    title: xmlText(item, 'title') ?? '',
    description: xmlText(item, 'description') ?? '',
    categories: xmlTexts(item, 'category'),
    date: rfc822Date(xmlText(item, 'pubDate')),
    ...readArxivExtensions(item),
  };
}

function readAtomEntry(entry: XmlElement): ListingItem {
  return {
    guid: xmlText(entry, 'id') ?? '',
    title: xmlText(entry, 'title') ?? '',
    description: xmlText(entry, 'summary') ?? '',
    categories: xmlChildren(entry, 'category')
      .map((category) => xmlAttribute(category, 'term'))
      .filter((term): term is string => term !== null),
    date: isoDatePrefix(xmlText(entry, 'published')),
    ...readArxivExtensions(entry),
  };
}

function readArxivExtensions(element: XmlElement): Pick<ListingItem, 'announceType' | 'creators' | 'doi' | 'journalRef'> {
  return {
    announceType: xmlText(element, 'arxiv:announce_type'),
    creators: xmlTexts(element, 'dc:creator'),
    doi: bareDoi(xmlText(element, 'arxiv:DOI')),
    journalRef: xmlCleanText(element, 'arxiv:journal_reference'),
  };
}

// Returns the paper, or why the item cannot be read.
function toPaper(item: ListingItem, listingDate: string | null): ArxivListingPaper | string {
  // The description starts "arXiv:2609.26811v1 Announce Type: new \nAbstract: …".
  const header = /arXiv:(\S+)\s+Announce Type:\s*(\S+)/.exec(item.description);
  const arxivId = parseArxivId(item.guid) ?? (header ? parseArxivId(header[1]!) : null);
  if (!arxivId) return `listing item "${item.guid}" has no arXiv id`;
  const announceType = item.announceType ?? header?.[2] ?? '';
  if (!ANNOUNCE_TYPES.has(announceType)) {
    return `listing item ${arxivId.id} has an unknown announce type "${announceType}"`;
  }
  const abstractStart = item.description.indexOf('Abstract:');
  const abstract = collapseWhitespace(
    abstractStart >= 0 ? item.description.slice(abstractStart + 'Abstract:'.length) : item.description.replace(header?.[0] ?? '', ''),
  );
  const announced = item.date ?? listingDate;
  // A listing only shows the announcement day. For a v1 that is both the first and the latest
  // version's day; for a replacement only the latest's; for an older version cross-listed today, neither.
  const isFirstVersion = arxivId.version === 1;

  return {
    id: arxivId.id,
    version: arxivId.version,
    title: collapseWhitespace(item.title),
    abstract,
    authors: item.creators.flatMap(splitCreators),
    authorsTruncated: false,
    // Nothing marks the primary category, but arXiv lists it first. arXiv codes only.
    categories: arxivCategories(item.categories),
    published: isFirstVersion ? announced : null,
    updated: isFirstVersion || announceType.startsWith('replace') ? announced : null,
    comment: null,
    doi: item.doi,
    journalRef: item.journalRef,
    absUrl: arxivAbsUrl(arxivId.id),
    pdfUrl: arxivPdfUrl(arxivId.id),
    codeUrl: findCodeUrl(abstract),
    org: null,
    score: null,
    upvotes: null,
    sources: ['arxiv-rss'],
    announceType: announceType as ArxivAnnounceType,
  };
}

// dc:creator is one string: "A, B, C" or "A, B and C".
function splitCreators(creators: string): string[] {
  return creators
    .split(',')
    .flatMap((part) => part.split(/\s+and\s+/))
    .map((name) => collapseWhitespace(name).replace(/^and\s+/, ''))
    .filter((name) => name !== '');
}

function rfc822Date(value: string | null): string | null {
  const match = value ? RFC822_DATE.exec(value) : null;
  if (!match) return null;
  const month = MONTHS.indexOf(match[2]!);
  if (month < 0) return null;
  return `${match[3]}-${String(month + 1).padStart(2, '0')}-${match[1]!.padStart(2, '0')}`;
}
