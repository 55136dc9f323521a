/**
 * Answers Discord interactions: `/papers <subcommand>` runs through the command registry,
 * buttons run or share their invocation (button-ids.ts), through the same structured dispatch. Every answer starts with a deferral (the first response
 * must come within 3 s) and is then edited in; personal replies stay ephemeral.
 * https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction
 */
import { MessageFlags, channelMention, userMention, type ButtonInteraction, type ChatInputCommandInteraction, type Interaction } from 'discord.js';
import type { ChatHost } from '../../commands/chat-host.ts';
import type { Logger } from '../../core/logger.ts';
import { encodeInvocation, type Reply } from '../../core/reply.ts';
import { ALREADY_SHARED_TEXT, type ShareLedger } from '../slack/share-ledger.ts';
import { DISCORD_COMMAND_NAME_PAPERS } from './application-commands.ts';
import type { ButtonIds } from './button-ids.ts';
import { renderDiscordMessages } from './discord-embeds.ts';
import { describeError, isExpiredInteraction } from './discord-errors.ts';
import { NO_MENTIONS, postDiscordMessages } from './discord-poster.ts';
import { invokerFromInteraction, subcommandFromOptions } from './interaction-invoker.ts';

export const EXPIRED_BUTTON_TEXT = 'This button has expired; run the command again.';
export const POSTED_BELOW_TEXT = 'Posted in the channel below.';
export const FAILED_TEXT = 'Sorry, something went wrong on paperboy’s side. Please try again in a moment.';
const STALE_COMMAND_TEXT =
  'paperboy does not know this command any more. A server admin can refresh the commands with `npx paperboy discord register`.';

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

type AnsweredInteraction = ChatInputCommandInteraction | ButtonInteraction;

/**
 * Edits a reply into a deferred interaction. An ephemeral reply replaces the deferred message,
 * continuing in ephemeral follow-ups; a channel reply is posted as public follow-ups after the
 * deferred message is resolved (the first follow-up of an unresolved deferral would inherit
 * its ephemeral flag).
 */
async function sendReply(interaction: AnsweredInteraction, reply: Reply, deps: InteractionHandlerDeps): Promise<void> {
  const messages = renderDiscordMessages(reply, { buttonIds: deps.buttonIds });
  if (reply.visibility === 'channel') {
    await interaction.editReply({ content: POSTED_BELOW_TEXT, embeds: [], components: [], allowedMentions: NO_MENTIONS });
    for (const message of messages) await interaction.followUp({ ...message, allowedMentions: NO_MENTIONS });
    return;
  }
  const [first, ...rest] = messages;
  await interaction.editReply({ ...first!, content: first!.content ?? '', allowedMentions: NO_MENTIONS });
  for (const message of rest) await interaction.followUp({ ...message, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
}

async function answerChatInput(interaction: ChatInputCommandInteraction, deps: InteractionHandlerDeps): Promise<void> {
  const { host, log } = deps;
  const invoker = invokerFromInteraction(interaction);
  const subcommand = interaction.commandName === DISCORD_COMMAND_NAME_PAPERS ? subcommandFromOptions(interaction.options.data) : null;
  // Defer before running anything: command handlers may block the event loop past Discord's 3 s.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const reply: Reply = subcommand
    ? await host.dispatch(subcommand.name, subcommand.args, invoker)
    : { blocks: [{ type: 'text', text: STALE_COMMAND_TEXT, tone: 'warning' }], visibility: 'ephemeral', failed: true };
  await sendReply(interaction, reply, deps);
  log.info(
    { guild: invoker.workspaceId, channel: invoker.channelId, user: invoker.userId, command: subcommand?.name ?? interaction.commandName, failed: reply.failed === true },
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

  if (action.kind === 'run') {
    // On the asker's own ephemeral reply the new result replaces it; on a public message
    // (a digest, a shared result) it comes as a new ephemeral reply, leaving the post alone.
    if (interaction.message.flags.has(MessageFlags.Ephemeral)) await interaction.deferUpdate();
    else await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    await sendReply(interaction, await host.dispatch(invocation.command, invocation.args, invoker), deps);
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
    const reply = await host.dispatch(invocation.command, invocation.args, invoker);
    if (reply.failed) {
      await sendReply(interaction, reply, deps);
      return;
    }
    const messages = renderDiscordMessages(withoutShareButtons(reply), { buttonIds, leadContent: `Shared by ${userMention(invoker.userId)}` });
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

/** The interactionCreate listener. Its promise never rejects. */
export function createInteractionHandler(deps: InteractionHandlerDeps): (interaction: Interaction) => Promise<void> {
  return async (interaction) => {
    try {
      if (interaction.isChatInputCommand()) await answerChatInput(interaction, deps);
      else if (interaction.isButton()) await answerButton(interaction, deps);
    } catch (error) {
      await reportFailure(interaction, error, deps.log);
    }
  };
}
