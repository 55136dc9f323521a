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

/** Argument values of an invocation, by option name, as the command's spec validated them. */
export type InvocationArgs = Readonly<Record<string, string | number>>;

/**
 * A command and its arguments as data: what a button runs. Never a command line to parse again:
 * the command is named, so a suggestion "pause" is `{ command: 'search', args: { query: 'pause' } }`,
 * a search, and a `like` reply pages with `{ command: 'like', args: { id, page: '2' } }`.
 */
export interface Invocation {
  command: string;
  args: InvocationArgs;
}

/**
 * A button. `run` runs `invocation` for the user who clicked; `share` runs it and posts the
 * result in the channel, attributed to that user.
 */
export interface Button {
  kind: 'run' | 'share';
  label: string;
  invocation: Invocation;
  style?: 'primary' | 'danger';
  /** Shows the next page of this reply's results (the console's `more` runs it). */
  nextPage?: boolean;
}

/**
 * The invocation as a person would type it: the command, then each argument value in the
 * order its spec declares the options (the order validation leaves them in). For display and
 * for the console, where typing is the only way to click; the adapters carry the invocation itself.
 */
export function invocationText(invocation: Invocation): string {
  return [invocation.command, ...Object.values(invocation.args).map(String)].join(' ').trim();
}

/**
 * The invocation as compact JSON (`["like",{"id":"2602.13836","page":"2"}]`), for a Slack button
 * value or a Discord custom id. The same invocation always gives the same text.
 */
export function encodeInvocation(invocation: Invocation): string {
  return JSON.stringify([invocation.command, invocation.args]);
}

/** The invocation `encodeInvocation` wrote, or null for anything else (an old command-line value). */
export function decodeInvocation(text: string): Invocation | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) return null;
  const [command, args] = parsed as [unknown, unknown];
  if (typeof command !== 'string' || !/^[a-z][a-z-]*$/.test(command)) return null;
  if (args === null || typeof args !== 'object' || Array.isArray(args)) return null;
  const values = Object.entries(args as Record<string, unknown>);
  if (!values.every(([, v]) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))) return null;
  return { command, args: Object.fromEntries(values) as InvocationArgs };
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
