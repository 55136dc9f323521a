/**
 * Stands in front of Bolt's HTTP receiver on the events endpoint. Bolt reads `body.ssl_check`
 * of whatever JSON it parsed, outside any try: a body of `null` (or a form `payload=null`),
 * correctly signed, threw in a promise nobody awaited and ended the process, and the request
 * was never answered. Every Slack request body is a JSON object or a form
 * (https://docs.slack.dev/authentication/verifying-requests-from-slack), so anything else is
 * answered 400 here before Bolt sees it. The body read here is handed on (Bolt reuses a request
 * that already carries `rawBody`), so signature checks are unchanged: Bolt still answers an
 * unsigned or malformed request itself (401, 400).
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { HTTPModuleFunctions, isValidSlackRequest, type BufferedIncomingMessage, type ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../../core/logger.ts';
import { nextTurn } from '../event-loop-turns.ts';
import { describeSlackError, slackErrorForLog } from './slack-api-errors.ts';

export interface SlackRequestGuardOptions {
  /** Paths Bolt treats as Slack requests (POST). */
  endpoints: string[];
  /** Largest body accepted, as Bolt's own limit: a larger one is answered 413. */
  bodyLimit?: number;
  /** Answer each signed request at once and hand it to Bolt afterwards (see ackFirst below); absent: Bolt answers. */
  ackFirst?: AckFirstOptions;
  log: Logger;
}

export interface AckFirstOptions {
  signingSecret: string;
  /** Bolt's App#processEvent: the request's listeners run through it once it is answered. */
  processEvent: (event: ReceiverEvent) => Promise<void>;
  /** Requests answered whose work is still running: stopping waits for them before the store closes. */
  inFlight: Set<Promise<void>>;
}

/** Reads the body, or null once it is longer than `limit` bytes. */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * What Bolt will parse the body into, or undefined when Bolt cannot parse it (Bolt answers that:
 * 401 unsigned, 400 signed).
 */
function parsedLikeBolt(req: IncomingMessage, rawBody: Buffer): { value: unknown } | undefined {
  try {
    return { value: HTTPModuleFunctions.parseHTTPRequestBody({ rawBody, headers: req.headers } as BufferedIncomingMessage) };
  } catch {
    return undefined;
  }
}

function answer(res: ServerResponse, status: number): void {
  if (!res.headersSent) res.writeHead(status);
  res.end();
}

/** Wraps Bolt's HTTPReceiver#requestListener. */
export function guardSlackRequests(listener: RequestListener, options: SlackRequestGuardOptions): RequestListener {
  const limit = options.bodyLimit ?? HTTPModuleFunctions.defaultBodyLimit;
  const { log } = options;
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'POST' || !options.endpoints.includes(path)) return listener(req, res);
    const guarded = async () => {
      const rawBody = await readBody(req, limit);
      if (rawBody === null) {
        log.warn({ path, limit }, 'slack request body too large; answered 413');
        return answer(res, 413);
      }
      const parsed = parsedLikeBolt(req, rawBody);
      if (parsed !== undefined && (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value))) {
        log.warn({ path, body: parsed.value === null ? 'null' : Array.isArray(parsed.value) ? 'array' : typeof parsed.value }, 'slack request body is not an object; answered 400');
        return answer(res, 400);
      }
      (req as BufferedIncomingMessage).rawBody = rawBody;
      if (options.ackFirst && parsed !== undefined && answeredFirst(req, res, rawBody, parsed.value as Record<string, unknown>, options.ackFirst, log)) return;
      return listener(req, res);
    };
    guarded().catch((error: unknown) => {
      // A client that hangs up mid-body, or Bolt throwing synchronously: answered, logged, never thrown.
      log.warn({ path, reason: describeSlackError(error), err: slackErrorForLog(error) }, 'slack request failed before Bolt handled it');
      answer(res, 400);
    });
  };
}

/**
 * Ack first: a signed request is answered 200 before any listener runs, and Bolt processes it on a
 * later turn of the event loop, one request per turn (event-loop-turns.ts). Slack wants every
 * request answered within 3 seconds (slash commands:
 * https://docs.slack.dev/interactivity/implementing-slash-commands#responding_to_commands; events:
 * https://docs.slack.dev/apis/events-api/#responding), and every listener of paperboy's acks with
 * an empty body, so the answer never depends on the work. With Bolt answering, each request ran
 * its authorization, middleware and listener up to ack() before the next request's ack, and the
 * answers of earlier commands (rendered on the same thread) came between: 300 concurrent slash
 * commands at 78,769 papers (bench/chat-load-bench.ts) were acked at p99 339–433 ms idle and
 * 264–504 ms during an import or a digest, and 179–250 ms answered here first.
 *
 * Left to Bolt, which answers them with content or refuses them: URL verification and SSL checks,
 * and anything whose signature does not verify (401). One difference: a request from a workspace
 * paperboy has no installation for is answered 200 (Bolt's answer to it was 401), and Bolt then
 * runs nothing for it, as before; the error handler logs it.
 */
function answeredFirst(req: IncomingMessage, res: ServerResponse, rawBody: Buffer, body: Record<string, unknown>, ackFirst: AckFirstOptions, log: Logger): boolean {
  if (body['ssl_check'] === '1' || body['type'] === 'url_verification') return false;
  const signature = req.headers['x-slack-signature'];
  const timestamp = Number(req.headers['x-slack-request-timestamp']);
  if (typeof signature !== 'string' || !Number.isFinite(timestamp)) return false;
  const verified = isValidSlackRequest({
    signingSecret: ackFirst.signingSecret,
    body: rawBody.toString(),
    headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
  });
  if (!verified) return false;
  answer(res, 200);
  const event: ReceiverEvent = {
    body,
    // Already answered: what a listener acks with is not sent (paperboy's listeners ack with nothing).
    ack: async () => {},
    retryNum: HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req),
    retryReason: HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req),
    customProperties: {},
  };
  const work = nextTurn()
    .then(() => ackFirst.processEvent(event))
    .catch((error: unknown) => {
      // Bolt's error handler (start-slack.ts) has logged it; this keeps the rejection handled.
      log.debug({ reason: describeSlackError(error) }, 'slack request failed after its ack');
    })
    .finally(() => ackFirst.inFlight.delete(work));
  ackFirst.inFlight.add(work);
  return true;
}
