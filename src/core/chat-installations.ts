/**
 * Where a chat platform's OAuth installations are kept (Slack's multi-workspace mode): one record
 * per install key, a workspace or, for an org-wide install, the Enterprise Grid org. The platform's
 * installation object is stored as it is; it holds the bot token and is never logged.
 */
import type { Awaitable } from './awaitable.ts';

export interface ChatInstallation {
  /** The workspace id, or the org's enterprise id for an org-wide install. */
  key: string;
  teamId: string | null;
  enterpriseId: string | null;
  /** The platform's installation object (JSON-serialisable). */
  installation: unknown;
}

export interface ChatInstallationStore {
  /** Adds or replaces the installation under its key, stamped with the current time. */
  save(record: ChatInstallation): Awaitable<void>;
  /** The installation object under `key`, or null when there is none. */
  find(key: string): Awaitable<unknown>;
  remove(key: string): Awaitable<void>;
  /** The installation objects of org-wide installs (keyed by their enterprise id), oldest first. */
  orgWide(): Awaitable<unknown[]>;
}
