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
 * The title words a suggester corrects against: counts by stem (the form the full-text index
 * matches) and the words grouped by length, for the scan. Built by spellingIndexOf, or a slice at a
 * time in the background (spelling-vocabulary.ts).
 */
export interface SpellingIndex {
  stems: Map<string, number>;
  byLength: Map<number, string[]>;
}

/**
 * Builds an index from title words and their counts, any number of batches at a time. Words are
 * folded as queries are (tokenize), so "schrödinger" and "schrodinger" are one word, and each
 * distinct word is folded and stemmed once, however many batches it comes in.
 */
export function createSpellingIndexBuilder(): { add(words: Iterable<[string, number]>): void; index: SpellingIndex } {
  const index: SpellingIndex = { stems: new Map(), byLength: new Map() };
  /** Each word seen, with the stem its counts go to ('' for a word that folds to nothing). */
  const stemOf = new Map<string, string>();
  const folds = new Set<string>();
  return {
    index,
    add(words) {
      for (const [word, count] of words) {
        let stem = stemOf.get(word);
        if (stem === undefined) {
          const folded = tokenize(word).join('');
          stem = folded === '' ? '' : stemmer(folded);
          stemOf.set(word, stem);
          if (folded !== '' && !folds.has(folded)) {
            folds.add(folded);
            const same = index.byLength.get(folded.length);
            if (same) same.push(folded);
            else index.byLength.set(folded.length, [folded]);
          }
        }
        if (stem !== '') index.stems.set(stem, (index.stems.get(stem) ?? 0) + count);
      }
    },
  };
}

/** The index of a vocabulary (title word → titles it is in), in one go. */
export function spellingIndexOf(vocabulary: Map<string, number>): SpellingIndex {
  const builder = createSpellingIndexBuilder();
  builder.add(vocabulary);
  return builder.index;
}

/**
 * A suggester whose index is built elsewhere, off the request path, and swapped in when ready
 * (spelling-vocabulary.ts): until then `suggest` has no suggestion, and never waits.
 */
export interface BackgroundSpellingSuggester extends SpellingSuggester {
  /** Starts suggesting from `index` (a newer one replaces the old whole). */
  useIndex(index: SpellingIndex): void;
  readonly ready: boolean;
}

export function createBackgroundSpellingSuggester(): BackgroundSpellingSuggester {
  let index: SpellingIndex | null = null;
  return {
    suggest: (text) => (index === null ? null : suggestFrom(index, text)),
    useIndex: (next) => void (index = next),
    get ready() {
      return index !== null;
    },
  };
}

/**
 * A suggester that builds its index from `loadVocabulary` on the first query (one-shot command-line
 * searches and tests, where nobody else waits): a chat server uses the background one instead.
 */
export function createSpellingSuggester(loadVocabulary: () => Map<string, number>): SpellingSuggester {
  let index: SpellingIndex | null = null;
  return {
    suggest(text: string): string | null {
      index ??= spellingIndexOf(loadVocabulary());
      return suggestFrom(index, text);
    },
  };
}

/**
 * Corrections from the words of paper titles. A word is rare when its stem, the form the
 * full-text index matches, is in at most RARE_TITLE_COUNT titles; "hallucinations" is not rare when
 * "hallucination" is frequent. A rare word is replaced by the close word (see `maxEdits`) that ranks
 * best by frequency and closeness, provided that word is at least MUCH_MORE_FREQUENT times as
 * frequent: a word found in no title takes any known neighbour, one found in a title or two (a typo
 * that made it into a title: "decodng") needs a common one. Every rare word of the query is
 * corrected, and the suggestion is made whatever the search found: "halucination vlm" matches VLM
 * papers but still means "hallucination vlm". Abbreviations the search expands (dpo, rlhf),
 * stopwords and words with digits are kept.
 *
 * Measured on the 78,736-paper corpus (46,417 distinct title words): a minisearch index over the
 * vocabulary took 0.4–1.6 s to build; scanning the words of about the right length with a bounded
 * edit distance takes 10–100 ms per rare word and needs no build, so the scan is used (DESIGN.md:
 * measure before choosing minisearch).
 */
function suggestFrom(index: SpellingIndex, text: string): string | null {
  const frequency = (word: string): number => index.stems.get(stemmer(word)) ?? 0;

  /** The replacement for one token (lowercase, accent-folded), or null to keep it. */
  function correct(token: string): string | null {
    if (token.length < MIN_CORRECTED_LENGTH || /\d/.test(token) || STOPWORDS.has(token) || FIELD_ABBREVIATIONS[token] !== undefined) return null;
    const own = frequency(token);
    if (own > RARE_TITLE_COUNT) return null;
    const stem = stemmer(token);
    const max = maxEdits(token);
    let best: { word: string; rank: number } | null = null;
    for (let length = token.length - max; length <= token.length + max; length++) {
      for (const word of index.byLength.get(length) ?? []) {
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
