/**
 * What a search shows on its cards and around them (issue 18, "Clear states and first
 * impressions"): every category, what sort:top did without popularity figures, no unexplained
 * "score", author: results with the author's own papers first and the author in sight, and a
 * mistyped `/paper` asked about instead of searched. Driven through the app as the console runs
 * it (app.run, the console renderer), on an in-memory store with the seed papers.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderConsoleReply } from '../../src/adapters/console/render-console.ts';
import { createApp, type SqliteApp } from '../../src/app.ts';
import type { Invoker } from '../../src/commands/command-context.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { Block, Invocation, Reply } from '../../src/core/reply.ts';
import { makePaper } from '../support/papers.ts';

const CONSOLE: Invoker = { platform: 'console', workspaceId: 'console', channelId: 'console', userId: 'tester', userName: 'tester', isAdmin: true };

let app: SqliteApp;
beforeEach(() => {
  app = createApp(loadConfig({ DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent' }), { log: silentLogger, clock: { now: () => new Date('2026-11-30T12:00:00Z') } });
});
afterEach(() => app.close());

async function screen(line: string | Invocation): Promise<string> {
  return renderConsoleReply(await app.run(line, CONSOLE), false);
}
const papersOf = (reply: Reply) => reply.blocks.filter((b): b is Extract<Block, { type: 'paper' }> => b.type === 'paper').map((b) => b.paper);
const buttonsOf = (reply: Reply) => reply.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []));

describe('cards show every category', () => {
  it('a cat:cs.IR result carries cs.IR on its card even as the eighth of its categories, after the primary one', async () => {
    const categories = ['cs.LG', 'cs.AI', 'cs.CL', 'stat.ML', 'cs.CV', 'cs.NE', 'math.OC', 'cs.IR'];
    await app.papers.upsertPapers([makePaper({ title: 'Quokka retrieval at scale', categories })], '2026-11-20T00:00:00Z');

    const text = await screen('quokka cat:cs.IR');
    expect(text).toContain('Quokka retrieval at scale');
    expect(text).toContain('cs.LG, cs.IR, cs.AI, cs.CL, stat.ML, cs.CV +2 more');

    // Without a category filter the card lists them in the paper's order, primary first.
    expect(await screen('quokka')).toContain('cs.LG, cs.AI, cs.CL, stat.ML, cs.CV, cs.NE +2 more');
  });
});

describe('the paper command', () => {
  it('shows a short category list once, on the card, and a long one in full below it', async () => {
    const many = ['cs.LG', 'cs.AI', 'cs.CL', 'stat.ML', 'cs.CV', 'cs.NE', 'math.OC', 'cs.IR'];
    await app.papers.upsertPapers([makePaper({ id: '2611.40001', categories: ['cs.IR', 'cs.LG'] }), makePaper({ id: '2611.40002', categories: many })], '2026-11-20T00:00:00Z');

    const short = await screen('paper 2611.40001');
    expect(short.split('cs.IR, cs.LG')).toHaveLength(2);
    expect(short).not.toContain('Categories:');
    const long = await screen('paper 2611.40002');
    expect(long).toContain('cs.LG, cs.AI, cs.CL, stat.ML, cs.CV, cs.NE +2 more');
    expect(long).toContain(`Categories: ${many.join(', ')}`);
  });
});

describe('sort:top', () => {
  it('says when no matching paper has popularity data, and ranks them as sort:relevance does', async () => {
    await app.papers.upsertPapers(
      [
        makePaper({ title: 'Wombat burrow mapping', abstract: 'Wombat wombat wombat burrows.' }),
        makePaper({ title: 'Grassland survey', abstract: 'One wombat was seen.' }),
      ],
      '2026-11-20T00:00:00Z',
    );
    const top = await app.run('wombat sort:top', CONSOLE);
    const relevance = await app.run('wombat', CONSOLE);

    const text = renderConsoleReply(top, false);
    expect(text).toContain('No popularity data for these papers yet (Hugging Face upvotes); sorted by relevance.');
    expect(papersOf(top).map((p) => p.title)).toEqual(papersOf(relevance).map((p) => p.title));
    // Paging keeps asking for sort:top: once upvotes arrive, the next page uses them.
    expect(buttonsOf(top).find((b) => b.kind === 'share')?.invocation).toEqual({ command: 'search', args: { query: 'wombat sort:top' } });
  });

  it('sorts by upvotes without that notice when a match has them', async () => {
    await app.papers.upsertPapers(
      [
        makePaper({ title: 'Wombat burrow mapping', abstract: 'Wombat wombat wombat burrows.' }),
        makePaper({ title: 'Grassland survey', abstract: 'One wombat was seen.', upvotes: 12 }),
      ],
      '2026-11-20T00:00:00Z',
    );
    const top = await app.run('wombat sort:top', CONSOLE);
    expect(papersOf(top).map((p) => p.title)).toEqual(['Grassland survey', 'Wombat burrow mapping']);
    expect(renderConsoleReply(top, false)).not.toContain('No popularity data');
  });
});

describe('the numbers on a card say what they are', () => {
  it('shows upvotes as Hugging Face upvotes, and no bare “score 77.8” that nothing explains', async () => {
    await app.papers.upsertPapers([makePaper({ title: 'Numbat foraging', upvotes: 77 })], '2026-11-20T00:00:00Z');
    expect(await screen('numbat')).toContain('77 Hugging Face upvotes');

    // ContextWeaver is a seed paper with the author page's unlabelled 77.8.
    const seed = await screen('ContextWeaver');
    expect(seed).toContain('ContextWeaver');
    expect(seed).not.toContain('77.8');
    expect(seed).not.toMatch(/\bscore\b/i);
  });
});

describe('author: results', () => {
  /** 16 papers of Yoshua Bengio: one as first author in a 40-author list (the oldest), one as last, 14 with him one of five. */
  function bengioPapers() {
    const crowd = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag} Coauthor${i}`);
    const middle = Array.from({ length: 14 }, (_, i) =>
      makePaper({ title: `Middle paper ${i}`, authors: ['Ann Lead', 'Bo Second', 'Yoshua Bengio', 'Cy Fourth', 'Di Last'], published: `2026-10-${String(10 + i).padStart(2, '0')}` }),
    );
    // The oldest of them: the 21st name of 40.
    middle[0] = makePaper({ title: 'Middle paper 0', authors: [...crowd(20, 'M'), 'Yoshua Bengio', ...crowd(19, 'N')], published: '2026-10-10' });
    const first = makePaper({ title: 'His own paper', authors: ['Yoshua Bengio', ...crowd(39, 'F')], published: '2025-01-15' });
    const last = makePaper({ title: 'His lab’s paper', authors: [...crowd(39, 'L'), 'Yoshua Bengio'], published: '2025-03-01' });
    return [...middle, first, last];
  }

  it('ranks the papers he leads or closes before those where he is one name among many, newest first within each', async () => {
    await app.papers.upsertPapers(bengioPapers(), '2026-11-20T00:00:00Z');
    const reply = await app.run('author:"Yoshua Bengio"', CONSOLE);
    const titles = papersOf(reply).map((p) => p.title);
    expect(titles.slice(0, 3)).toEqual(['His lab’s paper', 'His own paper', 'Middle paper 13']);

    // Every page continues the same order: the middle papers newest first, the 40-author one last.
    const all = [...titles];
    for (let page = 2; all.length < 16; page++) all.push(...papersOf(await app.run(`author:"Yoshua Bengio" page:${page}`, CONSOLE)).map((p) => p.title));
    expect(all).toEqual(['His lab’s paper', 'His own paper', ...Array.from({ length: 14 }, (_, i) => `Middle paper ${13 - i}`)]);
  });

  it('with words too, puts the papers he leads first and orders each group by relevance', async () => {
    await app.papers.upsertPapers(
      [
        makePaper({ title: 'Gflownet gflownet gflownet', abstract: 'Gflownet gflownet.', authors: ['Ann Lead', 'Yoshua Bengio', 'Di Last'] }),
        makePaper({ title: 'A study', abstract: 'One gflownet.', authors: ['Yoshua Bengio', 'Bo Second', 'Di Last'] }),
        makePaper({ title: 'Another study', abstract: 'Gflownet and gflownet again.', authors: ['Ann Lead', 'Yoshua Bengio', 'Di Last'] }),
      ],
      '2026-11-20T00:00:00Z',
    );
    const titles = papersOf(await app.run('author:"Yoshua Bengio" gflownet', CONSOLE)).map((p) => p.title);
    expect(titles).toEqual(['A study', 'Gflownet gflownet gflownet', 'Another study']);
  });

  it('keeps him in sight on a card whose author list is cut with et al.', async () => {
    await app.papers.upsertPapers(bengioPapers(), '2026-11-20T00:00:00Z');
    const text = await screen('author:"Yoshua Bengio"');
    expect(text).toContain('L Coauthor0, L Coauthor1, … Yoshua Bengio ·');
    expect(text).toContain('Yoshua Bengio, F Coauthor0, F Coauthor1 et al.');
    expect(text).toContain('Ann Lead, Bo Second, Yoshua Bengio et al.');
    const last = await screen('author:"Yoshua Bengio" page:4');
    expect(last).toContain('M Coauthor0, M Coauthor1, … Yoshua Bengio, … et al.');
  });
});

describe('a mistyped command name typed as text', () => {
  it('asks “Did you mean /papers recsys?” for /paper and /pappers, with a button that searches recsys', async () => {
    for (const line of ['/paper recsys', '/pappers recsys']) {
      const reply = await app.run(line, CONSOLE);
      const text = renderConsoleReply(reply, false);
      expect(text).toContain('Did you mean /papers recsys?');
      expect(text).not.toContain('Papers for');
      expect(buttonsOf(reply)).toEqual([expect.objectContaining({ kind: 'run', invocation: { command: 'search', args: { query: 'recsys' } } })]);
    }
  });

  it('runs /papers recsys as the search for recsys, the command name stripped', async () => {
    const text = await screen('/papers recsys cold-start');
    expect(text).toContain('Papers for “recsys cold-start”');
    expect(text).toContain('Zero-Shot Recommender Systems');
  });

  it('suggests /papers pause for /paper pause but offers no button that would pause the channel', async () => {
    const reply = await app.run('/paper pause', CONSOLE);
    expect(renderConsoleReply(reply, false)).toContain('Did you mean /papers pause?');
    expect(buttonsOf(reply)).toEqual([]);
  });

  it('leaves a slash word far from the name to the search', async () => {
    expect(await screen('/tmp recsys')).toContain('Papers for “/tmp recsys”');
  });
});

describe('one paper lookup', () => {
  it('paper and like say the same when paperboy has no such paper', async () => {
    const paper = await screen('paper seed:no-such-paper');
    const like = await screen('like seed:no-such-paper');
    expect(paper).toContain('paperboy has no paper with id “seed:no-such-paper”.');
    expect(like).toBe(paper);
  });
});

describe('papers a seed document describes only in part', () => {
  it('a card says "authors unknown" and "date unknown" instead of leaving them out', async () => {
    await app.papers.upsertPapers([makePaper({ id: 'seed:wombat-notes', title: 'Wombat burrow notes', authors: [], published: null })], '2026-11-20T00:00:00Z');
    const text = await screen('wombat burrow');
    expect(text).toContain('Wombat burrow notes');
    expect(text).toContain('authors unknown · date unknown');
  });
});

describe('sort:top orders only by what a card shows', () => {
  it('an unlabelled seed score neither puts a paper first nor counts as popularity data', async () => {
    await app.papers.upsertPapers(
      [
        makePaper({ id: '2611.40101', title: 'Numbat foraging with upvotes', upvotes: 12, published: '2026-11-01' }),
        makePaper({ id: '2611.40102', title: 'Numbat foraging with a seed badge', score: 98.1, upvotes: null, published: '2026-11-02' }),
      ],
      '2026-11-20T00:00:00Z',
    );
    const ids = papersOf(await app.run('numbat foraging sort:top', CONSOLE)).map((p) => p.id);
    expect(ids[0]).toBe('2611.40101');

    await app.papers.upsertPapers([makePaper({ id: '2611.40103', title: 'Bilby digging with a seed badge', score: 90, upvotes: null })], '2026-11-20T00:00:00Z');
    expect(await screen('bilby digging sort:top')).toContain('No popularity data for these papers yet');
  });
});
