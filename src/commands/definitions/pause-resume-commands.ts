import { commandLine } from '../../core/command-name.ts';
import { UserError } from '../../core/errors.ts';
import type { Reply } from '../../core/reply.ts';
import type { CommandSpec } from '../command-spec.ts';
import { findChannelOf } from './channel-of.ts';
import { assertCanPostHere } from './posting-check.ts';

/** How a pause someone asked for starts its reason (dispatch.ts tells people only of the others). */
export const MANUAL_PAUSE_PREFIX = 'paused by ';

/** The fix for pausing or resuming a channel that has no digest. */
const SUBSCRIBE_FIRST = `Subscribe first: ${commandLine('subscribe recsys cold-start')}.`;

export const pauseCommand: CommandSpec = {
  name: 'pause',
  summary: `Pause this channel’s digests (subscriptions are kept): ${commandLine('pause')}`,
  examples: ['pause'],
  options: [],
  changesChannel: true,
  async run(context): Promise<Reply> {
    const channel = await findChannelOf(context);
    if (!channel) throw new UserError('pause.no_channel', 'This channel has no digest to pause.', SUBSCRIBE_FIRST);
    await context.services.subscriptions.setPaused(channel.id, context.clock.now().toISOString(), `${MANUAL_PAUSE_PREFIX}${context.invoker.userName ?? context.invoker.userId}`);
    return { blocks: [{ type: 'text', text: `Digests for this channel are paused. ${commandLine('resume')} turns them back on.` }], visibility: 'channel' };
  },
};

export const resumeCommand: CommandSpec = {
  name: 'resume',
  summary: `Resume this channel’s digests: ${commandLine('resume')}`,
  examples: ['resume'],
  options: [],
  changesChannel: true,
  async run(context): Promise<Reply> {
    const channel = await findChannelOf(context);
    if (!channel) throw new UserError('resume.no_channel', 'This channel has no digest to resume.', SUBSCRIBE_FIRST);
    // A channel often paused because paperboy lost access: resuming without it would pause it again at the next digest.
    await assertCanPostHere(context, 'resume');
    const was = channel.pauseReason;
    await context.services.subscriptions.setPaused(channel.id, null, null);
    return {
      blocks: [{ type: 'text', text: `Digests for this channel are back on${was ? ` (they were paused: ${was})` : ''}.` }],
      visibility: 'channel',
    };
  },
};
