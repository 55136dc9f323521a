/**
 * The neutral Reply rendered as Discord messages: one embed per paper (linked title, author
 * line, snippet, fields, footer), the other blocks gathered into plain embeds, buttons in
 * action rows. Whatever does not fit one message's limits continues in the next message, so
 * Discord never rejects a reply for its size.
 */
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponentWithCustomId, type APIEmbed, type APIEmbedField } from 'discord.js';
import { parseArxivId } from '../../core/paper.ts';
import { formatAuthors, type Block, type Button, type PaperCard, type Reply } from '../../core/reply.ts';
import type { ButtonIds } from './button-ids.ts';
import {
  DISCORD_MAX_AUTHOR_NAME,
  DISCORD_MAX_BUTTON_LABEL,
  DISCORD_MAX_BUTTONS_PER_ROW,
  DISCORD_MAX_CONTENT,
  DISCORD_MAX_EMBED_CHARS_PER_MESSAGE,
  DISCORD_MAX_EMBED_DESCRIPTION,
  DISCORD_MAX_EMBED_TITLE,
  DISCORD_MAX_EMBEDS_PER_MESSAGE,
  DISCORD_MAX_FIELD_NAME,
  DISCORD_MAX_FIELD_VALUE,
  DISCORD_MAX_FIELDS_PER_EMBED,
  DISCORD_MAX_FOOTER_TEXT,
  DISCORD_MAX_ROWS_PER_MESSAGE,
} from './discord-limits.ts';
import { escapeOutsideText, fitEscaped, fitPlain, fitText, httpUrl, splitText } from './discord-text.ts';

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

const PAPER_COLOUR = 0x2f81f7;
const WARNING_COLOUR = 0xd29922;
const FAILED_COLOUR = 0xcf222e;
/** Field values this short sit side by side. */
const INLINE_FIELD_MAX = 40;
/** A long field value continues in up to this many fields, then is cut. */
const MAX_FIELD_CONTINUATIONS = 4;
/** Paper ids, categories and organisations come from outside: keep their share of an embed small. */
const MAX_SHORT_VALUE = 256;
const MAX_LINK_LABEL = 100;
const BLANK = '\u200b';
const EMPTY_REPLY_CONTENT = 'Done.';

type Piece = { kind: 'embed'; embed: APIEmbed } | { kind: 'button'; button: Button; rank: number | undefined };

/** Characters Discord counts towards the per-message embed total. */
export function embedChars(embed: APIEmbed): number {
  let total = (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
  total += (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
  for (const field of embed.fields ?? []) total += field.name.length + field.value.length;
  return total;
}

/** A field value: a link when the value is one http(s) URL, escaped text otherwise, continued over several fields when long. */
function fieldValues(value: string): string[] {
  const url = httpUrl(value.trim());
  if (url && !/\s/.test(value.trim())) {
    const link = linkMarkdown(url);
    if (link.length <= DISCORD_MAX_FIELD_VALUE) return [link];
  }
  const escaped = fitEscaped(value, DISCORD_MAX_FIELD_VALUE * MAX_FIELD_CONTINUATIONS);
  const pieces = splitText(escaped, DISCORD_MAX_FIELD_VALUE);
  return pieces.length > 0 ? pieces : [BLANK];
}

/** `[host/path](url)`, with the characters that would end a markdown link percent-encoded. */
function linkMarkdown(url: string): string {
  const parsed = new URL(url);
  const label = fitEscaped(`${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`, MAX_LINK_LABEL);
  const target = url.replaceAll('(', '%28').replaceAll(')', '%29').replaceAll(' ', '%20');
  return `[${label}](${target})`;
}

function paperEmbed(paper: PaperCard, rank: number | undefined): APIEmbed {
  const prefix = rank === undefined ? '' : `${rank}. `;
  const embed: APIEmbed = {
    title: prefix + fitEscaped(paper.title, DISCORD_MAX_EMBED_TITLE - prefix.length),
    author: { name: fitPlain(formatAuthors(paper.authors, paper.authorsTruncated), DISCORD_MAX_AUTHOR_NAME) },
    color: PAPER_COLOUR,
  };
  const url = httpUrl(paper.url);
  if (url) embed.url = url;
  const fields: APIEmbedField[] = [];
  const add = (name: string, value: string | null) => {
    if (value) fields.push({ name, value, inline: true });
  };
  add('Date', paper.date && fitEscaped(paper.date, MAX_SHORT_VALUE));
  add('Category', paper.category && fitEscaped(paper.category, MAX_SHORT_VALUE));
  add('Org', paper.org && fitEscaped(paper.org, MAX_SHORT_VALUE));
  add('Score', paper.score === null ? null : String(paper.score));
  add('Upvotes', paper.upvotes === null ? null : `▲ ${paper.upvotes}`);
  const code = httpUrl(paper.codeUrl);
  if (code) add('Code', fieldValues(code)[0]!);
  if (fields.length > 0) embed.fields = fields;
  const arxiv = parseArxivId(paper.id);
  embed.footer = { text: fitPlain(arxiv ? `arXiv:${arxiv.id}` : paper.id, Math.min(MAX_SHORT_VALUE, DISCORD_MAX_FOOTER_TEXT)) };

  // The snippet gets whatever the per-message budget leaves, so one paper always fits one message.
  const room = Math.min(DISCORD_MAX_EMBED_DESCRIPTION, DISCORD_MAX_EMBED_CHARS_PER_MESSAGE - embedChars(embed));
  const reason = paper.reason ? `*${fitEscaped(paper.reason, MAX_SHORT_VALUE)}*` : '';
  const snippetRoom = room - reason.length - (reason ? 2 : 0);
  const snippet = paper.snippet && snippetRoom > 0 ? fitEscaped(paper.snippet, snippetRoom) : '';
  const description = [reason, snippet].filter(Boolean).join('\n\n');
  if (description) embed.description = description;
  return embed;
}

/** Gathers header, text, context and field blocks into plain embeds within every limit. */
function createNoteCollector(failed: boolean, emit: (embed: APIEmbed) => void) {
  let title: string | undefined;
  let paragraphs: string[] = [];
  let fields: APIEmbedField[] = [];
  let warning = false;

  const description = () => paragraphs.join('\n\n');
  const chars = () => (title?.length ?? 0) + description().length + fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  const flush = () => {
    if (title === undefined && paragraphs.length === 0 && fields.length === 0) return;
    const embed: APIEmbed = {};
    if (title !== undefined) embed.title = title;
    if (paragraphs.length > 0) embed.description = description();
    if (fields.length > 0) embed.fields = fields;
    if (failed) embed.color = FAILED_COLOUR;
    else if (warning) embed.color = WARNING_COLOUR;
    emit(embed);
    title = undefined;
    paragraphs = [];
    fields = [];
    warning = false;
  };

  return {
    flush,
    header(text: string) {
      flush();
      title = fitEscaped(text, DISCORD_MAX_EMBED_TITLE);
    },
    /** `escaped` is already safe markdown; `wrap` styles each piece (italics) after splitting. */
    paragraph(escaped: string, wrap: (piece: string) => string = (p) => p, isWarning = false) {
      const overhead = wrap('').length;
      for (const piece of splitText(escaped, DISCORD_MAX_EMBED_DESCRIPTION - overhead)) {
        const styled = wrap(piece);
        const separator = paragraphs.length > 0 ? 2 : 0;
        if (
          description().length + separator + styled.length > DISCORD_MAX_EMBED_DESCRIPTION ||
          chars() + separator + styled.length > DISCORD_MAX_EMBED_CHARS_PER_MESSAGE
        ) {
          flush();
        }
        paragraphs.push(styled);
        if (isWarning) warning = true;
      }
    },
    field(label: string, value: string) {
      fieldValues(value).forEach((piece, i) => {
        const name = i === 0 ? fitEscaped(label, DISCORD_MAX_FIELD_NAME) || BLANK : BLANK;
        if (fields.length >= DISCORD_MAX_FIELDS_PER_EMBED || chars() + name.length + piece.length > DISCORD_MAX_EMBED_CHARS_PER_MESSAGE) {
          flush();
        }
        fields.push({ name, value: piece, inline: piece.length <= INLINE_FIELD_MAX });
      });
    },
  };
}

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
        pieces.push({ kind: 'embed', embed: paperEmbed(block.paper, block.rank) });
        break;
      case 'actions':
        notes.flush();
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
    custom_id: buttonIds.encode({ kind: button.kind, command: button.command }, slot),
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

/** Renders a reply as one or more Discord messages, each within every Discord limit. */
export function renderDiscordMessages(reply: Reply, options: RenderDiscordOptions): DiscordMessage[] {
  const messages: DiscordMessage[] = [];
  let embeds: APIEmbed[] = [];
  let buttons: APIButtonComponentWithCustomId[] = [];
  let chars = 0;
  const finish = () => {
    if (embeds.length === 0 && buttons.length === 0) return;
    messages.push({ embeds, components: rowsOf(buttons) });
    embeds = [];
    buttons = [];
    chars = 0;
  };
  for (const piece of replyPieces(reply)) {
    if (piece.kind === 'embed') {
      const size = embedChars(piece.embed);
      if (embeds.length >= DISCORD_MAX_EMBEDS_PER_MESSAGE || chars + size > DISCORD_MAX_EMBED_CHARS_PER_MESSAGE) finish();
      embeds.push(piece.embed);
      chars += size;
    } else {
      if (buttons.length >= MAX_BUTTONS_PER_MESSAGE) finish();
      buttons.push(buttonComponent(piece.button, piece.rank, options.buttonIds, buttons.length));
    }
  }
  finish();
  if (messages.length === 0) messages.push({ content: EMPTY_REPLY_CONTENT, embeds: [], components: [] });
  if (options.leadContent !== undefined) messages[0]!.content = fitText(options.leadContent, DISCORD_MAX_CONTENT);
  return messages;
}
