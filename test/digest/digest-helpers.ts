import { createApp, type App } from '../../src/app.ts';
import type { Invoker } from '../../src/commands/command-context.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { PaperInput } from '../../src/core/paper.ts';
import type { Clock } from '../../src/core/ports.ts';

/** A clock the test moves by hand. */
export function manualClock(start: string): Clock & { set(iso: string): void; advance(ms: number): void } {
  let now = new Date(start);
  return {
    now: () => new Date(now),
    set: (iso) => (now = new Date(iso)),
    advance: (ms) => (now = new Date(now.getTime() + ms)),
  };
}

export function testApp(clock: Clock, databasePath = ':memory:', extra: Parameters<typeof createApp>[1] = {}): App {
  return createApp(loadConfig({ DATABASE_PATH: databasePath, LOG_LEVEL: 'silent' }), { clock, log: silentLogger, authorLinker: null, ...extra });
}

export function invoker(platform: Invoker['platform'], workspaceId: string, channelId: string, isAdmin = false): Invoker {
  return { platform, workspaceId, channelId, userId: `U-${channelId}`, userName: null, isAdmin };
}

let counter = 0;
/** A paper on a topic, with a unique arXiv-like id. */
export function paper(title: string, abstract: string, extra: Partial<PaperInput> = {}): PaperInput {
  counter++;
  const id = `2611.${String(10000 + counter)}`;
  return {
    id,
    version: 1,
    title,
    abstract,
    authors: ['Test Author'],
    authorsTruncated: false,
    categories: ['cs.IR'],
    published: '2026-11-20',
    updated: null,
    comment: null,
    doi: null,
    journalRef: null,
    absUrl: `https://arxiv.org/abs/${id}`,
    pdfUrl: null,
    codeUrl: null,
    org: null,
    score: null,
    upvotes: null,
    sources: ['arxiv-rss'],
    ...extra,
  };
}
