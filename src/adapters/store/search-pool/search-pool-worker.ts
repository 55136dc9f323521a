/**
 * One worker of the search pool (search-pool.ts): its own read-only connection to the store (WAL
 * lets readers run beside the serving process's writer, https://www.sqlite.org/wal.html), its own
 * PaperSearch and digest selection, answering one request at a time. A slow query holds this
 * thread only.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../open-database.ts';
import { createSqliteAuthorDirectory } from '../sqlite-author-directory.ts';
import { createSqliteFeedbackStore } from '../sqlite-feedback-store.ts';
import { createSqliteLearningCorpus } from '../sqlite-learning-corpus.ts';
import { createSqlitePaperRepository } from '../sqlite-paper-repository.ts';
import { createSqliteSubscriptionStore } from '../sqlite-subscription-store.ts';
import { selectDigest } from '../../../core/digest/select-digest.ts';
import { UserError } from '../../../core/errors.ts';
import { createChannelLearning } from '../../../core/learning/channel-learning.ts';
import { silentLogger } from '../../../core/logger.ts';
import { systemClock } from '../../../core/ports.ts';
import { createPaperSearch } from '../../../core/search/paper-search.ts';
import type { PoolAnswer, PoolCall, PoolRequest, PoolResult, SearchWorkerData } from './search-pool-protocol.ts';
import { yieldCpuToChatThread } from './thread-priority.ts';
import { holdChatThreadYoungGeneration } from '../../../heap-growth.ts';

// First: this thread's isolate set-up raised V8's young-generation growth factor for the whole
// process, the chat thread's included (src/heap-growth.ts).
holdChatThreadYoungGeneration();
yieldCpuToChatThread();

const { databasePath, pageCacheKb } = workerData as SearchWorkerData;
const database = openDatabase(databasePath, { readonly: true, log: silentLogger });
// Each worker's pages are a copy of what the others and the main thread cache: kept small.
database.sqlite.pragma(`cache_size = -${pageCacheKb}`);
const papers = createSqlitePaperRepository(database.sqlite);
// No did-you-mean here: the pool adds it from the main thread's one vocabulary (search-pool.ts).
const search = createPaperSearch({ papers, clock: systemClock, suggester: { suggest: () => null } });
const store = createSqliteSubscriptionStore(database.db);
const authors = createSqliteAuthorDirectory(database.db);
// Models are cached by the ratings the store holds, so this worker's cache is never stale.
const learning = createChannelLearning({ feedback: createSqliteFeedbackStore(database.db), corpus: createSqliteLearningCorpus(database.db), papers });

// Searches and selectDigest await their store (a port may answer asynchronously); this thread's SQLite answers at once.
async function run(call: PoolCall): Promise<PoolResult> {
  switch (call.method) {
    case 'searchText':
      return search.searchText(call.text, call.limit, { withSuggestion: false });
    case 'search':
      return search.search(call.query, call.limit, { withSuggestion: false });
    case 'similarTo':
      return search.similarTo(call.paper, call.limit);
    case 'selectDigest':
      return selectDigest({ papers, store, authors, learning }, call.channel, call.subscriptions, call.now, call.throughSeq, call.alsoLike);
  }
}

parentPort!.on('message', async ({ id, call }: PoolRequest) => {
  let answer: PoolAnswer;
  try {
    answer = { id, ok: true, result: await run(call) };
  } catch (error) {
    const userError = error instanceof UserError ? { code: error.code, message: error.message, hint: error.hint } : null;
    answer = { id, ok: false, userError, message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined };
  }
  parentPort!.postMessage(answer);
});
