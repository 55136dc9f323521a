/**
 * The did-you-mean vocabulary of a serving process: built at start and again after papers are
 * added, a slice of titles at a time between other work, never on a request. Building it in one
 * go held the event loop for 1.5 s at 78,736 papers (2.2 s at 250,000), on the first search that
 * found nothing: every other user's command waited behind it (issue 19).
 */
import type { Awaitable } from '../awaitable.ts';
import type { Logger } from '../logger.ts';
import { createSpellingIndexBuilder, type BackgroundSpellingSuggester, type SpellingIndex } from './spelling-suggester.ts';

/**
 * Where titles come from: the store, newest first, a page at a time. The embedded store reads a
 * page on the spot (an Iterable); a networked one over a round trip per page (an AsyncIterable).
 */
export interface TitleSource {
  /** The newest paper's store sequence number: it grows when papers are added. */
  newestSeq(): Awaitable<number>;
  /** The titles of the newest `maxPapers` papers, newest first, `pageSize` at a time (each page its own read). */
  titlePages(maxPapers: number, pageSize: number): Iterable<string[]> | AsyncIterable<string[]>;
}

/** Papers whose title words feed did-you-mean suggestions (the most recent ones). */
export const VOCABULARY_PAPERS = 200_000;
/**
 * Titles counted per slice. Measured at 78,736 papers (CPU time per slice, the machine shared):
 * 1,000 titles took 11 ms at the median and 49 ms at the longest, 250 took 3.1 and 17 ms, 100
 * took 1.4 and 9 ms but 45 % longer in all (3.0 s against 4.4 s of wall time for the build).
 */
export const TITLES_PER_SLICE = 250;
/** How often a serving process checks whether papers were added (an ingest, or an import from another process). */
export const VOCABULARY_CHECK_MS = 5 * 60_000;

/** The words of a title the vocabulary counts: letters first, three characters or more, lowercased. */
const TITLE_WORD = /\p{L}[\p{L}\p{N}]{2,}/gu;

/** Lets the event loop run whatever waits (acks, replies) before the next slice. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Builds the index from the newest `maxPapers` titles, one page of titles per slice, yielding with
 * `pause` between slices. Resolves null when `stopped` turns true midway (the process is closing).
 */
export async function buildSpellingIndexInSlices(
  source: TitleSource,
  options: { maxPapers: number; pageSize?: number; pause?: () => Promise<void>; stopped?: () => boolean },
): Promise<SpellingIndex | null> {
  const pause = options.pause ?? yieldToEventLoop;
  const builder = createSpellingIndexBuilder();
  for await (const titles of source.titlePages(options.maxPapers, options.pageSize ?? TITLES_PER_SLICE)) {
    const counts = new Map<string, number>();
    for (const title of titles) {
      for (const word of title.toLowerCase().match(TITLE_WORD) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
    builder.add(counts);
    await pause();
    if (options.stopped?.()) return null;
  }
  return builder.index;
}

export interface SpellingVocabularyKeeper {
  /** Settles when the first build has finished (or failed, which is logged). */
  ready: Promise<void>;
  /** Builds again now if papers were added since the last build; resolves when that build is in use. */
  refresh(): Promise<void>;
  stop(): void;
}

/**
 * Keeps `suggester` supplied: builds its index at once (in slices), then checks every `checkEveryMs`
 * whether the store has newer papers and builds a fresh index if so, swapping it in whole. Until
 * the first build is done the suggester has no suggestions. A failed build is logged and the
 * previous index stays.
 */
export function keepSpellingVocabulary(deps: {
  source: TitleSource;
  suggester: BackgroundSpellingSuggester;
  log: Logger;
  maxPapers?: number;
  checkEveryMs?: number;
  pause?: () => Promise<void>;
}): SpellingVocabularyKeeper {
  let builtFor: number | null = null;
  let building: Promise<void> | null = null;
  let stopped = false;

  async function rebuild(): Promise<void> {
    try {
      const newest = await deps.source.newestSeq();
      if (newest === builtFor) return;
      const index = await buildSpellingIndexInSlices(deps.source, {
        maxPapers: deps.maxPapers ?? VOCABULARY_PAPERS,
        stopped: () => stopped,
        ...(deps.pause ? { pause: deps.pause } : {}),
      });
      if (index === null || stopped) return;
      deps.suggester.useIndex(index);
      builtFor = newest;
    } catch (err) {
      if (!stopped) deps.log.error({ err }, 'could not build the did-you-mean vocabulary; searches go on without suggestions');
    }
  }

  /** One build at a time: a check while one runs waits for it. */
  function refresh(): Promise<void> {
    building ??= rebuild().finally(() => {
      building = null;
    });
    return building;
  }

  const timer = setInterval(() => void refresh(), deps.checkEveryMs ?? VOCABULARY_CHECK_MS);
  timer.unref();
  return {
    ready: refresh(),
    refresh,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
