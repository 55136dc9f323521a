/**
 * Renders the neutral Reply into a Block Kit message that Slack accepts whatever the content:
 * every value is cut to its limit (slack-limits.ts), every outside string is escaped, and a reply
 * with more blocks than a message holds is compacted, then shortened with a note saying so.
 */
import type { types } from '@slack/bolt';
import { withCommandName } from '../../core/command-name.ts';
import { encodeInvocation, paperContextItems, type Block, type Button, type PaperCard, type Reply } from '../../core/reply.ts';
import { renderReplyText } from '../../core/render-text.ts';
import { buttonActionId } from './slack-button-actions.ts';
import {
  SLACK_MAX_ACTIONS_ELEMENTS,
  SLACK_MAX_BLOCKS,
  SLACK_MAX_BUTTON_TEXT,
  SLACK_MAX_BUTTON_VALUE,
  SLACK_MAX_CONTEXT_TEXT,
  SLACK_MAX_FALLBACK_TEXT,
  SLACK_MAX_FIELD_TEXT,
  SLACK_MAX_FIELDS,
  SLACK_MAX_HEADER_TEXT,
  SLACK_MAX_SECTION_TEXT,
} from './slack-limits.ts';
import { fitMrkdwn, fitPlainText, mrkdwnLink, safeLinkUrl, userMention } from './slack-text.ts';

type KnownBlock = types.KnownBlock;
type SectionBlock = types.SectionBlock;

/** A message as chat.postMessage and response_url take it. */
export interface SlackMessage {
  /** Notification and screen-reader fallback; always set. */
  text: string;
  blocks: KnownBlock[];
}

export interface RenderSlackOptions {
  /** Render `share` buttons; false for messages already in the channel (digests, shared results). */
  shareButtons?: boolean;
  /** The Slack user who shared this message; adds a "Shared by @user" line. */
  sharedBy?: string;
  /**
   * The slash command as this workspace calls it (`/papers` by default): paperboy's own text
   * names it wherever it names a command (command-name.ts).
   */
  commandName?: string;
}

/** Characters of a paper title shown in its link. */
const PAPER_TITLE_MAX = 300;
/** Characters of a field label. */
const FIELD_LABEL_MAX = 200;
/** Characters of the "why this paper" line. */
const PAPER_REASON_MAX = 300;
/** Abstract snippet length when papers are compacted to one block each. */
const COMPACT_SNIPPET_MAX = 280;
/**
 * Metadata line length when it shares the paper's section: with the title (at most
 * PAPER_TITLE_MAX plus a link of SLACK_MAX_LINK_URL) and the reason it stays under the section limit.
 */
const COMPACT_META_MAX = 600;

/** One neutral block rendered: some Slack blocks, and whether the block may be left out to fit. */
interface Unit {
  blocks: KnownBlock[];
  droppable: boolean;
}

interface Prepared {
  block: Block;
  /** A lone button shown beside the paper it follows. */
  accessory?: types.Button;
  /** Buttons with their action ids, for actions blocks. */
  buttons?: types.Button[];
  /** A paper's feedback buttons (👍, 👎, Save), shown in an actions block under it. */
  feedback?: types.Button[];
}

function mrkdwn(text: string): types.MrkdwnElement {
  // verbatim: no auto-linking of channel names or mentions inside outside text.
  return { type: 'mrkdwn', text, verbatim: true };
}

function section(text: string, accessory?: types.Button): SectionBlock {
  return accessory ? { type: 'section', text: mrkdwn(text), accessory } : { type: 'section', text: mrkdwn(text) };
}

function contextBlock(text: string): types.ContextBlock {
  return { type: 'context', elements: [mrkdwn(text)] };
}

function toSlackButton(button: Button, index: number): types.Button | null {
  const label = fitPlainText(button.label, SLACK_MAX_BUTTON_TEXT);
  const value = encodeInvocation(button.invocation);
  // An invocation too long for a button value cannot travel through Slack: leave the button out.
  if (label.trim() === '' || value.length > SLACK_MAX_BUTTON_VALUE) return null;
  const slackButton: types.Button = {
    type: 'button',
    text: { type: 'plain_text', text: label, emoji: true },
    action_id: buttonActionId(button.kind, index),
    value,
  };
  if (button.style) slackButton.style = button.style;
  return slackButton;
}

/** Filters buttons, numbers them, and pairs a lone button after a paper with that paper. */
function prepare(reply: Reply, shareButtons: boolean): Prepared[] {
  const prepared: Prepared[] = [];
  let buttonIndex = 0;
  for (const block of reply.blocks) {
    if (block.type === 'paper') {
      const feedback = (block.paper.feedback ?? []).map((b) => toSlackButton(b, buttonIndex++)).filter((b): b is types.Button => b !== null);
      prepared.push(feedback.length > 0 ? { block, feedback } : { block });
      continue;
    }
    if (block.type !== 'actions') {
      prepared.push({ block });
      continue;
    }
    // Dispatch gives every button an invocation; a command line alone is never sent to Slack.
    const buttons = block.buttons
      .filter((b) => shareButtons || b.kind !== 'share')
      .map((b) => toSlackButton(b, buttonIndex++))
      .filter((b): b is types.Button => b !== null);
    if (buttons.length === 0) continue;
    const previous = prepared[prepared.length - 1];
    if (buttons.length === 1 && previous?.block.type === 'paper' && !previous.accessory) {
      previous.accessory = buttons[0];
      continue;
    }
    prepared.push({ block, buttons });
  }
  return prepared;
}

function paperTitleLine(paper: PaperCard, rank: number | undefined): string {
  const prefix = rank !== undefined ? `${rank}. ` : '';
  return `*${prefix}${mrkdwnLink(paper.url, paper.title, PAPER_TITLE_MAX)}*`;
}

/** Authors · date · categories · org · upvotes, and the code link, within `max` characters. */
function paperMetaLine(paper: PaperCard, max: number): string {
  const code = safeLinkUrl(paper.codeUrl);
  const items = paperContextItems(paper);
  const codeLink = code ? `${items.length > 0 ? ' · ' : ''}<${code}|code>` : '';
  return fitMrkdwn(items.join(' · '), max - codeLink.length) + codeLink;
}

/** Title, reason and as much of the snippet as the section has room for. */
function paperSectionText(paper: PaperCard, rank: number | undefined, extraLines: string[], snippetMax: number): string {
  const lines = [paperTitleLine(paper, rank), ...extraLines];
  if (paper.reason) lines.push(`_${fitMrkdwn(paper.reason, PAPER_REASON_MAX)}_`);
  const head = lines.join('\n');
  const room = Math.min(snippetMax, SLACK_MAX_SECTION_TEXT - head.length - 1);
  if (paper.snippet.trim() !== '' && room > 1) return `${head}\n${fitMrkdwn(paper.snippet, room)}`;
  return head;
}

/** The paper's feedback buttons as one actions block (at most three, well under SLACK_MAX_ACTIONS_ELEMENTS). */
function feedbackBlocks(item: Prepared): KnownBlock[] {
  return item.feedback ? [{ type: 'actions', elements: item.feedback.slice(0, SLACK_MAX_ACTIONS_ELEMENTS) }] : [];
}

function renderPaper(item: Prepared & { block: Extract<Block, { type: 'paper' }> }, compact: boolean): Unit {
  const { paper, rank } = item.block;
  if (compact) {
    const meta = paperMetaLine(paper, COMPACT_META_MAX);
    return { blocks: [section(paperSectionText(paper, rank, meta === '' ? [] : [meta], COMPACT_SNIPPET_MAX), item.accessory), ...feedbackBlocks(item)], droppable: true };
  }
  const meta = paperMetaLine(paper, SLACK_MAX_CONTEXT_TEXT);
  const blocks: KnownBlock[] = [section(paperSectionText(paper, rank, [], SLACK_MAX_SECTION_TEXT), item.accessory)];
  // A paper with no authors, date or category known has no meta line; Slack rejects empty context.
  if (meta !== '') blocks.push(contextBlock(meta));
  blocks.push(...feedbackBlocks(item));
  return { blocks, droppable: true };
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

function renderUnit(item: Prepared, compact: boolean): Unit | null {
  const { block } = item;
  switch (block.type) {
    case 'header': {
      const text = fitPlainText(block.text.trim(), SLACK_MAX_HEADER_TEXT);
      return text === '' ? null : { blocks: [{ type: 'header', text: { type: 'plain_text', text, emoji: true } }], droppable: false };
    }
    case 'text': {
      if (block.text.trim() === '') return null;
      if (block.tone === 'muted') return { blocks: [contextBlock(fitMrkdwn(block.text, SLACK_MAX_CONTEXT_TEXT))], droppable: false };
      const prefix = block.tone === 'warning' ? ':warning: ' : '';
      return { blocks: [section(prefix + fitMrkdwn(block.text, SLACK_MAX_SECTION_TEXT - prefix.length))], droppable: false };
    }
    case 'paper':
      return renderPaper({ ...item, block }, compact);
    case 'fields': {
      const fields = block.fields.map((f) => {
        const label = `*${fitMrkdwn(f.label, FIELD_LABEL_MAX)}*`;
        return mrkdwn(`${label}\n${fitMrkdwn(f.value, SLACK_MAX_FIELD_TEXT - label.length - 1)}`);
      });
      if (fields.length === 0) return null;
      return { blocks: chunk(fields, SLACK_MAX_FIELDS).map((group): SectionBlock => ({ type: 'section', fields: group })), droppable: false };
    }
    case 'context': {
      const text = block.items.filter((i) => i.trim() !== '').join(' · ');
      return text === '' ? null : { blocks: [contextBlock(fitMrkdwn(text, SLACK_MAX_CONTEXT_TEXT))], droppable: false };
    }
    case 'actions':
      return {
        blocks: chunk(item.buttons ?? [], SLACK_MAX_ACTIONS_ELEMENTS).map((elements): types.ActionsBlock => ({ type: 'actions', elements })),
        droppable: false,
      };
    case 'divider':
      return { blocks: [{ type: 'divider' }], droppable: false };
  }
}

function renderUnits(prepared: Prepared[], compact: boolean): Unit[] {
  return prepared.map((p) => renderUnit(p, compact)).filter((u): u is Unit => u !== null);
}

const countBlocks = (units: Unit[]) => units.reduce((n, u) => n + u.blocks.length, 0);

/** Leaves out papers from the end until the message fits, with a note where they were. */
function dropToFit(units: Unit[], budget: number): KnownBlock[] {
  const kept = [...units];
  let dropped = 0;
  let noteAt = -1;
  for (let i = kept.length - 1; i >= 0 && countBlocks(kept) + 1 > budget; i--) {
    if (!kept[i]!.droppable) continue;
    kept.splice(i, 1);
    dropped += 1;
    noteAt = i;
  }
  const blocks = kept.flatMap((u, i) => (i === noteAt ? [noteBlock(dropped), ...u.blocks] : u.blocks));
  if (noteAt === kept.length && dropped > 0) blocks.push(noteBlock(dropped));
  // Still too many blocks of other kinds: cut the end, keeping room for the note.
  if (blocks.length > budget) return [...blocks.slice(0, budget - 1), contextBlock('More was cut to fit in one Slack message.')];
  return blocks;
}

function noteBlock(dropped: number): types.ContextBlock {
  return contextBlock(`${dropped} more ${dropped === 1 ? 'paper' : 'papers'} did not fit in one Slack message.`);
}

/** The Block Kit message for a reply, within every Slack limit. */
export function renderSlackMessage(neutral: Reply, options: RenderSlackOptions = {}): SlackMessage {
  const reply = options.commandName ? withCommandName(neutral, options.commandName) : neutral;
  const prepared = prepare(reply, options.shareButtons ?? true);
  const mention = options.sharedBy ? userMention(options.sharedBy) : null;
  const budget = SLACK_MAX_BLOCKS - (mention ? 1 : 0);

  let units = renderUnits(prepared, false);
  if (countBlocks(units) > budget) units = renderUnits(prepared, true);
  const blocks = countBlocks(units) > budget ? dropToFit(units, budget) : units.flatMap((u) => u.blocks);
  if (mention) blocks.push(contextBlock(`Shared by ${mention}`));

  // Buttons mean nothing in a notification or to a screen reader reading the fallback.
  const plain = renderReplyText({ ...reply, blocks: reply.blocks.filter((b) => b.type !== 'actions') }).trim();
  const text = fitMrkdwn(plain === '' ? 'paperboy' : plain, SLACK_MAX_FALLBACK_TEXT);
  return { text, blocks };
}
