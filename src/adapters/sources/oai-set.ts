/** Archives arXiv groups under the `physics` set in OAI-PMH. */
const PHYSICS_ARCHIVES: ReadonlySet<string> = new Set([
  'astro-ph',
  'cond-mat',
  'gr-qc',
  'hep-ex',
  'hep-lat',
  'hep-ph',
  'hep-th',
  'math-ph',
  'nlin',
  'nucl-ex',
  'nucl-th',
  'physics',
  'quant-ph',
]);

/**
 * The OAI-PMH set of an arXiv category or archive: `cs` → `cs`, `cs.IR` → `cs:cs:IR`,
 * `hep-ex` → `physics:hep-ex`, `astro-ph.CO` → `physics:astro-ph:CO`
 * (https://oaipmh.arxiv.org/oai?verb=ListSets).
 */
export function oaiSetOf(category: string): string {
  const dot = category.indexOf('.');
  const archive = dot < 0 ? category : category.slice(0, dot);
  const subject = dot < 0 ? null : category.slice(dot + 1);
  if (PHYSICS_ARCHIVES.has(archive)) return subject === null ? `physics:${archive}` : `physics:${archive}:${subject}`;
  return subject === null ? archive : `${archive}:${archive}:${subject}`;
}
