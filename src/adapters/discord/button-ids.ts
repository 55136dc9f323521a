/**
 * Button custom ids. A button carries its kind and its invocation, as data, in its custom id
 * (`pb:r0:["like",{"id":"2503.11731"}]`, reply.ts encodeInvocation); Discord caps custom ids at
 * 100 characters, so a longer one is kept in memory for the life of an interaction token and the
 * id only names it (`pb:ref:…`). An id in the old command-line form (`pb:r0:pause`) decodes to
 * nothing: run as a line, it would have been whatever command its first word named.
 */
import { randomBytes } from 'node:crypto';
import { decodeInvocation, encodeInvocation, type Button, type Invocation } from '../../core/reply.ts';
import type { Clock } from '../../core/ports.ts';
import { DISCORD_INTERACTION_TOKEN_TTL_MS, DISCORD_MAX_CUSTOM_ID } from './discord-limits.ts';

/** What a button does when clicked. */
export interface ButtonAction {
  kind: Button['kind'];
  invocation: Invocation;
}

export interface ButtonIds {
  /**
   * The custom id for a button. `slot` makes ids unique within a message (Discord rejects
   * duplicates), e.g. the button's position.
   */
  encode(action: ButtonAction, slot: number): string;
  /** The action behind a custom id, or null when it is unknown or has expired. */
  decode(customId: string): ButtonAction | null;
}

const KIND_LETTER: Record<ButtonAction['kind'], string> = { run: 'r', share: 's', note: 'n' };
const KIND_OF_LETTER: Record<string, ButtonAction['kind']> = { r: 'run', s: 'share', n: 'note' };
const INLINE_ID = /^pb:([rsn])\d+:(.+)$/s;
const REF_ID = /^pb:ref:([A-Za-z0-9_-]+)$/;

/** Whether a custom id names a button kept in the memory of the process that made it (`pb:ref:…`). */
export function isStoredButtonId(customId: string): boolean {
  return REF_ID.test(customId);
}

export function createButtonIds(options: { clock: Clock; ttlMs?: number }): ButtonIds {
  const ttlMs = options.ttlMs ?? DISCORD_INTERACTION_TOKEN_TTL_MS;
  const stored = new Map<string, { action: ButtonAction; expiresAt: number }>();

  const forgetExpired = (now: number) => {
    for (const [key, entry] of stored) if (entry.expiresAt <= now) stored.delete(key);
  };

  return {
    encode(action, slot) {
      const inline = `pb:${KIND_LETTER[action.kind]}${slot}:${encodeInvocation(action.invocation)}`;
      if (inline.length <= DISCORD_MAX_CUSTOM_ID) return inline;
      const now = options.clock.now().getTime();
      forgetExpired(now);
      const key = randomBytes(9).toString('base64url');
      stored.set(key, { action, expiresAt: now + ttlMs });
      return `pb:ref:${key}`;
    },
    decode(customId) {
      const inline = INLINE_ID.exec(customId);
      if (inline) {
        const invocation = decodeInvocation(inline[2]!);
        return invocation ? { kind: KIND_OF_LETTER[inline[1]!]!, invocation } : null;
      }
      const ref = REF_ID.exec(customId);
      if (!ref) return null;
      const entry = stored.get(ref[1]!);
      if (!entry) return null;
      if (entry.expiresAt <= options.clock.now().getTime()) {
        stored.delete(ref[1]!);
        return null;
      }
      return entry.action;
    },
  };
}
