import type { Logger } from '../core/logger.ts';
import type { Clock } from '../core/ports.ts';
import type { CommandServices } from './command-services.ts';
import type { CommandSpec } from './command-spec.ts';

/** Who ran a command, and where. */
export interface Invoker {
  platform: 'slack' | 'discord' | 'console';
  /** Slack team id, Discord guild id, or `console`. */
  workspaceId: string;
  channelId: string;
  userId: string;
  userName: string | null;
  /** Workspace admin (Slack admin/owner, Discord Manage Server / Manage Channels). */
  isAdmin: boolean;
}

export interface CommandContext {
  invoker: Invoker;
  services: CommandServices;
  clock: Clock;
  log: Logger;
  /** Every command, for help. */
  commands: readonly CommandSpec[];
}
