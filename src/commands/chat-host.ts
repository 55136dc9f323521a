/**
 * The one thing a chat adapter (Slack, Discord) is handed: what it may call on paperboy. The
 * adapter turns platform input into these calls and renders what comes back; it never sees the
 * store, the services or the rest of the configuration. Built by the composition root (app.ts).
 */
import type { Awaitable } from '../core/awaitable.ts';
import type { ChatInstallationStore } from '../core/chat-installations.ts';
import type { ChannelPauser, ChannelRef, ChatPlatform } from '../core/delivery-ports.ts';
import type { Logger } from '../core/logger.ts';
import type { Clock } from '../core/ports.ts';
import type { Invocation, Reply } from '../core/reply.ts';
import type { CommandContext, Invoker } from './command-context.ts';
import type { CommandRegistry } from './command-registry.ts';
import type { CommandArgs, CommandSpec, OptionSuggestion, TextOption } from './command-spec.ts';
import { dispatchInvocation, dispatchStructured, dispatchText } from './dispatch.ts';
import { listWorkspaceChannels, type WorkspaceChannel } from './workspace-channels.ts';

/** The store's answer to a health probe: usable, or a short problem code (the details stay in the store's log). */
export type StoreHealth = { ok: true } | { ok: false; problem: string };

export interface ChatHost {
  /** Every command, in help order: for the Slack manifest and the Discord application commands. */
  readonly commands: readonly CommandSpec[];
  /**
   * Runs what `invoker` typed (a `/papers …` line) or clicked (a button's Invocation, run through
   * structured dispatch: never turned back into text). Never throws.
   */
  run(input: string | Invocation, invoker: Invoker): Promise<Reply>;
  /** Runs a command with structured options (Discord), validated by the same rules as text. Never throws. */
  dispatch(name: string, args: CommandArgs, invoker: Invoker): Promise<Reply>;
  /**
   * What to offer `invoker` while they type `option` of `command` (the option's `suggest`), best
   * first; none for an option without suggestions. Never throws: a failure is logged and offers none.
   */
  complete(command: string, option: string, typed: string, invoker: Invoker): Promise<readonly OptionSuggestion[]>;
  /**
   * The channels of the invoker's workspace that follow something, with their subscriptions,
   * schedule and pause state (Slack's App Home). Throws only when the store fails.
   */
  workspaceChannels(invoker: Invoker): Promise<WorkspaceChannel[]>;
  /**
   * The ids of the papers a message paperboy posted shows (a digest message, or one recorded with
   * recordPostedPapers), by the platform's reference for it (a Slack `ts`); empty for any other
   * message. Throws only when the store fails.
   */
  papersInMessage(channel: ChannelRef, messageRef: string): Awaitable<string[]>;
  /**
   * Records that the message `messageRef` the adapter just posted in `channel` shows `paperIds`,
   * so that papersInMessage knows it without asking the platform. Throws only when the store fails.
   */
  recordPostedPapers(channel: ChannelRef, messageRef: string, paperIds: readonly string[]): Awaitable<void>;
  /**
   * Takes a platform event on for this process: true for exactly one process on the store
   * (core/chat-event-claims.ts). Discord's gateway gives every replica every interaction; only the
   * claimer answers it.
   */
  claimEvent(platform: ChatPlatform, eventId: string): Awaitable<boolean>;
  /** Pauses the digests of channels and workspaces paperboy can no longer post to. */
  readonly pauser: ChannelPauser;
  /** OAuth installations (Slack's multi-workspace mode). */
  readonly installations: ChatInstallationStore;
  readonly clock: Clock;
  readonly log: Logger;
  /** Whether the store answers, for a health endpoint: cheap enough for every request, never throws. */
  checkStore(): StoreHealth;
}

export interface ChatHostParts extends Omit<ChatHost, 'commands' | 'run' | 'dispatch' | 'complete' | 'workspaceChannels'> {
  registry: CommandRegistry;
  contextFor(invoker: Invoker): CommandContext;
}

/** A host whose commands run through `registry`. */
export function createChatHost(parts: ChatHostParts): ChatHost {
  const { registry, contextFor, ...rest } = parts;
  return {
    ...rest,
    commands: registry.commands,
    run: (input, invoker) =>
      typeof input === 'string' ? dispatchText(registry, input, contextFor(invoker)) : dispatchInvocation(registry, input, contextFor(invoker)),
    dispatch: (name, args, invoker) => dispatchStructured(registry, name, args, contextFor(invoker)),
    workspaceChannels: (invoker) => listWorkspaceChannels(contextFor(invoker)),
    async complete(command, option, typed, invoker) {
      const spec = registry.commands.find((c) => c.name === command);
      const suggest = spec?.options.find((o): o is TextOption => o.name === option && o.type === 'text')?.suggest;
      if (!suggest) return [];
      try {
        return await suggest(contextFor(invoker), typed);
      } catch (err) {
        // Suggestions are a convenience: the person can still type the value and run the command.
        rest.log.error({ err, command, option }, 'could not suggest values for an option');
        return [];
      }
    },
  };
}

/**
 * What a chat adapter is started with: the host it calls and the slice of the configuration it
 * reads (its own variables). The composition root passes `{ host: app.host, config: app.config }`.
 */
export interface ChatAdapterInput<Config, Host = ChatHost> {
  host: Host;
  config: Config;
}
