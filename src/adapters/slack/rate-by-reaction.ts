/**
 * A 👍 or 👎 reaction on a one-paper message paperboy posted (a digest message with one paper)
 * rates that paper for the person who reacted, in that channel, as `/papers rate <id> up|down`
 * would. The reaction is the visible answer, so paperboy posts nothing. Reactions on any other
 * message, and other emoji, are left alone.
 * https://docs.slack.dev/reference/events/reaction_added
 */
import type { App as BoltApp } from '@slack/bolt';
import type { ChatHost } from '../../commands/chat-host.ts';
import type { Logger } from '../../core/logger.ts';
import { describeSlackError, slackErrorForLog } from './slack-api-errors.ts';
import type { SlackCommandRunner } from './slack-command-runner.ts';

export interface ReactionRatingDeps {
  run: SlackCommandRunner;
  host: Pick<ChatHost, 'papersInMessage'>;
  log: Logger;
}

/**
 * The rating a reaction means, or null. Slack names reactions without colons, `+1` and `-1` being
 * the names of 👍 and 👎 (`thumbsup` / `thumbsdown` their aliases), and a skin tone as a suffix
 * (`+1::skin-tone-2`).
 */
export function ratingOfReaction(reaction: string): 'up' | 'down' | null {
  const name = reaction.split('::')[0];
  if (name === '+1' || name === 'thumbsup') return 'up';
  if (name === '-1' || name === 'thumbsdown') return 'down';
  return null;
}

export function registerReactionRatings(bolt: BoltApp, deps: ReactionRatingDeps): void {
  // Bolt acknowledges the event before this runs.
  bolt.event('reaction_added', async ({ event, context, body, client }) => {
    const rating = ratingOfReaction(event.reaction);
    const teamId = context.teamId ?? body.team_id;
    if (!rating || !teamId || event.item.type !== 'message') return;
    const { channel, ts } = event.item;
    const where = { workspace: teamId, channel, user: event.user, ts };
    try {
      const papers = deps.host.papersInMessage({ platform: 'slack', workspaceId: teamId, channelId: channel }, ts);
      // A reaction on a message of several papers cannot say which one it is about.
      if (papers.length !== 1) return;
      const source = { teamId, channelId: channel, userId: event.user, userName: null };
      const reply = await deps.run({ command: 'rate', args: { id: papers[0]!, rating } }, source, client);
      deps.log.info({ ...where, paper: papers[0], rating, failed: reply.failed === true }, 'slack reaction rated a paper');
    } catch (error) {
      deps.log.error({ ...where, reason: describeSlackError(error), err: slackErrorForLog(error) }, 'slack reaction rating failed');
    }
  });
}
