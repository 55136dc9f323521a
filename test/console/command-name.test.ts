/**
 * The slash command's name is defined once (src/core/command-name.ts): neutral text names the
 * default, and a text renderer told another name writes that one instead. The console keeps `/papers`.
 */
import { describe, expect, it } from 'vitest';
import { renderConsoleReply } from '../../src/adapters/console/render-console.ts';
import { createCommandRegistry } from '../../src/commands/command-registry.ts';
import { ALL_COMMANDS } from '../../src/commands/all-commands.ts';
import { commandLine, DEFAULT_COMMAND_NAME, isCommandName, withCommandNameInText } from '../../src/core/command-name.ts';
import { renderReplyText } from '../../src/core/render-text.ts';
import type { Reply } from '../../src/core/reply.ts';

const REPLY: Reply = {
  blocks: [
    { type: 'text', text: `Digests are paused. ${commandLine('resume')} turns them back on.` },
    { type: 'actions', buttons: [{ kind: 'run', label: 'Next', invocation: { command: 'search', args: { query: 'llm page:2' } } }] },
  ],
  visibility: 'ephemeral',
};

describe('the command name', () => {
  it('is /papers by default, and command lines are written with it', () => {
    expect(DEFAULT_COMMAND_NAME).toBe('/papers');
    expect(commandLine()).toBe('/papers');
    expect(commandLine('help search')).toBe('/papers help search');
    expect(commandLine('list', '/pb')).toBe('/pb list');
  });

  it('follows Slack’s rule for a slash command', () => {
    for (const ok of ['/papers', '/pb', '/papers-staging', '/p_2']) expect(isCommandName(ok)).toBe(true);
    for (const bad of ['papers', '/Papers', '/', '/papers now', `/${'x'.repeat(32)}`]) expect(isCommandName(bad)).toBe(false);
  });

  it('is rewritten only where it is a mention of the command', () => {
    const text = 'Run /papers list (or “/papers help”); /papers-archive, huggingface.co/papers/1 and a/papers stay.';
    expect(withCommandNameInText(text, '/pb')).toBe('Run /pb list (or “/pb help”); /papers-archive, huggingface.co/papers/1 and a/papers stay.');
    expect(withCommandNameInText(text, DEFAULT_COMMAND_NAME)).toBe(text);
  });

  it('the text renderer names the command it is given, in text and in button lines', () => {
    expect(renderReplyText(REPLY)).toBe('Digests are paused. /papers resume turns them back on.\n[Next: /papers search llm page:2]');
    expect(renderReplyText(REPLY, undefined, { commandName: '/pb' })).toBe('Digests are paused. /pb resume turns them back on.\n[Next: /pb search llm page:2]');
  });

  it('the console answers to /papers and says /papers', () => {
    expect(renderConsoleReply(REPLY, false)).toContain('/papers resume');
    const registry = createCommandRegistry(ALL_COMMANDS);
    expect(registry.resolve('/papers help list')).toMatchObject({ spec: { name: 'help' }, argsText: 'list' });
    expect(registry.resolve('/PAPERS recsys')).toMatchObject({ spec: { name: 'search' }, argsText: 'recsys' });
  });
});
