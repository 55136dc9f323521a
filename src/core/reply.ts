/**
 * The neutral message model. Handlers build a Reply; each chat adapter renders it
 * (Block Kit, Discord embeds, console text). Every string in a Reply is plain text from
 * the domain or from outside sources: adapters escape it for their platform.
 */

/** A paper as a reply shows it. */
export interface PaperCard {
  id: string;
  title: string;
  /** Link for the title, null when the paper has none. */
  url: string | null;
  authors: string[];
  authorsTruncated: boolean;
  /** YYYY-MM-DD, null when unknown. */
  date: string | null;
  category: string | null;
  org: string | null;
  score: number | null;
  upvotes: number | null;
  codeUrl: string | null;
  /** A short abstract excerpt. */
  snippet: string;
  /** Why the paper is here, for digests ("matches: recsys cold-start"). */
  reason: string | null;
}

/** A labelled value shown side by side with others. */
export interface Field {
  label: string;
  value: string;
}

/**
 * A button. `run` re-runs `command` (a `/papers` command line without the prefix) for the
 * user who clicked; `share` runs it and posts the result in the channel, attributed to that user.
 */
export interface Button {
  kind: 'run' | 'share';
  label: string;
  command: string;
  style?: 'primary' | 'danger';
}

export type Block =
  | { type: 'header'; text: string }
  | { type: 'text'; text: string; tone?: 'normal' | 'muted' | 'warning' }
  | { type: 'paper'; paper: PaperCard; rank?: number }
  | { type: 'fields'; fields: Field[] }
  | { type: 'context'; items: string[] }
  | { type: 'actions'; buttons: Button[] }
  | { type: 'divider' };

export interface Reply {
  blocks: Block[];
  /** `ephemeral` replies are shown only to the person who asked. */
  visibility: 'ephemeral' | 'channel';
  /** The command failed (bad input or an internal error); the blocks say why. */
  failed?: boolean;
}

const ELLIPSIS = '…';

/** Cuts text to at most `max` characters (code points), ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  if (max <= 1) return chars.slice(0, max).join('');
  return chars.slice(0, max - 1).join('').trimEnd() + ELLIPSIS;
}

/** "A, B, C et al." from an author list, capped at `max` names. */
export function formatAuthors(authors: string[], truncated: boolean, max = 3): string {
  if (authors.length === 0) return 'Unknown authors';
  const shown = authors.slice(0, max);
  const more = truncated || authors.length > max;
  return shown.join(', ') + (more ? ' et al.' : '');
}

/** The one-line metadata of a paper card: authors · date · category · org · score · upvotes. */
export function paperContextItems(paper: PaperCard): string[] {
  const items = paper.authors.length > 0 ? [formatAuthors(paper.authors, paper.authorsTruncated)] : [];
  if (paper.date) items.push(paper.date);
  if (paper.category) items.push(paper.category);
  if (paper.org) items.push(paper.org);
  if (paper.score !== null) items.push(`score ${paper.score}`);
  if (paper.upvotes !== null) items.push(`▲ ${paper.upvotes}`);
  return items;
}
