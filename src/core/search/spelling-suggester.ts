import { stemmer } from 'stemmer';
import { FIELD_ABBREVIATIONS } from './abbreviations.ts';
import { editDistance } from './edit-distance.ts';
import { STOPWORDS, tokenize } from './tokenize.ts';

/** Suggests a corrected query when a word of it is rare in the corpus ("recomender" → "recommender"). */
export interface SpellingSuggester {
  /**
   * The query text with every rare word replaced by a much more frequent close one, or null when
   * no word needs it. Fields (author:"…", cat:…) are kept as typed; quotes and a leading - stay.
   */
  suggest(text: string): string | null;
}

/** Words shorter than this are never corrected: too many real words are one letter apart. */
export const MIN_CORRECTED_LENGTH = 4;
/** A word (by its stem) in at most this many titles is rare and may be a typo of a frequent one. */
export const RARE_TITLE_COUNT = 3;
/** A rare word's replacement must be in at least this many times as many titles. */
export const MUCH_MORE_FREQUENT = 20;

/**
 * Edits a correction may make: one in words up to seven letters, two from eight, three from
 * twelve. minisearch's fuzzy 0.25 allows two in six letters, which turned "hinton" into "into"
 * and "splade" into "space".
 */
export function maxEdits(word: string): number {
  return word.length >= 12 ? 3 : word.length >= 8 ? 2 : 1;
}

/** A piece of query text: a field with its value, a quoted phrase (maybe excluded), or a bare word. */
const PIECE = /-?[A-Za-z]+:"[^"]*"|-?"[^"]*"|\S+/g;
const FIELD = /^-?[A-Za-z]+:/;
const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Corrections from the words of paper titles, counted when a query is first checked. A word is
 * rare when its stem, the form the full-text index matches, is in at most RARE_TITLE_COUNT titles;
 * "hallucinations" is not rare when "hallucination" is frequent. A rare word is replaced by the
 * close word (see `maxEdits`) that ranks best by frequency and closeness, provided that word is at
 * least MUCH_MORE_FREQUENT times as frequent: a word found in no title takes any known neighbour,
 * one found in a title or two (a typo that made it into a title: "decodng") needs a common one.
 * Every rare word of the query is corrected, and the suggestion is made whatever the search
 * found: "halucination vlm" matches VLM papers but still means "hallucination vlm".
 * Abbreviations the search expands (dpo, rlhf), stopwords and words with digits are kept.
 *
 * Measured on the 78,736-paper corpus (46,417 distinct title words): a minisearch index over the
 * vocabulary took 0.4–1.6 s to build, on the first query with a rare word; scanning the words of
 * about the right length with a bounded edit distance takes 10–100 ms per rare word and needs no
 * build, so the scan is used (DESIGN.md: measure before choosing minisearch).
 */
export function createSpellingSuggester(loadVocabulary: () => Map<string, number>): SpellingSuggester {
  let stems: Map<string, number> | null = null;
  /** Words by length, for the scan. */
  let byLength: Map<number, string[]> | null = null;

  function ensureCounts(): { stems: Map<string, number>; byLength: Map<number, string[]> } {
    if (!stems || !byLength) {
      // Folded as queries are (tokenize), so "schrödinger" and "schrodinger" are one word.
      const words = new Map<string, number>();
      for (const [word, count] of loadVocabulary()) {
        const folded = tokenize(word).join('');
        if (folded !== '') words.set(folded, (words.get(folded) ?? 0) + count);
      }
      stems = new Map();
      byLength = new Map();
      for (const [word, count] of words) {
        const stem = stemmer(word);
        stems.set(stem, (stems.get(stem) ?? 0) + count);
        const same = byLength.get(word.length);
        if (same) same.push(word);
        else byLength.set(word.length, [word]);
      }
    }
    return { stems, byLength };
  }

  const frequency = (word: string): number => ensureCounts().stems.get(stemmer(word)) ?? 0;

  /** The replacement for one token (lowercase, accent-folded), or null to keep it. */
  function correct(token: string): string | null {
    if (token.length < MIN_CORRECTED_LENGTH || /\d/.test(token) || STOPWORDS.has(token) || FIELD_ABBREVIATIONS[token] !== undefined) return null;
    const own = frequency(token);
    if (own > RARE_TITLE_COUNT) return null;
    const stem = stemmer(token);
    const max = maxEdits(token);
    const { byLength: lengths } = ensureCounts();
    let best: { word: string; rank: number } | null = null;
    for (let length = token.length - max; length <= token.length + max; length++) {
      for (const word of lengths.get(length) ?? []) {
        const distance = editDistance(token, word, max);
        if (distance > max || distance === 0) continue;
        const count = frequency(word);
        if (stemmer(word) === stem || (own > 0 && count < MUCH_MORE_FREQUENT * own)) continue;
        const rank = Math.log2(2 + count) / (1 + distance) ** 2;
        if (!best || rank > best.rank || (rank === best.rank && word < best.word)) best = { word, rank };
      }
    }
    return best?.word ?? null;
  }

  return {
    suggest(text: string): string | null {
      let changed = false;
      const corrected = text.replace(PIECE, (piece) => {
        if (FIELD.test(piece)) return piece;
        return piece.replace(WORD, (word) => {
          const tokens = tokenize(word);
          if (tokens.length !== 1) return word;
          const replacement = correct(tokens[0]!);
          if (replacement === null) return word;
          changed = true;
          return replacement;
        });
      });
      return changed ? corrected : null;
    },
  };
}

/** A word a suggestion replaced, and whether it was inside a quoted phrase. */
export interface Correction {
  from: string;
  to: string;
  quoted: boolean;
}

/** The words `suggestion` (from `SpellingSuggester.suggest`) changed in `original`, piece by piece. */
export function correctionsOf(original: string, suggestion: string): Correction[] {
  const before = original.match(PIECE) ?? [];
  const after = suggestion.match(PIECE) ?? [];
  const corrections: Correction[] = [];
  before.forEach((piece, i) => {
    const other = after[i];
    if (other === undefined || other === piece) return;
    const quoted = /^-?"/.test(piece);
    const from = piece.match(WORD) ?? [];
    const to = other.match(WORD) ?? [];
    from.forEach((word, k) => {
      if (to[k] !== undefined && to[k] !== word) corrections.push({ from: word, to: to[k]!, quoted });
    });
  });
  return corrections;
}

/**
 * The query with the words a suggestion would correct put in quotes, as typed: a quoted word is
 * taken as meant (a subscription to a term newer than the store), so `"halucinaton"` is kept.
 */
export function quoteCorrectedWords(original: string, corrections: readonly Correction[]): string {
  const words = new Set(corrections.filter((c) => !c.quoted).map((c) => c.from));
  return original.replace(PIECE, (piece) => {
    if (FIELD.test(piece) || /^-?"/.test(piece) || !(piece.match(WORD) ?? []).some((w) => words.has(w))) return piece;
    return piece.startsWith('-') ? `-"${piece.slice(1)}"` : `"${piece}"`;
  });
}
