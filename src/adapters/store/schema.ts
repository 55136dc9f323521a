/**
 * The SQLite schema, the single source for drizzle-kit's migrations in `drizzle/`.
 * The FTS5 index and its triggers cannot be expressed here; they live in a hand-written
 * migration (`drizzle/*_papers_fts.sql`).
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { PLATFORMS } from '../../core/delivery-ports.ts';

const createdAt = () => text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

export const papers = sqliteTable(
  'papers',
  {
    /** Rowid alias; the FTS5 index points at it (content_rowid). */
    seq: integer('seq').primaryKey(),
    /** Versionless canonical id. */
    id: text('id').notNull(),
    version: integer('version'),
    title: text('title').notNull(),
    abstract: text('abstract').notNull(),
    /** Author display names in order, as a JSON array (also what FTS5 indexes). */
    authors: text('authors').notNull(),
    authorsTruncated: integer('authors_truncated', { mode: 'boolean' }).notNull().default(false),
    /** Categories as a space-separated list, primary first. */
    categories: text('categories').notNull().default(''),
    /**
     * What FTS5 indexes for the categories: each code as one word that no query word can be
     * ("cs.IR q-bio.NC" → "catcsir catqbionc"). Indexed as "cs ir" they matched the words "ir",
     * "data" (physics.data-an) or "ai", and every text search needed a column filter to avoid them,
     * which cost a quarter of its time.
     */
    categoryCodes: text('category_codes').generatedAlwaysAs(
      sql`CASE WHEN categories = '' THEN '' ELSE 'cat' || replace(replace(replace(lower(categories), '.', ''), '-', ''), ' ', ' cat') END`,
      { mode: 'virtual' },
    ),
    published: text('published'),
    updated: text('updated'),
    comment: text('comment'),
    doi: text('doi'),
    journalRef: text('journal_ref'),
    absUrl: text('abs_url'),
    pdfUrl: text('pdf_url'),
    codeUrl: text('code_url'),
    org: text('org'),
    score: real('score'),
    upvotes: integer('upvotes'),
    /** Sources that saw the paper, space-separated. */
    sources: text('sources').notNull().default(''),
    firstSeenAt: text('first_seen_at').notNull(),
    changedAt: text('changed_at').notNull(),
    /**
     * Index-time synonyms (core/search/search-aliases.ts): the abbreviations whose long forms the
     * title and the abstract contain, once per occurrence ("llm llm lora"). FTS5 indexes them beside
     * the text, so `llm` is one word to look up, not a phrase to count over the whole index. NULL
     * until computed (search-alias-index.ts fills them on open).
     */
    titleAliases: text('title_aliases'),
    abstractAliases: text('abstract_aliases'),
  },
  (t) => [
    uniqueIndex('papers_id_unique').on(t.id),
    index('papers_first_seen_idx').on(t.firstSeenAt),
    index('papers_published_idx').on(t.published),
    // The fields searches filter and sort by, keyed by seq: a search joins thousands of matches to
    // them, and this index is a small fraction of the table, so those lookups stay in the page cache
    // (bench: search at 1,000,000 papers, the slowest since: query 457 → 172 ms).
    index('papers_ranking_fields_idx').on(t.seq, t.published, t.firstSeenAt, t.score, t.upvotes),
  ],
);

export const authors = sqliteTable(
  'authors',
  {
    id: integer('id').primaryKey(),
    /** Lowercased, accent-free, whitespace-collapsed name: the merge key for spellings. */
    nameKey: text('name_key').notNull(),
    displayName: text('display_name').notNull(),
    orcid: text('orcid'),
    openalexId: text('openalex_id'),
    semanticScholarId: text('semantic_scholar_id'),
    affiliation: text('affiliation'),
  },
  (t) => [
    uniqueIndex('authors_name_key_unique').on(t.nameKey),
    // Partial: most authors have none of these ids, and a bulk import then skips three index writes per author.
    index('authors_orcid_idx').on(t.orcid).where(sql`${t.orcid} IS NOT NULL`),
    index('authors_openalex_idx').on(t.openalexId).where(sql`${t.openalexId} IS NOT NULL`),
    index('authors_s2_idx').on(t.semanticScholarId).where(sql`${t.semanticScholarId} IS NOT NULL`),
  ],
);

/**
 * The by-author index of paper_authors (`follow`, author search). A bulk load drops it and builds it
 * again in one pass at its end (deferred-indexing.ts builds it from this definition). drizzle/0003,
 * which rebuilt the table WITHOUT ROWID, had to recreate it by hand: a migration that has run keeps
 * its statements (a comment there points here), and a test checks that both give the same index.
 */
export const AUTHOR_LINK_INDEX = 'paper_authors_author_idx';

export const paperAuthors = sqliteTable(
  'paper_authors',
  {
    paperSeq: integer('paper_seq')
      .notNull()
      .references(() => papers.seq, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    authorId: integer('author_id')
      .notNull()
      .references(() => authors.id),
  },
  (t) => [primaryKey({ columns: [t.paperSeq, t.position] }), index(AUTHOR_LINK_INDEX).on(t.authorId)],
);

/**
 * Who a scholarly index says wrote a paper, by its own author id: Semantic Scholar's
 * `authors[].authorId` (kept as `s2:<id>`), OpenAlex's `authorships[].author.id` (`A…`) and the
 * ORCID it gives (bare `0000-…`), in the syntax `follow` takes. A name is many people; an id is
 * one, so a follow by id matches these papers and never a namesake's (select-digest.ts). Keyed by
 * id first: a follow looks its papers up by id.
 */
export const paperAuthorIds = sqliteTable(
  'paper_author_ids',
  {
    externalId: text('external_id').notNull(),
    paperSeq: integer('paper_seq')
      .notNull()
      .references(() => papers.seq, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.externalId, t.paperSeq] })],
);

export const workspaces = sqliteTable(
  'workspaces',
  {
    id: integer('id').primaryKey(),
    platform: text('platform', { enum: PLATFORMS }).notNull(),
    teamId: text('team_id').notNull(),
    name: text('name'),
    /** When set, only workspace admins may change subscriptions and schedules. */
    adminsOnly: integer('admins_only', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('workspaces_platform_team_unique').on(t.platform, t.teamId)],
);

export const channels = sqliteTable(
  'channels',
  {
    id: integer('id').primaryKey(),
    workspaceId: integer('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    channelId: text('channel_id').notNull(),
    name: text('name'),
    timeZone: text('time_zone').notNull().default('UTC'),
    /** Local post time, HH:MM. */
    postTime: text('post_time').notNull().default('09:00'),
    /** `daily`, `weekdays`, or a comma list of mon..sun. */
    days: text('days').notNull().default('weekdays'),
    picks: integer('picks').notNull().default(5),
    /** What an empty day does: `announce` posts a short line, `quiet` posts nothing. */
    emptyDay: text('empty_day', { enum: ['announce', 'quiet'] }).notNull().default('announce'),
    pausedAt: text('paused_at'),
    pauseReason: text('pause_reason'),
    /** The slot (ISO time) of the last digest that was settled, sent or empty. */
    lastDigestAt: text('last_digest_at'),
    /**
     * The highest paper `seq` a settled digest of this channel has looked at: the next digest takes
     * papers above it. Papers are never deleted and `seq` only grows, so a paper committed after a
     * digest's selection (an import straddling the slot) always lands above it.
     */
    papersThroughSeq: integer('papers_through_seq'),
    /** The process that holds this channel's digest run (digest-lease.ts), and until when. */
    leaseHolder: text('lease_holder'),
    leaseUntil: text('lease_until'),
    /** Who last changed the channel's subscriptions: told by direct message when its digests pause and the channel cannot be posted to. */
    lastChangedBy: text('last_changed_by'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('channels_workspace_channel_unique').on(t.workspaceId, t.channelId)],
);

export const subscriptions = sqliteTable(
  'subscriptions',
  {
    id: integer('id').primaryKey(),
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['topic', 'author', 'category'] }).notNull(),
    /** The search query (topic, category) or the author's display name (author). */
    query: text('query').notNull(),
    /** For author follows: the author row, and the external id the follow was made with. */
    authorId: integer('author_id').references(() => authors.id),
    externalId: text('external_id'),
    /** The highest paper `seq` when the subscription was made: it matches only papers above it. */
    afterSeq: integer('after_seq').notNull().default(0),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('subscriptions_channel_kind_query_unique').on(t.channelId, t.kind, t.query)],
);

export const digests = sqliteTable(
  'digests',
  {
    id: integer('id').primaryKey(),
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    /** The scheduled slot this digest serves (ISO UTC); one digest per channel and slot. */
    slot: text('slot').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'empty', 'skipped', 'failed'] }).notNull(),
    /** This digest's own random key; each message's marker is `<key>.<position>` (never shared by two digests). */
    nonce: text('nonce').notNull(),
    messageRef: text('message_ref'),
    /** The last failure, shown in /papers list while the digest is pending. */
    error: text('error'),
    /** The highest paper `seq` its selection looked at. */
    throughSeq: integer('through_seq'),
    /** Failed tries so far (backoff), and when the next try is due. */
    attempts: integer('attempts').notNull().default(0),
    nextTryAt: text('next_try_at'),
    /** When the team was told this digest could not be confirmed or delivered (told once). */
    noticeSentAt: text('notice_sent_at'),
    createdAt: createdAt(),
    settledAt: text('settled_at'),
    /**
     * `daily`: the channel's new papers; `recap`: the week's most-liked papers (weekly-recap.ts).
     * A recap shares its day's slot with the daily digest, and never moves the channel's bounds.
     */
    kind: text('kind', { enum: ['daily', 'recap'] }).notNull().default('daily'),
  },
  (t) => [uniqueIndex('digests_channel_slot_kind_unique').on(t.channelId, t.slot, t.kind)],
);

/** Channels that asked for a weekly recap (`/papers recap on <day>`); a channel without a row has none. */
export const channelRecaps = sqliteTable('channel_recaps', {
  channelId: integer('channel_id')
    .primaryKey()
    .references(() => channels.id, { onDelete: 'cascade' }),
  /** Local weekday of the recap, 0 = Sunday … 6 = Saturday (schedule.ts WEEKDAY_NAMES). */
  weekday: integer('weekday').notNull(),
  /** When it was turned on (ISO): no recap slot before it is posted. */
  since: text('since').notNull(),
  changedBy: text('changed_by').notNull(),
});

/**
 * The messages of a digest, each delivered on its own: recorded `pending` with its rendered
 * payload, `attempted` just before it is sent (its outcome unknown until the platform answers or a
 * look-up finds it), `sent` with the platform's message reference.
 */
export const digestMessages = sqliteTable(
  'digest_messages',
  {
    id: integer('id').primaryKey(),
    digestId: integer('digest_id')
      .notNull()
      .references(() => digests.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    /** The platform payload as the adapter rendered it (JSON), so a re-send is the same message. */
    payload: text('payload').notNull(),
    /** JSON array of the paper ids this message carries. */
    paperIds: text('paper_ids').notNull(),
    status: text('status', { enum: ['pending', 'attempted', 'sent'] }).notNull(),
    messageRef: text('message_ref'),
    attemptedAt: text('attempted_at'),
    sentAt: text('sent_at'),
  },
  (t) => [uniqueIndex('digest_messages_digest_position_unique').on(t.digestId, t.position)],
);

export const deliveries = sqliteTable(
  'deliveries',
  {
    id: integer('id').primaryKey(),
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    paperId: text('paper_id').notNull(),
    digestId: integer('digest_id')
      .notNull()
      .references(() => digests.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['pending', 'sent'] }).notNull(),
    reason: text('reason'),
    messageRef: text('message_ref'),
    createdAt: createdAt(),
    sentAt: text('sent_at'),
  },
  (t) => [uniqueIndex('deliveries_channel_paper_unique').on(t.channelId, t.paperId)],
);

/**
 * One person's 👍/👎 on one paper in one channel (issue 20). A cleared rating is deleted. Keyed by
 * the channel row, which belongs to one workspace: a channel's model reads only its own rows.
 */
export const paperRatings = sqliteTable(
  'paper_ratings',
  {
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    paperId: text('paper_id').notNull(),
    userId: text('user_id').notNull(),
    userName: text('user_name'),
    value: text('value', { enum: ['up', 'down'] }).notNull(),
    ratedAt: text('rated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.paperId, t.userId] })],
);

/**
 * The papers shown by each message paperboy posted outside the digests (a shared answer, an answer
 * to an @mention or in its Messages tab), by the platform's reference for it (a Slack `ts`): a 👍 on
 * a one-paper message rates that paper without reading the message back from the platform
 * (sqlite-posted-messages.ts). Keyed by the channel row, so by workspace. Kept
 * POSTED_MESSAGE_RETENTION_DAYS, then pruned as new messages are recorded (`posted_at` indexed).
 */
export const postedMessages = sqliteTable(
  'posted_messages',
  {
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    messageRef: text('message_ref').notNull(),
    /** JSON array of the paper ids the message shows, in order. */
    paperIds: text('paper_ids').notNull(),
    postedAt: text('posted_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.messageRef] }), index('posted_messages_posted_at_idx').on(t.postedAt)],
);

/** A channel's reading list: each paper once, with who saved it first and when. */
export const savedPapers = sqliteTable(
  'saved_papers',
  {
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    paperId: text('paper_id').notNull(),
    userId: text('user_id').notNull(),
    userName: text('user_name'),
    savedAt: text('saved_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.paperId] })],
);

export const ingestCursors = sqliteTable('ingest_cursors', {
  /** Source and scope, e.g. `arxiv-rss:cs.IR` or `arxiv-oai:cs`. */
  source: text('source').primaryKey(),
  cursor: text('cursor'),
  lastSuccessAt: text('last_success_at'),
  lastErrorAt: text('last_error_at'),
  lastError: text('last_error'),
  updatedAt: text('updated_at').notNull(),
});

/**
 * When each rate-limit domain (arxiv, huggingface, semantic-scholar, openalex) may next be asked,
 * shared by every paperboy process on this store: a manual `paperboy ingest` and a running bot's
 * scheduler or /papers follow keep arXiv's one request per 3 s between them (sqlite-request-spacing.ts).
 */
export const requestSpacing = sqliteTable('request_spacing', {
  domain: text('domain').primaryKey(),
  /** Milliseconds since the epoch: the earliest start of the domain's next request. */
  nextAt: integer('next_at').notNull(),
});

/**
 * One row per firing of the ingest schedule that a process claimed (ingest-claims): every replica's
 * cron fires at the same minute, and only the one whose insert lands runs ingestion for it.
 */
export const ingestScheduleClaims = sqliteTable('ingest_schedule_claims', {
  /** The firing's minute, ISO 8601 UTC (`2026-12-04T06:30Z`). */
  firing: text('firing').primaryKey(),
  /** Which process claimed it: host and pid. */
  holder: text('holder').notNull(),
  claimedAt: text('claimed_at').notNull(),
  /** When the firing's run ended (null: not yet, or its process stopped first: another takes it over). */
  finishedAt: text('finished_at'),
});

/**
 * Platform events one process took on (chat-event-claims.ts): Discord sends every gateway event
 * to every session of the bot, so with several processes each interaction arrives at each; the
 * first to insert its row answers it, the others leave it. Pruned after a day.
 */
export const chatEventClaims = sqliteTable(
  'chat_event_claims',
  {
    platform: text('platform').notNull(),
    /** The platform's id of the event (a Discord interaction id). */
    eventId: text('event_id').notNull(),
    claimedAt: text('claimed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.eventId] }), index('chat_event_claims_claimed_at').on(t.claimedAt)],
);

/**
 * Who runs ingestion on this store now (sqlite-ingest-claims.ts): one row per lock while a process
 * holds it. SQLite has no lock that ends with its holder, so a row whose process is gone (same
 * host, no such pid) or that is older than a day is taken for abandoned. PostgreSQL uses an
 * advisory lock instead and has no such table.
 */
export const ingestLocks = sqliteTable('ingest_locks', {
  name: text('name').primaryKey(),
  /** Host and pid of the holder, as the schedule's claims name it. */
  holder: text('holder').notNull(),
  acquiredAt: text('acquired_at').notNull(),
});

export const ingestRuns = sqliteTable(
  'ingest_runs',
  {
    id: integer('id').primaryKey(),
    source: text('source').notNull(),
    startedAt: text('started_at').notNull(),
    finishedAt: text('finished_at'),
    status: text('status', { enum: ['running', 'ok', 'degraded', 'failed'] }).notNull(),
    fetched: integer('fetched').notNull().default(0),
    stored: integer('stored').notNull().default(0),
    announced: integer('announced'),
    detail: text('detail'),
  },
  (t) => [index('ingest_runs_source_idx').on(t.source, t.startedAt)],
);

export const slackInstallations = sqliteTable('slack_installations', {
  /** `E…` enterprise id for org-wide installs, else the `T…` team id. */
  installKey: text('install_key').primaryKey(),
  teamId: text('team_id'),
  enterpriseId: text('enterprise_id'),
  /** Bolt's Installation object as JSON (holds the bot token: never logged). */
  installation: text('installation').notNull(),
  installedAt: text('installed_at').notNull(),
});
