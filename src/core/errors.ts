/**
 * Every code a UserError carries, each listed once, by area: a code not in this list fails tsc,
 * so a typo cannot ship, and a test checks that each is used. Codes are stable: logs and tests
 * name them, so rename one only with its uses.
 */
export const USER_ERROR_CODES = [
  // A command's arguments, as its spec validates them (parse-arguments.ts, command specs).
  'args.bad_choice',
  'args.bad_integer',
  'args.bad_page',
  'args.missing',
  'args.missing_value',
  'args.too_long',
  'args.too_short',
  'args.unexpected',
  'command.unknown',
  // The query language (parse-query.ts, paper-search.ts).
  'query.bad_category',
  'query.bad_date',
  'query.bad_page',
  'query.bad_sort',
  'query.empty',
  'query.empty_field',
  'query.negated_field',
  'query.too_long',
  'query.unbalanced_quote',
  'query.unknown_category',
  'query.unknown_field',
  // Papers.
  'paper.arxiv_unreachable',
  'paper.not_found',
  'paper.not_on_arxiv',
  // Who may change a channel, and whether paperboy can post there.
  'permission.admins_only',
  'permission.settings_admin',
  'channel.cannot_post',
  // Subscriptions and follows.
  'subscribe.empty',
  'subscribe.no_match',
  'subscriptions.limit',
  'unsubscribe.bad_id',
  'unsubscribe.not_found',
  'follow.not_found',
  'unfollow.not_found',
  // Digests and their schedule (schedule-grammar.ts, schedule.ts).
  'digest.no_subscriptions',
  'pause.no_channel',
  'resume.no_channel',
  'recap.no_channel',
  'recap.day_when_off',
  'schedule.ambiguous_city',
  'schedule.ambiguous_time_zone',
  'schedule.bad_picks',
  'schedule.bad_time',
  'schedule.bad_time_zone',
  'schedule.too_long',
  'schedule.two_empty',
  'schedule.two_picks',
  'schedule.two_times',
  'schedule.two_zones',
  'schedule.unknown_word',
  'schedule.weekly_day',
] as const;

export type UserErrorCode = (typeof USER_ERROR_CODES)[number];

/**
 * The one error a user sees. Anything else thrown by a handler is a bug: the dispatcher
 * logs it with its context and the user gets a short generic reply.
 */
export class UserError extends Error {
  /** A stable machine-readable code, e.g. `query.unbalanced_quote`. */
  readonly code: UserErrorCode;
  /** How to fix it, shown under the message. */
  readonly hint: string | null;

  constructor(code: UserErrorCode, message: string, hint: string | null = null) {
    super(message);
    this.name = 'UserError';
    this.code = code;
    this.hint = hint;
  }
}

/** A result that is either a value or a user-facing error, for validators that must not throw. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: UserError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: UserErrorCode, message: string, hint: string | null = null): Result<T> {
  return { ok: false, error: new UserError(code, message, hint) };
}
