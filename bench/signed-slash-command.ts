/**
 * A `/papers` slash command as Slack sends it to an HTTP endpoint: the form-encoded payload
 * (https://docs.slack.dev/interactivity/implementing-slash-commands#app_command_handling), signed
 * with the app's signing secret (https://docs.slack.dev/authentication/verifying-requests-from-slack),
 * for the benchmarks that load paperboy's real Bolt receiver (chat-load-bench.ts,
 * slack-endpoint-bench.ts).
 */
import { createHmac } from 'node:crypto';
import { request, type Agent } from 'node:http';
import { performance } from 'node:perf_hooks';

/** The signing secret the benchmarks' paperboy servers are configured with. */
export const BENCH_SIGNING_SECRET = 'bench-signing-secret';

/** The payload of command `i` (20 channels, 50 users in turn); its response_url is under `hooksBase`. */
export function slashCommandBody(i: number, text: string, hooksBase: string): string {
  return new URLSearchParams({
    token: 'bench',
    team_id: 'T0BENCH',
    team_domain: 'bench',
    channel_id: `C0BENCH${i % 20}`,
    channel_name: 'bench',
    user_id: `U0BENCH${i % 50}`,
    user_name: 'bench',
    command: '/papers',
    text,
    api_app_id: 'A0PAPERBOY',
    is_enterprise_install: 'false',
    response_url: `${hooksBase}/hooks/commands/T0BENCH/${i}`,
    trigger_id: `${i}.1.bench`,
  }).toString();
}

/**
 * POSTs a signed payload to `url` and resolves with the milliseconds until the response ended
 * (the ack); rejects on any status but 200, an error, or no response within `timeoutMs`.
 */
export function postSignedSlashCommand(url: URL | string, agent: Agent, body: string, timeoutMs: number): Promise<number> {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = createHmac('sha256', BENCH_SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex');
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      agent,
      timeout: timeoutMs,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': Buffer.byteLength(body),
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': `v0=${signature}`,
      },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(body);
  });
}
