/**
 * The store half of the composition root: every port the app wires, from one engine. SQLite
 * (sqlite-app-stores.ts, the embedded default) and PostgreSQL (pg-app-stores.ts, issue 21: several
 * replicas on one database) each build one; app.ts wires the same services, commands and digests
 * over either, so no command knows which engine it runs on.
 */
import type { Awaitable } from './core/awaitable.ts';
import type { ChannelPolicy } from './core/channel-policy.ts';
import type { ChatEventClaims } from './core/chat-event-claims.ts';
import type { ChatInstallationStore } from './core/chat-installations.ts';
import type { ChannelPauser, ChannelRef } from './core/delivery-ports.ts';
import type { DigestLedger } from './core/digest/digest-ledger.ts';
import type { RecapSettings } from './core/digest/recap-ports.ts';
import type { FeedbackStore, LearningCorpus } from './core/learning/feedback-ports.ts';
import type { IngestPorts } from './adapters/ingest/ingest-ports.ts';
import type { PaperRepository } from './core/ports.ts';
import type { OffThreadSearch } from './core/search/off-thread-search.ts';
import type { SpellingSuggester } from './core/search/spelling-suggester.ts';
import type { AuthorNameIndex } from './core/subscriptions/author-name-index.ts';
import type { AuthorDirectory, AuthorLinker, SubscriptionStore } from './core/subscriptions/subscription-ports.ts';
import type { ArxivPaperFetch } from './commands/definitions/paper-command.ts';
import type { StoreHealth } from './commands/chat-host.ts';
import type { OpenDatabase } from './adapters/store/open-database.ts';
import type { PgStore } from './adapters/store/postgres/open-pg-store.ts';
import type { Synchronous } from './core/awaitable.ts';

export type StoreEngine = 'sqlite' | 'postgres';

/** What each engine's stores give the app alike. */
export interface StorePorts {
  engine: StoreEngine;
  /** Where the store is, for people: the database file, or the PostgreSQL URL without its password. */
  location: string;
  papers: PaperRepository;
  subscriptions: SubscriptionStore;
  ledger: DigestLedger;
  authors: AuthorDirectory;
  authorNames: AuthorNameIndex;
  feedback: FeedbackStore;
  learningCorpus: LearningCorpus;
  recaps: RecapSettings;
  channels: ChannelPolicy;
  pauser: ChannelPauser;
  installations: ChatInstallationStore;
  papersInMessage(channel: ChannelRef, messageRef: string): Awaitable<string[]>;
  recordPostedPapers(channel: ChannelRef, messageRef: string, paperIds: readonly string[]): Awaitable<void>;
  /** Which process answers a platform event every replica receives (Discord's gateway). */
  eventClaims: ChatEventClaims;
  /** The ingest's bookkeeping, request spacing, schedule claims and source health (digests on degraded days, `/papers status`). */
  ingest: IngestPorts;
  /** Resolves external author ids (Semantic Scholar, OpenAlex) for `follow`. */
  authorLinker: AuthorLinker;
  /** Fetches an arXiv paper the store lacks, on demand (spacing shared with every process on the store). */
  fetchArxivPaper: ArxivPaperFetch;
  /** Did-you-mean corrections; `ready` settles once they are in use. */
  spelling: { suggester: SpellingSuggester; ready: Promise<void>; stop(): void };
  /** Searches and digest selection off the chat thread (a serving SQLite process's worker pool), or null: in-process. */
  searchPool: (OffThreadSearch & { close(): Promise<void> }) | null;
  /** Whether the store answers: cheap enough for every health request, never throws. */
  checkStore(): StoreHealth;
  /** What to tell a chat user about a failure of the store itself, or null for any other error. */
  describeStoreFailure(error: unknown): string | null;
  /** Maintenance before each scheduler tick (SQLite: finish an index an interrupted import left behind). */
  beforeEachTick(): void;
  close(): Awaitable<void>;
}

/** SQLite's stores, with the database for the SQLite-only tools (import's bulk path, backups, tests). */
export interface SqliteAppStores extends StorePorts {
  engine: 'sqlite';
  database: OpenDatabase;
  papers: Synchronous<PaperRepository>;
}

/** PostgreSQL's stores, with the pool for `paperboy import` and `paperboy db`. */
export interface PgAppStores extends StorePorts {
  engine: 'postgres';
  pg: PgStore;
}

export type AppStores = SqliteAppStores | PgAppStores;
