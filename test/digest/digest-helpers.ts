import { createApp, type SqliteApp } from '../../src/app.ts';
import type { Invoker } from '../../src/commands/command-context.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { Clock } from '../../src/core/ports.ts';
import type { ChannelRef, MessageMarker, Poster, SendOutcome } from '../../src/core/delivery-ports.ts';
import type { Reply } from '../../src/core/reply.ts';
import { paperIdsOf } from '../../src/core/split-reply.ts';

/** A clock the test moves by hand. */
export function manualClock(start: string): Clock & { set(iso: string): void; advance(ms: number): void } {
  let now = new Date(start);
  return {
    now: () => new Date(now),
    set: (iso) => (now = new Date(iso)),
    advance: (ms) => (now = new Date(now.getTime() + ms)),
  };
}

export function testApp(clock: Clock, databasePath = ':memory:', extra: Parameters<typeof createApp>[1] = {}): SqliteApp {
  return createApp(loadConfig({ DATABASE_PATH: databasePath, LOG_LEVEL: 'silent' }), { clock, log: silentLogger, authorLinker: null, ...extra });
}

export function invoker(platform: Invoker['platform'], workspaceId: string, channelId: string, isAdmin = false): Invoker {
  return { platform, workspaceId, channelId, userId: `U-${channelId}`, userName: null, isAdmin };
}

/** A paper on a topic, with a unique arXiv-like id: the shared factory (test/support/papers.ts). */
export { paper } from '../support/papers.ts';

export interface RecordedPost {
  channel: ChannelRef;
  reply: Reply;
  marker: MessageMarker;
}

/**
 * A Poster that records every message as the platform would show it. `behaviour` may answer a
 * send instead (a failure); returning null lets it through.
 */
export function recordingPoster(
  behaviour: (channel: ChannelRef, marker: MessageMarker) => SendOutcome | null = () => null,
): Poster & { posts: RecordedPost[]; notices: Array<{ channel: ChannelRef; userId: string | null; reply: Reply }> } {
  const posts: RecordedPost[] = [];
  const notices: Array<{ channel: ChannelRef; userId: string | null; reply: Reply }> = [];
  return {
    posts,
    notices,
    render: (reply) => [{ payload: reply, paperIds: paperIdsOf(reply) }],
    async send(channel, payload, marker) {
      const answer = behaviour(channel, marker);
      if (answer && answer.status !== 'sent') return answer;
      posts.push({ channel, reply: payload as Reply, marker });
      return { status: 'sent', messageRef: `m${posts.length}` };
    },
    async lookup(channel, marker) {
      const index = posts.findIndex((p) => p.marker.id === marker.id && p.channel.channelId === channel.channelId);
      return index < 0 ? { status: 'absent' } : { status: 'found', messageRef: `m${index + 1}` };
    },
    async notify(channel, userId, reply) {
      notices.push({ channel, userId, reply });
      return true;
    },
  };
}
