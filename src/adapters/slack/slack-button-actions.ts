/**
 * How reply buttons travel through Slack: the `action_id` says what a click does (`run`, `share`
 * or `note`),
 * the `value` holds the invocation to run, as data (reply.ts encodeInvocation), never a command
 * line. Slack echoes both back, signed, in `block_actions`.
 */
import type { Button } from '../../core/reply.ts';

const ACTION_PREFIX = 'paperboy';

/** Matches the action ids of every button paperboy renders. */
export const BUTTON_ACTION_PATTERN = /^paperboy:(run|share|note):\d+$/;
/** Matches every other action id (a stale message, blocks paperboy did not render). */
export const OTHER_ACTION_PATTERN = /^(?!paperboy:(?:run|share|note):\d+$)/;

/** The action id of the `index`-th button of a message; unique within the message, as Slack requires. */
export function buttonActionId(kind: Button['kind'], index: number): string {
  return `${ACTION_PREFIX}:${kind}:${index}`;
}

/** What a clicked button asks for, or null for an action id paperboy did not render. */
export function parseButtonAction(actionId: string): Button['kind'] | null {
  const match = BUTTON_ACTION_PATTERN.exec(actionId);
  return match ? (match[1] as Button['kind']) : null;
}
