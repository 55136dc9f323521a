import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type SqliteApp } from '../../src/app.ts';
import { renderSlackMessage } from '../../src/adapters/slack/render-slack-message.ts';
import { escapeMrkdwn, fitMrkdwn, safeLinkUrl } from '../../src/adapters/slack/slack-text.ts';
import type { Invoker } from '../../src/commands/command-context.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { paperToCard } from '../../src/core/paper-card.ts';
import type { Block, Reply } from '../../src/core/reply.ts';
import { blockKitProblems, buttonsOf, visibleText } from './block-kit-validator.ts';
import { HOSTILE_TITLE, hostilePaper, makePaper } from '../support/papers.ts';

const INVOKER: Invoker = { platform: 'slack', workspaceId: 'T0TEST', channelId: 'C0TEST', userId: 'U0TEST', userName: 'tester', isAdmin: false };

let app: SqliteApp;
beforeEach(() => {
  app = createApp(loadConfig({ DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent' }), { log: silentLogger });
});
afterEach(() => app.close());

describe('renderSlackMessage', () => {
  it('renders /papers recsys cold-start as valid Block Kit with the seed papers and their buttons', async () => {
    const reply = await app.run('recsys cold-start', INVOKER);
    const message = renderSlackMessage(reply);

    expect(blockKitProblems(message)).toEqual([]);
    const text = visibleText(message);
    expect(text).toContain('Zero-Shot Recommender Systems');
    // The seed papers come from a web page without arXiv ids, so their titles are bold, not linked.
    expect(text).toContain('*1. Zero-Shot Recommender Systems*');
    expect(text).toContain('Hao Ding, Yifei Ma, Anoop Deoras et al. · 2021-05-18 · cs.LG');
    expect(message.blocks[0]).toMatchObject({ type: 'header' });
    const labels = buttonsOf(message).map((b) => b.text);
    expect(labels).toContain('More like this');
    expect(labels).toContain('Share to channel');
    expect(message.text).toContain('Zero-Shot Recommender Systems');
  });

  it('shows a cat:cs.IR result’s cs.IR beside its primary category and a searched author past “et al.” in the meta line', async () => {
    const authors = Array.from({ length: 40 }, (_, i) => (i === 20 ? 'Yoshua Bengio' : `Author ${i}`));
    const categories = ['cs.LG', 'cs.AI', 'cs.CL', 'stat.ML', 'cs.CV', 'cs.NE', 'math.OC', 'cs.IR'];
    await app.papers.upsertPapers([makePaper({ id: '2611.30001', title: 'Quokka retrieval', authors, categories, upvotes: 3 })], '2026-11-20T00:00:00Z');
    const message = renderSlackMessage(await app.run('quokka cat:cs.IR author:"Yoshua Bengio"', INVOKER));

    expect(blockKitProblems(message)).toEqual([]);
    expect(visibleText(message)).toContain('Author 0, Author 1, … Yoshua Bengio, … et al. · 2026-11-20 · cs.LG, cs.IR, cs.AI, cs.CL, stat.ML, cs.CV +2 more · 3 Hugging Face upvotes');
  });

  it('keeps a 60-result reply within 50 blocks and says how many papers were left out', () => {
    // Every other paper carries the longest title, links and metadata the renderer accepts.
    const long = (id: string) => ({
      title: '<&>'.repeat(400),
      absUrl: `https://arxiv.org/abs/${id}?${'q'.repeat(950)}`,
      codeUrl: `https://github.com/${'x'.repeat(950)}`,
      org: '&'.repeat(3000),
      abstract: '<b>&</b> '.repeat(2000),
      authors: Array.from({ length: 400 }, (_, a) => `Author ${a} <&>`),
    });
    const papers = Array.from({ length: 60 }, (_, i) => {
      const id = `2611.${String(20000 + i)}`;
      return makePaper({ id, ...(i % 2 === 0 ? long(id) : {}) });
    });
    const blocks: Block[] = [{ type: 'header', text: 'Papers for “cold start”' }];
    papers.forEach((p, i) => {
      blocks.push({ type: 'paper', paper: paperToCard({ ...p, firstSeenAt: '2026-11-20T00:00:00Z' }), rank: i + 1 });
      blocks.push({ type: 'actions', buttons: [{ kind: 'run', label: 'More like this', invocation: { command: 'like', args: { id: p.id } } }] });
    });
    blocks.push({ type: 'context', items: ['Results 1–60'] });
    blocks.push({
      type: 'actions',
      buttons: [
        { kind: 'run', label: 'More results', invocation: { command: 'search', args: { query: 'cold start page:2' } }, nextPage: true },
        { kind: 'share', label: 'Share to channel', invocation: { command: 'search', args: { query: 'cold start' } } },
      ],
    });
    const message = renderSlackMessage({ blocks, visibility: 'ephemeral' });

    expect(blockKitProblems(message)).toEqual([]);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    const text = visibleText(message);
    expect(text).toMatch(/\d+ more papers did not fit in one Slack message/);
    expect(text).toContain('Results 1–60');
    expect(buttonsOf(message).map((b) => b.text)).toEqual(expect.arrayContaining(['More results', 'Share to channel']));
  });

  it('escapes a <!channel> title, 400 authors and a 10 kB abstract, and keeps every value within its limit', async () => {
    const paper = hostilePaper();
    await app.papers.upsertPapers([paper], '2026-11-20T00:00:00Z');
    const reply = await app.run(`paper ${paper.id}`, INVOKER);
    expect(reply.failed).toBeFalsy();
    const message = renderSlackMessage(reply);

    expect(blockKitProblems(message)).toEqual([]);
    const text = visibleText(message);
    expect(text).toContain(escapeMrkdwn(HOSTILE_TITLE));
    expect(text).toContain('&lt;!channel&gt; &amp; &lt;@U123&gt;');
    expect(JSON.stringify(message)).not.toMatch(/<!(channel|here|everyone|subteam)/);
    expect(JSON.stringify(message)).not.toContain('<@U123>');
    // The title links to its abs page; the code URL's `|` cannot end the link early.
    expect(text).toContain(`<https://arxiv.org/abs/${paper.id}|${escapeMrkdwn(HOSTILE_TITLE)}>`);
    expect(text).toContain('https://github.com/example/hostile%7C');
  });

  it('shows a hostile search hit escaped in the result list', async () => {
    await app.papers.upsertPapers([hostilePaper()], '2026-11-20T00:00:00Z');
    const reply = await app.run('cold-start bandits', INVOKER);
    const message = renderSlackMessage(reply);
    expect(blockKitProblems(message)).toEqual([]);
    expect(visibleText(message)).toContain('&lt;!channel&gt; &amp; &lt;@U123&gt;');
    expect(JSON.stringify(message)).not.toContain('<!channel>');
  });

  it('leaves out a button whose invocation would not fit in a button value, and keeps the others', () => {
    const reply: Reply = {
      blocks: [
        { type: 'text', text: 'Results' },
        {
          type: 'actions',
          buttons: [
            { kind: 'run', label: 'Too long', invocation: { command: 'search', args: { query: 'x'.repeat(2100) } } },
            { kind: 'run', label: 'Fine', invocation: { command: 'search', args: { query: 'ok' } } },
          ],
        },
      ],
      visibility: 'ephemeral',
    };
    const message = renderSlackMessage(reply);
    expect(blockKitProblems(message)).toEqual([]);
    expect(buttonsOf(message)).toEqual([expect.objectContaining({ text: 'Fine', value: '["search",{"query":"ok"}]' })]);
  });

  it('drops share buttons from messages already in the channel and attributes a shared message', async () => {
    const reply = await app.run('recsys cold-start', INVOKER);
    const message = renderSlackMessage(reply, { shareButtons: false, sharedBy: 'U0SHARER' });
    expect(blockKitProblems(message)).toEqual([]);
    expect(buttonsOf(message).map((b) => b.text)).not.toContain('Share to channel');
    expect(message.blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Shared by <@U0SHARER>', verbatim: true }] });
  });

  it('fits long and entity-heavy text, headers, fields and many buttons', () => {
    const reply: Reply = {
      blocks: [
        { type: 'header', text: `Papers for “${'<&>'.repeat(100)}”` },
        { type: 'text', text: '&'.repeat(5000), tone: 'warning' },
        { type: 'text', text: '<'.repeat(5000), tone: 'muted' },
        { type: 'fields', fields: Array.from({ length: 23 }, (_, i) => ({ label: `Field ${i} <x>`, value: '&'.repeat(3000) })) },
        { type: 'context', items: Array.from({ length: 40 }, () => '>'.repeat(200)) },
        {
          type: 'actions',
          buttons: Array.from({ length: 60 }, (_, i) => ({ kind: 'run' as const, label: `Button ${i} ${'long '.repeat(30)}`, invocation: { command: 'search', args: { query: String(i) } } })),
        },
        { type: 'divider' },
      ],
      visibility: 'ephemeral',
    };
    const message = renderSlackMessage(reply);
    expect(blockKitProblems(message)).toEqual([]);
    expect(buttonsOf(message)).toHaveLength(60);
    expect(message.blocks.filter((b) => b.type === 'section' && 'fields' in b)).toHaveLength(3);
  });

  it('cuts a message made only of non-paper blocks to 50 blocks with a note', () => {
    const reply: Reply = { blocks: Array.from({ length: 80 }, (_, i) => ({ type: 'text' as const, text: `Line ${i}` })), visibility: 'ephemeral' };
    const message = renderSlackMessage(reply);
    expect(blockKitProblems(message)).toEqual([]);
    expect(message.blocks).toHaveLength(50);
    expect(visibleText(message)).toContain('More was cut to fit in one Slack message.');
  });
});

describe('Slack text helpers', () => {
  it('cuts escaped text on whole characters, never inside an entity or a surrogate pair', () => {
    const cut = fitMrkdwn('a&b😀'.repeat(1000), 101);
    expect(cut.length).toBeLessThanOrEqual(101);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut).not.toMatch(/&(?!amp;)/);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('links only plain http(s) URLs, with | and > encoded', () => {
    expect(safeLinkUrl('javascript:alert(1)')).toBeNull();
    expect(safeLinkUrl('https://user:pw@example.org/')).toBeNull();
    expect(safeLinkUrl('not a url')).toBeNull();
    expect(safeLinkUrl('https://example.org/a|b>c')).toBe('https://example.org/a%7Cb%3Ec');
    expect(safeLinkUrl(`https://example.org/${'x'.repeat(2000)}`)).toBeNull();
  });
});
