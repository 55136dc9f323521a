import { appendFileSync, closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ChannelRef, LookupOutcome, MessageMarker, Poster, RenderedMessage, SendOutcome } from '../../core/delivery-ports.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import type { Reply } from '../../core/reply.ts';
import { paperIdsOf, splitReplyByPapers } from '../../core/split-reply.ts';

export interface LoggedPost {
  /** The message's marker id; null for notices outside a digest. */
  key: string | null;
  channel: ChannelRef;
  messageRef: string;
  postedAt: string;
  reply: Reply;
}

/**
 * The console's Poster: every message is appended to a JSON-lines log (the console's "channel
 * history"), then shown. The log is what makes console delivery exactly-once: after a crash,
 * `lookup` finds a message by its marker instead of posting it again.
 *
 * A record is one line written by one append. A line torn by a full disk or a crash (no newline at
 * the end of the file) is skipped when reading and reported in the log, and the next append starts
 * on a new line, so one torn record never breaks the ones after it. `logPath` null keeps the log in
 * memory (tests, `:memory:` databases).
 */
export interface ConsolePoster extends Poster {
  /** Every message posted, oldest first (torn lines skipped). */
  posts(): LoggedPost[];
  /** Shows posted messages as they are posted (the console chat prints them). */
  onPosted(listener: (reply: Reply) => void): void;
}

/** Whether the file's last byte is a newline (or the file is empty): else the last record was torn. */
function endsWithNewline(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}

export interface ConsolePosterOptions {
  logPath: string | null;
  now?: () => Date;
  log?: Logger;
  /** Papers per message; the console shows a digest as one message unless a test asks for several. */
  papersPerMessage?: number;
}

export function createConsolePoster(options: ConsolePosterOptions): ConsolePoster {
  const memory: LoggedPost[] = [];
  let listener: ((reply: Reply) => void) | null = null;
  const now = options.now ?? (() => new Date());
  const log = options.log ?? silentLogger;
  const read = (): LoggedPost[] => {
    if (options.logPath === null) return memory;
    if (!existsSync(options.logPath)) return [];
    const posts: LoggedPost[] = [];
    const lines = readFileSync(options.logPath, 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      try {
        posts.push(JSON.parse(line) as LoggedPost);
      } catch {
        log.warn({ path: options.logPath, line: index + 1 }, 'skipped a torn record in the console post log (a full disk or a crash mid-write)');
      }
    });
    return posts;
  };
  const append = (entry: LoggedPost) => {
    if (options.logPath === null) {
      memory.push(entry);
      return;
    }
    mkdirSync(dirname(options.logPath), { recursive: true });
    const separator = existsSync(options.logPath) && !endsWithNewline(options.logPath) ? '\n' : '';
    appendFileSync(options.logPath, `${separator}${JSON.stringify(entry)}\n`);
  };
  return {
    render(reply: Reply): RenderedMessage[] {
      return splitReplyByPapers(reply, options.papersPerMessage ?? Number.POSITIVE_INFINITY).map((part) => ({ payload: part, paperIds: paperIdsOf(part) }));
    },
    async send(channel: ChannelRef, payload: unknown, marker: MessageMarker): Promise<SendOutcome> {
      const entry: LoggedPost = { key: marker.id, channel, messageRef: `console-${marker.id}`, postedAt: now().toISOString(), reply: payload as Reply };
      try {
        append(entry);
      } catch (error) {
        // Part of the line may be on disk: the look-up decides before anything is sent again.
        log.error({ err: error, path: options.logPath }, 'could not append to the console post log');
        return { status: 'unknown', reason: error instanceof Error ? error.message : String(error) };
      }
      listener?.(entry.reply);
      return { status: 'sent', messageRef: entry.messageRef };
    },
    async lookup(channel: ChannelRef, marker: MessageMarker): Promise<LookupOutcome> {
      try {
        const found = read().find((p) => p.key === marker.id && p.channel.channelId === channel.channelId && p.channel.workspaceId === channel.workspaceId);
        return found ? { status: 'found', messageRef: found.messageRef } : { status: 'absent' };
      } catch (error) {
        return { status: 'unknown', reason: error instanceof Error ? error.message : String(error) };
      }
    },
    async notify(channel: ChannelRef, _userId: string | null, reply: Reply): Promise<boolean> {
      try {
        append({ key: null, channel, messageRef: `console-notice-${now().getTime()}`, postedAt: now().toISOString(), reply });
      } catch (error) {
        log.error({ err: error }, 'could not append a notice to the console post log');
        return false;
      }
      listener?.(reply);
      return true;
    },
    posts: read,
    onPosted: (next) => {
      listener = next;
    },
  };
}
