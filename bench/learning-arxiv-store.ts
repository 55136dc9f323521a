/**
 * The arXiv store as the learning benchmarks' channels see it: what selectDigest needs, with and
 * without a channel's model, and the split between the older 80 % of the store (what a team has
 * read and rates) and the newest 20 % (what its digests pick from). One set-up for the topic
 * channel of the must-show (learning-arxiv-channel.ts) and the topic channels with a hidden
 * interest (learning-topic-channels.ts).
 */
import type Database from 'better-sqlite3';
import { openDatabase, type OpenDatabase } from '../src/adapters/store/open-database.ts';
import { createSqliteAuthorDirectory } from '../src/adapters/store/sqlite-author-directory.ts';
import { createSqliteFeedbackStore } from '../src/adapters/store/sqlite-feedback-store.ts';
import { createSqliteLearningCorpus } from '../src/adapters/store/sqlite-learning-corpus.ts';
import { createSqlitePaperRepository } from '../src/adapters/store/sqlite-paper-repository.ts';
import { createSqliteSubscriptionStore } from '../src/adapters/store/sqlite-subscription-store.ts';
import { createChannelLearning } from '../src/core/learning/channel-learning.ts';

/** Papers a benchmark channel’s digest posts, as `schedule … picks 10` sets it (a new channel posts 5): nDCG@10 scores ten. */
export const PICKS = 10;

export interface LearningStore {
  database: OpenDatabase;
  raw: Database.Database;
  /** The highest store sequence, and the last one of the older 80 %. */
  highest: number;
  split: number;
  papers: ReturnType<typeof createSqlitePaperRepository>;
  store: ReturnType<typeof createSqliteSubscriptionStore>;
  feedback: ReturnType<typeof createSqliteFeedbackStore>;
  learning: ReturnType<typeof createChannelLearning>;
  /** selectDigest's dependencies without a model (add `learning` for a channel that learns). */
  deps: { papers: LearningStore['papers']; store: LearningStore['store']; authors: ReturnType<typeof createSqliteAuthorDirectory> };
}

/** Opens the store at `storePath` for `work`, and closes it after. */
export async function withLearningStore<T>(storePath: string, work: (store: LearningStore) => Promise<T>): Promise<T> {
  const database = openDatabase(storePath);
  try {
    const raw = database.sqlite;
    const highest = (raw.prepare('SELECT max(seq) AS n FROM papers').get() as { n: number }).n;
    const papers = createSqlitePaperRepository(raw);
    const store = createSqliteSubscriptionStore(database.db);
    const feedback = createSqliteFeedbackStore(database.db);
    const learning = createChannelLearning({ feedback, corpus: createSqliteLearningCorpus(database.db), papers });
    const deps = { papers, store, authors: createSqliteAuthorDirectory(database.db) };
    return await work({ database, raw, highest, split: Math.floor(highest * 0.8), papers, store, feedback, learning, deps });
  } finally {
    database.close();
  }
}
