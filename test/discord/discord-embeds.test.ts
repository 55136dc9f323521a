import { describe, expect, it } from 'vitest';
import { createButtonIds } from '../../src/adapters/discord/button-ids.ts';
import { renderDiscordMessages } from '../../src/adapters/discord/discord-embeds.ts';
import { escapeOutsideText, fitEscaped } from '../../src/adapters/discord/discord-text.ts';
import type { Block, Reply } from '../../src/core/reply.ts';
import { manualClock } from '../digest/digest-helpers.ts';
import { makePaperCard } from '../support/papers.ts';
import { discordLimitViolations } from './discord-test-kit.ts';

const clock = manualClock('2026-11-16T08:00:00.000Z');
const buttonIds = createButtonIds({ clock });

describe('renderDiscordMessages', () => {
  it('renders a paper as an embed: linked title, author line, snippet, fields, footer', () => {
    const [message] = renderDiscordMessages({ blocks: [{ type: 'paper', paper: makePaperCard({
            id: '2503.11731',
            title: 'A paper',
            url: 'https://arxiv.org/abs/2503.11731',
            authors: ['Ada Lovelace'],
            date: '2025-03-14',
            categories: ['cs.IR'],
            org: 'amazon-science',
            upvotes: 7,
            codeUrl: 'https://github.com/example/my_repo',
            snippet: 'A snippet.',
            reason: 'matches: recsys',
          }), rank: 2 }], visibility: 'channel' }, { buttonIds });

    expect(message!.embeds[0]).toEqual({
      title: '2. A paper',
      url: 'https://arxiv.org/abs/2503.11731',
      author: { name: 'Ada Lovelace' },
      description: '*matches: recsys*\n\nA snippet.',
      fields: [
        { name: 'Date', value: '2025-03-14', inline: true },
        { name: 'Category', value: 'cs.IR', inline: true },
        { name: 'Org', value: 'amazon-science', inline: true },
        { name: 'Hugging Face upvotes', value: '7', inline: true },
        { name: 'Code', value: '[github.com/example/my\\_repo](https://github.com/example/my_repo)', inline: true },
      ],
      footer: { text: 'arXiv:2503.11731' },
      color: 0x2f81f7,
    });
  });

  it('shows every category, primary first, and keeps a searched author in the author line past “et al.”', () => {
    const authors = Array.from({ length: 40 }, (_, i) => (i === 20 ? 'Yoshua Bengio' : `Author ${i}`));
    const categories = ['cs.LG', 'cs.AI', 'cs.CL', 'stat.ML', 'cs.CV', 'cs.NE', 'math.OC', 'cs.IR'];
    const [message] = renderDiscordMessages({ blocks: [{ type: 'paper', paper: makePaperCard({ authors, categories, featuredAuthor: 20 }) }], visibility: 'channel' }, { buttonIds });
    const embed = message!.embeds[0]!;
    expect(embed.author).toEqual({ name: 'Author 0, Author 1, … Yoshua Bengio, … et al.' });
    expect(embed.fields).toContainEqual({ name: 'Categories', value: 'cs.LG, cs.AI, cs.CL, stat.ML, cs.CV, cs.NE +2 more', inline: true });
    expect(discordLimitViolations(message!)).toEqual([]);
  });

  it('links a title only to an http(s) URL', () => {
    for (const url of ['javascript:alert(1)', 'ftp://example.org/x', 'not a url']) {
      const [message] = renderDiscordMessages({ blocks: [{ type: 'paper', paper: makePaperCard({ url, codeUrl: url }) }], visibility: 'channel' }, { buttonIds });
      expect(message!.embeds[0]!.url).toBeUndefined();
      expect(message!.embeds[0]!.fields!.map((f) => f.name)).not.toContain('Code');
    }
  });

  it('escapes markup and breaks mentions in outside text, but leaves bare URLs working', () => {
    expect(escapeOutsideText('**bold** _it_ ~~s~~ `code` ||spoiler|| [x](https://evil.example) <@&123> @everyone')).toBe(
      '\\*\\*bold\\*\\* \\_it\\_ \\~\\~s\\~\\~ \\`code\\` \\|\\|spoiler\\|\\| \\[x\\](https://evil.example) \\<@\u200b&123> @\u200beveryone',
    );
    expect(escapeOutsideText('# Heading\n- list\n> quote\n1. one\n-# subtext')).toBe('\\# Heading\n\\- list\n\\> quote\n1\\. one\n\\-# subtext');
    expect(escapeOutsideText('see https://github.com/a_b/c_d for code')).toBe('see https://github.com/a_b/c_d for code');
  });

  it('cuts escaped text without leaving half an escape behind', () => {
    const cut = fitEscaped('*'.repeat(300), 256);
    expect(cut.length).toBeLessThanOrEqual(256);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.slice(0, -1)).toMatch(/^(\\\*)+$/);
  });

  it('splits content beyond one message’s limits over several messages, each within every limit, losing nothing', () => {
    const longText = 'Words and more words. '.repeat(1200); // 26,400 characters
    const blocks: Block[] = [
      { type: 'header', text: 'H'.repeat(400) },
      { type: 'text', text: longText },
      { type: 'fields', fields: Array.from({ length: 60 }, (_, i) => ({ label: `Field ${i} `.repeat(40), value: `Value ${i} `.repeat(300) })) },
      ...Array.from({ length: 30 }, (_, i): Block[] => [
        { type: 'paper', paper: makePaperCard({ id: `2503.${10000 + i}`, title: `Title ${i} `.repeat(50), snippet: 'Abstract text. '.repeat(400), authors: Array.from({ length: 200 }, (_, a) => `Author ${a}`), authorsTruncated: true }), rank: i + 1 },
        { type: 'actions', buttons: [{ kind: 'run', label: 'More like this '.repeat(10), invocation: { command: 'like', args: { id: `2503.${10000 + i}` } } }] },
      ]).flat(),
      { type: 'context', items: Array.from({ length: 500 }, (_, i) => `item ${i}`) },
    ];
    const messages = renderDiscordMessages({ blocks, visibility: 'ephemeral' }, { buttonIds });

    expect(messages.length).toBeGreaterThan(5);
    for (const message of messages) expect(discordLimitViolations(message)).toEqual([]);
    const embeds = messages.flatMap((m) => m.embeds);
    const descriptions = embeds.map((e) => e.description ?? '').join(' ');
    expect(descriptions.replace(/\s+/g, ' ')).toContain(longText.trim().replace(/\s+/g, ' ').slice(-500));
    expect(embeds.filter((e) => /^\d+\. Title/.test(e.title ?? ''))).toHaveLength(30);
    expect(embeds.flatMap((e) => e.fields ?? []).filter((f) => f.name.startsWith('Field'))).toHaveLength(60);
    const buttons = messages.flatMap((m) => m.components.flatMap((r) => r.components));
    expect(buttons).toHaveLength(30);
    expect(buttons[29]!.label).toMatch(/^30\. More like this/);
  });

  it('puts trusted lead content above the first message and answers an empty reply with a short text', () => {
    const [shared] = renderDiscordMessages({ blocks: [{ type: 'text', text: 'x' }], visibility: 'channel' }, { buttonIds, leadContent: 'Shared by <@1>' });
    expect(shared!.content).toBe('Shared by <@1>');
    const [empty] = renderDiscordMessages({ blocks: [], visibility: 'ephemeral' } as Reply, { buttonIds });
    expect(discordLimitViolations(empty!)).toEqual([]);
  });
});

describe('button custom ids', () => {
  it('carry short invocations inline and keep long ones for the life of an interaction token', () => {
    const ids = createButtonIds({ clock });
    const search = { command: 'search', args: { query: 'recsys' } };
    const short = ids.encode({ kind: 'share', invocation: search }, 3);
    expect(short).toBe('pb:s3:["search",{"query":"recsys"}]');
    expect(ids.decode(short)).toEqual({ kind: 'share', invocation: search });

    const invocation = { command: 'search', args: { query: 'long query '.repeat(20).trim() } };
    const long = ids.encode({ kind: 'run', invocation }, 0);
    expect(long.length).toBeLessThanOrEqual(100);
    expect(ids.decode(long)).toEqual({ kind: 'run', invocation });

    clock.advance(15 * 60 * 1000);
    expect(ids.decode(long)).toBeNull();
    expect(ids.decode('someone-elses-button')).toBeNull();
  });

  it('decode an id in the old command-line form to nothing: “pb:r0:pause” never runs pause', () => {
    const ids = createButtonIds({ clock });
    for (const old of ['pb:r0:pause', 'pb:r0:search recsys page:2', 'pb:s1:like 2602.13836', 'pb:r0:["pause"]', 'pb:r0:[1,{}]', 'pb:r0:["like",{"id":{"x":1}}]']) {
      expect(ids.decode(old)).toBeNull();
    }
  });

  it('renders a button’s invocation, not a command line, into its custom id', () => {
    const like = { command: 'like', args: { id: '2602.13836', page: '2' } };
    const [message] = renderDiscordMessages(
      { blocks: [{ type: 'actions', buttons: [{ kind: 'run', label: 'More results', invocation: like, nextPage: true }] }], visibility: 'ephemeral' },
      { buttonIds },
    );
    const [button] = message!.components[0]!.components;
    expect(button!.custom_id).toBe('pb:r0:["like",{"id":"2602.13836","page":"2"}]');
    expect(buttonIds.decode(button!.custom_id)).toEqual({ kind: 'run', invocation: like });
  });
});
