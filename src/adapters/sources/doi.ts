import { parseArxivId } from '../../core/paper.ts';

const DOI_URL_PREFIX = /^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:)/i;
const ARXIV_DATACITE_DOI = /^10\.48550\/arxiv\.(.+)$/i;

/** A bare DOI ("10.1038/…") from a DOI, a "doi:" reference or a doi.org URL; null for blanks. */
export function bareDoi(value: string | null | undefined): string | null {
  const doi = value?.trim().replace(DOI_URL_PREFIX, '');
  return doi ? doi : null;
}

/** The arXiv id behind arXiv's own DataCite DOI (10.48550/arXiv.2304.05376), or null. */
export function arxivIdFromDoi(value: string | null | undefined): string | null {
  const match = ARXIV_DATACITE_DOI.exec(bareDoi(value) ?? '');
  return match ? (parseArxivId(match[1]!)?.id ?? null) : null;
}

/**
 * The publisher DOI of a paper: arXiv's own 10.48550 DOI is dropped, because the arXiv feeds'
 * `doi` field only ever names the journal version and the id already identifies the preprint.
 */
export function publisherDoi(value: string | null | undefined): string | null {
  const doi = bareDoi(value);
  return doi && !ARXIV_DATACITE_DOI.test(doi) ? doi : null;
}
