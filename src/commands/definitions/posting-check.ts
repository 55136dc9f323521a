import { commandLine } from '../../core/command-name.ts';
import { UserError } from '../../core/errors.ts';
import type { CommandContext, PostingProblem } from '../command-context.ts';

/**
 * Refuses to set up digests in a channel paperboy cannot post to, before anything is stored:
 * otherwise the command would say “Subscribed” and the first digest would only pause the channel.
 * `again` is the command line to repeat once fixed (`subscribe recsys cold-start`).
 * When the platform cannot tell (rate limit, network), the command goes ahead and a log line says so.
 */
export async function assertCanPostHere(context: CommandContext, again: string): Promise<void> {
  const check = context.invoker.postingCheck;
  if (!check) return;
  let problem: PostingProblem | null;
  try {
    problem = await check();
  } catch (error) {
    const { invoker } = context;
    context.log.warn(
      {
        reason: error instanceof Error ? error.message : String(error),
        command: again.split(' ')[0],
        platform: invoker.platform,
        workspace: invoker.workspaceId,
        channel: invoker.channelId,
        user: invoker.userId,
      },
      'could not check whether paperboy can post in the channel; going ahead',
    );
    return;
  }
  if (!problem) return;
  throw new UserError('channel.cannot_post', `paperboy cannot post in this channel: ${problem.reason}.`, `${problem.fix}, then run ${commandLine(again)} again.`);
}
