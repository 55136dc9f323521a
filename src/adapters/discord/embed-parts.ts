/** Pieces shared by the paper and note embeds: field values and the character count Discord limits. */
import type { APIEmbed } from 'discord.js';
import { DISCORD_MAX_FIELD_VALUE } from './discord-limits.ts';
import { fitEscaped, httpUrl, splitText } from './discord-text.ts';

/** A field value Discord accepts as non-empty. */
export const BLANK = '\u200b';
/** A long field value continues in up to this many fields, then is cut. */
const MAX_FIELD_CONTINUATIONS = 4;
const MAX_LINK_LABEL = 100;

/** Characters Discord counts towards the per-message embed total. */
export function embedChars(embed: APIEmbed): number {
  let total = (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
  total += (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
  for (const field of embed.fields ?? []) total += field.name.length + field.value.length;
  return total;
}

/** A field value: a link when the value is one http(s) URL, escaped text otherwise, continued over several fields when long. */
export function fieldValues(value: string): string[] {
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

