import { createInterface } from 'node:readline';
import type { Invoker } from '../../commands/command-context.ts';
import { DEFAULT_COMMAND_NAME } from '../../core/command-name.ts';
import { type Button, type Invocation, type Reply } from '../../core/reply.ts';
import { MORE_COMMAND, renderConsoleReply } from './render-console.ts';

/** The console is a chat platform of its own: one workspace, one channel, one user. */
export const CONSOLE_INVOKER: Invoker = {
  platform: 'console',
  workspaceId: 'console',
  channelId: 'console',
  userId: 'console-user',
  userName: 'you',
  isAdmin: true,
};

export interface ConsoleChatOptions {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream & { isTTY?: boolean };
  /**
   * Runs a typed line, or (for `more`) the invocation of the last results' next-page button,
   * through structured dispatch: serve.ts passes app.run, which is ChatHost.run.
   */
  run(input: string | Invocation, invoker: Invoker): Promise<Reply>;
  banner: string;
}

const MORE_LINE = new RegExp(`^(?:${DEFAULT_COMMAND_NAME}\\s+)?${MORE_COMMAND}$`, 'i');

/** The next-page button of a reply ("More results"), if it has one. */
function nextPageOf(reply: Reply): Button | undefined {
  for (const block of reply.blocks) {
    if (block.type !== 'actions') continue;
    const next = block.buttons.find((b): b is Button => b.nextPage === true);
    if (next) return next;
  }
  return undefined;
}

/** Whether a reply shows results that `more` can page on from. */
const showsResults = (reply: Reply) => !reply.failed && reply.blocks.some((b) => b.type === 'paper');

function note(text: string): Reply {
  return { blocks: [{ type: 'text', text, tone: 'muted' }], visibility: 'ephemeral' };
}

/**
 * `more`: runs the next-page button of the last reply that showed results, as a click would.
 * `last` is that reply, or null before any.
 */
function runMore(last: Reply | null, options: ConsoleChatOptions, invoker: Invoker): Promise<Reply> {
  if (!last) return Promise.resolve(note('Nothing to page through yet: search first (recsys cold-start), then type more.'));
  const next = nextPageOf(last);
  if (!next) return Promise.resolve(note('That was the last page of these results.'));
  return options.run(next.invocation, invoker);
}

/**
 * How the chat ended: `bye` when the input ended after someone typed (Ctrl-D, `exit`, a piped
 * script's end), `no-input` when the input was not a terminal and closed before a single line:
 * nobody is there to chat (a service manager started paperboy without platform credentials).
 */
export type ConsoleChatEnd = 'bye' | 'no-input';

/**
 * An interactive chat in the terminal: each line is a `/papers` command (the prefix is optional),
 * the reply is printed, Ctrl-D quits; `more` shows the next page of the last results. Resolves
 * when the input ends, with how it ended.
 */
export function runConsoleChat(options: ConsoleChatOptions): Promise<ConsoleChatEnd> {
  const { input, output, run } = options;
  const colour = output.isTTY === true;
  const rl = createInterface({ input, output, terminal: colour, prompt: colour ? '\x1b[1mpapers>\x1b[0m ' : 'papers> ' });
  output.write(`${options.banner}\n`);
  rl.prompt();
  let queue = Promise.resolve();
  let lastResults: Reply | null = null;
  let linesRead = 0;
  rl.on('line', (line) => {
    linesRead++;
    // Lines are answered in order even when a reply takes a while.
    queue = queue.then(async () => {
      const text = line.trim();
      if (text === '') return rl.prompt();
      if (text === 'exit' || text === 'quit') return rl.close();
      const reply = MORE_LINE.test(text) ? await runMore(lastResults, options, CONSOLE_INVOKER) : await run(text, CONSOLE_INVOKER);
      if (showsResults(reply)) lastResults = reply;
      output.write(`${renderConsoleReply(reply, colour, { chat: true })}\n\n`);
      rl.prompt();
    });
  });
  return new Promise((resolve) => {
    rl.on('close', () => {
      void queue.then(() => {
        if (linesRead === 0 && input.isTTY !== true) return resolve('no-input');
        output.write('\nBye.\n');
        resolve('bye');
      });
    });
  });
}
