import { arxivAbsUrl, arxivCategories, arxivPdfUrl, checkPaperId, PAPER_TEXT_LIMITS, type PaperInput } from '../../core/paper.ts';
import { forTerminal, shortenText, withoutControlCharacters } from '../../core/safe-text.ts';

/** One line of arXiv's bulk metadata snapshot (Kaggle `arxiv-metadata-oai-snapshot` field names). */
interface SnapshotRecord {
  id?: unknown;
  title?: unknown;
  abstract?: unknown;
  authors?: unknown;
  authors_parsed?: unknown;
  categories?: unknown;
  comments?: unknown;
  doi?: unknown;
  'journal-ref'?: unknown;
  versions?: unknown;
  update_date?: unknown;
}

/**
 * Whitespace that is not already a single space: runs, and single newlines or tabs. Replacing only
 * these, not every `\s+`, matches a dozen times an abstract instead of two hundred (30,000
 * snapshot records: 500 → 185 ms), with the same result.
 */
const IRREGULAR_WHITESPACE = /\s\s+|[^\S ]/g;

/**
 * A string field as stored: control characters and escape sequences removed (safe-text.ts),
 * whitespace collapsed to single spaces; null when missing or blank.
 */
function text(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const collapsed = withoutControlCharacters(v).replace(IRREGULAR_WHITESPACE, ' ').trim();
  return collapsed === '' ? null : collapsed;
}

/** The fields of one record that were cut to PAPER_TEXT_LIMITS, with their length before. */
type Shortened = string[];

/** text(), then cut to `limit` characters, noting the cut in `shortened`. */
function limitedText(v: unknown, field: string, limit: number, shortened: Shortened): string | null {
  const value = text(v);
  if (value === null || value.length <= limit) return value;
  shortened.push(`${field} shortened from ${value.length.toLocaleString('en-US')} to ${limit.toLocaleString('en-US')} characters`);
  return shortenText(value, limit);
}

/** Dates arXiv writes: "2025-03-18", or "Tue, 18 Mar 2025 17:39:00 GMT" in versions; anything longer is not one. */
const MAX_DATE_LENGTH = 64;

function isoDate(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > MAX_DATE_LENGTH) return null;
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) return value.slice(0, 10);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return null;
  const date = new Date(ms).toISOString().slice(0, 10);
  // Years past 9999 print as "+010000-…".
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null;
}

/** The authors, each name cleaned like text() and cut to its limit, and whether the list was cut. */
function authorsOf(record: SnapshotRecord, shortened: Shortened): { names: string[]; truncated: boolean } {
  // Group-authored papers list a bare ":" as an author ("NVIDIA, :, Hassan Abu Alhaija, …").
  const isName = (name: string) => /[\p{L}\p{N}]/u.test(name);
  let names: string[];
  if (Array.isArray(record.authors_parsed) && record.authors_parsed.length > 0) {
    names = record.authors_parsed
      .filter((a): a is unknown[] => Array.isArray(a))
      .map(([last = '', first = '', suffix = '']) => [first, last, suffix].map((s) => text(typeof s === 'string' ? s : String(s)) ?? '').filter(Boolean).join(' '))
      .filter(isName);
  } else {
    const joined = text(record.authors);
    names = joined ? joined.split(/,\s*|\s+and\s+/).map((s) => s.trim()).filter(isName) : [];
  }
  let longNames = 0;
  names = names.map((name) => {
    if (name.length <= PAPER_TEXT_LIMITS.authorName) return name;
    longNames++;
    return shortenText(name, PAPER_TEXT_LIMITS.authorName);
  });
  if (longNames > 0) shortened.push(`${longNames} author name${longNames === 1 ? '' : 's'} shortened to ${PAPER_TEXT_LIMITS.authorName.toLocaleString('en-US')} characters`);
  if (names.length <= PAPER_TEXT_LIMITS.authors) return { names, truncated: false };
  shortened.push(`author list cut from ${names.length.toLocaleString('en-US')} to the first ${PAPER_TEXT_LIMITS.authors.toLocaleString('en-US')} names`);
  return { names: names.slice(0, PAPER_TEXT_LIMITS.authors), truncated: true };
}

/**
 * The arXiv category codes of the space-separated field, each once (core/paper.ts
 * arxivCategories): the ACM and MSC classes some records list there ("I.2.7;", "68T45") and
 * anything else are dropped, so a paper shows arXiv categories only and a re-import finds it unchanged.
 */
function categoriesOf(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  return arxivCategories(value.split(/\s+/).filter((code) => code.length <= PAPER_TEXT_LIMITS.category));
}

/**
 * The paper a line holds, with what was shortened to fit PAPER_TEXT_LIMITS (empty when nothing
 * was), or the reason the line is not a usable record. Reasons quote at most a short, escaped
 * piece of the line (safe-text.ts forTerminal), so they can be shown as they are.
 */
export type SnapshotParse = { ok: true; paper: PaperInput; shortened: string[] } | { ok: false; reason: string };

/** The newest version a snapshot record's versions list names, when it is a plausible one. */
const MAX_VERSION = 999;

/**
 * Maps one snapshot line to store input. The id must be an arXiv id or another source's id shape
 * (core/paper.ts checkPaperId); text fields lose control characters and are cut to
 * PAPER_TEXT_LIMITS.
 */
export function parseSnapshotLine(line: string): SnapshotParse {
  let record: SnapshotRecord;
  try {
    record = JSON.parse(line) as SnapshotRecord;
  } catch (error) {
    // V8's message quotes a piece of the line: escaped and cut like any outside text.
    return { ok: false, reason: `not valid JSON (${forTerminal((error as Error).message, 120)})` };
  }
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return { ok: false, reason: 'not a JSON object' };
  const rawId = typeof record.id === 'string' ? record.id : typeof record.id === 'number' ? String(record.id) : '';
  if (rawId.trim() === '') return { ok: false, reason: 'no "id"' };
  const checked = checkPaperId(rawId);
  if (!checked.ok) return { ok: false, reason: `id "${forTerminal(rawId.trim(), 40)}" ${checked.reason}` };
  const shortened: Shortened = [];
  const title = limitedText(record.title, 'title', PAPER_TEXT_LIMITS.title, shortened);
  if (!title) return { ok: false, reason: `no "title" (id ${checked.id})` };
  const versions = Array.isArray(record.versions) ? (record.versions as Array<{ version?: unknown; created?: unknown }>) : [];
  const lastVersion = versions.length > 0 ? Number(String(versions[versions.length - 1]?.version ?? '').replace(/^v/, '')) : NaN;
  const id = checked.id;
  const authors = authorsOf(record, shortened);
  return {
    ok: true,
    shortened,
    paper: {
      id,
      version: Number.isInteger(lastVersion) && lastVersion > 0 && lastVersion <= MAX_VERSION ? lastVersion : checked.version,
      title,
      abstract: limitedText(record.abstract, 'abstract', PAPER_TEXT_LIMITS.abstract, shortened) ?? '',
      authors: authors.names,
      authorsTruncated: authors.truncated,
      categories: categoriesOf(record.categories),
      published: isoDate(versions[0]?.created) ?? isoDate(record.update_date),
      updated: isoDate(record.update_date),
      comment: limitedText(record.comments, 'comments', PAPER_TEXT_LIMITS.comment, shortened),
      doi: limitedText(record.doi, 'doi', PAPER_TEXT_LIMITS.doi, shortened),
      journalRef: limitedText(record['journal-ref'], 'journal-ref', PAPER_TEXT_LIMITS.journalRef, shortened),
      absUrl: checked.arxiv ? arxivAbsUrl(id) : null,
      pdfUrl: checked.arxiv ? arxivPdfUrl(id) : null,
      codeUrl: null,
      org: null,
      score: null,
      upvotes: null,
      sources: ['snapshot'],
    },
  };
}
