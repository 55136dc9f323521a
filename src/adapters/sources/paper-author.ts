/** One author of a paper with the affiliations the source lists for them (often none). */
export interface PaperAuthor {
  name: string;
  affiliations: string[];
}

/**
 * An author of a paper as a scholarly index identifies them (Semantic Scholar, OpenAlex): the
 * spellings it shows and its ids in the syntax `follow` takes (`s2:1723755`, `A5023888391`, bare
 * ORCID `0000-0001-6187-6610`). A name may be several people; an id is one.
 */
export interface IdentifiedAuthor {
  names: string[];
  ids: string[];
}
