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
  /**
   * The index in `authors` of the author the reader searched for, kept in sight when the list is
   * cut ("A, B, … Yoshua Bengio, … et al."); null when no author was searched for.
   */
  featuredAuthor: number | null;
  /** YYYY-MM-DD, null when unknown. */
  date: string | null;
  /**
   * arXiv category codes, the primary first, then those the search asked for (a `cat:cs.IR`
   * result shows cs.IR even when it is a cross-list), then the rest.
   */
  categories: string[];
  org: string | null;
  /**
   * Hugging Face upvotes, null when the paper has none. Paper.score is not shown: its only source
   * is the seed author page, which never says what its numbers ("77.8") measure.
   */
  upvotes: number | null;
  codeUrl: string | null;
  /** A short abstract excerpt. */
  snippet: string;
  /** Why the paper is here, for digests ("matches: recsys cold-start"). */
  reason: string | null;
  /**
   * One-click feedback rendered under the card (👍, 👎, Save: paperFeedbackButtons), so a paper can
   * be rated wherever it is read; absent on a card that takes none. The console types the commands.
   */
  feedback?: Button[];
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
 * A button. `run` runs `invocation` for the user who clicked (on their own private reply the
 * result replaces it); `share` runs it and posts the result in the channel, attributed to that
 * user; `note` runs it and answers in a new private note, leaving the clicked message as it is
 * (feedback on a paper must not replace the results it was given on).
 */
export interface Button {
  kind: 'run' | 'share' | 'note';
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

/**
 * The feedback buttons of a paper card: the `rate` and `save` commands as data, answered quietly.
 * Rating again changes the rating; the `rate` answer offers to clear it.
 */
export function paperFeedbackButtons(paperId: string): Button[] {
  return [
    { kind: 'note', label: '👍', invocation: { command: 'rate', args: { id: paperId, rating: 'up' } } },
    { kind: 'note', label: '👎', invocation: { command: 'rate', args: { id: paperId, rating: 'down' } } },
    { kind: 'note', label: 'Save', invocation: { command: 'save', args: { id: paperId } } },
  ];
}

export type Block =
  | { type: 'header'; text: string }
  | { type: 'text'; text: string; tone?: 'normal' | 'muted' | 'warning' }
  | { type: 'paper'; paper: PaperCard; rank?: number }
  | { type: 'fields'; fields: Field[] }
  | { type: 'context'; items: string[] }
  | { type: 'actions'; buttons: Button[] }
  | { type: 'divider' };

/**
 * A file handed over with a reply (an export). Slack uploads it into the conversation, Discord
 * attaches it to the private answer; the console has no place for one (its command writes the file
 * and answers with the path).
 */
export interface ReplyFile {
  /** The file name, with its extension ("reading-list-C123-2026-12-03.bib"). */
  name: string;
  mimeType: string;
  /** What the file holds, as text (UTF-8). */
  content: string;
  /** One plain line introducing the file where it is shared ("This channel’s reading list: 3 papers as BibTeX"). */
  title: string;
}

export interface Reply {
  blocks: Block[];
  /** A file to hand over with the reply; only ephemeral replies carry one. */
  file?: ReplyFile;
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

/** Names a card's author line shows before "et al.". */
export const MAX_CARD_AUTHORS = 3;
/** Category codes a card's metadata line shows before "+N more" (the paper command lists all). */
export const MAX_CARD_CATEGORIES = 6;

/**
 * "A, B, C et al." from a card's author list, capped at `max` names. A featured author past the
 * cap stays in sight: "A, B, … Yoshua Bengio, … et al." (or "A, B, … Yoshua Bengio" when last).
 */
export function formatAuthors(card: Pick<PaperCard, 'authors' | 'authorsTruncated' | 'featuredAuthor'>, max = MAX_CARD_AUTHORS): string {
  const { authors, authorsTruncated, featuredAuthor } = card;
  if (authors.length === 0) return 'authors unknown';
  const featured = featuredAuthor !== null && featuredAuthor >= max && featuredAuthor < authors.length ? featuredAuthor : null;
  if (featured === null) {
    const more = authorsTruncated || authors.length > max;
    return authors.slice(0, max).join(', ') + (more ? ' et al.' : '');
  }
  const after = authorsTruncated || featured < authors.length - 1;
  return `${authors.slice(0, max - 1).join(', ')}, … ${authors[featured]}${after ? ', … et al.' : ''}`;
}

/** "cs.IR, cs.LG, stat.ML" from a card's categories, "+N more" past MAX_CARD_CATEGORIES. */
export function formatCategories(categories: readonly string[]): string {
  const shown = categories.slice(0, MAX_CARD_CATEGORIES).join(', ');
  const hidden = categories.length - MAX_CARD_CATEGORIES;
  return hidden > 0 ? `${shown} +${hidden} more` : shown;
}

/** "12 Hugging Face upvotes": what the number is and where it comes from. */
export function formatUpvotes(upvotes: number): string {
  return `${upvotes.toLocaleString('en-US')} Hugging Face upvote${upvotes === 1 ? '' : 's'}`;
}

/** The one-line metadata of a paper card: authors · date · categories · org · upvotes. */
export function paperContextItems(paper: PaperCard): string[] {
  // A seed document may name no authors or date: say so, rather than leave a reader guessing.
  const items = [formatAuthors(paper), paper.date ?? 'date unknown'];
  if (paper.categories.length > 0) items.push(formatCategories(paper.categories));
  if (paper.org) items.push(paper.org);
  if (paper.upvotes !== null) items.push(formatUpvotes(paper.upvotes));
  return items;
}
