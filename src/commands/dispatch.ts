import { randomBytes } from 'node:crypto';
import { UserError, type Result } from '../core/errors.ts';
import type { Reply } from '../core/reply.ts';
import type { CommandContext } from './command-context.ts';
import type { CommandRegistry } from './command-registry.ts';
import { changesChannel, type CommandArgs, type CommandSpec } from './command-spec.ts';
import { findChannelOf } from './definitions/channel-of.ts';
import { MANUAL_PAUSE_PREFIX } from './definitions/pause-resume-commands.ts';
import { parseArguments, validateArguments } from './parse-arguments.ts';

/** The reply a UserError becomes: what went wrong and how to fix it, only for the asker. */
export function userErrorReply(error: UserError): Reply {
  const blocks: Reply['blocks'] = [{ type: 'text', text: error.message, tone: 'warning' }];
  if (error.hint) blocks.push({ type: 'context', items: [error.hint] });
  return { blocks, visibility: 'ephemeral', failed: true };
}

/** Commands that already show a paused channel's state. */
const SHOWS_PAUSE = new Set(['pause', 'resume', 'list', 'status', 'help']);

/**
 * Whoever next uses /papers in a channel whose digests paperboy had to pause is told why, in
 * case the notice at the time reached nobody (the channel could not be posted to, no one to DM).
 */
function withPauseNotice(spec: CommandSpec, context: CommandContext, reply: Reply): Reply {
  if (SHOWS_PAUSE.has(spec.name)) return reply;
  const channel = findChannelOf(context);
  if (!channel?.pausedAt || channel.pauseReason === null || channel.pauseReason.startsWith(MANUAL_PAUSE_PREFIX)) return reply;
  return { ...reply, blocks: [...reply.blocks, { type: 'context', items: [`⚠ This channel’s digests are paused: ${channel.pauseReason} Then /papers resume.`] }] };
}

async function runSpec(spec: CommandSpec, args: Result<CommandArgs>, context: CommandContext, text: string): Promise<Reply> {
  try {
    if (!args.ok) throw args.error;
    // Only a change meets the channel policy, and only a policy that needs it asks whether the
    // invoker is an admin (on Slack a users.info call): nothing is parsed twice to decide that.
    if (changesChannel(spec, args.value)) await context.services.channels.assertCanChange(context.invoker);
    return withPauseNotice(spec, context, await spec.run(context, args.value));
  } catch (error) {
    if (error instanceof UserError) return userErrorReply(error);
    // Anything else is a bug or an outage: the log gets everything, the user a short reply.
    const ref = randomBytes(4).toString('hex');
    const storeFailure = context.services.describeStoreFailure(error);
    const { invoker } = context;
    context.log.error(
      {
        err: error,
        ref,
        command: spec.name,
        text,
        platform: invoker.platform,
        workspace: invoker.workspaceId,
        channel: invoker.channelId,
        user: invoker.userId,
      },
      'command failed',
    );
    return {
      blocks: [
        { type: 'text', text: storeFailure ?? 'Sorry, something went wrong on paperboy’s side. Please try again in a moment.', tone: 'warning' },
        { type: 'context', items: [`The error was logged with reference ${ref}.`] },
      ],
      visibility: 'ephemeral',
      failed: true,
    };
  }
}

/** Runs a line of chat text (`/papers …`) through the registry. Never throws. */
export function dispatchText(registry: CommandRegistry, text: string, context: CommandContext): Promise<Reply> {
  const { spec, argsText } = registry.resolve(text);
  return runSpec(spec, parseArguments(spec, argsText), context, text);
}

/** Runs a command with structured options (Discord), validated by the same rules as text. Never throws. */
export function dispatchStructured(
  registry: CommandRegistry,
  name: string,
  given: CommandArgs,
  context: CommandContext,
): Promise<Reply> {
  const spec = registry.find(name);
  if (!spec) {
    return Promise.resolve(userErrorReply(new UserError('command.unknown', `paperboy has no command "${name}".`, 'See /papers help.')));
  }
  return runSpec(spec, validateArguments(spec, given), context, `${name} ${JSON.stringify(given)}`);
}
