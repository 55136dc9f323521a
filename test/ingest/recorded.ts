import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** ../shared/fixtures beside the repository (this file is test/ingest/recorded.ts). */
export const FIXTURES_DIR = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));

export const RSS_CS_LG = 'arxiv-rss/arxiv-rss-cs.LG+cs.AI+cs.CL+stat.ML.rss.xml';
export const RSS_HOLIDAY = 'arxiv-rss/arxiv-rss-physics-empty-holiday.rss.xml';
export const OAI_LIST = 'arxiv-oai/arxiv-oai-listrecords-arXiv-hep-ex.xml';
export const API_IDLIST = 'arxiv-api/arxiv-api-idlist-with-affiliations.atom.xml';
export const API_SEARCH = 'arxiv-api/arxiv-api-search-all-testing.atom.xml';
export const API_EMPTY = 'arxiv-api/arxiv-api-empty-result.atom.xml';
export const API_BAD_ID = 'arxiv-api/arxiv-api-error-400-bad-id.atom.xml';
export const HF_DAILY = 'huggingface/hf-daily-papers-2024-10-25-first9.json';
export const S2_AUTHOR_SEARCH = 'semantic-scholar/s2-author-search.json';
export const S2_AUTHOR_PAPERS = 'semantic-scholar/s2-author-papers.json';
export const S2_NOT_FOUND = 'semantic-scholar/s2-error-404-paper-not-found.json';
export const S2_RATE_LIMITED = 'semantic-scholar/s2-error-429-too-many-requests.json';
export const OPENALEX_WORKS = 'openalex/openalex-works-title-search.json';
export const OPENALEX_NOT_FOUND = 'openalex/openalex-error-404-not-found.html';

/** The ids in the recorded cs.LG RSS listing (announced 2026-09-24): new, new, cross, replace. */
export const RSS_CS_LG_IDS = ['2609.26811', '2609.26820', '2205.06398', '2009.13987'];
/** The ids of the three records in the recorded OAI-PMH ListRecords page. */
export const OAI_IDS = ['1706.05371', '1706.09418', '1707.00874'];

/** A recorded response body. */
export function recorded(path: string): string {
  return readFileSync(`${FIXTURES_DIR}${path}`, 'utf8');
}

/** The recorded cs.LG listing with its items removed: the same channel and day, listing nothing. */
export function rssWithoutItems(): string {
  return recorded(RSS_CS_LG).replace(/\s*<item>[\s\S]*?<\/item>/g, '');
}

/**
 * The recorded ListRecords page split into one page per record, chained with resumption tokens
 * (`tok-1`, `tok-2`) the way arXiv pages a long list; the last page ends with an empty token.
 */
export function oaiPages(): string[] {
  const xml = recorded(OAI_LIST);
  const head = xml.slice(0, xml.indexOf('<record>'));
  const tail = xml.slice(xml.lastIndexOf('</record>') + '</record>'.length);
  const records = xml.match(/<record>[\s\S]*?<\/record>/g) ?? [];
  return records.map((record, index) => {
    const last = index === records.length - 1;
    const token = last
      ? `<resumptionToken completeListSize="${records.length}" cursor="${index}"/>`
      : `<resumptionToken completeListSize="${records.length}" cursor="${index}">tok-${index + 1}</resumptionToken>`;
    return `${head}${record}\n${token}${tail}`;
  });
}

/** The recorded OAI-PMH response with its list replaced by one protocol error. */
export function oaiError(code: string, message: string): string {
  const xml = recorded(OAI_LIST);
  return `${xml.slice(0, xml.indexOf('<ListRecords>'))}<error code="${code}">${message}</error>\n</OAI-PMH>\n`;
}

/** The first `fraction` of a body: what a connection cut mid-transfer leaves, never well-formed. */
export function truncated(body: string, fraction = 0.5): string {
  return body.slice(0, Math.floor(body.length * fraction));
}
