import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordNonce } from '../../src/adapters/discord/discord-poster.ts';
import { DISCORD_MAX_NONCE } from '../../src/adapters/discord/discord-limits.ts';
import type { ChannelRef } from '../../src/core/delivery-ports.ts';
import type { PaperCard, Reply } from '../../src/core/reply.ts';
import { discordFixture, discordLimitViolations, startDiscordHarness, type DiscordHarness } from './discord-test-kit.ts';

const GUILD = '100000000000000000';
const channel = (channelId: string): ChannelRef => ({ platform: 'discord', workspaceId: GUILD, channelId });
const postsTo = (channelId: string) => (harness: DiscordHarness) =>
  harness.api.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`);

function card(overrides: Partial<PaperCard> = {}): PaperCard {
  return {
    id: '2503.11731',
    title: 'A paper',
    url: 'https://arxiv.org/abs/2503.11731',
    authors: ['Ada Lovelace', 'Alan Turing'],
    authorsTruncated: false,
    date: '2025-03-14',
    category: 'cs.IR',
    org: null,
    score: 91.5,
    upvotes: 12,
    codeUrl: 'https://github.com/example/repo',
    snippet: 'We study cold-start recommendation.',
    reason: 'matches: recsys cold-start',
    ...overrides,
  };
}

function digest(papers: PaperCard[]): Reply {
  return {
    blocks: [{ type: 'header', text: 'Today’s picks' }, ...papers.map((paper, i) => ({ type: 'paper' as const, paper, rank: i + 1 }))],
    visibility: 'channel',
  };
}

let harness: DiscordHarness;
beforeAll(async () => {
  harness = await startDiscordHarness();
});
afterAll(async () => {
  await harness.close();
});

describe('the Discord poster', () => {
  it('posts a title carrying @everyone and <@&123> with allowed_mentions.parse empty and the mentions broken', async () => {
    const title = 'Ping @everyone and <@&123> with **bold** [a link](https://evil.example)';
    const result = await harness.discord.poster.post({ channel: channel('700000000000000001'), reply: digest([card({ title })]), idempotencyKey: 'digest:mentions' });
    const [post] = postsTo('700000000000000001')(harness);

    expect(result).toEqual({ status: 'sent', messageRef: expect.stringMatching(/^\d+$/) });
    expect(post!.body.allowed_mentions).toEqual({ parse: [] });
    const shown = post!.body.embeds[1].title as string;
    expect(shown).toContain('@\u200beveryone');
    expect(shown).toContain('<@\u200b&123>');
    expect(shown).not.toMatch(/(^|[^\\])\*\*bold/);
    expect(shown).toContain('\\[a link\\](https://evil.example)');
    expect(post!.body.nonce).toBe(discordNonce('digest:mentions', 0));
    expect(post!.body.nonce.length).toBeLessThanOrEqual(DISCORD_MAX_NONCE);
    expect(post!.body.enforce_nonce).toBe(true);
    expect(discordLimitViolations(post!.body)).toEqual([]);
  });

  it('waits out a 429 by its retry_after and posts once it passes, with the same nonce', async () => {
    let limited = false;
    harness.api.intercept((r) => {
      if (limited || r.method !== 'POST' || r.path !== '/channels/700000000000000002/messages') return undefined;
      limited = true;
      // The shape of Discord's documented 429 (../shared/fixtures/discord/error-429-user-rate-limit.docs-example.http.txt), shortened.
      return {
        status: 429,
        headers: {
          'Retry-After': '0.05',
          'X-RateLimit-Limit': '5',
          'X-RateLimit-Remaining': '0',
          'X-RateLimit-Reset-After': '0.05',
          'X-RateLimit-Bucket': 'fake-bucket',
          'X-RateLimit-Scope': 'user',
        },
        body: { message: 'You are being rate limited.', retry_after: 0.05, global: false },
      };
    });
    const result = await harness.discord.poster.post({ channel: channel('700000000000000002'), reply: digest([card()]), idempotencyKey: 'digest:429' });
    const posts = postsTo('700000000000000002')(harness);

    expect(result.status).toBe('sent');
    expect(posts).toHaveLength(2);
    expect(posts[0]!.body.nonce).toBe(posts[1]!.body.nonce);
  });

  it('reports Missing Access (50001) and Unknown Channel (10003) as channel-gone, and the other channel still gets its digest', async () => {
    const missingAccess = discordFixture('error-50001-missing-access.json');
    harness.api.intercept((r) => (r.path === '/channels/700000000000000003/messages' ? { status: 403, body: missingAccess } : undefined));
    harness.api.intercept((r) => (r.path === '/channels/700000000000000004/messages' ? { status: 404, body: { message: 'Unknown Channel', code: 10003 } } : undefined));

    const results = [];
    for (const id of ['700000000000000003', '700000000000000004', '700000000000000005']) {
      results.push(await harness.discord.poster.post({ channel: channel(id), reply: digest([card()]), idempotencyKey: `digest:${id}` }));
    }

    expect(results).toEqual([
      { status: 'channel-gone', reason: 'paperboy can no longer see this Discord channel (Missing Access, 50001)' },
      { status: 'channel-gone', reason: 'this Discord channel no longer exists (Unknown Channel, 10003)' },
      { status: 'sent', messageRef: expect.stringMatching(/^\d+$/) },
    ]);
    expect(postsTo('700000000000000005')(harness)).toHaveLength(1);
    expect(harness.logger.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ channel: '700000000000000003', reason: expect.stringContaining('50001') }) }),
    );
  });

  it('reports Missing Permissions (50013) as channel-gone too', async () => {
    harness.api.intercept((r) => (r.path === '/channels/700000000000000006/messages' ? { status: 403, body: { message: 'Missing Permissions', code: 50013 } } : undefined));
    const result = await harness.discord.poster.post({ channel: channel('700000000000000006'), reply: digest([card()]), idempotencyKey: 'digest:50013' });
    expect(result).toEqual({ status: 'channel-gone', reason: expect.stringContaining('Missing Permissions, 50013') });
  });

  it('splits a digest too big for one message over several, each within every limit, with a nonce each', async () => {
    const papers = Array.from({ length: 25 }, (_, i) => card({ id: `2503.${10000 + i}`, title: `Paper ${i + 1} `.repeat(30), snippet: 'Long abstract. '.repeat(300) }));
    const result = await harness.discord.poster.post({ channel: channel('700000000000000007'), reply: digest(papers), idempotencyKey: 'digest:big' });
    const posts = postsTo('700000000000000007')(harness);

    expect(result.status).toBe('sent');
    expect(posts.length).toBeGreaterThan(1);
    for (const post of posts) expect(discordLimitViolations(post.body)).toEqual([]);
    expect(new Set(posts.map((p) => p.body.nonce)).size).toBe(posts.length);
    const ranks = posts.flatMap((p) => p.body.embeds.map((e: { title?: string }) => /^(\d+)\. /.exec(e.title ?? '')?.[1])).filter(Boolean);
    expect(ranks).toEqual(papers.map((_, i) => String(i + 1)));
    expect(result).toEqual({ status: 'sent', messageRef: expect.any(String) });
  });

  it('findPosted finds a post by its nonce when Discord lists it, and returns null otherwise', async () => {
    const sent = await harness.discord.poster.post({ channel: channel('700000000000000008'), reply: digest([card()]), idempotencyKey: 'digest:find' });
    expect(sent.status).toBe('sent');

    expect(await harness.discord.poster.findPosted(channel('700000000000000008'), 'digest:find')).toBe(sent.status === 'sent' ? sent.messageRef : null);
    expect(await harness.discord.poster.findPosted(channel('700000000000000008'), 'digest:other')).toBeNull();
    harness.api.intercept((r) => (r.method === 'GET' && r.path === '/channels/700000000000000009/messages' ? { status: 403, body: { message: 'Missing Access', code: 50001 } } : undefined));
    expect(await harness.discord.poster.findPosted(channel('700000000000000009'), 'digest:find')).toBeNull();
  });
});
