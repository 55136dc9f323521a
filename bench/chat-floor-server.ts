/**
 * The floor under bench/chat-load-bench.ts's bursts: what the same 300 concurrent commands cost a
 * server that does nothing but what the platforms require, on the same machine. Slack: a
 * `node:http` server that reads each request, checks its signature
 * (https://docs.slack.dev/authentication/verifying-requests-from-slack), answers 200 and posts
 * "ok" to its response_url. Discord: a bare discord.js client (the Guilds intent, as paperboy's)
 * that defers each interaction and edits the reply to "ok". No store, no search, no rendering:
 * its longest event-loop stall and ack times are the platform plumbing's alone, the reference for
 * paperboy's. Spoken to over stdin as chat-load-bench.ts's server is: `burst-stall` (the longest
 * stall since the last one), and it prints `listening <port> 0` once ready.
 *
 *   started by chat-load-bench.ts with `--floor '{"slackApiUrl":…,"discordApiUrl":…}'`
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { isValidSlackRequest } from '@slack/bolt';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { BENCH_SIGNING_SECRET } from './signed-slash-command.ts';

export interface FloorArgs {
  discordApiUrl: string;
  discordToken: string;
}

export async function serveFloor(args: FloorArgs): Promise<void> {
  const stalls = monitorEventLoopDelay({ resolution: 1 });
  stalls.enable();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      const valid = isValidSlackRequest({
        signingSecret: BENCH_SIGNING_SECRET,
        body,
        headers: { 'x-slack-signature': String(req.headers['x-slack-signature']), 'x-slack-request-timestamp': Number(req.headers['x-slack-request-timestamp']) },
      });
      res.writeHead(valid ? 200 : 401).end();
      const responseUrl = new URLSearchParams(body).get('response_url');
      if (valid && responseUrl) void fetch(responseUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"ok"}' }).catch(() => {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: args.discordApiUrl } });
  client.on(Events.InteractionCreate, (interaction) => {
    if (!interaction.isChatInputCommand()) return;
    void interaction
      .deferReply()
      .then(() => interaction.editReply({ content: 'ok' }))
      .catch(() => {});
  });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(args.discordToken);
  await ready;
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(`listening ${(server.address() as AddressInfo).port} 0`);
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'burst-stall') {
      say(`burst-stall ${stalls.max / 1e6}`);
      stalls.reset();
    }
  }
  await client.destroy();
  server.closeAllConnections();
  server.close();
}
