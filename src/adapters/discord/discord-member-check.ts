/**
 * “May paperboy post here for this member?” Before paperboy posts in a channel on someone's behalf
 * (Share, a command's public announcement, a change that brings digests into the channel), the
 * member's own permissions in that channel must let them post there: Send Messages, or Send
 * Messages in Threads in a thread (https://discord.com/developers/docs/topics/threads#permissions).
 * Otherwise a member who may only read a channel could make the bot speak in it. Discord sends
 * the member's permissions in the channel, overwrites included, with every interaction
 * (`member.permissions`, discord.js `memberPermissions`), so the check costs no request, except to
 * learn whether an uncached channel is a thread when that decides the answer.
 * https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object
 */
import { PermissionFlagsBits, type BaseInteraction } from 'discord.js';
import { threadOrProblem } from './discord-posting-check.ts';

const SEND_MESSAGES = 'Send Messages';
const SEND_MESSAGES_IN_THREADS = 'Send Messages in Threads';

/** Whether the channel is a thread; null when Discord could not tell. */
async function isThread(interaction: BaseInteraction, channelId: string): Promise<boolean | null> {
  try {
    const answer = await threadOrProblem(interaction, channelId);
    return typeof answer === 'boolean' ? answer : null;
  } catch {
    return null;
  }
}

/**
 * The send permission the member lacks in the interaction's channel (`Send Messages`, or `Send
 * Messages in Threads` in a thread), or null when they may post there. In a DM with the bot, the
 * only other place paperboy's commands run, the user is alone with the bot: null.
 */
export async function missingMemberSendPermission(interaction: BaseInteraction, channelId: string): Promise<string | null> {
  if (!interaction.inGuild()) return null;
  const permissions = interaction.memberPermissions;
  // `has` counts Administrator as every permission, as Discord does.
  const canSend = permissions?.has(PermissionFlagsBits.SendMessages) === true;
  const canSendInThreads = permissions?.has(PermissionFlagsBits.SendMessagesInThreads) === true;
  if (canSend && canSendInThreads) return null;
  const thread = await isThread(interaction, channelId);
  if (thread === true) return canSendInThreads ? null : SEND_MESSAGES_IN_THREADS;
  if (thread === false) return canSend ? null : SEND_MESSAGES;
  // Discord could not say what the channel is: only a member with neither permission is sure to lack one.
  return `${SEND_MESSAGES} (${SEND_MESSAGES_IN_THREADS} in a thread)`;
}

/** The member's missing send permission in the interaction's channel, asked at most once. */
export type MemberSendCheck = () => Promise<string | null>;

/**
 * One interaction's member check, asked once however many steps need it (refusing a change, then
 * posting its announcement): each ask may cost a GET /channels for an uncached channel.
 */
export function memberSendCheckOnce(interaction: BaseInteraction, channelId: string): MemberSendCheck {
  let answer: Promise<string | null> | null = null;
  return () => (answer ??= missingMemberSendPermission(interaction, channelId));
}
