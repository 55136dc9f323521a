/**
 * The one error a user sees. Anything else thrown by a handler is a bug: the dispatcher
 * logs it with its context and the user gets a short generic reply.
 */
export class UserError extends Error {
  /** A stable machine-readable code, e.g. `query.unbalanced_quote`. */
  readonly code: string;
  /** How to fix it, shown under the message. */
  readonly hint: string | null;

  constructor(code: string, message: string, hint: string | null = null) {
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

export function fail<T = never>(code: string, message: string, hint: string | null = null): Result<T> {
  return { ok: false, error: new UserError(code, message, hint) };
}
