/** Header, text, context and field blocks gathered into plain Discord embeds. */
import type { APIEmbed, APIEmbedField } from 'discord.js';
import {
  DISCORD_MAX_EMBED_CHARS_PER_MESSAGE,
  DISCORD_MAX_EMBED_DESCRIPTION,
  DISCORD_MAX_EMBED_TITLE,
  DISCORD_MAX_FIELD_NAME,
  DISCORD_MAX_FIELDS_PER_EMBED,
} from './discord-limits.ts';
import { fitEscaped, splitText } from './discord-text.ts';
import { BLANK, fieldValues } from './embed-parts.ts';

const WARNING_COLOUR = 0xd29922;
const FAILED_COLOUR = 0xcf222e;
/** Field values this short sit side by side. */
const INLINE_FIELD_MAX = 40;

/** Gathers header, text, context and field blocks into plain embeds within every limit. */
export function createNoteCollector(failed: boolean, emit: (embed: APIEmbed) => void) {
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

