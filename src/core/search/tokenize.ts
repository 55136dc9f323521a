/**
 * Splits text into the tokens the full-text index uses: runs of letters and digits,
 * lowercased and accent-folded. Anything else (punctuation, operators, emoji, control
 * characters) separates tokens and never reaches the index's query syntax.
 */
const TOKEN = /[\p{L}\p{N}]+/gu;
const COMBINING_MARKS = /\p{M}+/gu;

export function tokenize(text: string): string[] {
  const folded = text.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase();
  return folded.match(TOKEN) ?? [];
}

/**
 * Words too common to carry meaning. Dropped from "match any word" queries, where they
 * would match nearly every paper; kept inside quoted phrases.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have how i if in into is it its ' +
    'may might more most no not of on or our over so such than that the their them then there these they this ' +
    'those through to under up us was we were what when where which while who whom why will with would you your'
  ).split(' '),
);
