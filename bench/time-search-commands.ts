/**
 * The search benchmark's measurement, for either engine (search-worker.ts on SQLite, pg-worker.ts
 * on PostgreSQL): each query as a user sends it, `app.run("/papers search <query>")` (parsing,
 * the store's search, ranking, the reply cards), then the reply rendered as text, timed one after
 * another.
 */
import type { Invoker } from '../src/commands/command-context.ts';
import type { Invocation, Reply } from '../src/core/reply.ts';
import { renderReplyText } from '../src/core/render-text.ts';

const BENCH_INVOKER: Invoker = {
  platform: 'console',
  workspaceId: 'bench',
  channelId: 'bench',
  userId: 'bench',
  userName: 'bench',
  isAdmin: false,
};

export interface SearchCommandPass {
  /** Milliseconds per query, in the order of the queries. */
  times: number[];
  /** Queries whose reply had no papers, and queries paperboy rejected with a user error. */
  emptyReplies: number;
  rejected: number;
}

/** One pass over the queries. */
export async function timeSearchCommands(app: { run(input: string | Invocation, invoker: Invoker): Promise<Reply> }, queries: readonly string[]): Promise<SearchCommandPass> {
  const times: number[] = [];
  let emptyReplies = 0;
  let rejected = 0;
  for (const query of queries) {
    const started = performance.now();
    const reply = await app.run(`/papers search ${query}`, BENCH_INVOKER);
    const text = renderReplyText(reply);
    times.push(performance.now() - started);
    if (reply.failed) rejected++;
    else if (!reply.blocks.some((b) => b.type === 'paper') || text.length === 0) emptyReplies++;
  }
  return { times, emptyReplies, rejected };
}
