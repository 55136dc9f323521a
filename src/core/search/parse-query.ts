import { fail, ok, type Result } from '../errors.ts';
import { FIELD_ABBREVIATIONS, LONGEST_RELATED_PHRASE, RELATED_PHRASES } from './abbreviations.ts';
import { emptySearchQuery, isSortOrder, SORT_ORDERS, sortOrderChoices, type QueryTerm, type SearchQuery } from './search-query.ts';
import { tokenize } from './tokenize.ts';

/** Longest query accepted, in characters. */
export const MAX_QUERY_LENGTH = 1000;
/** The last results page a search or a like may ask for. */
export const MAX_PAGE = 20;

/** A page number from 1 to MAX_PAGE written as digits; `shown` is what the person typed, for the message. */
export function parsePageNumber(digits: string, shown: string, code: 'query.bad_page' | 'args.bad_page'): Result<number> {
  const page = /^\d{1,4}$/.test(digits) ? Number(digits) : Number.NaN;
  if (!Number.isInteger(page) || page < 1 || page > MAX_PAGE) return fail(code, `"${shown}" is not a page number.`, `Use page:2 up to page:${MAX_PAGE}.`);
  return ok(page);
}

const FIELD_ALIASES: Readonly<Record<string, 'author' | 'cat' | 'since' | 'sort' | 'page'>> = {
  author: 'author',
  au: 'author',
  by: 'author',
  cat: 'cat',
  category: 'cat',
  since: 'since',
  after: 'since',
  sort: 'sort',
  page: 'page',
};

export const QUERY_SYNTAX_HELP =
  'Words match title, authors and abstract (all of them first, then any). Use "quoted phrases", ' +
  `-word to exclude, author:"Hao Ding", cat:cs.IR, since:2024 or since:2024-06-01, sort:${SORT_ORDERS.join('|')}.`;

/** A lexical piece of the query: a bare word, a quoted phrase, or a field with its value. */
interface Piece {
  negated: boolean;
  field: string | null;
  value: string;
  quoted: boolean;
}

// Control characters and invisible format characters are treated as spaces, so pasted text with
// tabs, zero-width joiners or RTL marks still parses.
const SEPARATORS = /[\p{Cc}\p{Cf}\p{Z}]/u;
const FIELD_PREFIX = /^([a-z]+):/i;
const URL_SCHEMES = new Set(['http', 'https', 'ftp', 'mailto']);

function lex(input: string): Result<Piece[]> {
  const pieces: Piece[] = [];
  const chars = Array.from(input.replace(/[“”„‟″]/g, '"'));
  let i = 0;
  const isSpace = (c: string | undefined) => c !== undefined && SEPARATORS.test(c);
  while (i < chars.length) {
    while (isSpace(chars[i])) i++;
    if (i >= chars.length) break;
    let negated = false;
    if (chars[i] === '-' && chars[i + 1] !== undefined && !isSpace(chars[i + 1])) {
      negated = true;
      i++;
    }
    let raw = '';
    let quoted = false;
    let field: string | null = null;
    while (i < chars.length && !isSpace(chars[i])) {
      const c = chars[i]!;
      if (c === '"') {
        const close = chars.indexOf('"', i + 1);
        if (close === -1) {
          return fail(
            'query.unbalanced_quote',
            'Your query has an opening quote (") with no closing quote.',
            'Close the phrase, e.g. "cold start", or remove the quote.',
          );
        }
        const prefix = FIELD_PREFIX.exec(raw);
        if (prefix && raw === prefix[0] && !URL_SCHEMES.has(prefix[1]!.toLowerCase())) field = prefix[1]!.toLowerCase();
        else if (raw.length > 0) pieces.push({ negated, field: null, value: raw, quoted: false });
        raw = chars.slice(i + 1, close).join('');
        quoted = true;
        i = close + 1;
        break;
      }
      raw += c;
      i++;
    }
    if (!quoted) {
      const prefix = FIELD_PREFIX.exec(raw);
      if (prefix && !URL_SCHEMES.has(prefix[1]!.toLowerCase())) {
        field = prefix[1]!.toLowerCase();
        raw = raw.slice(prefix[0].length);
      }
    }
    pieces.push({ negated, field, value: raw, quoted });
  }
  return ok(pieces);
}

/** Joins adjacent plain words that spell a RELATED_PHRASES key ("cold start") into one piece. */
function mergeRelatedPhrases(pieces: Piece[]): Piece[] {
  const plain = (p: Piece | undefined) => p !== undefined && p.field === null && !p.quoted && !p.negated;
  const merged: Piece[] = [];
  for (let i = 0; i < pieces.length; i++) {
    let joined: Piece | null = null;
    for (let n = LONGEST_RELATED_PHRASE; n >= 2 && !joined; n--) {
      const run = pieces.slice(i, i + n);
      if (run.length === n && run.every(plain) && RELATED_PHRASES[tokenize(run.map((p) => p.value).join(' ')).join(' ')]) {
        joined = { negated: false, field: null, quoted: false, value: run.map((p) => p.value).join(' ') };
        i += n - 1;
      }
    }
    merged.push(joined ?? pieces[i]!);
  }
  return merged;
}

function termFromWord(label: string, quoted: boolean): QueryTerm | null {
  const tokens = tokenize(label);
  if (tokens.length === 0) return null;
  if (quoted || tokens.length > 1) {
    // "cold-start" is the phrase "cold start"; the index splits on '-' the same way, so it
    // matches both spellings. The joined form ("coldstart") catches the third one.
    const alternatives = [tokens];
    if (!quoted) {
      const related = RELATED_PHRASES[tokens.join(' ')] ?? [];
      if (tokens.length === 2) alternatives.push([tokens.join('')]);
      const relatedFrom = alternatives.length;
      alternatives.push(...related.filter((r) => r !== tokens.join('')).map((r) => tokenize(r)));
      if (alternatives.length > relatedFrom) return { label, alternatives, quoted, relatedFrom };
    }
    return { label, alternatives, quoted };
  }
  const word = tokens[0]!;
  const expansions = FIELD_ABBREVIATIONS[word] ?? [];
  return { label, alternatives: [[word], ...expansions.map((e) => tokenize(e))], quoted: false };
}

const DATE_YEAR = /^(\d{4})$/;
const DATE_MONTH = /^(\d{4})-(\d{1,2})$/;
const DATE_DAY = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

/** Parses `since:` values: 2024, 2024-06 or 2024-06-01, into YYYY-MM-DD. */
export function parseSinceDate(value: string): Result<string> {
  const bad = () =>
    fail<string>(
      'query.bad_date',
      `"${value}" is not a date paperboy understands.`,
      'Write since:2024, since:2024-06 or since:2024-06-01.',
    );
  const pad = (n: number) => String(n).padStart(2, '0');
  let year: number;
  let month = 1;
  let day = 1;
  const y = DATE_YEAR.exec(value);
  const m = DATE_MONTH.exec(value);
  const d = DATE_DAY.exec(value);
  if (y) year = Number(y[1]);
  else if (m) [year, month] = [Number(m[1]), Number(m[2])];
  else if (d) [year, month, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  else return bad();
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return bad();
  return ok(`${year}-${pad(month)}-${pad(day)}`);
}

function quoteIfNeeded(value: string): string {
  return /[\s"]/.test(value) ? `"${value.replace(/"/g, '')}"` : value;
}

/**
 * Parses the query language into a SearchQuery. Never throws: malformed input gives a
 * UserError saying how to fix it.
 */
export function parseQuery(input: string): Result<SearchQuery> {
  const length = Array.from(input).length;
  if (length > MAX_QUERY_LENGTH) {
    return fail(
      'query.too_long',
      `Your query is ${length.toLocaleString('en-US')} characters long; the limit is ${MAX_QUERY_LENGTH.toLocaleString('en-US')}.`,
      'Keep the few words that matter most.',
    );
  }
  const lexed = lex(input);
  if (!lexed.ok) return lexed;

  const query: SearchQuery = emptySearchQuery();
  const textParts: string[] = [];
  for (const piece of mergeRelatedPhrases(lexed.value)) {
    const field = piece.field === null ? null : FIELD_ALIASES[piece.field];
    if (piece.field !== null && field === undefined) {
      return fail(
        'query.unknown_field',
        `paperboy does not know the field "${piece.field}:".`,
        'Known fields: author:, cat:, since:, sort:. To search for the word itself, drop the colon.',
      );
    }
    if (field !== null && field !== undefined && piece.negated) {
      // Without this, -author:"X" would silently search FOR author X.
      return fail(
        'query.negated_field',
        `"-${piece.field}:" cannot be excluded; a leading - excludes words and "phrases" only.`,
        `Drop the - before ${piece.field}:, or exclude a word such as -survey.`,
      );
    }
    if (field !== null && field !== undefined && piece.value.trim() === '') {
      return fail('query.empty_field', `The field "${piece.field}:" has no value.`, `Write it as ${field}:value.`);
    }
    if (field === null || field === undefined) {
      const term = termFromWord(piece.value, piece.quoted);
      if (!term) continue;
      // -cold-start excludes what was typed, not the related phrases ("zero shot") a search adds.
      if (piece.negated && term.relatedFrom !== undefined) {
        term.alternatives = term.alternatives.slice(0, term.relatedFrom);
        delete term.relatedFrom;
      }
      (piece.negated ? query.excluded : query.terms).push(term);
      const shown = piece.quoted ? `"${piece.value}"` : piece.value;
      textParts.push((piece.negated ? '-' : '') + shown);
      continue;
    }
    switch (field) {
      case 'author': {
        const tokens = tokenize(piece.value);
        if (tokens.length === 0) return fail('query.empty_field', 'author: needs a name.', 'Write author:"Hao Ding".');
        query.authors.push(tokens);
        textParts.push(`author:${quoteIfNeeded(piece.value)}`);
        break;
      }
      case 'cat': {
        // archive[.subject], either part may be hyphenated: cs.IR, q-bio.PE, cond-mat.stat-mech, hep-th.
        const category = /^([a-z]+(?:-[a-z]+)?)(?:\.([a-z]+(?:-[a-z]+)?))?$/i.exec(piece.value.trim());
        if (!category) {
          return fail(
            'query.bad_category',
            `"${piece.value}" is not an arXiv category.`,
            'Write cat:cs.IR for one category or cat:cs for a whole archive.',
          );
        }
        query.categories.push({ archive: category[1]!.toLowerCase(), subject: category[2]?.toLowerCase() ?? null });
        textParts.push(`cat:${piece.value}`);
        break;
      }
      case 'since': {
        const since = parseSinceDate(piece.value.trim());
        if (!since.ok) return since;
        query.since = since.value;
        textParts.push(`since:${piece.value.trim()}`);
        break;
      }
      case 'sort': {
        const sort = piece.value.trim().toLowerCase();
        if (!isSortOrder(sort)) {
          return fail('query.bad_sort', `"${piece.value}" is not a sort order.`, `Use ${sortOrderChoices('sort:')}.`);
        }
        query.sort = sort;
        if (sort !== 'relevance') textParts.push(`sort:${sort}`);
        break;
      }
      case 'page': {
        const page = parsePageNumber(piece.value, piece.value, 'query.bad_page');
        if (!page.ok) return page;
        query.page = page.value;
        break;
      }
    }
  }
  query.text = textParts.join(' ');
  return ok(query);
}
