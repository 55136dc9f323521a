/**
 * Writes the benchmark's fixed query set, `bench/queries.txt`: 200 realistic research queries
 * drawn deterministically from the real corpus (title phrases of one to four words, field
 * abbreviations, hyphenated terms, quoted phrases, and a few with author:, cat:, since:, sort:
 * and -exclusions). It was run once and its output committed, so every benchmark run, on every
 * machine, times the same queries:
 *
 *   node bin/run-ts.js bench/generate-queries.ts [--out bench/queries.txt]
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { FIELD_ABBREVIATIONS } from '../src/core/search/abbreviations.ts';
import { STOPWORDS } from '../src/core/search/tokenize.ts';
import { BENCH_QUERIES_FILE } from './bench-queries.ts';
import { REAL_CORPUS } from './generate-corpus.ts';
import { createSeededRandom, type SeededRandom } from './seeded-random.ts';
import { readSnapshotLines } from './snapshot-lines.ts';

export const QUERY_COUNT = 200;
const SEED = 7;

/** Title words that make poor phrase edges, beside the search stopwords. */
const EDGE_WORDS = new Set(['via', 'using', 'towards', 'toward', 'based', 'beyond', 'without', 'across', 'within', 'among', 'between', 'vs', 'versus', 'all', 'any', 'one', 'two', 'new', 'about', 'non', 'de']);
/** Title words nobody searches for on their own. */
const GENERIC_WORDS = new Set(
  ('approach approaches method methods framework frameworks model models novel efficient study analysis task tasks data ' +
    'system systems performance towards improving enhancing understanding evaluating leveraging empirical design features ' +
    'universal continuous interactive guided unified robust effective simple general based large language neural network ' +
    'networks natural learning deep machine via case report technical comprehensive benchmark benchmarks dataset datasets ' +
    'survey review').split(' '),
);
/** A piece of a longer phrase ("sensing image" of "remote sensing image") is dropped when this share of its uses extend it. */
const FRAGMENT_SHARE = 0.5;

/** How many queries of each kind: 200 in all. */
const MIX = {
  bigram: 60,
  trigram: 30,
  word: 25,
  abbreviationAlone: 10,
  abbreviationWithWord: 15,
  hyphenated: 15,
  quoted: 10,
  fourWords: 5,
  category: 8,
  since: 6,
  author: 6,
  excluded: 5,
  sorted: 5,
} as const;

interface TitleStats {
  grams: Map<number, Map<string, number>>;
  hyphenated: Map<string, number>;
  /** Bigrams per primary category. */
  byCategory: Map<string, Map<string, number>>;
  categoryPapers: Map<string, number>;
  /** Title words co-occurring with each abbreviation (or its expansion). */
  abbreviationWords: Map<string, Map<string, number>>;
  authorPapers: Map<string, number>;
  authorWords: Map<string, Map<string, number>>;
  /** Words before (`<gram`) and after (`gram>`) each n-gram of up to three words. */
  neighbours: Map<string, Map<string, number>>;
}

const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
const nested = <K, V>(map: Map<K, Map<string, V>>, key: K) => {
  let inner = map.get(key);
  if (!inner) map.set(key, (inner = new Map()));
  return inner;
};

function isContent(word: string): boolean {
  return word.length >= 2 && !/^\d+$/.test(word) && !STOPWORDS.has(word) && !EDGE_WORDS.has(word);
}

/** A word someone would search for on its own: not generic, not a verb form, not a number. */
function isTopicWord(word: string): boolean {
  return isContent(word) && !GENERIC_WORDS.has(word) && !/(ing|ed)$/.test(word) && !/\d{4}/.test(word);
}

/** Title segments (split at punctuation) as lowercase word lists; hyphenated words stay whole. */
function titleSegments(title: string): string[][] {
  return title
    .toLowerCase()
    .split(/[:;,.?!()[\]{}"'$/\\]+/)
    .map((segment) => segment.match(/[a-z0-9]+(?:-[a-z0-9]+)*/g) ?? [])
    .filter((words) => words.length > 0);
}

async function collectTitleStats(source: string): Promise<TitleStats> {
  const stats: TitleStats = {
    grams: new Map([1, 2, 3, 4].map((n) => [n, new Map<string, number>()])),
    hyphenated: new Map(),
    byCategory: new Map(),
    categoryPapers: new Map(),
    abbreviationWords: new Map(),
    authorPapers: new Map(),
    authorWords: new Map(),
    neighbours: new Map(),
  };
  const expansions = Object.entries(FIELD_ABBREVIATIONS).map(([abbreviation, phrases]) => ({ abbreviation, phrases: [abbreviation, ...phrases] }));
  for await (const line of readSnapshotLines(source)) {
    const record = JSON.parse(line) as { title: string; categories: string; authors_parsed: string[][] };
    const segments = titleSegments(record.title);
    const words = new Set(segments.flat().filter(isContent));
    const primary = record.categories.split(' ')[0] ?? '';
    bump(stats.categoryPapers, primary);
    for (const segment of segments) {
      for (const word of segment) if (word.includes('-') && isContent(word)) bump(stats.hyphenated, word);
      for (let n = 1; n <= 4; n++) {
        for (let i = 0; i + n <= segment.length; i++) {
          const gram = segment.slice(i, i + n);
          if (!gram.every(isContent)) continue;
          const key = gram.join(' ');
          bump(stats.grams.get(n)!, key);
          if (n === 2) bump(nested(stats.byCategory, primary), key);
          // What precedes and follows each use, to tell whole phrases from pieces of longer ones.
          if (n < 4) {
            if (i > 0) bump(nested(stats.neighbours, `<${key}`), segment[i - 1]!);
            if (i + n < segment.length) bump(nested(stats.neighbours, `${key}>`), segment[i + n]!);
          }
        }
      }
    }
    const lowered = ` ${segments.map((s) => s.join(' ')).join(' ')} `;
    for (const { abbreviation, phrases } of expansions) {
      if (!phrases.some((p) => lowered.includes(` ${p} `))) continue;
      const inner = nested(stats.abbreviationWords, abbreviation);
      for (const word of words) if (!phrases.some((p) => p.split(' ').includes(word))) bump(inner, word);
    }
    for (const [last = '', first = ''] of record.authors_parsed ?? []) {
      const name = `${first} ${last}`.trim();
      if (!/^[\p{L}.' -]+$/u.test(name) || !name.includes(' ')) continue;
      bump(stats.authorPapers, name);
      const inner = nested(stats.authorWords, name);
      for (const word of words) bump(inner, word);
    }
  }
  return stats;
}

/** The top `limit` keys by count (ties by key, so the order is stable). */
function top(map: Map<string, number> | undefined, limit: number, keep: (key: string) => boolean = () => true): string[] {
  return [...(map ?? new Map<string, number>())]
    .filter(([key]) => keep(key))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([key]) => key);
}

/** Whether most uses of a phrase are inside one longer phrase. */
function isFragment(stats: TitleStats, gram: string): boolean {
  const total = stats.grams.get(gram.split(' ').length)?.get(gram) ?? 0;
  const strongest = (side: string) => Math.max(0, ...(stats.neighbours.get(side)?.values() ?? []));
  return total === 0 || Math.max(strongest(`<${gram}`), strongest(`${gram}>`)) > FRAGMENT_SHARE * total;
}

/** Draws distinct queries from a candidate list until `count` are taken (or candidates run out). */
function drawInto(out: Set<string>, random: SeededRandom, count: number, make: () => string | null): void {
  let taken = 0;
  for (let attempt = 0; taken < count && attempt < count * 50; attempt++) {
    const query = make();
    if (query === null || out.has(query)) continue;
    out.add(query);
    taken++;
  }
  if (taken < count) throw new Error(`could draw only ${taken} of ${count} queries of one kind`);
}

/** The fixed query set, drawn from the corpus with a fixed seed. */
export async function generateQueries(source: string): Promise<string[]> {
  const stats = await collectTitleStats(source);
  const random = createSeededRandom(SEED);
  const queries = new Set<string>();
  const whole = (gram: string) => !isFragment(stats, gram);
  const expansionWords = new Set(Object.values(FIELD_ABBREVIATIONS).flatMap((phrases) => phrases.flatMap((p) => p.split(' '))));
  const words = top(stats.grams.get(1), 300, (w) => isTopicWord(w) && !w.includes('-'));
  const bigrams = top(stats.grams.get(2), 400, whole);
  const trigrams = top(stats.grams.get(3), 300, whole);
  const fourGrams = top(stats.grams.get(4), 60);
  const hyphenated = top(stats.hyphenated, 60, (w) => !/\d{4}/.test(w));
  const abbreviations = Object.keys(FIELD_ABBREVIATIONS).filter((a) => (stats.abbreviationWords.get(a)?.size ?? 0) > 0);
  const categories = top(stats.categoryPapers, 15, (c) => c.startsWith('cs.'));
  const authors = top(stats.authorPapers, 200);

  drawInto(queries, random, MIX.bigram, () => random.pick(bigrams));
  drawInto(queries, random, MIX.trigram, () => random.pick(trigrams));
  drawInto(queries, random, MIX.word, () => random.pick(words));
  drawInto(queries, random, MIX.abbreviationAlone, () => random.pick(abbreviations));
  drawInto(queries, random, MIX.abbreviationWithWord, () => {
    const abbreviation = random.pick(abbreviations);
    const partners = top(stats.abbreviationWords.get(abbreviation), 10, (w) => isTopicWord(w) && !expansionWords.has(w));
    return partners.length === 0 ? null : `${abbreviation} ${random.pick(partners)}`;
  });
  drawInto(queries, random, MIX.hyphenated, () => {
    const word = random.pick(hyphenated);
    const next = bigrams.find((b) => b.startsWith(`${word} `));
    return random.next() < 0.5 || !next ? word : next;
  });
  drawInto(queries, random, MIX.quoted, () => `"${random.pick(random.next() < 0.5 ? bigrams : trigrams)}"`);
  drawInto(queries, random, MIX.fourWords, () => random.pick(fourGrams));
  drawInto(queries, random, MIX.category, () => {
    const category = random.pick(categories);
    return `cat:${category} ${random.pick(top(stats.byCategory.get(category), 30, whole))}`;
  });
  drawInto(queries, random, MIX.since, () => `${random.pick(bigrams)} since:${random.pick(['2025', '2025-09', '2026', '2026-03'])}`);
  drawInto(queries, random, MIX.author, () => {
    const author = random.pick(authors);
    const topics = top(stats.authorWords.get(author), 5, isTopicWord);
    return random.next() < 0.5 || topics.length === 0 ? `author:"${author}"` : `${random.pick(topics)} author:"${author}"`;
  });
  drawInto(queries, random, MIX.excluded, () => `${random.pick(bigrams)} -${random.pick(['survey', 'benchmark', 'review', 'dataset'])}`);
  drawInto(queries, random, MIX.sorted, () => `${random.pick(bigrams)} sort:${random.pick(['new', 'top'])}`);
  return [...queries];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string', default: BENCH_QUERIES_FILE }, source: { type: 'string', default: fileURLToPath(REAL_CORPUS) } } });
  const queries = await generateQueries(values.source);
  if (queries.length !== QUERY_COUNT) throw new Error(`drew ${queries.length} queries, expected ${QUERY_COUNT}`);
  writeFileSync(values.out, `${queries.join('\n')}\n`);
  console.log(`Wrote ${queries.length} queries to ${values.out}.`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
