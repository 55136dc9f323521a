import type { Reply } from '../../core/reply.ts';
import type { SchedulePatch } from '../../core/subscriptions/subscription-ports.ts';
import type { CommandSpec } from '../command-spec.ts';
import { ensureChannelOf } from './channel-of.ts';
import { assertCanPostHere } from './posting-check.ts';
import { displayTimeZone, parsePostTime, parseTimeZone } from '../../core/digest/schedule.ts';
import { nextDigestLine } from './digest-state-lines.ts';

/** Most papers one digest may carry: enough for a busy field, few enough to read over coffee. */
export const MAX_PICKS = 20;

export const scheduleCommand: CommandSpec = {
  name: 'schedule',
  summary: 'When this channel gets its digest: /papers schedule 09:00 Europe/Berlin weekdays',
  details:
    'Time is local to the time zone (IANA name, default the current one). weekdays posts Monday to Friday (arXiv announces on weekdays), ' +
    'daily every day. picks N caps the papers per digest. quiet skips empty days; announce-empty posts a short line instead. ' +
    'Without options it shows the current schedule.',
  examples: ['schedule 09:00 Europe/Berlin weekdays', 'schedule 08:30 America/New_York daily picks 10 quiet', 'schedule'],
  options: [
    { name: 'time', type: 'text', description: 'Local post time, HH:MM', required: false, syntax: 'positional', maxLength: 5, validate: parsePostTime },
    { name: 'timezone', type: 'text', description: 'IANA time zone, e.g. Europe/Berlin', required: false, syntax: 'positional', maxLength: 64, validate: parseTimeZone },
    { name: 'days', type: 'text', description: 'weekdays or daily', required: false, syntax: 'choice', choices: ['weekdays', 'daily'] },
    { name: 'picks', type: 'integer', description: 'Most papers per digest', required: false, syntax: 'keyword', min: 1, max: MAX_PICKS },
    { name: 'empty', type: 'text', description: 'quiet or announce-empty on days without papers', required: false, syntax: 'choice', choices: ['quiet', 'announce-empty'] },
  ],
  changesChannel: true,
  async run(context, args): Promise<Reply> {
    const patch: SchedulePatch = {};
    if (args['time'] !== undefined) patch.postTime = String(args['time']);
    if (args['timezone'] !== undefined) patch.timeZone = String(args['timezone']);
    if (args['days'] !== undefined) patch.days = String(args['days']);
    if (args['picks'] !== undefined) patch.picks = Number(args['picks']);
    if (args['empty'] !== undefined) patch.emptyDay = args['empty'] === 'quiet' ? 'quiet' : 'announce';
    const changing = Object.keys(patch).length > 0;
    if (changing) {
      const again = [args['time'], args['timezone'], args['days'], args['picks'] === undefined ? undefined : `picks ${args['picks']}`, args['empty']];
      await assertCanPostHere(context, ['schedule', ...again.filter((part) => part !== undefined)].join(' '));
    }
    let channel = ensureChannelOf(context);
    if (changing) channel = context.services.subscriptions.updateSchedule(channel.id, patch);
    return {
      blocks: [
        {
          type: 'text',
          text: `${changing ? 'Digest schedule set' : 'Digest schedule'}: ${channel.days} at ${channel.postTime} ${displayTimeZone(channel.timeZone)}, up to ${channel.picks} papers, ${channel.emptyDay === 'quiet' ? 'quiet' : 'a short note'} on empty days.`,
        },
        { type: 'context', items: [nextDigestLine(context, channel)] },
      ],
      visibility: changing ? 'channel' : 'ephemeral',
    };
  },
};
