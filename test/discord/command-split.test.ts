/**
 * How paperboy's own text names commands on Discord (discord-command-split.ts): a use that changes
 * a channel is `/papers-channel …`, a mention is what command-name.ts says it is, and the option
 * deciding a split command's use is worked out once per command, not once per reply.
 */
import { describe, expect, it } from 'vitest';
import { discordCommandText } from '../../src/adapters/discord/discord-command-split.ts';
import type { CommandArgs, CommandSpec } from '../../src/commands/command-spec.ts';
import { ALL_COMMANDS } from '../../src/commands/all-commands.ts';

describe('discordCommandText', () => {
  it('names each channel-changing use /papers-channel and leaves reading uses, paths and longer names alone', () => {
    const text =
      'Try /papers subscribe recsys, /papers digest now or /papers digest preview. ' +
      'See huggingface.co/papers subscribe and /papers-archive subscribe; /papers settings admins-only on.';
    expect(discordCommandText(text, ALL_COMMANDS)).toBe(
      'Try /papers-channel subscribe recsys, /papers-channel digest now or /papers digest preview. ' +
        'See huggingface.co/papers subscribe and /papers-archive subscribe; /papers-channel settings admins-only on.',
    );
  });

  it('names /papers-channel for a use whose other option is a change by itself: recap’s day', () => {
    expect(discordCommandText('Try /papers recap mon, /papers recap on fri, /papers recap off or /papers recap.', ALL_COMMANDS)).toBe(
      'Try /papers-channel recap mon, /papers-channel recap on fri, /papers-channel recap off or /papers recap.',
    );
  });

  it('works out which option splits a command once, however many replies name it', () => {
    let asked = 0;
    const spec: CommandSpec = {
      name: 'digest',
      summary: 'A digest',
      examples: [],
      options: [{ name: 'action', type: 'text', description: 'What to do', required: false, syntax: 'choice', choices: ['now', 'preview'] }],
      changesChannel: (args: CommandArgs) => {
        asked++;
        return args['action'] === 'now';
      },
      run: () => ({ blocks: [], visibility: 'ephemeral' }),
    };
    expect(discordCommandText('/papers digest now', [spec])).toBe('/papers-channel digest now');
    const afterFirst = asked;
    for (let i = 0; i < 10; i++) discordCommandText('/papers digest now, then /papers digest preview', [spec]);
    expect(asked).toBe(afterFirst);
  });
});
