import MiniSearch from 'minisearch';
import { tokenize } from './tokenize.ts';

/** Suggests a corrected query when nothing matched ("recomender" → "recommender"). */
export interface SpellingSuggester {
  /** The query text with unknown words replaced by the closest known ones, or null. */
  suggest(text: string): string | null;
}

interface VocabularyEntry {
  id: number;
  word: string;
  count: number;
}

/**
 * A minisearch index over the words of paper titles, built on the first miss (queries that
 * match find no use for it). Fuzzy matching allows about one edit per four letters; among close
 * words the more frequent one wins. DESIGN.md: minisearch is the right tool for small in-memory,
 * typo-tolerant sets like this one, while full-text search stays in FTS5.
 */
export function createSpellingSuggester(loadVocabulary: () => Map<string, number>): SpellingSuggester {
  let index: MiniSearch<VocabularyEntry> | null = null;
  let known: Map<string, number> | null = null;

  function ensureIndex(): { index: MiniSearch<VocabularyEntry>; known: Map<string, number> } {
    if (!index || !known) {
      known = loadVocabulary();
      index = new MiniSearch<VocabularyEntry>({ fields: ['word'], storeFields: ['word', 'count'], idField: 'id' });
      let id = 0;
      index.addAll([...known].map(([word, count]) => ({ id: id++, word, count })));
    }
    return { index, known };
  }

  return {
    suggest(text: string): string | null {
      const words = text.split(/\s+/).filter(Boolean);
      if (words.length === 0) return null;
      const { index, known } = ensureIndex();
      let changed = false;
      const corrected = words.map((word) => {
        const tokens = tokenize(word);
        if (word.includes(':') || tokens.length !== 1) return word;
        const token = tokens[0]!;
        if (token.length < 4 || known.has(token)) return word;
        const best = index
          .search(token, { fuzzy: 0.25, prefix: false })
          .map((r) => ({ word: r['word'] as string, rank: r.score * Math.log2(2 + (r['count'] as number)) }))
          .filter((r) => r.word !== token)
          .sort((a, b) => b.rank - a.rank)[0];
        if (!best) return word;
        changed = true;
        // Keep what surrounds the word, so "recomender systems" stays quoted and -survy stays an exclusion.
        const [, lead = '', , trail = ''] = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/su.exec(word) ?? [];
        return `${lead}${best.word}${trail}`;
      });
      return changed ? corrected.join(' ') : null;
    },
  };
}
