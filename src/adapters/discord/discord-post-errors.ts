/**
 * Discord's JSON error codes, sorted by what a digest does about them
 * (https://discord.com/developers/docs/topics/opcodes-and-status-codes#json-json-error-codes).
 * The "Delivery errors" table in docs/delivery.md is this table.
 *
 * - `retry`: Discord did not post the message; try again later with backoff.
 * - `permanent`: it fails until someone acts; the channel's digests pause with the fix.
 * An HTTP 5xx without a JSON code, a timeout or a reset connection may have posted the message:
 * the poster looks it up before sending again. A code missing here is retried a few times, then
 * the channel pauses showing the raw code.
 */
import type { PermanentFailure } from '../../core/delivery-ports.ts';

type Permanent = Omit<PermanentFailure, 'code'>;
export type DiscordErrorClass = { kind: 'retry' } | ({ kind: 'permanent' } & Permanent);

const PERMISSIONS = 'In the channel’s settings, give paperboy View Channel, Send Messages (Send Messages in Threads for a thread), Embed Links and Read Message History';
const REPORT = 'This is a paperboy bug: please report it with the code; the channel can be resumed after an upgrade';

const permanent = (reason: string, fix: string, channelReachable: boolean): DiscordErrorClass => ({ kind: 'permanent', reason, fix, channelReachable });

export const DISCORD_POST_ERRORS: Readonly<Record<number, DiscordErrorClass>> = {
  // Not posted; try later.
  20016: { kind: 'retry' }, // slowmode rate limit
  20028: { kind: 'retry' }, // the channel hit its write rate limit
  20029: { kind: 'retry' }, // the server hit its write rate limit
  130000: { kind: 'retry' }, // API resource overloaded
  // The channel: gone, or closed to paperboy.
  10003: permanent('this Discord channel no longer exists', 'Subscribe in another channel', false),
  10004: permanent('paperboy is no longer in this Discord server', 'A server admin adds paperboy again with its invite link', false),
  50001: permanent('paperboy can no longer see this Discord channel', PERMISSIONS, false),
  50013: permanent('paperboy is not allowed to post in this Discord channel', PERMISSIONS, false),
  50008: permanent('this Discord channel does not take messages', 'Subscribe in a text channel', false),
  50024: permanent('this kind of Discord channel does not take paperboy’s messages', 'Subscribe in a text channel', false),
  50083: permanent('this Discord thread is archived', 'Unarchive the thread, or subscribe in a channel', false),
  160005: permanent('this Discord thread is locked', 'Unlock the thread, or subscribe in a channel', false),
  50007: permanent('paperboy cannot send direct messages to this user', 'Subscribe in a server channel', false),
  40001: permanent('Discord rejected paperboy’s token', 'Set DISCORD_TOKEN to the bot token from the Developer Portal and restart paperboy', false),
  40002: permanent('Discord asks paperboy’s account to be verified', 'Verify the bot’s account in the Developer Portal', false),
  // The message itself: Discord refused what paperboy built. A short notice may still get through.
  50035: permanent('Discord rejected the digest’s content (Invalid Form Body)', REPORT, true),
  50006: permanent('the digest was empty', REPORT, true),
  40005: permanent('the digest was too large for Discord', `${REPORT}; meanwhile lower the picks with /papers schedule picks 5`, true),
  50109: permanent('Discord could not read the digest (invalid JSON)', REPORT, true),
  200000: permanent('the server’s AutoMod blocked the digest', 'A server admin lets paperboy’s messages through AutoMod', true),
  200001: permanent('the server’s AutoMod blocked the digest', 'A server admin lets paperboy’s messages through AutoMod', true),
  240000: permanent('Discord’s link filter blocked a link in the digest', REPORT, true),
};

/** What a Discord JSON error code means for a digest; null when the table does not know it. */
export function classifyDiscordError(code: number): DiscordErrorClass | null {
  return Object.hasOwn(DISCORD_POST_ERRORS, code) ? DISCORD_POST_ERRORS[code]! : null;
}

/**
 * The step a person can take about a Discord error code, from this table, for messages other than
 * digests (a command's announcement); null when the table has none or its only advice is to report
 * a paperboy bug (the wording of those speaks of digests).
 */
export function discordErrorFix(code: number): string | null {
  const known = classifyDiscordError(code);
  return known?.kind === 'permanent' && !known.fix.startsWith(REPORT) ? known.fix : null;
}
