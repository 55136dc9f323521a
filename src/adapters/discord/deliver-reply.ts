/**
 * Puts a command's reply into its deferred interaction. A personal reply replaces the deferred
 * (ephemeral) message, continuing in ephemeral follow-ups. A channel reply (an announcement such
 * as “Subscribed this channel to …”) is posted as public follow-ups once the deferred message says
 * so: the first follow-up of an unresolved deferral would inherit its ephemeral flag.
 *
 * Two ways the channel reply can fail after the command did its work, each told as it is:
 * - the announcement alone is refused (AutoMod, a permission, a rate limit): the member is told
 *   privately that the change is stored, why the announcement is missing, and the fix;
 * - the interaction token is dead (15 minutes, see isDeadInteractionToken): nothing more is sent
 *   on it, and the announcement, meant for the channel anyway, is posted as paperboy's own message
 *   when Discord lets paperboy post there; a personal reply is dropped (it must not go public).
 * https://discord.com/developers/docs/interactions/receiving-and-responding#followup-messages
 */
import { DiscordAPIError, MessageFlags, userMention, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { Invoker } from '../../commands/command-context.ts';
import { commandLine } from '../../core/command-name.ts';
import type { Logger } from '../../core/logger.ts';
import type { Reply } from '../../core/reply.ts';
import type { ButtonIds } from './button-ids.ts';
import { discordCommandText, withDiscordCommandText } from './discord-command-split.ts';
import { renderDiscordMessages, type DiscordMessage } from './discord-embeds.ts';
import { channelGoneReason, describeError, isDeadInteractionToken } from './discord-errors.ts';
import type { MemberSendCheck } from './discord-member-check.ts';
import { NO_MENTIONS, postDiscordMessages } from './discord-poster.ts';
import { discordErrorFix } from './discord-post-errors.ts';
import type { ChatHost } from '../../commands/chat-host.ts';

export const POSTED_BELOW_TEXT = 'Posted in the channel below.';

export type AnsweredInteraction = ChatInputCommandInteraction | ButtonInteraction;

/** Why paperboy will not post in the channel for this member: `missing` is the permission they lack there. */
export function memberCannotPostText(missing: string, what: string): string {
  return `paperboy ${what} only for members who may post in this channel, and you lack the ${missing} permission here.`;
}

export interface ReplyDelivery {
  interaction: AnsweredInteraction;
  invoker: Invoker;
  host: ChatHost;
  buttonIds: ButtonIds;
  log: Logger;
  /** This interaction's member check (asked once per interaction). */
  memberSend: MemberSendCheck;
  /** Whether the command changed the channel (then a lost announcement still means a stored change). */
  changedChannel: boolean;
}

/**
 * What the member reads privately when the change is stored but its announcement was refused:
 * why (the channel errors' reason where one is known, else Discord's own words and code) and the
 * fix from the one table of Discord error codes (discord-post-errors.ts) where it has one.
 */
export function announcementFailedText(error: unknown, changedChannel: boolean): string {
  const code = error instanceof DiscordAPIError ? Number(error.code) : null;
  const why =
    channelGoneReason(error) ??
    (error instanceof DiscordAPIError ? `Discord refused it: ${error.message} (code ${error.code})` : `Discord did not confirm it (${String(describeError(error)['message'] ?? 'no answer')})`);
  const fix = (code !== null ? discordErrorFix(code) : null) ?? 'If the announcement matters, tell the channel yourself';
  const done = changedChannel ? `Done, and stored: nothing needs to be run again (${commandLine('list')} shows what this channel follows).` : 'Only you can see this answer.';
  return `The announcement could not be posted in the channel: ${why}. ${done} ${fix}.`;
}

/** The channel reply as paperboy's own post, after the token died: attributed, since no “used /command” header comes with it. */
async function postWithoutToken(delivery: ReplyDelivery, messages: DiscordMessage[]): Promise<void> {
  const { interaction, invoker, log } = delivery;
  const used = interaction.isChatInputCommand() ? `/${[interaction.commandName, interaction.options.getSubcommand(false)].filter(Boolean).join(' ')}` : 'a button';
  const lead = `For ${userMention(invoker.userId)}, who used ${used}:`;
  const [first, ...rest] = messages;
  if (!first) return;
  const result = await postDiscordMessages(interaction.client.rest, invoker.channelId, [{ ...first, content: first.content ? `${lead}\n${first.content}` : lead }, ...rest], `late:${interaction.id}`);
  const where = { interaction: interaction.id, guild: interaction.guildId, channel: invoker.channelId, user: invoker.userId };
  if (result.status === 'sent') log.info(where, 'the discord interaction token had expired; posted the channel reply as a message of its own');
  else log.warn({ ...where, reason: result.reason }, 'the discord interaction token had expired and paperboy may not post in the channel; the channel reply was not posted');
}

async function deliverToChannel(delivery: ReplyDelivery, messages: DiscordMessage[]): Promise<void> {
  const { interaction, log } = delivery;
  let pointedBelow = false;
  let sent = 0;
  try {
    await interaction.editReply({ content: POSTED_BELOW_TEXT, embeds: [], components: [], allowedMentions: NO_MENTIONS });
    pointedBelow = true;
    for (const message of messages) {
      await interaction.followUp({ ...message, allowedMentions: NO_MENTIONS });
      sent++;
    }
  } catch (error) {
    if (isDeadInteractionToken(error)) {
      await postWithoutToken(delivery, messages.slice(sent));
      return;
    }
    // Until the deferred message points below, a failure is one of the answer itself (dispatched as such).
    if (!pointedBelow) throw error;
    log.warn({ interaction: interaction.id, guild: interaction.guildId, channel: delivery.invoker.channelId, ...describeError(error) }, 'the public announcement of a discord command failed');
    const note = discordCommandText(announcementFailedText(error, delivery.changedChannel), delivery.host.commands);
    await interaction.editReply({ content: note, embeds: messages[0]?.embeds ?? [], components: [], allowedMentions: NO_MENTIONS });
  }
}

/** Sends `given` as the answer to the delivery's interaction. Throws when even the private answer fails. */
export async function sendReply(delivery: ReplyDelivery, given: Reply): Promise<void> {
  const { interaction, host, buttonIds, memberSend } = delivery;
  let reply = withDiscordCommandText(given, host.commands);
  if (reply.visibility === 'channel') {
    // A channel-visible reply is paperboy speaking in the channel for this member.
    const missing = await memberSend();
    if (missing) {
      const note = memberCannotPostText(missing, 'posts replies in the channel');
      reply = { ...reply, visibility: 'ephemeral', blocks: [...reply.blocks, { type: 'context', items: [`Only you can see this: ${note}`] }] };
    }
  }
  const messages = renderDiscordMessages(reply, { buttonIds });
  if (reply.visibility === 'channel') {
    await deliverToChannel(delivery, messages);
    return;
  }
  const [first, ...rest] = messages;
  // A reply's file (an export) is attached to the private answer itself, for this member alone.
  const files = given.file ? { files: [{ attachment: Buffer.from(given.file.content, 'utf8'), name: given.file.name }] } : {};
  await interaction.editReply({ ...first!, content: first!.content ?? '', ...files, allowedMentions: NO_MENTIONS });
  for (const message of rest) await interaction.followUp({ ...message, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
}
