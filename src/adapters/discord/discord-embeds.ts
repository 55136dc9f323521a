/**
 * The neutral Reply rendered as Discord messages: one embed per paper (linked title, author
 * line, snippet, fields, footer), the other blocks gathered into plain embeds, buttons in
 * action rows. Whatever does not fit one message's limits continues in the next message, so
 * Discord never rejects a reply for its size.
 */
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponentWithCustomId, type APIEmbed } from 'discord.js';
import { type Block, type Button, type Reply } from '../../core/reply.ts';
import type { ButtonIds } from './button-ids.ts';
import {
  DISCORD_MAX_BUTTON_LABEL,
  DISCORD_MAX_BUTTONS_PER_ROW,
  DISCORD_MAX_CONTENT,
  DISCORD_MAX_EMBED_CHARS_PER_MESSAGE,
  DISCORD_MAX_EMBEDS_PER_MESSAGE,
  DISCORD_MAX_ROWS_PER_MESSAGE,
} from './discord-limits.ts';
import { escapeOutsideText, fitPlain, fitText } from './discord-text.ts';
import { embedChars } from './embed-parts.ts';
import { createNoteCollector } from './note-embeds.ts';
import { paperEmbed } from './paper-embed.ts';

/** One message's worth of a reply, in Discord API shape (snake_case), ready to send. */
export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponentWithCustomId>[];
}

export interface RenderDiscordOptions {
  buttonIds: ButtonIds;
  /** Trusted text shown above the first message ("Shared by <@123>"); not escaped. */
  leadContent?: string;
}

const EMPTY_REPLY_CONTENT = 'Done.';

type Piece = { kind: 'embed'; embed: APIEmbed; paperId?: string } | { kind: 'button'; button: Button; rank: number | undefined };

const italic = (piece: string) => `*${piece}*`;

function replyPieces(reply: Reply): Piece[] {
  const pieces: Piece[] = [];
  const notes = createNoteCollector(reply.failed === true, (embed) => pieces.push({ kind: 'embed', embed }));
  let rankOfPaperAbove: number | undefined;
  for (const block of reply.blocks as Block[]) {
    switch (block.type) {
      case 'header':
        notes.header(block.text);
        break;
      case 'text': {
        const text = escapeOutsideText(block.text);
        if (block.tone === 'warning') notes.paragraph(`⚠️ ${text}`, undefined, true);
        else if (block.tone === 'muted') notes.paragraph(text, italic);
        else notes.paragraph(text);
        break;
      }
      case 'context':
        if (block.items.length > 0) notes.paragraph(block.items.map(escapeOutsideText).join(' · '), italic);
        break;
      case 'fields':
        for (const field of block.fields) notes.field(field.label, field.value);
        break;
      case 'paper':
        notes.flush();
        pieces.push({ kind: 'embed', embed: paperEmbed(block.paper, block.rank), paperId: block.paper.id });
        // 👍, 👎, Save right after the paper, numbered like its "More like this" to say which paper they rate.
        for (const button of block.paper.feedback ?? []) pieces.push({ kind: 'button', button, rank: block.rank });
        break;
      case 'actions':
        notes.flush();
        // Dispatch gives every button an invocation; a command line alone is never sent to Discord.
        for (const button of block.buttons) pieces.push({ kind: 'button', button, rank: rankOfPaperAbove });
        break;
      case 'divider':
        notes.flush();
        break;
    }
    rankOfPaperAbove = block.type === 'paper' ? block.rank : undefined;
  }
  notes.flush();
  return pieces;
}

const BUTTON_STYLE: Record<NonNullable<Button['style']> | 'default', APIButtonComponentWithCustomId['style']> = {
  primary: ButtonStyle.Primary,
  danger: ButtonStyle.Danger,
  default: ButtonStyle.Secondary,
};

function buttonComponent(button: Button, rank: number | undefined, buttonIds: ButtonIds, slot: number): APIButtonComponentWithCustomId {
  // Several papers each have a "More like this" button; the rank says which paper it belongs to.
  const label = rank === undefined ? button.label : `${rank}. ${button.label}`;
  return {
    type: ComponentType.Button,
    style: BUTTON_STYLE[button.style ?? 'default'],
    label: fitPlain(label, DISCORD_MAX_BUTTON_LABEL),
    custom_id: buttonIds.encode({ kind: button.kind, invocation: button.invocation }, slot),
  };
}

function rowsOf(buttons: APIButtonComponentWithCustomId[]): APIActionRowComponent<APIButtonComponentWithCustomId>[] {
  const rows: APIActionRowComponent<APIButtonComponentWithCustomId>[] = [];
  for (let i = 0; i < buttons.length; i += DISCORD_MAX_BUTTONS_PER_ROW) {
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + DISCORD_MAX_BUTTONS_PER_ROW) });
  }
  return rows;
}

const MAX_BUTTONS_PER_MESSAGE = DISCORD_MAX_BUTTONS_PER_ROW * DISCORD_MAX_ROWS_PER_MESSAGE;

/** How many button pieces follow the piece at `at` before the next embed. */
function buttonsFollowing(pieces: readonly Piece[], at: number): number {
  let count = 0;
  for (let i = at + 1; i < pieces.length && pieces[i]!.kind === 'button'; i++) count++;
  return count;
}

/** Renders a reply as one or more Discord messages, each within every Discord limit. */
export function renderDiscordMessages(reply: Reply, options: RenderDiscordOptions): DiscordMessage[] {
  return renderDiscordMessagesWithPapers(reply, options).map((m) => m.message);
}

/** The same messages, each with the ids of the papers it shows (a digest records each message's papers). */
export function renderDiscordMessagesWithPapers(reply: Reply, options: RenderDiscordOptions): Array<{ message: DiscordMessage; paperIds: string[] }> {
  const messages: Array<{ message: DiscordMessage; paperIds: string[] }> = [];
  let embeds: APIEmbed[] = [];
  let buttons: APIButtonComponentWithCustomId[] = [];
  let paperIds: string[] = [];
  let chars = 0;
  const finish = () => {
    if (embeds.length === 0 && buttons.length === 0) return;
    messages.push({ message: { embeds, components: rowsOf(buttons) }, paperIds });
    embeds = [];
    buttons = [];
    paperIds = [];
    chars = 0;
  };
  const pieces = replyPieces(reply);
  pieces.forEach((piece, at) => {
    if (piece.kind === 'embed') {
      const size = embedChars(piece.embed);
      // A paper's buttons (👍, 👎, Save, More like this) stay in the message that shows the paper.
      const buttonsAfter = piece.paperId === undefined ? 0 : buttonsFollowing(pieces, at);
      const noRoomForButtons = buttons.length > 0 && buttons.length + buttonsAfter > MAX_BUTTONS_PER_MESSAGE;
      if (embeds.length >= DISCORD_MAX_EMBEDS_PER_MESSAGE || chars + size > DISCORD_MAX_EMBED_CHARS_PER_MESSAGE || noRoomForButtons) finish();
      embeds.push(piece.embed);
      if (piece.paperId !== undefined) paperIds.push(piece.paperId);
      chars += size;
    } else {
      if (buttons.length >= MAX_BUTTONS_PER_MESSAGE) finish();
      buttons.push(buttonComponent(piece.button, piece.rank, options.buttonIds, buttons.length));
    }
  });
  finish();
  if (messages.length === 0) messages.push({ message: { content: EMPTY_REPLY_CONTENT, embeds: [], components: [] }, paperIds: [] });
  if (options.leadContent !== undefined) messages[0]!.message.content = fitText(options.leadContent, DISCORD_MAX_CONTENT);
  return messages;
}
