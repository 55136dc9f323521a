import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ChannelRef, Poster, PostRequest, PostResult } from '../../core/delivery-ports.ts';
import type { Reply } from '../../core/reply.ts';

interface LoggedPost {
  key: string;
  channel: ChannelRef;
  messageRef: string;
  postedAt: string;
  reply: Reply;
}

/**
 * The console's Poster: every digest is appended to a JSON-lines log (the console's "channel
 * history"), then shown. The log is what makes console delivery exactly-once: after a crash,
 * `findPosted` finds the message by its idempotency key instead of posting it again.
 * `logPath` null keeps the log in memory (tests, `:memory:` databases).
 */
export interface ConsolePoster extends Poster {
  /** Every digest posted, oldest first. */
  posts(): LoggedPost[];
  /** Shows posted digests as they are posted (the console chat prints them). */
  onPosted(listener: (reply: Reply) => void): void;
}

export function createConsolePoster(options: { logPath: string | null; now?: () => Date }): ConsolePoster {
  const memory: LoggedPost[] = [];
  let listener: ((reply: Reply) => void) | null = null;
  const now = options.now ?? (() => new Date());
  const read = (): LoggedPost[] => {
    if (options.logPath === null) return memory;
    if (!existsSync(options.logPath)) return [];
    return readFileSync(options.logPath, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as LoggedPost);
  };
  return {
    async post(request: PostRequest): Promise<PostResult> {
      const entry: LoggedPost = {
        key: request.idempotencyKey,
        channel: request.channel,
        messageRef: `console-${request.idempotencyKey}`,
        postedAt: now().toISOString(),
        reply: request.reply,
      };
      if (options.logPath === null) memory.push(entry);
      else {
        mkdirSync(dirname(options.logPath), { recursive: true });
        appendFileSync(options.logPath, `${JSON.stringify(entry)}\n`);
      }
      listener?.(request.reply);
      return { status: 'sent', messageRef: entry.messageRef };
    },
    async findPosted(channel: ChannelRef, key: string): Promise<string | null> {
      const found = read().find((p) => p.key === key && p.channel.channelId === channel.channelId && p.channel.workspaceId === channel.workspaceId);
      return found?.messageRef ?? null;
    },
    posts: read,
    onPosted: (next) => {
      listener = next;
    },
  };
}
