import { afterAll, describe, it, expect } from 'vitest';
import { createApp } from '../../src/app.ts';
import { CONSOLE_INVOKER } from '../../src/adapters/console/console-chat.ts';
import { loadConfig } from '../../src/config.ts';
import { UserError } from '../../src/core/errors.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { renderReplyText } from '../../src/core/render-text.ts';
import { HOSTILE_QUERIES } from '../core/hostile-queries.ts';

const app = createApp(loadConfig({ DATABASE_PATH: ':memory:' }), { log: silentLogger });
afterAll(() => app.close());
const seedCount = (await app.papers.countPapers());

const label = (q: string) => (q.length > 60 ? `${q.slice(0, 60)}… (${q.length} chars)` : q);

/** Runs a search; returns the outcome or the UserError. Any other error fails the test. */
async function searchOrUserError(text: string) {
  try {
    return await app.services.search.searchText(text, 5);
  } catch (error) {
    if (error instanceof UserError) return error;
    throw new Error(`"${label(text)}" threw ${(error as Error).name}: ${(error as Error).message}`);
  }
}

describe('hostile search input against the whole app', () => {
  it('starts from the seeded store', () => {
    expect(seedCount).toBeGreaterThan(30);
  });

  it.each(HOSTILE_QUERIES.map((q) => [label(q), q]))('search %j returns results or a UserError', async (_label, text) => {
    const result = await searchOrUserError(text);
    if (result instanceof UserError) {
      expect(result.code).toMatch(/^(query|args)\./);
      expect(result.message).not.toMatch(/SqliteError|fts5:|syntax error/i);
      return;
    }
    expect(Array.isArray(result.hits)).toBe(true);
    expect(result.hits.length).toBeLessThanOrEqual(5);
  });

  it.each(HOSTILE_QUERIES.map((q) => [label(q), q]))('chat %j replies without an internal error', async (_label, text) => {
    const reply = await app.run(text, CONSOLE_INVOKER);
    const shown = renderReplyText(reply);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown).not.toMatch(/something went wrong|logged with reference|SqliteError|fts5:/i);
  });

  it('leaves the papers table alone after SQL in a query', async () => {
    await searchOrUserError("'; DROP TABLE papers; --");
    await searchOrUserError("Robert'); DROP TABLE papers;--");
    expect((await app.papers.countPapers())).toBe(seedCount);
  });

  it('reads FTS5 operators as words: "cold AND start" finds what "cold and start" finds', async () => {
    const ids = async (text: string) => {
      const result = await searchOrUserError(text);
      return result instanceof UserError ? result.code : result.hits.map((h) => h.paper.id);
    };
    expect(await ids('cold AND start')).toEqual(await ids('cold and start'));
    expect(await ids('"cold" OR "start"')).toEqual(await ids('cold or start'));
  });

  it('answers an empty, emoji-only or exclusion-only search with a UserError asking for words', async () => {
    for (const text of ['', '   ', '😀🎉🚀', '-', '--', '-survey', '\u200b\u200c\u200d']) {
      const result = await searchOrUserError(text);
      expect(result, text).toBeInstanceOf(UserError);
      expect((result as UserError).code).toBe('query.empty');
    }
  });
});
