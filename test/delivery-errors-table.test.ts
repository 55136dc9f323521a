/**
 * The delivery guide's "Delivery errors" table (docs/delivery.md) and the code's tables say the same thing: every code the
 * code classifies appears in the guide's row of its class, and the guide names no code the code
 * does not know.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DISCORD_POST_ERRORS } from '../src/adapters/discord/discord-post-errors.ts';
import { SLACK_POST_ERRORS } from '../src/adapters/slack/slack-post-errors.ts';

const GUIDE = readFileSync(fileURLToPath(new URL('../docs/delivery.md', import.meta.url)), 'utf8');
const section = GUIDE.slice(GUIDE.indexOf('## Delivery errors'), GUIDE.indexOf('\n## ', GUIDE.indexOf('## Delivery errors') + 1));
const rows = section.split('\n').filter((line) => /^\| (Slack|Discord) \|/.test(line));
const row = (platform: string, says: RegExp) => rows.find((r) => r.startsWith(`| ${platform} |`) && says.test(r)) ?? '';
const codesIn = (line: string) => [...line.matchAll(/`([a-z0-9_]+)`/g)].map((m) => m[1]!);

function readmeClass(platform: 'Slack' | 'Discord', kind: string, reachable: boolean | undefined): string {
  if (kind === 'unknown') return row(platform, /looks the message up/);
  if (kind === 'retry') return row(platform, /tries again later/);
  return reachable ? row(platform, /says so in the channel/) : row(platform, /direct message/);
}

const TABLES = [
  ['Slack', SLACK_POST_ERRORS],
  ['Discord', DISCORD_POST_ERRORS],
] as const;

describe('the delivery guide’s error table', () => {
  it.each(TABLES)('lists every %s code in the row of its class, and no other', (platform, table) => {
    for (const [code, meaning] of Object.entries(table)) {
      const reachable = meaning.kind === 'permanent' ? meaning.channelReachable : undefined;
      expect(codesIn(readmeClass(platform, meaning.kind, reachable)), code).toContain(code);
    }
    const named = rows.filter((r) => r.startsWith(`| ${platform} |`)).flatMap(codesIn);
    expect(named.filter((c) => !(c in table))).toEqual([]);
  });
});
