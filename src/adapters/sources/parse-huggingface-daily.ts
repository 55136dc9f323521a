import { z } from 'zod';
import { arxivAbsUrl, arxivPdfUrl, findCodeUrl, parseArxivId } from '../../core/paper.ts';
import type { PaperInput } from '../../core/paper.ts';
import { checkJsonShape, readJsonBody } from './json-body.ts';
import { collapseWhitespace, isoDatePrefix } from './text-cleanup.ts';

/** A paper from Hugging Face Daily Papers, with the community signals HF adds. */
export type HuggingFaceDailyPaper = PaperInput & {
  /** Stars of the linked GitHub repository, null when HF reports none. */
  githubStars: number | null;
  numComments: number | null;
  /** ISO timestamp of when the paper was submitted to Daily Papers (HF's top-level `publishedAt`). */
  submittedOnDailyAt: string | null;
};

/** One page of Daily Papers, HF's own error body, or a body that is not a Daily Papers list. */
export type HuggingFaceDailyResult =
  | { kind: 'ok'; papers: HuggingFaceDailyPaper[] }
  | { kind: 'error'; message: string }
  | { kind: 'malformed'; message: string };

const organizationSchema = z.object({ name: z.string().nullish(), fullname: z.string().nullish() });

// Everything but the paper's id and title is optional: HF adds and drops fields over time
// (githubRepo, githubStars, organization, submittedOnDailyAt appeared in 2025).
const dailyPaperSchema = z.object({
  paper: z.object({
    id: z.string(),
    title: z.string(),
    summary: z.string().nullish(),
    publishedAt: z.string().nullish(),
    upvotes: z.number().nullish(),
    authors: z.array(z.object({ name: z.string() })).nullish(),
    githubRepo: z.string().nullish(),
    githubStars: z.number().nullish(),
    organization: organizationSchema.nullish(),
    submittedOnDailyAt: z.string().nullish(),
  }),
  publishedAt: z.string().nullish(),
  numComments: z.number().nullish(),
  organization: organizationSchema.nullish(),
});

const errorSchema = z.object({ error: z.string() });

/**
 * Parses `GET https://huggingface.co/api/daily_papers` (raw text or parsed JSON). Summaries come
 * hard-wrapped and are unwrapped; LaTeX left in them by authors (`\method`) is kept as written.
 */
export function parseHuggingFaceDaily(body: unknown): HuggingFaceDailyResult {
  const json = readJsonBody(body);
  if (json.kind === 'malformed') return json;
  const error = errorSchema.safeParse(json.data);
  if (error.success) return { kind: 'error', message: error.data.error };
  const checked = checkJsonShape(z.array(dailyPaperSchema), json.data, 'a Daily Papers list');
  if (checked.kind === 'malformed') return checked;
  return { kind: 'ok', papers: checked.data.map(toPaper) };
}

function toPaper(item: z.output<typeof dailyPaperSchema>): HuggingFaceDailyPaper {
  const { paper } = item;
  const arxivId = parseArxivId(paper.id);
  const id = arxivId?.id ?? `hf:${paper.id}`;
  const abstract = collapseWhitespace(paper.summary ?? '');
  const organization = paper.organization ?? item.organization;
  return {
    id,
    version: arxivId?.version ?? null,
    title: collapseWhitespace(paper.title),
    abstract,
    authors: (paper.authors ?? []).map((author) => collapseWhitespace(author.name)),
    authorsTruncated: false,
    categories: [],
    // paper.publishedAt is the arXiv submission time.
    published: isoDatePrefix(paper.publishedAt),
    updated: null,
    comment: null,
    doi: null,
    journalRef: null,
    absUrl: arxivId ? arxivAbsUrl(arxivId.id) : null,
    pdfUrl: arxivId ? arxivPdfUrl(arxivId.id) : null,
    codeUrl: paper.githubRepo || findCodeUrl(abstract),
    org: collapseWhitespace(organization?.fullname || organization?.name || '') || null,
    score: null,
    upvotes: paper.upvotes ?? null,
    sources: ['huggingface'],
    githubStars: paper.githubStars ?? null,
    numComments: item.numComments ?? null,
    submittedOnDailyAt: paper.submittedOnDailyAt ?? item.publishedAt ?? null,
  };
}
