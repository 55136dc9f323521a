/**
 * Searches and digest selection off the thread that acks Slack and Discord (issue 19): a few worker
 * threads (search-pool-worker.ts), each with its own read-only connection, take them in turn. A
 * request that waits for a free worker waits in a queue, never on the chat thread, so one slow query
 * or a digest selection delays only the requests queued behind it, never another user's ack.
 *
 * The did-you-mean stays on the main thread: its vocabulary (about 46 MB at 78,736 papers) is built
 * there once, in the background (core/search/spelling-vocabulary.ts), and a copy per worker would
 * double the serving memory.
 */
import type { Worker } from 'node:worker_threads';
import type { DigestSelection } from '../../../core/digest/select-digest.ts';
import { UserError } from '../../../core/errors.ts';
import type { Logger } from '../../../core/logger.ts';
import type { OffThreadSearch } from '../../../core/search/off-thread-search.ts';
import type { SearchOutcome } from '../../../core/search/paper-search.ts';
import type { SpellingSuggester } from '../../../core/search/spelling-suggester.ts';
import { startWorkerBeside } from '../../worker-thread.ts';
import type { PoolAnswer, PoolCall, PoolResult, SearchWorkerData } from './search-pool-protocol.ts';

export interface SearchPool extends OffThreadSearch {
  /** Stops the workers; requests still queued fail. */
  close(): Promise<void>;
}

/** Two workers on the 2-core machine: the chat thread and SQLite's own work share the rest. */
export const SEARCH_WORKERS = 2;
/**
 * Each worker's SQLite page cache, and the main thread's once the pool runs (app.ts): the file's
 * pages stay in the OS cache, and three 32 MB caches (open-database.ts) of the same FTS pages put
 * serving memory over its 200 MB target. Measured from dist/ at 78,736 papers, 900 concurrent
 * searches and three 50-subscription selections: 262 MB RSS with 32 MB caches and V8's default
 * young generation; 193 MB with 4 MB caches and a 4 MB young generation; 183 MB with no pool.
 */
export const WORKER_PAGE_CACHE_KB = 4_000;

/**
 * Each worker's V8 young generation. A search's garbage is short-lived and small (one page of
 * papers); V8's default lets it grow to tens of MB per thread before it is collected.
 */
export const WORKER_YOUNG_GENERATION_MB = 4;

interface Pending {
  id: number;
  call: PoolCall;
  resolve(result: PoolResult): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  busy: Pending | null;
}

function errorOf(answer: Extract<PoolAnswer, { ok: false }>): Error {
  if (answer.userError) return new UserError(answer.userError.code, answer.userError.message, answer.userError.hint);
  const error = new Error(answer.message);
  if (answer.stack) error.stack = answer.stack;
  return error;
}

export interface SearchPoolOptions {
  databasePath: string;
  log: Logger;
  /** The did-you-mean, answered on this thread from the one vocabulary. */
  suggester: SpellingSuggester;
  size?: number;
  pageCacheKb?: number;
  /** Told of each worker started, the replacements too (tests stop one to see it replaced). */
  onWorkerStarted?: (worker: Worker) => void;
}

export function createSearchPool(options: SearchPoolOptions): SearchPool {
  const queue: Pending[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;

  function start(): Slot {
    const workerData: SearchWorkerData = { databasePath: options.databasePath, pageCacheKb: options.pageCacheKb ?? WORKER_PAGE_CACHE_KB };
    const slot: Slot = { worker: startWorkerBeside(import.meta.url, 'search-pool-worker', { workerData, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } }), busy: null };
    slot.worker.on('message', (answer: PoolAnswer) => {
      const pending = slot.busy;
      slot.busy = null;
      if (pending && pending.id === answer.id) {
        if (answer.ok) pending.resolve(answer.result);
        else pending.reject(errorOf(answer));
      }
      next();
    });
    // A worker that dies (out of memory, a native fault) fails its one request and is replaced.
    slot.worker.on('error', (err) => options.log.error({ err }, 'a search worker failed'));
    slot.worker.on('exit', (code) => {
      if (closed) return;
      slot.busy?.reject(new Error(`the search worker stopped (exit code ${code})`));
      slot.busy = null;
      options.log.warn({ code }, 'a search worker stopped; starting another');
      slots.splice(slots.indexOf(slot), 1, start());
      next();
    });
    options.onWorkerStarted?.(slot.worker);
    return slot;
  }

  function next(): void {
    for (const slot of slots) {
      if (slot.busy || queue.length === 0) continue;
      const pending = queue.shift()!;
      slot.busy = pending;
      slot.worker.postMessage({ id: pending.id, call: pending.call });
    }
  }

  function ask(call: PoolCall): Promise<PoolResult> {
    if (closed) return Promise.reject(new Error('the search pool is closed'));
    return new Promise((resolve, reject) => {
      queue.push({ id: nextId++, call, resolve, reject });
      next();
    });
  }

  /** A search's outcome with the did-you-mean PaperSearch would give (paper-search.ts), from the main thread's vocabulary. */
  async function searched(call: PoolCall, withSuggestion: boolean): Promise<SearchOutcome> {
    const outcome = (await ask(call)) as SearchOutcome;
    const suggestion = withSuggestion && outcome.query.terms.length > 0 ? options.suggester.suggest(outcome.query.text) : null;
    return { ...outcome, suggestion };
  }

  for (let i = 0; i < (options.size ?? SEARCH_WORKERS); i++) slots.push(start());
  return {
    searchText: (text, limit, o) => searched({ method: 'searchText', text, limit }, o?.withSuggestion ?? true),
    search: (query, limit, o) => searched({ method: 'search', query, limit }, o?.withSuggestion ?? true),
    // PaperSearch.similarTo never suggests: any title word may match.
    similarTo: (paper, limit) => searched({ method: 'similarTo', paper, limit }, false),
    selectDigest: async (channel, subscriptions, now, throughSeq, alsoLike) =>
      (await ask({ method: 'selectDigest', channel, subscriptions, now, throughSeq, ...(alsoLike === undefined ? {} : { alsoLike }) })) as DigestSelection,
    async close() {
      closed = true;
      for (const pending of queue.splice(0)) pending.reject(new Error('the search pool is closed'));
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
    },
  };
}
