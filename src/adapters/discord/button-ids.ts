/**
 * Button custom ids. A button carries its kind and the command it runs in its custom id
 * (`pb:r0:like 2503.11731`); Discord caps custom ids at 100 characters, so a longer command is
 * kept in memory for the life of an interaction token and the id only names it (`pb:ref:…`).
 */
import { randomBytes } from 'node:crypto';
import type { Button } from '../../core/reply.ts';
import type { Clock } from '../../core/ports.ts';
import { DISCORD_INTERACTION_TOKEN_TTL_MS, DISCORD_MAX_CUSTOM_ID } from './discord-limits.ts';

/** What a button does when clicked. */
export interface ButtonAction {
  kind: Button['kind'];
  command: string;
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

const KIND_LETTER: Record<ButtonAction['kind'], string> = { run: 'r', share: 's' };
const INLINE_ID = /^pb:([rs])\d+:(.+)$/s;
const REF_ID = /^pb:ref:([A-Za-z0-9_-]+)$/;

export function createButtonIds(options: { clock: Clock; ttlMs?: number }): ButtonIds {
  const ttlMs = options.ttlMs ?? DISCORD_INTERACTION_TOKEN_TTL_MS;
  const stored = new Map<string, { action: ButtonAction; expiresAt: number }>();

  const forgetExpired = (now: number) => {
    for (const [key, entry] of stored) if (entry.expiresAt <= now) stored.delete(key);
  };

  return {
    encode(action, slot) {
      const inline = `pb:${KIND_LETTER[action.kind]}${slot}:${action.command}`;
      if (inline.length <= DISCORD_MAX_CUSTOM_ID) return inline;
      const now = options.clock.now().getTime();
      forgetExpired(now);
      const key = randomBytes(9).toString('base64url');
      stored.set(key, { action, expiresAt: now + ttlMs });
      return `pb:ref:${key}`;
    },
    decode(customId) {
      const inline = INLINE_ID.exec(customId);
      if (inline) return { kind: inline[1] === 's' ? 'share' : 'run', command: inline[2]! };
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
