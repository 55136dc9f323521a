import { commandLine } from '../../core/command-name.ts';
import { UserError } from '../../core/errors.ts';
import type { Reply } from '../../core/reply.ts';
import { describeSlot, WEEKDAY_NAMES } from '../../core/digest/schedule.ts';
import { lastRecapLine, nextRecapSlot } from '../../core/digest/weekly-recap.ts';
import type { CommandContext } from '../command-context.ts';
import type { CommandSpec } from '../command-spec.ts';
import { findChannelOf } from './channel-of.ts';
import { assertCanPostHere } from './posting-check.ts';

/** The day a recap takes when none is given: the end of the working week. */
const DEFAULT_RECAP_DAY = 'fri';
const DAY_NAMES: Record<string, string> = { sun: 'Sunday', mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday' };

/**
 * `recap on [day] | off`: the weekly recap of the channel's most-liked papers (weekly-recap.ts),
 * at the channel's digest time on the chosen day. It posts to the channel, so turning it on or off
 * is a channel setting: the channel policy applies, and on Discord it is under /papers-channel.
 * `recap` alone says how it is set and how the last one went, for the asker alone.
 */
export const recapCommand: CommandSpec = {
  name: 'recap',
  summary: `Weekly recap of this channel’s most-liked papers: ${commandLine('recap on fri')} (or off)`,
  details:
    'Once a week, on the day you choose (default Friday) at this channel’s digest time, paperboy posts the papers rated 👍 most that week, then those saved. ' +
    `A week with nothing liked posts nothing. ${commandLine('recap')} alone shows the setting and the last recap.`,
  examples: ['recap on fri', 'recap on mon', 'recap off', 'recap'],
  options: [
    { name: 'state', type: 'text', description: 'on or off', required: false, syntax: 'choice', choices: ['on', 'off'] },
    { name: 'day', type: 'text', description: 'The recap’s weekday (default fri)', required: false, syntax: 'choice', choices: WEEKDAY_NAMES },
  ],
  // A day is only ever the day of a recap turned on: given at all, it is a change (Discord offers it under /papers-channel only).
  changesChannel: (args) => args['state'] !== undefined || args['day'] !== undefined,
  // A day without `on` is a mistake, not a change: said before the channel policy (dispatch.ts), so
  // a member who may not change the channel is told the line is wrong, not only that they may not.
  checkArgs(args) {
    if (args['day'] === undefined || args['state'] === 'on') return;
    const day = String(args['day']);
    if (args['state'] === undefined) throw new UserError('recap.day_when_off', 'A day goes with “recap on”.', `Run ${commandLine(`recap on ${day}`)}.`);
    throw new UserError('recap.day_when_off', `“recap off” takes no day.`, `Run ${commandLine('recap off')}, or ${commandLine(`recap on ${day}`)} to move the recap.`);
  },
  async run(context, args): Promise<Reply> {
    if (args['state'] === undefined) return recapState(context);
    const on = args['state'] === 'on';
    const day = args['day'] === undefined ? null : String(args['day']);
    const channel = await findChannelOf(context);
    if (!channel || (await context.services.subscriptions.listSubscriptions(channel.id)).length === 0) {
      throw new UserError('recap.no_channel', 'This channel has no digest, so there is no recap to set.', `Subscribe first: ${commandLine('subscribe recsys cold-start')}, then ${commandLine('recap on fri')}.`);
    }
    const by = context.invoker.userName ?? context.invoker.userId;
    if (!on) {
      const had = (await context.services.recaps.recapOf(channel.id)) !== null;
      await context.services.recaps.setRecap(channel.id, null, by);
      return { blocks: [{ type: 'text', text: had ? 'Weekly recap off for this channel.' : 'This channel had no weekly recap; nothing changed.' }], visibility: had ? 'channel' : 'ephemeral' };
    }
    const weekdayName = day ?? DEFAULT_RECAP_DAY;
    await assertCanPostHere(context, `recap on ${weekdayName}`);
    const choice = { weekday: WEEKDAY_NAMES.indexOf(weekdayName as (typeof WEEKDAY_NAMES)[number]), since: context.clock.now().toISOString() };
    await context.services.recaps.setRecap(channel.id, choice, by);
    const next = nextRecapSlot(channel, choice, context.clock.now());
    return {
      blocks: [
        { type: 'text', text: `Weekly recap on: every ${DAY_NAMES[weekdayName]} at ${channel.postTime}, the papers this channel liked most that week (👍, then saves).` },
        { type: 'context', items: [...(next ? [`Next recap: ${describeSlot(next, channel.timeZone)}`] : []), `Stop it: ${commandLine('recap off')}`] },
      ],
      visibility: 'channel',
    };
  },
};

/** How the channel's recap is set, when the next one comes and how the last one went. */
async function recapState(context: CommandContext): Promise<Reply> {
  const channel = await findChannelOf(context);
  const choice = channel ? await context.services.recaps.recapOf(channel.id) : null;
  const last = channel ? await context.services.recaps.lastRecap(channel.id) : null;
  const lastLine = channel && last ? [lastRecapLine(last, channel)] : [];
  if (!channel || !choice) {
    return {
      blocks: [
        { type: 'text', text: `This channel has no weekly recap. Turn it on: ${commandLine('recap on fri')}.` },
        ...(lastLine.length > 0 ? [{ type: 'context' as const, items: lastLine }] : []),
      ],
      visibility: 'ephemeral',
    };
  }
  const weekdayName = WEEKDAY_NAMES[choice.weekday]!;
  const next = nextRecapSlot(channel, choice, context.clock.now());
  return {
    blocks: [
      { type: 'text', text: `Weekly recap on: every ${DAY_NAMES[weekdayName]} at ${channel.postTime}, the papers this channel liked most that week (👍, then saves).` },
      {
        type: 'context',
        items: [...(next ? [`Next recap: ${describeSlot(next, channel.timeZone)}`] : []), ...(lastLine.length > 0 ? lastLine : ['No recap yet.']), `Stop it: ${commandLine('recap off')}`],
      },
    ],
    visibility: 'ephemeral',
  };
}
