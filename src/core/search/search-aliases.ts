/**
 * Index-time synonyms for the field abbreviations. A paper that writes "large language models"
 * is indexed with the extra word "llm" (in an alias column beside the text), so the query `llm`
 * is one word instead of `"llm" OR "large language model"`.
 *
 * Why: FTS5's bm25() counts, for every phrase of a query, how many papers contain it by running
 * the phrase over the whole index. "large language model" took 45 ms of each query at 1,000,000
 * papers, on top of matching; a single word's count takes a fraction of that
 * (README, "What the targets took and what limits them").
 *
 * Words are compared after the Porter stemmer, the one FTS5's `porter` tokenizer uses, so the
 * aliases match what the phrase matched: "fine-tuned" is "fine tuning", "models" is "model".
 */
import { createHash } from 'node:crypto';
import { stemmer } from 'stemmer';
import { FIELD_ABBREVIATIONS } from './abbreviations.ts';
import { tokenize } from './tokenize.ts';

interface LongForm {
  /** The stems after the first one. */
  rest: readonly string[];
  alias: string;
}

/** Long forms of two or more words, by the stem of their first word. */
const LONG_FORMS_BY_FIRST_STEM = new Map<string, LongForm[]>();
/** "large language model" → ["llm"]: the aliases a long form (its words, space-joined) is indexed as. */
const ALIASES_OF_LONG_FORM = new Map<string, string[]>();

for (const [abbreviation, expansions] of Object.entries(FIELD_ABBREVIATIONS)) {
  for (const expansion of expansions) {
    const words = tokenize(expansion);
    if (words.length < 2) continue;
    const [first, ...rest] = words.map((w) => stemmer(w));
    const forms = LONG_FORMS_BY_FIRST_STEM.get(first!) ?? [];
    forms.push({ rest, alias: abbreviation });
    LONG_FORMS_BY_FIRST_STEM.set(first!, forms);
    const key = words.join(' ');
    ALIASES_OF_LONG_FORM.set(key, [...(ALIASES_OF_LONG_FORM.get(key) ?? []), abbreviation]);
  }
}

/**
 * Names the alias table: a store whose aliases were computed with a different table indexes
 * them again (search-alias-index.ts), so editing abbreviations.ts needs no migration.
 */
export const SEARCH_ALIAS_TABLE_VERSION = createHash('sha256')
  .update(JSON.stringify([...ALIASES_OF_LONG_FORM.entries()].sort()))
  .digest('hex')
  .slice(0, 16);

/** The abbreviations a long form ("large language model", as words) is indexed as; [] for any other words. */
export function aliasesOfLongForm(words: readonly string[]): readonly string[] {
  return ALIASES_OF_LONG_FORM.get(words.join(' ')) ?? [];
}

// The vocabulary of a corpus repeats: stemming each distinct word once keeps this cheap.
const STEM_CACHE_LIMIT = 50_000;
const stemCache = new Map<string, string>();

function stem(word: string): string {
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemmed = stemmer(word);
    stemCache.set(word, stemmed);
  }
  return stemmed;
}

/**
 * A fast first pass: each long form as a regular expression that accepts every inflection the
 * stemmer folds (each stem, less a final "e" or "i" the stemmer may have added, then any letters),
 * so most texts are rejected without being split into words or stemmed (38 → 8 µs a paper on the
 * real corpus). Every hit is then checked word by word against the stems.
 *
 * Its classes avoid Unicode properties: V8 builds `[\p{L}\p{N}]` under the `iu` flags for each of
 * the expression's 160 uses, and compiling it took 52–55 ms in every thread that indexes (the
 * import's start waits for two), against about 2 ms now. Each class is a superset of the one it
 * replaces, so the expression finds every candidate the Unicode one found and the check decides:
 * a word's run is ASCII letters and digits or any character beyond ASCII (the tokenizer folds
 * "languagés" to "languages", so an accent may sit inside a word that matches), a separator is
 * anything but an ASCII letter or digit, and whether the character before a candidate is a
 * letter is checked with the Unicode class. The two characters beyond ASCII that the `iu` flags
 * folded onto the stems' letters, the Kelvin sign (k) and the long s, are replaced in a copy of
 * the text first: one code unit each, so positions stay the same.
 */
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** ASCII letters and digits, and anything beyond ASCII. */
const IN_WORD = '[^\\x00-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7f]';
const LONG_FORM_CANDIDATE = new RegExp(
  `(?<![a-z0-9])(?:${[...LONG_FORMS_BY_FIRST_STEM.entries()]
    .flatMap(([first, forms]) => forms.map((f) => [first, ...f.rest]))
    .map((stems) => stems.map((s) => `${escapeRegExp(s.length > 2 ? s.replace(/[ei]$/, '') : s)}${IN_WORD}*`).join('[^a-z0-9]+'))
    .join('|')})`,
  'gi',
);
/** A letter or digit (outside ASCII too) just before a candidate: it then starts inside a word. */
const ENDS_IN_WORD_CHARACTER = /[\p{L}\p{N}]$/u;
/** The Kelvin sign and the long s, which case-insensitive Unicode matching takes for k and s. */
const FOLDS_TO_ASCII = /[\u212a\u017f]/g;
/** Characters read after a candidate's start to check every long form there (the longest is 6 words). */
const CANDIDATE_SPAN = 160;

/**
 * The aliases to index for a text: one abbreviation per occurrence of one of its long forms, so
 * a paper that says "large language model" three times counts "llm" three times, as the phrase
 * did. '' when the text has none.
 */
export function searchAliases(text: string): string {
  const found: string[] = [];
  FOLDS_TO_ASCII.lastIndex = 0;
  const scanned = FOLDS_TO_ASCII.test(text) ? text.replace(FOLDS_TO_ASCII, (c) => (c === '\u212a' ? 'k' : 's')) : text;
  LONG_FORM_CANDIDATE.lastIndex = 0;
  for (let match = LONG_FORM_CANDIDATE.exec(scanned); match !== null; match = LONG_FORM_CANDIDATE.exec(scanned)) {
    // Longer and shorter forms can start at the same word ("reinforcement learning from human
    // feedback" is rlhf and rl): all of them are checked here, and the scan goes on from the next character.
    LONG_FORM_CANDIDATE.lastIndex = match.index + 1;
    // Two code units: the code point before may be a surrogate pair.
    if (match.index > 0 && ENDS_IN_WORD_CHARACTER.test(text.slice(Math.max(0, match.index - 2), match.index))) continue;
    const words = tokenize(text.slice(match.index, match.index + CANDIDATE_SPAN));
    for (const form of LONG_FORMS_BY_FIRST_STEM.get(stem(words[0] ?? '')) ?? []) {
      if (form.rest.length < words.length && form.rest.every((s, k) => stem(words[k + 1]!) === s)) found.push(form.alias);
    }
  }
  return found.join(' ');
}

/** What the index adds beside a paper's title and abstract. */
export interface PaperSearchAliases {
  title: string;
  abstract: string;
}

export function paperSearchAliases(paper: { title: string; abstract: string }): PaperSearchAliases {
  return { title: searchAliases(paper.title), abstract: searchAliases(paper.abstract) };
}
