/** A paper as a Discord embed: linked title, author line, snippet, fields, footer. */
import type { APIEmbed, APIEmbedField } from 'discord.js';
import { parseArxivId } from '../../core/paper.ts';
import { formatAuthors, formatCategories, type PaperCard } from '../../core/reply.ts';
import {
  DISCORD_MAX_AUTHOR_NAME,
  DISCORD_MAX_EMBED_CHARS_PER_MESSAGE,
  DISCORD_MAX_EMBED_DESCRIPTION,
  DISCORD_MAX_EMBED_TITLE,
  DISCORD_MAX_FOOTER_TEXT,
} from './discord-limits.ts';
import { fitEscaped, fitPlain, httpUrl } from './discord-text.ts';
import { embedChars, fieldValues } from './embed-parts.ts';

const PAPER_COLOUR = 0x2f81f7;
/** Paper ids, categories and organisations come from outside: keep their share of an embed small. */
const MAX_SHORT_VALUE = 256;

/** The embed of one paper, within every embed limit and small enough to fit one message alone. */
export function paperEmbed(paper: PaperCard, rank: number | undefined): APIEmbed {
  const prefix = rank === undefined ? '' : `${rank}. `;
  const embed: APIEmbed = {
    title: prefix + fitEscaped(paper.title, DISCORD_MAX_EMBED_TITLE - prefix.length),
    color: PAPER_COLOUR,
  };
  if (paper.authors.length > 0) embed.author = { name: fitPlain(formatAuthors(paper), DISCORD_MAX_AUTHOR_NAME) };
  const url = httpUrl(paper.url);
  if (url) embed.url = url;
  const fields: APIEmbedField[] = [];
  const add = (name: string, value: string | null) => {
    if (value) fields.push({ name, value, inline: true });
  };
  add('Date', paper.date ? fitEscaped(paper.date, MAX_SHORT_VALUE) : 'unknown');
  const categories = paper.categories.length > 0 ? fitEscaped(formatCategories(paper.categories), MAX_SHORT_VALUE) : null;
  add(paper.categories.length === 1 ? 'Category' : 'Categories', categories);
  add('Org', paper.org && fitEscaped(paper.org, MAX_SHORT_VALUE));
  add('Hugging Face upvotes', paper.upvotes === null ? null : paper.upvotes.toLocaleString('en-US'));
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

