/** One result on the seed search page: the page shows only a title and an abstract. */
export interface SearchPagePaper {
  title: string;
  abstract: string;
}

const HEADER_MARKER = 'Get trending papers in your email inbox!';
// The header ends with the page's own date ("Mar 12"); it belongs to no paper.
const HEADER_DATE = /^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}$/;
// Titles on the page are one short line; anything longer is an abstract out of place.
const MAX_TITLE_LENGTH = 250;
const MIN_ABSTRACT_LENGTH = 200;

/**
 * Parses the seed Hugging Face paper-search page: a header that ends with the page's date
 * line, then alternating title and abstract paragraphs. Throws when the page does not have
 * that shape (no header, an odd number of paragraphs, a title/abstract pair out of step).
 */
export function parseSearchPage(text: string): SearchPagePaper[] {
  const paragraphs = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const markerIndex = paragraphs.indexOf(HEADER_MARKER);
  if (markerIndex < 0) throw new Error(`search page: header "${HEADER_MARKER}" not found`);
  const dateOffset = paragraphs.slice(markerIndex).findIndex((line) => HEADER_DATE.test(line));
  if (dateOffset < 0) throw new Error('search page: no date line ends the header');

  const results = paragraphs.slice(markerIndex + dateOffset + 1);
  if (results.length === 0) throw new Error('search page: no results after the header');
  if (results.length % 2 !== 0) {
    throw new Error(`search page: ${results.length} paragraphs after the header, expected title/abstract pairs`);
  }

  const papers: SearchPagePaper[] = [];
  for (let i = 0; i < results.length; i += 2) {
    const title = results[i]!;
    const abstract = results[i + 1]!;
    if (title.length > MAX_TITLE_LENGTH || abstract.length < MIN_ABSTRACT_LENGTH) {
      throw new Error(`search page: result ${i / 2 + 1} ("${title.slice(0, 60)}") is not a title/abstract pair`);
    }
    papers.push({ title, abstract });
  }
  return papers;
}
