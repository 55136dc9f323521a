import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordNonce, markerLine } from '../../src/adapters/discord/discord-poster.ts';
import { DISCORD_MAX_NONCE } from '../../src/adapters/discord/discord-limits.ts';
import type { ChannelRef, MessageMarker, SendOutcome } from '../../src/core/delivery-ports.ts';
import type { PaperCard, Reply } from '../../src/core/reply.ts';
import { makePaperCard } from '../support/papers.ts';
import { discordFixture, discordLimitViolations, startDiscordHarness, type DiscordHarness } from './discord-test-kit.ts';

const GUILD = '100000000000000000';
const channel = (channelId: string): ChannelRef => ({ platform: 'discord', workspaceId: GUILD, channelId });
const postsTo = (channelId: string) => (harness: DiscordHarness) =>
  harness.api.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`);

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

/** The marker of message `position` of `count` of the digest `key`, as the digest job makes it. */
const markerOf = (key: string, position = 0, count = 1): MessageMarker => ({ id: `${key}.${position}`, position, count });

/** Renders a reply and sends each of its messages in order with its marker, as the digest job does; stops at the first that is not sent. */
async function sendDigest(channelId: string, reply: Reply, key = 'pbTEST'): Promise<SendOutcome[]> {
  const { poster } = harness.discord;
  const messages = poster.render(reply);
  const outcomes: SendOutcome[] = [];
  for (const [position, message] of messages.entries()) {
    const outcome = await poster.send(channel(channelId), message.payload, markerOf(key, position, messages.length));
    outcomes.push(outcome);
    if (outcome.status !== 'sent') break;
  }
  return outcomes;
}

describe('the Discord poster', () => {
  it('posts a title carrying @everyone and <@&123> with allowed_mentions.parse empty and the mentions broken', async () => {
    const title = 'Ping @everyone and <@&123> with **bold** [a link](https://evil.example)';
    const outcomes = await sendDigest('700000000000000001', digest([makePaperCard({ title })]));
    const [post] = postsTo('700000000000000001')(harness);

    expect(outcomes).toEqual([{ status: 'sent', messageRef: expect.stringMatching(/^\d+$/) }]);
    expect(post!.body.allowed_mentions).toEqual({ parse: [] });
    const shown = post!.body.embeds[1].title as string;
    expect(shown).toContain('@\u200beveryone');
    expect(shown).toContain('<@\u200b&123>');
    expect(shown).not.toMatch(/(^|[^\\])\*\*bold/);
    expect(shown).toContain('\\[a link\\](https://evil.example)');
    // The marker line is what a look-up finds the message by; the nonce still stops a duplicate within Discord's window.
    expect(post!.body.content).toMatch(/(^|\n)-# paperboy digest pbTEST\.0$/);
    expect(post!.body.nonce).toBe(discordNonce('pbTEST.0'));
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
    const outcomes = await sendDigest('700000000000000002', digest([makePaperCard()]), 'pb429');
    const posts = postsTo('700000000000000002')(harness);

    expect(outcomes.map((o) => o.status)).toEqual(['sent']);
    expect(posts).toHaveLength(2);
    expect(posts[0]!.body.nonce).toBe(posts[1]!.body.nonce);
    expect(harness.api.messagesIn('700000000000000002')).toHaveLength(1);
  });

  it('reports Missing Access (50001) and Unknown Channel (10003) as permanent with the reason and the fix, and the other channel still gets its digest', async () => {
    const missingAccess = discordFixture('error-50001-missing-access.json');
    harness.api.intercept((r) => (r.path === '/channels/700000000000000003/messages' ? { status: 403, body: missingAccess } : undefined));
    harness.api.intercept((r) => (r.path === '/channels/700000000000000004/messages' ? { status: 404, body: { message: 'Unknown Channel', code: 10003 } } : undefined));

    const results: SendOutcome[][] = [];
    for (const id of ['700000000000000003', '700000000000000004', '700000000000000005']) results.push(await sendDigest(id, digest([makePaperCard()]), `pb${id.slice(-1)}`));

    expect(results).toEqual([
      [
        {
          status: 'permanent',
          failure: {
            code: 'discord 50001',
            reason: 'paperboy can no longer see this Discord channel',
            fix: expect.stringContaining('Read Message History'),
            channelReachable: false,
          },
        },
      ],
      [{ status: 'permanent', failure: { code: 'discord 10003', reason: 'this Discord channel no longer exists', fix: 'Subscribe in another channel', channelReachable: false } }],
      [{ status: 'sent', messageRef: expect.stringMatching(/^\d+$/) }],
    ]);
    expect(postsTo('700000000000000003')(harness)).toHaveLength(1);
    expect(postsTo('700000000000000004')(harness)).toHaveLength(1);
    expect(postsTo('700000000000000005')(harness)).toHaveLength(1);
    expect(harness.logger.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ channel: '700000000000000003', marker: 'pb3.0', outcome: 'permanent', discordCode: 50001 }) }),
    );
  });

  it('reports Missing Permissions (50013) as permanent too, with the permissions to give', async () => {
    harness.api.intercept((r) => (r.path === '/channels/700000000000000006/messages' ? { status: 403, body: { message: 'Missing Permissions', code: 50013 } } : undefined));
    const outcomes = await sendDigest('700000000000000006', digest([makePaperCard()]), 'pb50013');
    expect(outcomes).toEqual([
      {
        status: 'permanent',
        failure: {
          code: 'discord 50013',
          reason: 'paperboy is not allowed to post in this Discord channel',
          fix: expect.stringContaining('Send Messages'),
          channelReachable: false,
        },
      },
    ]);
  });

  it('splits a digest too big for one message over several, each within every limit with its marker line, with a nonce each', async () => {
    const papers = Array.from({ length: 25 }, (_, i) => makePaperCard({ id: `2503.${10000 + i}`, title: `Paper ${i + 1} `.repeat(30), snippet: 'Long abstract. '.repeat(300) }));
    const rendered = harness.discord.poster.render(digest(papers));
    expect(rendered.length).toBeGreaterThan(1);
    // Each message knows the papers it carries, in order, every paper once.
    expect(rendered.flatMap((m) => m.paperIds)).toEqual(papers.map((p) => p.id));

    const outcomes = await sendDigest('700000000000000007', digest(papers), 'pbBIG');
    const posts = postsTo('700000000000000007')(harness);

    expect(outcomes).toHaveLength(rendered.length);
    for (const outcome of outcomes) expect(outcome).toEqual({ status: 'sent', messageRef: expect.stringMatching(/^\d+$/) });
    expect(posts).toHaveLength(rendered.length);
    for (const post of posts) expect(discordLimitViolations(post.body)).toEqual([]);
    posts.forEach((post, i) => expect(post.body.content.split('\n').at(-1)).toBe(`-# paperboy digest pbBIG.${i} · part ${i + 1} of ${posts.length}`));
    expect(new Set(posts.map((p) => p.body.nonce)).size).toBe(posts.length);
    const ranks = posts.flatMap((p) => p.body.embeds.map((e: { title?: string }) => /^(\d+)\. /.exec(e.title ?? '')?.[1])).filter(Boolean);
    expect(ranks).toEqual(papers.map((_, i) => String(i + 1)));
  });

  it('lookup finds a message by its marker line, not one of another marker, and cannot say when the listing answers 50001', async () => {
    const since = new Date(Date.now() - 60_000);
    const sent = (await sendDigest('700000000000000008', digest([makePaperCard()]), 'pbFIND'))[0]!;
    expect(sent).toMatchObject({ status: 'sent' });
    const messageRef = sent.status === 'sent' ? sent.messageRef : '';
    // Discord's listing carries no nonce: only the marker line tells the message apart.
    expect(harness.api.messagesIn('700000000000000008')[0]!['content']).toContain(markerLine(markerOf('pbFIND')));
    const { poster } = harness.discord;

    expect(await poster.lookup(channel('700000000000000008'), markerOf('pbFIND'), since)).toEqual({ status: 'found', messageRef });
    expect(await poster.lookup(channel('700000000000000008'), markerOf('pbOTHER'), since)).toEqual({ status: 'absent' });
    // Only messages posted since `since` are searched.
    expect(await poster.lookup(channel('700000000000000008'), markerOf('pbFIND'), new Date(Date.now() + 60_000))).toEqual({ status: 'absent' });
    harness.api.intercept((r) => (r.method === 'GET' && r.path === '/channels/700000000000000009/messages' ? { status: 403, body: { message: 'Missing Access', code: 50001 } } : undefined));
    expect(await poster.lookup(channel('700000000000000009'), markerOf('pbFIND'), since)).toEqual({ status: 'unknown', reason: 'Missing Access' });
  });
});
