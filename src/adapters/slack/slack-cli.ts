/**
 * `paperboy slack …`: prints the app manifest to paste into "Create an app → From a manifest".
 */
import { parseArgs } from 'node:util';
import type { ChatAdapterInput, ChatHost } from '../../commands/chat-host.ts';
import { DEFAULT_COMMAND_NAME } from '../../core/command-name.ts';
import { buildSlackManifest, validateManifestUrl } from './slack-manifest.ts';
import { slackCommandName, type SlackConfig } from './slack-mode.ts';

export const SLACK_CLI_USAGE = `Usage:
  paperboy slack manifest --url https://paperboy.example.org   manifest for HTTP mode (request URLs under that base)
  paperboy slack manifest --socket-mode                        manifest for Socket Mode (no public URL needed)

Options:
  --url URL          public https base URL paperboy is reachable at (HTTP mode; adds the OAuth redirect URL)
  --socket-mode      Socket Mode (the default when SLACK_APP_TOKEN is set)
  --name NAME        app and bot name (default: paperboy)
  --command /NAME    slash command (default: ${DEFAULT_COMMAND_NAME})`;

/**
 * Runs `paperboy slack <args>`; `args` are the words after `slack`, flags included. The manifest
 * declares the host's commands; SLACK_APP_TOKEN makes Socket Mode the default. Returns the exit code.
 */
export function runSlackCli(
  { host, config }: ChatAdapterInput<Pick<SlackConfig, 'SLACK_APP_TOKEN' | 'SLACK_COMMAND'>, Pick<ChatHost, 'commands'>>,
  args: string[],
  out: (line: string) => void,
  err: (line: string) => void,
): number {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        'socket-mode': { type: 'boolean' },
        name: { type: 'string' },
        command: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    err(`${error instanceof Error ? error.message : String(error)}\n\n${SLACK_CLI_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [subcommand] = positionals;
  if (values.help || subcommand === undefined || subcommand === 'help') {
    out(SLACK_CLI_USAGE);
    return subcommand === undefined && !values.help ? 2 : 0;
  }
  if (subcommand !== 'manifest') {
    err(`Unknown slack command "${subcommand}".\n\n${SLACK_CLI_USAGE}`);
    return 2;
  }
  const socketMode = values['socket-mode'] ?? config.SLACK_APP_TOKEN !== undefined;
  if (!socketMode && values.url === undefined) {
    err('An HTTP-mode manifest needs --url with the public https base URL paperboy is reachable at, or use --socket-mode.');
    return 2;
  }
  const urlProblem = values.url === undefined ? null : validateManifestUrl(values.url);
  if (urlProblem) {
    err(`--url ${urlProblem}.`);
    return 2;
  }
  try {
    const manifest = buildSlackManifest(host.commands, {
      url: values.url,
      socketMode,
      name: values.name,
      command: values.command ?? slackCommandName(config),
      oauth: values.url !== undefined,
    });
    out(JSON.stringify(manifest, null, 2));
    return 0;
  } catch (error) {
    err(error instanceof Error ? error.message : String(error));
    return 2;
  }
}
