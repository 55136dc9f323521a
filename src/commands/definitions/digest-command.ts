import { commandLine } from '../../core/command-name.ts';
import { UserError } from '../../core/errors.ts';
import type { Block, Reply } from '../../core/reply.ts';
import type { CommandSpec } from '../command-spec.ts';
import { findChannelOf } from './channel-of.ts';

export const digestCommand: CommandSpec = {
  name: 'digest',
  summary: `Preview this channel’s next digest, or post it now: ${commandLine('digest preview')}`,
  examples: ['digest preview', 'digest now'],
  options: [{ name: 'action', type: 'text', description: 'preview (only you see it) or now (post it)', required: false, syntax: 'choice', choices: ['preview', 'now'] }],
  // Posting now changes what the channel has received; previewing changes nothing.
  changesChannel: (args) => args['action'] === 'now',
  async run(context, args): Promise<Reply> {
    const channel = await findChannelOf(context);
    if (!channel || (await context.services.subscriptions.countSubscriptions(channel.id)) === 0) {
      throw new UserError('digest.no_subscriptions', 'This channel follows nothing yet, so it has no digest.', `Start with ${commandLine('subscribe recsys cold-start')}.`);
    }
    const now = context.clock.now();
    if (args['action'] !== 'now') {
      const preview = await context.services.digests.preview(channel, now);
      if (!preview.reply) {
        const blocks: Block[] = [{ type: 'text', text: 'No new papers match this channel’s subscriptions since its last digest.' }];
        if (preview.notice) blocks.push({ type: 'context', items: [preview.notice] });
        return { blocks, visibility: 'ephemeral' };
      }
      return { ...preview.reply, visibility: 'ephemeral' };
    }
    const outcome = await context.services.digests.runNow(channel, now);
    const text: Record<typeof outcome.status, string> = {
      sent: 'Posted the digest to this channel.',
      'empty-announced': 'Nothing new since the last digest; posted a short note.',
      'empty-quiet': 'Nothing new since the last digest, so nothing was posted.',
      'already-settled': 'That digest was already posted.',
      busy: 'paperboy is posting this channel’s digest right now (in another process); it will be here in a moment.',
      waiting: `Not posted yet: ${outcome.status === 'waiting' ? `${outcome.reason}; paperboy tries again at ${outcome.nextTryAt}` : ''}.`,
      paused: 'paperboy cannot post in this channel any more; its digests are paused.',
      failed: 'Posting the digest failed; paperboy will retry it on its next run.',
      'no-poster': 'This platform is not connected, so paperboy cannot post here.',
    };
    return { blocks: [{ type: 'text', text: text[outcome.status] }], visibility: 'ephemeral', failed: outcome.status === 'failed' || outcome.status === 'no-poster' || outcome.status === 'waiting' };
  },
};
