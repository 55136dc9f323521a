import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import { createApp, type SqliteApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { renderReplyText } from '../../src/core/render-text.ts';
import { createBackgroundSpellingSuggester } from '../../src/core/search/spelling-suggester.ts';
import { buildSpellingIndexInSlices, keepSpellingVocabulary, type TitleSource } from '../../src/core/search/spelling-vocabulary.ts';
import type { Invoker } from '../../src/commands/command-context.ts';
import { makePaper } from '../support/papers.ts';

/** Titles in memory, with a record of every page read, so a test sees when the store is read. */
function titleSource(initial: string[]): TitleSource & { titles: string[]; pagesRead: number } {
  const source = {
    titles: [...initial],
    pagesRead: 0,
    newestSeq: () => source.titles.length,
    *titlePages(maxPapers: number, pageSize: number) {
      const newestFirst = [...source.titles].reverse().slice(0, maxPapers);
      for (let i = 0; i < newestFirst.length; i += pageSize) {
        source.pagesRead++;
        yield newestFirst.slice(i, i + pageSize);
      }
    },
  };
  return source;
}

/** A pause the test releases by hand: the build advances one slice per release. */
function manualPause() {
  const waiting: Array<() => void> = [];
  return {
    pause: () => new Promise<void>((resolve) => waiting.push(resolve)),
    get waiting() {
      return waiting.length;
    },
    release() {
      waiting.shift()?.();
      return new Promise<void>((resolve) => setImmediate(resolve));
    },
  };
}

/**
 * Lets every step that waits only on the store's answers run (the title source is awaited, as a
 * PostgreSQL one must be), so a build stands at its next pause.
 */
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

/** "pause" in 25 titles, so "pauze" (in none) is corrected to it. */
const PAUSE_TITLES = Array.from({ length: 25 }, (_, i) => `Pause tokens for reasoning, part ${i + 1}`);

describe('the did-you-mean vocabulary is built in the background, never on a request', () => {
  it('answers without a suggestion until the vocabulary is ready, without reading the store for it', async () => {
    const source = titleSource(PAUSE_TITLES);
    const suggester = createBackgroundSpellingSuggester();
    const gate = manualPause();
    const keeper = keepSpellingVocabulary({ source, suggester, log: silentLogger, pause: gate.pause });
    // The first slice ran at start; the rest wait for the event loop.
    await settled();
    expect(source.pagesRead).toBe(1);
    expect(suggester.suggest('pauze')).toBeNull();
    expect(source.pagesRead).toBe(1);
    await gate.release();
    await keeper.ready;
    expect(suggester.ready).toBe(true);
    expect(suggester.suggest('pauze')).toBe('pause');
    keeper.stop();
  });

  it('reads one page of titles per slice and yields between slices', async () => {
    const source = titleSource(Array.from({ length: 2_500 }, (_, i) => `Title ${i} about pauses`));
    const gate = manualPause();
    const built = buildSpellingIndexInSlices(source, { maxPapers: 200_000, pageSize: 1_000, pause: gate.pause });
    await settled();
    for (let slice = 1; slice <= 3; slice++) {
      expect(source.pagesRead).toBe(slice);
      expect(gate.waiting).toBe(1);
      await gate.release();
    }
    const index = await built;
    expect(index!.stems.get('paus')).toBe(2_500);
  });

  it('builds again after papers are added, and not when none were', async () => {
    const source = titleSource(['Hallucination in vision models']);
    const suggester = createBackgroundSpellingSuggester();
    const keeper = keepSpellingVocabulary({ source, suggester, log: silentLogger });
    await keeper.ready;
    expect(suggester.suggest('pauze')).toBeNull();
    const pages = source.pagesRead;
    await keeper.refresh();
    expect(source.pagesRead).toBe(pages);
    source.titles.push(...PAUSE_TITLES);
    await keeper.refresh();
    expect(suggester.suggest('pauze')).toBe('pause');
    keeper.stop();
  });

  it('stops building when the process closes, and keeps no index half built', async () => {
    const source = titleSource(Array.from({ length: 3_000 }, () => 'Pause'));
    const suggester = createBackgroundSpellingSuggester();
    const gate = manualPause();
    const keeper = keepSpellingVocabulary({ source, suggester, log: silentLogger, pause: gate.pause });
    await settled();
    keeper.stop();
    await gate.release();
    await keeper.ready;
    expect(source.pagesRead).toBe(1);
    expect(suggester.ready).toBe(false);
  });
});

describe('a serving app', () => {
  let app: SqliteApp | null = null;
  let dir: string | null = null;
  afterEach(() => {
    app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const invoker: Invoker = { platform: 'console', workspaceId: 'w', channelId: 'c', userId: 'u', userName: 'u', isAdmin: false };

  it('suggests from the vocabulary it built at start', async () => {
    dir = mkdtempSync(join(tmpdir(), 'paperboy-vocabulary-'));
    const path = join(dir, 'paperboy.db');
    const store = openDatabase(path);
    await createSqlitePaperRepository(store.sqlite).upsertPapers(PAUSE_TITLES.map((title) => makePaper({ title })), '2026-11-01T00:00:00Z');
    store.close();
    app = createApp(loadConfig({ DATABASE_PATH: path, LOG_LEVEL: 'silent' }), { log: silentLogger, spellingVocabulary: 'background' });
    await app.spellingReady;
    expect(renderReplyText(await app.run('/papers search pauze', invoker))).toContain('Did you mean “pause”?');
  });
});
