/**
 * Answers Discord interactions: `/papers <subcommand>` and `/papers-channel <subcommand>` run
 * through the command registry the same way (discord-command-split.ts says which has which),
 * buttons run or share their invocation (button-ids.ts), through the same structured dispatch.
 * Every answer starts with a deferral (the first response must come within 3 s) and is then
 * edited in; personal replies stay ephemeral. paperboy posts in a channel for a member only when
 * that member may post there themselves (discord-member-check.ts).
 * https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction
 */
import { MessageFlags, channelMention, userMention, type ButtonInteraction, type ChatInputCommandInteraction, type Interaction } from 'discord.js';
import type { ChatHost } from '../../commands/chat-host.ts';
import type { Invoker } from '../../commands/command-context.ts';
import { changesChannel, type CommandArgs } from '../../commands/command-spec.ts';
import type { Logger } from '../../core/logger.ts';
import { encodeInvocation, type Reply } from '../../core/reply.ts';
import { ALREADY_SHARED_TEXT, type ShareLedger } from '../../commands/share-ledger.ts';
import { answerAutocomplete } from './answer-autocomplete.ts';
import { isStoredButtonId, type ButtonIds } from './button-ids.ts';
import {
  DISCORD_COMMAND_NAME_CHANNEL,
  discordCommandOf,
  isDiscordCommandName,
  withDiscordCommandText,
} from './discord-command-split.ts';
import { renderDiscordMessages } from './discord-embeds.ts';
import { describeError, isExpiredInteraction } from './discord-errors.ts';
import { memberSendCheckOnce, type MemberSendCheck } from './discord-member-check.ts';
import { memberCannotPostText, sendReply, type AnsweredInteraction } from './deliver-reply.ts';
import { NO_MENTIONS, postDiscordMessages } from './discord-poster.ts';
import { invokerFromInteraction, subcommandFromOptions } from './interaction-invoker.ts';
import { GENERIC_FAILURE_TEXT } from '../../commands/dispatch.ts';
import { nextTurn } from '../event-loop-turns.ts';

export const EXPIRED_BUTTON_TEXT = 'This button has expired; run the command again.';
export const FAILED_TEXT = GENERIC_FAILURE_TEXT;
const STALE_COMMAND_TEXT =
  'paperboy does not know this command any more. A server admin can refresh the commands with `npx paperboy discord register`.';

/** A use that changes the channel, sent through `/papers` as registered before the split: servers could not limit it. */
function movedText(name: string): string {
  return (
    `On Discord, changing this channel is /${DISCORD_COMMAND_NAME_CHANNEL} ${name}, a command each server can limit in Server Settings → Integrations. ` +
    'A server admin can refresh paperboy’s commands with `npx paperboy discord register`.'
  );
}

function warning(text: string, hint?: string): Reply {
  return { blocks: [{ type: 'text', text, tone: 'warning' }, ...(hint ? [{ type: 'context' as const, items: [hint] }] : [])], visibility: 'ephemeral', failed: true };
}

export interface InteractionHandlerDeps {
  host: ChatHost;
  buttonIds: ButtonIds;
  log: Logger;
  /** Shares already posted: a second click on the same Share posts nothing. */
  shares: ShareLedger;
}

/** A reply as posted into the channel by Share: it is in the channel already, so no Share button. */
export function withoutShareButtons(reply: Reply): Reply {
  const blocks = reply.blocks
    .map((block) => (block.type === 'actions' ? { ...block, buttons: block.buttons.filter((b) => b.kind !== 'share') } : block))
    .filter((block) => block.type !== 'actions' || block.buttons.length > 0);
  return { ...reply, blocks };
}

/**
 * Why a use that changes the channel is refused for this member, or null to run it. Such a use
 * makes paperboy post in the channel (an announcement, then digests), so it needs a member who may
 * post there; and it arrives only through `/papers-channel`, whose permissions each server controls
 * (a `/papers` registered before the split could otherwise bypass them). The registry does the rest.
 */
async function refusedChange(
  interaction: AnsweredInteraction,
  invocation: { command: string; args: CommandArgs },
  host: ChatHost,
  memberSend: MemberSendCheck,
): Promise<Reply | null> {
  const spec = host.commands.find((c) => c.name === invocation.command);
  if (!spec || !changesChannel(spec, invocation.args)) return null;
  if (interaction.isChatInputCommand() && interaction.commandName !== discordCommandOf(spec, invocation.args)) return warning(movedText(spec.name));
  const missing = await memberSend();
  if (!missing) return null;
  return warning(memberCannotPostText(missing, 'changes what it posts in a channel'), 'A server admin can give you that permission in this channel’s settings.');
}

/**
 * Runs a subcommand or a run button's invocation for `invoker` (null: a command paperboy no longer
 * has), unless refusedChange refuses it, and sends the reply. The member check is asked once for
 * both steps. Returns the reply.
 */
async function runAndReply(
  interaction: AnsweredInteraction,
  invocation: { command: string; args: CommandArgs } | null,
  invoker: Invoker,
  deps: InteractionHandlerDeps,
): Promise<Reply> {
  const { host } = deps;
  const memberSend = memberSendCheckOnce(interaction, invoker.channelId);
  const refused = invocation ? await refusedChange(interaction, invocation, host, memberSend) : warning(STALE_COMMAND_TEXT);
  const reply = refused ?? (await host.dispatch(invocation!.command, invocation!.args, invoker));
  const spec = invocation && host.commands.find((c) => c.name === invocation.command);
  const changedChannel = !refused && reply.failed !== true && !!spec && changesChannel(spec, invocation.args);
  await sendReply({ interaction, invoker, host, buttonIds: deps.buttonIds, log: deps.log, memberSend, changedChannel }, reply);
  return reply;
}

async function answerChatInput(interaction: ChatInputCommandInteraction, deps: InteractionHandlerDeps): Promise<void> {
  const { log } = deps;
  const invoker = invokerFromInteraction(interaction);
  const subcommand = isDiscordCommandName(interaction.commandName) ? subcommandFromOptions(interaction.options.data) : null;
  // Defer before running anything: command handlers may block the event loop past Discord's 3 s.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  // One deferred command's work per event-loop turn, so the next interactions are read and deferred in between.
  await nextTurn();
  const reply = await runAndReply(interaction, subcommand && { command: subcommand.name, args: subcommand.args }, invoker, deps);
  log.info(
    {
      guild: invoker.workspaceId,
      channel: invoker.channelId,
      user: invoker.userId,
      command: subcommand ? `${interaction.commandName} ${subcommand.name}` : interaction.commandName,
      failed: reply.failed === true,
    },
    'answered a discord command',
  );
}

async function answerButton(interaction: ButtonInteraction, deps: InteractionHandlerDeps): Promise<void> {
  const { host, buttonIds, log } = deps;
  const action = buttonIds.decode(interaction.customId);
  if (!action) {
    await interaction.reply({ content: EXPIRED_BUTTON_TEXT, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    return;
  }
  const invoker = invokerFromInteraction(interaction);
  const { invocation } = action;
  log.info({ guild: invoker.workspaceId, channel: invoker.channelId, user: invoker.userId, button: action.kind, command: invocation.command }, 'discord button');

  if (action.kind === 'note') {
    // Feedback on a paper: always a new ephemeral reply, so the results or digest clicked on stay as they were.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    await nextTurn();
    await runAndReply(interaction, invocation, invoker, deps);
    return;
  }

  if (action.kind === 'run') {
    // On the asker's own ephemeral reply the new result replaces it; on a public message
    // (a digest, a shared result) it comes as a new ephemeral reply, leaving the post alone.
    if (interaction.message.flags.has(MessageFlags.Ephemeral)) await interaction.deferUpdate();
    else await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    await nextTurn();
    await runAndReply(interaction, invocation, invoker, deps);
    return;
  }

  // One share per person, message and command: a second click (or a retried one) posts nothing.
  const key = {
    platform: 'discord',
    workspaceId: invoker.workspaceId,
    channelId: invoker.channelId,
    sourceMessageId: interaction.message.id,
    userId: invoker.userId,
    command: encodeInvocation(invocation),
  } as const;
  if (!deps.shares.claim(key)) {
    await interaction.reply({ content: ALREADY_SHARED_TEXT, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    return;
  }
  let posted = false;
  try {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    // Sharing is paperboy posting in the channel for this member: only for one who may post there.
    const memberSend = memberSendCheckOnce(interaction, invoker.channelId);
    const missing = await memberSend();
    if (missing) {
      const content = memberCannotPostText(missing, 'shares into a channel');
      await interaction.editReply({ content, embeds: [], components: [], allowedMentions: NO_MENTIONS });
      log.info({ guild: invoker.workspaceId, channel: invoker.channelId, user: invoker.userId, missing }, 'discord share refused: the member may not post in the channel');
      return;
    }
    const reply = await host.dispatch(invocation.command, invocation.args, invoker);
    if (reply.failed) {
      await sendReply({ interaction, invoker, host, buttonIds, log, memberSend, changedChannel: false }, reply);
      return;
    }
    const messages = renderDiscordMessages(withDiscordCommandText(withoutShareButtons(reply), host.commands), { buttonIds, leadContent: `Shared by ${userMention(invoker.userId)}` });
    const result = await postDiscordMessages(interaction.client.rest, invoker.channelId, messages, `share:${interaction.id}`);
    posted = result.status === 'sent';
    const note =
      result.status === 'sent'
        ? `Shared in ${channelMention(invoker.channelId)}.`
        : `paperboy could not post in this channel: ${result.reason}. A server admin can give it View Channel, Send Messages and Embed Links here.`;
    await interaction.editReply({ content: note, embeds: [], components: [], allowedMentions: NO_MENTIONS });
  } finally {
    // Not posted: the person may try again.
    if (!posted) deps.shares.release(key);
  }
}

/**
 * An expired interaction can no longer be answered, so it gets a log line; any other failure is
 * logged and the user told, when the interaction still allows it.
 */
async function reportFailure(interaction: Interaction, error: unknown, log: Logger): Promise<void> {
  const where = { interaction: interaction.id, guild: interaction.guildId, channel: interaction.channelId, user: interaction.user.id };
  if (isExpiredInteraction(error)) {
    log.warn({ ...where, ...describeError(error) }, 'the discord interaction expired before paperboy answered it');
    return;
  }
  log.error({ ...where, ...describeError(error) }, 'discord interaction failed');
  if (!interaction.isRepliable()) return;
  try {
    const payload = { content: FAILED_TEXT, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS } as const;
    if (interaction.deferred || interaction.replied) await interaction.followUp(payload);
    else await interaction.reply(payload);
  } catch (second) {
    log.warn({ ...where, ...describeError(second) }, 'could not tell the user that the discord interaction failed');
  }
}

/**
 * How long a process that does not know a stored button's id lets the one that made it claim the
 * click first; well inside the 3 s Discord gives an interaction's first answer
 * (https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction).
 */
export const UNKNOWN_BUTTON_CLAIM_DELAY_MS = 750;

/**
 * Whether this process answers the interaction. Every replica's gateway session receives every
 * interaction (core/chat-event-claims.ts): the first to claim it in the store answers, the others
 * leave it, so a command runs once. A button whose long id only its maker's memory holds
 * (button-ids.ts) is left to the maker first: another process would only answer that it expired.
 */
async function claimInteraction(interaction: Interaction, deps: InteractionHandlerDeps): Promise<boolean> {
  if (interaction.isButton() && isStoredButtonId(interaction.customId) && deps.buttonIds.decode(interaction.customId) === null) {
    await new Promise((resolve) => setTimeout(resolve, UNKNOWN_BUTTON_CLAIM_DELAY_MS));
  }
  return deps.host.claimEvent('discord', interaction.id);
}

/** The interactionCreate listener. Its promise never rejects. */
export function createInteractionHandler(deps: InteractionHandlerDeps): (interaction: Interaction) => Promise<void> {
  return async (interaction) => {
    try {
      if (!(await claimInteraction(interaction, deps))) {
        deps.log.debug({ interaction: interaction.id }, 'another paperboy process answers this interaction');
        return;
      }
      if (interaction.isChatInputCommand()) await answerChatInput(interaction, deps);
      else if (interaction.isButton()) await answerButton(interaction, deps);
      else if (interaction.isAutocomplete()) await answerAutocomplete(interaction, deps.host, deps.log);
    } catch (error) {
      await reportFailure(interaction, error, deps.log);
    }
  };
}
