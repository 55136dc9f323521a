import { commandLine } from '../../core/command-name.ts';
import type { Reply } from '../../core/reply.ts';
import { displayTimeZone } from '../../core/digest/schedule.ts';
import {
  describeDays,
  MAX_PICKS,
  MAX_SCHEDULE_TEXT,
  parseScheduleText,
  scheduleText,
  SCHEDULE_EXAMPLE,
  type ParsedSchedule,
} from '../../core/digest/schedule-grammar.ts';
import type { CommandArgs, CommandSpec } from '../command-spec.ts';
import { ensureChannelOf } from './channel-of.ts';
import { assertCanPostHere } from './posting-check.ts';
import { nextDigestLine } from './digest-state-lines.ts';

export { MAX_PICKS };

/**
 * The schedule text of a command: in chat text everything after `schedule` arrives in `time` (the
 * option takes the rest of the line, so words in any order reach the grammar); on Discord each
 * option is its own field, and the fields are read as one text the same way.
 */
function scheduleTextOf(args: CommandArgs): string {
  const parts = [args['time'], args['timezone'], args['days'], args['picks'] === undefined ? undefined : `picks ${args['picks']}`, args['empty']];
  return parts.filter((part) => part !== undefined && part !== '').join(' ');
}

/** "Europe/Berlin (from “Berlin”)" when the zone was found by its city, else the zone. */
function zoneLine(timeZone: string, parsed: ParsedSchedule): string {
  const shown = displayTimeZone(timeZone);
  return parsed.zoneFrom !== undefined && parsed.timeZone === timeZone ? `${shown} (from “${parsed.zoneFrom}”)` : shown;
}

export const scheduleCommand: CommandSpec = {
  name: 'schedule',
  summary: `When this channel gets its digest: ${commandLine('schedule 9am Berlin weekdays')}`,
  details:
    'Any of these, in any order: a time (9am, 9:30pm, 09:00, 21:30); a time zone by its city (Berlin, New York) or IANA name ' +
    '(Europe/Berlin, UTC; default the current one); days: daily, weekdays (arXiv announces on weekdays), weekends, mon wed fri, ' +
    `weekly fri; picks N caps the papers per digest (1–${MAX_PICKS}); quiet skips empty days, announce-empty posts a short line instead. ` +
    'Without options it shows the current schedule.',
  examples: ['schedule 9am Berlin weekdays', 'schedule 08:30 America/New_York mon wed fri picks 10 quiet', 'schedule weekly fri 5pm', 'schedule'],
  options: [
    {
      name: 'time',
      type: 'text',
      description: 'Post time (9am, 21:30), or the whole schedule: 9am Berlin mon wed fri picks 5',
      required: false,
      syntax: 'positional',
      rest: true,
      maxLength: MAX_SCHEDULE_TEXT,
    },
    { name: 'timezone', type: 'text', description: 'Time zone: a city (Berlin, New York) or IANA name (Europe/Berlin)', required: false, syntax: 'positional', maxLength: 64 },
    { name: 'days', type: 'text', description: 'daily, weekdays, weekends, mon wed fri, or weekly fri', required: false, syntax: 'keyword', maxLength: 64 },
    { name: 'picks', type: 'integer', description: 'Most papers per digest', required: false, syntax: 'keyword', min: 1, max: MAX_PICKS },
    { name: 'empty', type: 'text', description: 'quiet or announce-empty on days without papers', required: false, syntax: 'choice', choices: ['quiet', 'announce-empty'] },
  ],
  changesChannel: true,
  async run(context, args): Promise<Reply> {
    const parsed = parseScheduleText(scheduleTextOf(args));
    if (!parsed.ok) throw parsed.error;
    const { zoneFrom: _zoneFrom, ...patch } = parsed.value;
    const changing = Object.keys(patch).length > 0;
    if (changing) await assertCanPostHere(context, `schedule ${scheduleText(patch)}`);
    let channel = await ensureChannelOf(context);
    if (changing) channel = await context.services.subscriptions.updateSchedule(channel.id, patch);
    return {
      blocks: [
        {
          type: 'text',
          text: `${changing ? 'Digest schedule set' : 'Digest schedule'}: ${describeDays(channel.days)} at ${channel.postTime} ${zoneLine(channel.timeZone, parsed.value)}, up to ${channel.picks} papers, ${channel.emptyDay === 'quiet' ? 'quiet' : 'a short note'} on empty days.`,
        },
        { type: 'context', items: [nextDigestLine(context, channel), ...(changing ? [] : [`Change it: ${SCHEDULE_EXAMPLE} (more: ${commandLine('help schedule')})`])] },
      ],
      visibility: changing ? 'channel' : 'ephemeral',
    };
  },
};
