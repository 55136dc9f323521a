import { afterEach, describe, expect, it } from 'vitest';
import type { SqliteApp } from '../../src/app.ts';
import { renderReplyText } from '../../src/core/render-text.ts';
import { invoker, manualClock, testApp } from './digest-helpers.ts';
import { paper } from '../support/papers.ts';

/** Subscriptions are checked like searches: against arXiv's categories and the papers in the store. */
describe('/papers subscribe validates like a search', () => {
  let app: SqliteApp;
  afterEach(() => app?.close());
  const member = invoker('slack', 'T-A', 'C-1');
  const subscriptions = () => app.database.sqlite.prepare('SELECT kind, query FROM subscriptions ORDER BY id').all();

  /** A store where "hallucination" is common and "halucination" is a typo in one title. */
  async function hallucinationStore(): Promise<SqliteApp> {
    const a = testApp(manualClock('2026-11-22T10:00:00Z'));
    const papers = Array.from({ length: 30 }, (_, i) => paper(`Hallucination in vision-language models, part ${i + 1}`, 'We measure hallucination.'));
    papers.push(paper('Halucination benchmarks for VLM agents', 'A benchmark with a typo in its title.'));
    await a.papers.upsertPapers(papers, '2026-11-21T00:00:00Z');
    return a;
  }

  it('refuses a category that is not arXiv’s, with the nearest real ones, and stores nothing', async () => {
    app = testApp(manualClock('2026-11-22T10:00:00Z'));
    for (const [text, message, hint] of [
      ['subscribe cat:cs.XX', /“cs\.XX” is not an arXiv category\. Nearest: cs\.AI \(Artificial Intelligence\)/, /The cs categories: cs\.AI, .*cs\.IR.*\. Or cat:cs for all of them\./],
      ['subscribe cat:cs.IRR llm', /“cs\.IRR” is not an arXiv category\. Nearest: cs\.IR \(Information Retrieval\)\.$/m, /The cs categories/],
      ['subscribe cat:csx.IR', /Nearest: cs\.IR \(Information Retrieval\)/, /Archives: astro-ph, cond-mat, cs,/],
    ] as const) {
      const reply = await app.run(text, member);
      expect(reply.failed, text).toBe(true);
      expect(renderReplyText(reply)).toMatch(message);
      expect(renderReplyText(reply)).toMatch(hint);
    }
    expect(subscriptions()).toEqual([]);
  });

  it('accepts arXiv’s categories and archives in any case', async () => {
    app = testApp(manualClock('2026-11-22T10:00:00Z'));
    for (const text of ['subscribe cat:cs.IR', 'subscribe cat:cs.ir llm', 'subscribe cat:quant-ph', 'subscribe cat:cond-mat.stat-mech', 'subscribe cat:cs']) {
      expect((await app.run(text, member)).failed, text).toBeUndefined();
    }
    expect(subscriptions()).toHaveLength(5);
  });

  it('refuses a query no paper matches because of a typo, with the correction and a paper it finds', async () => {
    app = (await hallucinationStore());
    const reply = await app.run('subscribe halucinaton', member);
    expect(reply.failed).toBe(true);
    const shown = renderReplyText(reply);
    expect(shown).toMatch(/No paper here matches “halucinaton”\. Did you mean “hallucination”\? It matches papers such as “Hallucination in vision-language models, part \d+”\./);
    expect(shown).toContain('Subscribe to that: /papers subscribe hallucination.');
    expect(shown).toContain('quote it: /papers subscribe "halucinaton"');
    expect(subscriptions()).toEqual([]);
  });

  it('keeps a quoted word as typed: subscribed, with a clear warning', async () => {
    app = (await hallucinationStore());
    const shown = renderReplyText(await app.run('subscribe "halucinaton"', member));
    expect(shown).toMatch(/Subscribed this channel to “"halucinaton"”/);
    expect(shown).toContain('No paper here matches “"halucinaton"” yet, so the digest brings nothing for it until new papers do.');
    expect(shown).not.toMatch(/Did you mean/);
    expect(subscriptions()).toEqual([{ kind: 'topic', query: '"halucinaton"' }]);
  });

  it('accepts a term no paper uses yet and nothing resembles, with a clear warning', async () => {
    app = (await hallucinationStore());
    const shown = renderReplyText(await app.run('subscribe qwzxv', member));
    expect(shown).toMatch(/Subscribed this channel to “qwzxv”/);
    expect(shown).toContain('No paper here matches “qwzxv” yet');
  });

  it('accepts a query that matches but has a rare word, with the did-you-mean beside it', async () => {
    app = (await hallucinationStore());
    const shown = renderReplyText(await app.run('subscribe halucination vlm', member));
    expect(shown).toMatch(/Subscribed this channel to “halucination vlm”/);
    expect(shown).toContain('Did you mean “hallucination vlm”?');
  });

  it('on an empty store every query is accepted, and the reply says it could not be checked', async () => {
    app = testApp(manualClock('2026-11-22T10:00:00Z'));
    app.database.sqlite.prepare('DELETE FROM papers').run();
    const shown = renderReplyText(await app.run('subscribe halucinaton', member));
    expect(shown).toMatch(/Subscribed this channel to “halucinaton”/);
    expect(shown).toContain('paperboy has no papers yet');
  });

  it('a full channel hears that first, not about its query', async () => {
    app = (await hallucinationStore());
    for (let i = 0; i < 50; i++) await app.run(`subscribe hallucination part ${i}`, member);
    const reply = await app.run('subscribe halucinaton', member);
    expect(renderReplyText(reply)).toMatch(/already has 50 subscriptions/);
  });
});
