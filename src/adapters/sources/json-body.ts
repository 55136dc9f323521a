import type { z } from 'zod';

/** A JSON body read and checked against a schema, or why it could not be. */
export type JsonBodyResult<T> = { kind: 'ok'; data: T } | { kind: 'malformed'; message: string };

/** Parses a response body given as text; an already-parsed value is passed through. */
export function readJsonBody(body: unknown): JsonBodyResult<unknown> {
  if (typeof body !== 'string') return { kind: 'ok', data: body };
  try {
    return { kind: 'ok', data: JSON.parse(body) as unknown };
  } catch (error) {
    const start = body.trimStart().slice(0, 40);
    return { kind: 'malformed', message: `body is not JSON (${(error as Error).message}); it starts with ${JSON.stringify(start)}` };
  }
}

/** Checks a parsed JSON value against a schema; `what` names the expected shape in the message. */
export function checkJsonShape<S extends z.ZodType>(schema: S, value: unknown, what: string): JsonBodyResult<z.output<S>> {
  const checked = schema.safeParse(value);
  if (checked.success) return { kind: 'ok', data: checked.data };
  const problems = checked.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
  return { kind: 'malformed', message: `body is not ${what}: ${problems}` };
}
