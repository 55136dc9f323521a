import { createInterface } from 'node:readline';
import type { Invoker } from '../../commands/command-context.ts';
import type { Reply } from '../../core/reply.ts';
import { renderConsoleReply } from './render-console.ts';

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
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream & { isTTY?: boolean };
  run(text: string, invoker: Invoker): Promise<Reply>;
  banner: string;
}

/**
 * An interactive chat in the terminal: each line is a `/papers` command (the prefix is optional),
 * the reply is printed, Ctrl-D quits. Resolves when the input ends.
 */
export function runConsoleChat(options: ConsoleChatOptions): Promise<void> {
  const { input, output, run } = options;
  const colour = output.isTTY === true;
  const rl = createInterface({ input, output, terminal: colour, prompt: colour ? '\x1b[1mpapers>\x1b[0m ' : 'papers> ' });
  output.write(`${options.banner}\n`);
  rl.prompt();
  let queue = Promise.resolve();
  rl.on('line', (line) => {
    // Lines are answered in order even when a reply takes a while.
    queue = queue.then(async () => {
      const text = line.trim();
      if (text === '') return rl.prompt();
      if (text === 'exit' || text === 'quit') return rl.close();
      const reply = await run(text, CONSOLE_INVOKER);
      output.write(`${renderConsoleReply(reply, colour)}\n\n`);
      rl.prompt();
    });
  });
  return new Promise((resolve) => {
    rl.on('close', () => {
      void queue.then(() => {
        output.write('\nBye.\n');
        resolve();
      });
    });
  });
}
