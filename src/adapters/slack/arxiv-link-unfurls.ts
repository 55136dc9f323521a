/**
 * Unfurls of arXiv links: someone posts https://arxiv.org/abs/2604.23069 (or a /pdf/ link, with
 * or without a version), Slack sends `link_shared` for the domain the manifest registers, and
 * paperboy attaches the paper's card with `chat.unfurl`. The card comes from the paper command
 * (the store first, then arXiv when paperboy is online), so an unfurl shows what `/papers paper`
 * would. A link whose paper cannot be found or fetched gets no unfurl (Slack then shows the link
 * as posted), and the log says why.
 * https://docs.slack.dev/messaging/unfurling-links-in-messages
 */
import type { App as BoltApp, webApi } from '@slack/bolt';
import type { Logger } from '../../core/logger.ts';
import { parseArxivId } from '../../core/paper.ts';
import type { Reply } from '../../core/reply.ts';
import { renderReplyText } from '../../core/render-text.ts';
import { renderSlackMessage } from './render-slack-message.ts';
import { describeSlackError, slackErrorForLog } from './slack-api-errors.ts';
import type { SlackCommandRunner, VerifiedSlackSource } from './slack-command-runner.ts';

/** The domain whose links paperboy unfurls: the manifest's `unfurl_domains`. */
export const ARXIV_UNFURL_DOMAIN = 'arxiv.org';

/** Hosts that serve arXiv's abstract and PDF pages. */
const ARXIV_HOSTS: ReadonlySet<string> = new Set(['arxiv.org', 'www.arxiv.org', 'export.arxiv.org']);
/** `/abs/<id>` or `/pdf/<id>` (old-style ids have a slash of their own: /abs/hep-th/9901001v2). */
const ABS_OR_PDF_PATH = /^\/(?:abs|pdf)\/(.+?)\/?$/;

/** The versionless arXiv id an abstract or PDF link names, or null for any other link. */
export function arxivIdOfLink(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if ((parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || !ARXIV_HOSTS.has(parsed.hostname.toLowerCase())) return null;
  const path = ABS_OR_PDF_PATH.exec(parsed.pathname);
  return path ? (parseArxivId(decodeURIComponent(path[1]!))?.id ?? null) : null;
}

export interface ArxivUnfurlDeps {
  run: SlackCommandRunner;
  log: Logger;
  /** The slash command as this app is configured to call it, for the cards' text. */
  commandName?: string;
}

/** The fields of `link_shared` paperboy reads (https://docs.slack.dev/reference/events/link_shared). */
interface LinkSharedEvent {
  channel: string;
  user: string;
  message_ts: string;
  /** With `source`, names the link when it is still in the message composer (message_ts is no ts then). */
  unfurl_id?: string;
  source?: string;
  links: { domain: string; url: string }[];
}

/**
 * The paper card blocks of a `paper` command's reply: the card alone, without its fields and
 * buttons, its feedback buttons included: the unfurl sits in someone else's message.
 */
function unfurlOf(reply: Reply, commandName: string | undefined): { blocks: webApi.KnownBlock[] } {
  const papers = reply.blocks.flatMap((block) => (block.type === 'paper' ? [{ ...block, paper: { ...block.paper, feedback: [] } }] : []));
  const card: Reply = { blocks: papers, visibility: 'channel' };
  return { blocks: renderSlackMessage(card, { shareButtons: false, commandName }).blocks };
}

/** Each arXiv link of the event once, with its paper's id. */
function arxivLinksOf(event: LinkSharedEvent): Map<string, string> {
  const links = new Map<string, string>();
  for (const link of event.links ?? []) {
    const id = typeof link?.url === 'string' ? arxivIdOfLink(link.url) : null;
    if (id !== null) links.set(link.url, id);
  }
  return links;
}

async function unfurlsFor(links: Map<string, string>, source: VerifiedSlackSource, client: webApi.WebClient, deps: ArxivUnfurlDeps) {
  const unfurls: Record<string, { blocks: webApi.KnownBlock[] }> = {};
  for (const [url, id] of links) {
    const reply = await deps.run({ command: 'paper', args: { id } }, source, client);
    if (reply.failed || !reply.blocks.some((block) => block.type === 'paper')) {
      deps.log.info({ workspace: source.teamId, channel: source.channelId, url, reason: renderReplyText(reply).slice(0, 300) }, 'arxiv link not unfurled');
      continue;
    }
    unfurls[url] = unfurlOf(reply, deps.commandName);
  }
  return unfurls;
}

export function registerArxivUnfurls(bolt: BoltApp, deps: ArxivUnfurlDeps): void {
  // Bolt acknowledges the event before this runs: Slack waits for no card.
  bolt.event('link_shared', async ({ event, context, body, client }) => {
    const shared = event as unknown as LinkSharedEvent;
    const teamId = context.teamId ?? body.team_id;
    const links = arxivLinksOf(shared);
    if (!teamId || links.size === 0) return;
    const source: VerifiedSlackSource = { teamId, channelId: shared.channel, userId: shared.user, userName: null };
    try {
      const unfurls = await unfurlsFor(links, source, client, deps);
      if (Object.keys(unfurls).length === 0) return;
      // A link still in the composer is named by unfurl_id and source; a posted one also by
      // channel and ts. Slack takes either pair (https://docs.slack.dev/reference/methods/chat.unfurl).
      const target = shared.unfurl_id && shared.source ? { unfurl_id: shared.unfurl_id, source: shared.source as 'composer' | 'conversations_history' } : { channel: shared.channel, ts: shared.message_ts };
      await client.chat.unfurl({ ...target, unfurls });
    } catch (error) {
      deps.log.error(
        { workspace: teamId, channel: shared.channel, reason: describeSlackError(error), err: slackErrorForLog(error) },
        'slack unfurl of arxiv links failed',
      );
    }
  });
}
