import { z } from 'zod';
import { bareOrcid } from './author-candidate.ts';
import { readJsonBody } from './json-body.ts';
import { collapseWhitespace, distinctTexts } from './text-cleanup.ts';

/**
 * An author of a paper as a scholarly index identifies them: the spellings it shows and its ids
 * in paperboy's external-id syntax (`s2:1723755`, `A5023888391`, bare ORCID `0000-0001-6187-6610`).
 */
export interface IdentifiedAuthor {
  names: string[];
  ids: string[];
}

const s2PageSchema = z.object({
  data: z
    .array(z.object({ authors: z.array(z.object({ authorId: z.string().nullish(), name: z.string().nullish() })).nullish() }))
    .nullish(),
});

const openAlexPageSchema = z.object({
  results: z.array(
    z.object({
      authorships: z
        .array(
          z.object({
            author: z.object({ id: z.string().nullish(), display_name: z.string().nullish(), orcid: z.string().nullish() }).nullish(),
            raw_author_name: z.string().nullish(),
          }),
        )
        .nullish(),
    }),
  ),
});

/**
 * The identified authors of each paper on a Semantic Scholar papers page (`/author/{id}/papers`,
 * `/paper/search`), in the page's paper order; the paper parsers drop the author ids.
 */
export function s2IdentifiedAuthors(body: unknown): IdentifiedAuthor[][] {
  const json = readJsonBody(body);
  const page = json.kind === 'ok' ? s2PageSchema.safeParse(json.data) : null;
  if (!page?.success) return [];
  return (page.data.data ?? []).map((paper) =>
    (paper.authors ?? []).map((author) => ({
      names: distinctTexts([author.name ?? '']),
      ids: author.authorId ? [`s2:${author.authorId}`] : [],
    })),
  );
}

/** The identified authors of each work on an OpenAlex `/works` page, in the page's work order. */
export function openAlexIdentifiedAuthors(body: unknown): IdentifiedAuthor[][] {
  const json = readJsonBody(body);
  const page = json.kind === 'ok' ? openAlexPageSchema.safeParse(json.data) : null;
  if (!page?.success) return [];
  return page.data.results.map((work) =>
    (work.authorships ?? []).map((authorship) => {
      const openAlexId = authorship.author?.id ? collapseWhitespace(authorship.author.id).replace(/^https?:\/\/openalex\.org\//i, '') : null;
      const orcid = bareOrcid(authorship.author?.orcid);
      return {
        names: distinctTexts([authorship.author?.display_name ?? '', authorship.raw_author_name ?? '']),
        ids: [openAlexId?.toUpperCase(), orcid].filter((id): id is string => Boolean(id)),
      };
    }),
  );
}
