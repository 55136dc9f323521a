/**
 * “Can paperboy post here?” for Discord, asked before `/papers subscribe` and friends store anything.
 * Every interaction carries `app_permissions`, what the bot may do in the interaction's channel
 * (https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object),
 * so the check costs no request, except to learn whether an uncached channel is a thread when
 * that decides the answer.
 */
import { ChannelType, DiscordAPIError, PermissionFlagsBits, RESTJSONErrorCodes, Routes, type BaseInteraction } from 'discord.js';
import type { PostingProblem } from '../../commands/command-context.ts';

interface NeededPermission {
  name: string;
  flag: bigint;
}

const VIEW_CHANNEL: NeededPermission = { name: 'View Channel', flag: PermissionFlagsBits.ViewChannel };
const SEND_MESSAGES: NeededPermission = { name: 'Send Messages', flag: PermissionFlagsBits.SendMessages };
/** Threads take this one instead of Send Messages (https://discord.com/developers/docs/topics/threads#permissions). */
const SEND_MESSAGES_IN_THREADS: NeededPermission = { name: 'Send Messages in Threads', flag: PermissionFlagsBits.SendMessagesInThreads };
const EMBED_LINKS: NeededPermission = { name: 'Embed Links', flag: PermissionFlagsBits.EmbedLinks };
/** A digest is found again after a crash by reading the channel's recent messages. */
const READ_MESSAGE_HISTORY: NeededPermission = { name: 'Read Message History', flag: PermissionFlagsBits.ReadMessageHistory };

const THREAD_TYPES: ReadonlySet<number> = new Set([ChannelType.AnnouncementThread, ChannelType.PublicThread, ChannelType.PrivateThread]);

/** A check that could not tell: the caller logs it and lets the command go ahead. */
export class DiscordPostingCheckUnavailable extends Error {
  constructor(error: unknown) {
    const detail = error instanceof DiscordAPIError ? `${error.status} ${error.code} ${error.message}` : error instanceof Error ? error.message : String(error);
    super(`discord GET /channels failed: ${detail}`);
    this.name = 'DiscordPostingCheckUnavailable';
  }
}

/** “A, B and C”. */
function listOf(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
}

/**
 * Whether the channel is a thread, from the cache (the Guilds intent keeps the threads paperboy
 * can see) or else from Discord; a problem when Discord will not show paperboy the channel at all.
 * Throws DiscordPostingCheckUnavailable when Discord could not tell.
 */
export async function threadOrProblem(interaction: BaseInteraction, channelId: string): Promise<boolean | PostingProblem> {
  const cached = interaction.client.channels.cache.get(channelId);
  if (cached) return cached.isThread();
  try {
    const raw = (await interaction.client.rest.get(Routes.channel(channelId))) as { type?: number };
    return raw.type !== undefined && THREAD_TYPES.has(raw.type);
  } catch (error) {
    if (error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.MissingAccess || error.code === RESTJSONErrorCodes.UnknownChannel)) {
      return {
        reason: 'Discord does not let paperboy see this channel (a private thread it was not added to, or a channel it may not view)',
        fix: 'In a private thread, add paperboy by mentioning @paperboy in it; elsewhere a server admin can give paperboy View Channel in this channel’s settings',
      };
    }
    throw new DiscordPostingCheckUnavailable(error);
  }
}

/**
 * Whether paperboy can post digests in the interaction's channel and read them back: View Channel,
 * Send Messages (Send Messages in Threads in a thread), Embed Links and Read Message History.
 * Null when it can. In a DM with the bot (the only other place /papers runs) it always can.
 */
export async function checkDiscordPosting(interaction: BaseInteraction, channelId: string): Promise<PostingProblem | null> {
  if (!interaction.inGuild()) return null;
  // `has` counts Administrator as every permission, as Discord does.
  const granted = (permission: NeededPermission) => interaction.appPermissions.has(permission.flag);
  const canSend = granted(SEND_MESSAGES);
  const canSendInThreads = granted(SEND_MESSAGES_IN_THREADS);
  // Whether this is a thread matters only when the two send permissions differ, or to name the
  // missing one when both are: a channel with both needs no lookup.
  let thread: boolean | null = null;
  if (!canSend || !canSendInThreads) {
    try {
      const answer = await threadOrProblem(interaction, channelId);
      if (typeof answer !== 'boolean') return answer;
      thread = answer;
    } catch (error) {
      // Without both send permissions paperboy cannot post, thread or not; otherwise nobody can tell.
      if (canSend || canSendInThreads) throw error;
    }
  }
  const send = thread === null ? { name: 'Send Messages (Send Messages in Threads in a thread)', flag: SEND_MESSAGES.flag } : thread ? SEND_MESSAGES_IN_THREADS : SEND_MESSAGES;
  const needed = [VIEW_CHANNEL, send, EMBED_LINKS, READ_MESSAGE_HISTORY];
  const missing = needed.filter((permission) => !granted(permission)).map((permission) => permission.name);
  if (missing.length === 0) return null;
  const where = thread ? 'this thread’s parent channel’s settings' : 'this channel’s settings';
  return {
    reason: `paperboy lacks the ${listOf(missing)} permission${missing.length > 1 ? 's' : ''} ${thread ? 'in this thread' : 'here'}`,
    fix: `A server admin can give paperboy ${listOf(missing)} in ${where} (Edit Channel → Permissions)`,
  };
}
