/** One author of a paper with the affiliations the source lists for them (often none). */
export interface PaperAuthor {
  name: string;
  affiliations: string[];
}
