/**
 * A 👍 or 👎 reaction on a message paperboy posted that shows exactly one paper (a one-paper digest
 * message, or a shared answer, an @mention answer or a Messages-tab answer of one card) rates that
 * paper for the person who reacted, in that channel, as `/papers rate <id> up|down` would; removing
 * the reaction takes that rating back (`rate <id> clear if up`), unless the person has rated
 * otherwise since. The reaction is the visible answer, so paperboy posts nothing. Reactions on any
 * other message (someone else's, one of several papers: its buttons say which), and other emoji,
 * are left alone. Which papers a message shows comes from the store, where paperboy recorded them
 * when it posted the message (slack-message-papers.ts says why Slack is not asked).
 *
 * Slack sends reaction events only from conversations paperboy is a member of
 * (https://docs.slack.dev/reference/scopes/reactions.read): every channel with a digest (the
 * posting check joins it) and DMs with paperboy. A share in a public channel paperboy never joined
 * (chat:write.public) is still recorded, and rated once someone invites paperboy; it does not join
 * for a share, which would announce it in the channel.
 * https://docs.slack.dev/reference/events/reaction_added
 * https://docs.slack.dev/reference/events/reaction_removed
 */
import type { App as BoltApp, webApi } from '@slack/bolt';
import type { ChatHost } from '../../commands/chat-host.ts';
import type { Logger } from '../../core/logger.ts';
import type { Invocation } from '../../core/reply.ts';
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

/** What the reaction events carry (both have the same fields). */
interface ReactionEvent {
  user: string;
  reaction: string;
  item: { type: string; channel?: string; ts?: string };
}

export function registerReactionRatings(bolt: BoltApp, deps: ReactionRatingDeps): void {
  const onReaction = (removed: boolean) =>
    async ({ event, context, body, client }: { event: ReactionEvent; context: { teamId?: string }; body: { team_id?: string }; client: webApi.WebClient }) => {
      // Bolt acknowledges the event before this runs.
      const rating = ratingOfReaction(event.reaction);
      const teamId = context.teamId ?? body.team_id;
      const { channel, ts } = event.item;
      if (!rating || !teamId || event.item.type !== 'message' || !channel || !ts) return;
      const where = { workspace: teamId, channel, user: event.user, ts, removed };
      try {
        const papers = await deps.host.papersInMessage({ platform: 'slack', workspaceId: teamId, channelId: channel }, ts);
        // A reaction on a message of several papers cannot say which one it is about; on one paperboy did not post, none.
        if (papers.length !== 1) return;
        const paper = papers[0]!;
        const invocation: Invocation = removed ? { command: 'rate', args: { id: paper, rating: 'clear', if: rating } } : { command: 'rate', args: { id: paper, rating } };
        const source = { teamId, channelId: channel, userId: event.user, userName: null };
        const reply = await deps.run(invocation, source, client);
        deps.log.info({ ...where, paper, rating, failed: reply.failed === true }, removed ? 'slack reaction removed; rating taken back' : 'slack reaction rated a paper');
      } catch (error) {
        deps.log.error({ ...where, reason: describeSlackError(error), err: slackErrorForLog(error) }, 'slack reaction rating failed');
      }
    };

  bolt.event('reaction_added', onReaction(false));
  bolt.event('reaction_removed', onReaction(true));
}
