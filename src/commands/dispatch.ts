import { randomBytes } from 'node:crypto';
import { commandLine } from '../core/command-name.ts';
import { ok, UserError, type Result } from '../core/errors.ts';
import { type Block, type Button, type Invocation, type InvocationArgs, type Reply } from '../core/reply.ts';
import type { CommandContext } from './command-context.ts';
import type { CommandRegistry } from './command-registry.ts';
import { changesChannel, type CommandArgs, type CommandSpec } from './command-spec.ts';
import { findChannelOf } from './definitions/channel-of.ts';
import { MANUAL_PAUSE_PREFIX } from './definitions/pause-resume-commands.ts';
import { misspelledCommandName, misspelledCommandNameReply } from './misspelled-command-name.ts';
import { parseArguments, validateArguments } from './parse-arguments.ts';

/**
 * What a user is told when a command fails on paperboy's side (a bug or an outage, not their
 * input): here, and by each chat adapter for a failure outside the dispatcher (Discord's).
 */
export const GENERIC_FAILURE_TEXT = 'Sorry, something went wrong on paperboy’s side. Please try again in a moment.';

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
async function withPauseNotice(spec: CommandSpec, context: CommandContext, reply: Reply): Promise<Reply> {
  if (SHOWS_PAUSE.has(spec.name)) return reply;
  const channel = await findChannelOf(context);
  if (!channel?.pausedAt || channel.pauseReason === null || channel.pauseReason.startsWith(MANUAL_PAUSE_PREFIX)) return reply;
  return { ...reply, blocks: [...reply.blocks, { type: 'context', items: [`⚠ This channel’s digests are paused: ${channel.pauseReason} Then ${commandLine('resume')}.`] }] };
}

/** Validated arguments without the options left out, as an invocation carries them. */
function givenArgs(args: CommandArgs): InvocationArgs {
  return Object.fromEntries(Object.entries(args).filter((entry): entry is [string, string | number] => entry[1] !== undefined));
}

/**
 * What a button runs, checked now by the same rules as a click will be: the command's own name
 * and validated arguments. Null when the command is unknown.
 */
function invocationOf(registry: CommandRegistry, button: Button): Result<Invocation> | null {
  const spec = registry.find(button.invocation.command);
  if (!spec) return null;
  const args = validateArguments(spec, button.invocation.args);
  return args.ok ? ok({ command: spec.name, args: givenArgs(args.value) }) : args;
}

/**
 * Every button of a reply as a Button with a validated invocation, so adapters encode data and a
 * click runs it through dispatchStructured. A button that does not validate is left out and
 * logged: a click could only fail.
 */
function withCheckedButtons(registry: CommandRegistry, reply: Reply, context: CommandContext, command: string): Reply {
  if (!reply.blocks.some((b) => b.type === 'actions')) return reply;
  const blocks: Block[] = [];
  for (const block of reply.blocks) {
    if (block.type !== 'actions') {
      blocks.push(block);
      continue;
    }
    const buttons: Button[] = [];
    for (const button of block.buttons) {
      const invocation = invocationOf(registry, button);
      if (invocation?.ok) {
        const { label, kind, style } = button;
        const nextPage = button.nextPage === true;
        buttons.push({ kind, label, invocation: invocation.value, ...(style ? { style } : {}), ...(nextPage ? { nextPage } : {}) });
      } else {
        context.log.warn({ command, button: button.label, reason: invocation === null ? 'unknown command' : invocation.error.code }, 'left out a button that would not run');
      }
    }
    if (buttons.length > 0) blocks.push({ type: 'actions', buttons });
  }
  return { ...reply, blocks };
}

async function runSpec(
  registry: CommandRegistry,
  spec: CommandSpec,
  args: Result<CommandArgs>,
  context: CommandContext,
  text: string,
): Promise<Reply> {
  try {
    if (!args.ok) throw args.error;
    spec.checkArgs?.(args.value);
    // Only a change meets the channel policy, and only a policy that needs it asks whether the
    // invoker is an admin (on Slack a users.info call): nothing is parsed twice to decide that.
    if (changesChannel(spec, args.value)) await context.services.channels.assertCanChange(context.invoker);
    const reply = withCheckedButtons(registry, await spec.run(context, args.value), context, spec.name);
    return withPauseNotice(spec, context, reply);
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
        { type: 'text', text: storeFailure ?? GENERIC_FAILURE_TEXT, tone: 'warning' },
        { type: 'context', items: [`The error was logged with reference ${ref}.`] },
      ],
      visibility: 'ephemeral',
      failed: true,
    };
  }
}

/**
 * Runs a line of chat text (`/papers …`) through the registry. Never throws. A line that starts
 * with a near miss of the command's name (`/paper recsys`) is asked about, not searched as text.
 */
export function dispatchText(registry: CommandRegistry, text: string, context: CommandContext): Promise<Reply> {
  const misspelled = misspelledCommandName(text);
  if (misspelled) return Promise.resolve(withCheckedButtons(registry, misspelledCommandNameReply(registry, misspelled), context, 'search'));
  const { spec, argsText } = registry.resolve(text);
  return runSpec(registry, spec, parseArguments(spec, argsText), context, text);
}

/**
 * Runs a command with structured options (a Discord command, a button's invocation), validated by
 * the same rules as text. Never throws.
 */
export function dispatchStructured(
  registry: CommandRegistry,
  name: string,
  given: CommandArgs,
  context: CommandContext,
): Promise<Reply> {
  const spec = registry.find(name);
  if (!spec) {
    return Promise.resolve(userErrorReply(new UserError('command.unknown', `paperboy has no command "${name}".`, `See ${commandLine('help')}.`)));
  }
  return runSpec(registry, spec, validateArguments(spec, given), context, `${name} ${JSON.stringify(given)}`);
}

/** Runs what a button carries (Reply Button.invocation) through dispatchStructured. Never throws. */
export function dispatchInvocation(registry: CommandRegistry, invocation: Invocation, context: CommandContext): Promise<Reply> {
  return dispatchStructured(registry, invocation.command, invocation.args, context);
}
