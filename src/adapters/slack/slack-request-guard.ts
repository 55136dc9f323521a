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
import { HTTPModuleFunctions, type BufferedIncomingMessage } from '@slack/bolt';
import type { Logger } from '../../core/logger.ts';
import { describeSlackError, slackErrorForLog } from './slack-api-errors.ts';

export interface SlackRequestGuardOptions {
  /** Paths Bolt treats as Slack requests (POST). */
  endpoints: string[];
  /** Largest body accepted, as Bolt's own limit: a larger one is answered 413. */
  bodyLimit?: number;
  log: Logger;
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
      return listener(req, res);
    };
    guarded().catch((error: unknown) => {
      // A client that hangs up mid-body, or Bolt throwing synchronously: answered, logged, never thrown.
      log.warn({ path, reason: describeSlackError(error), err: slackErrorForLog(error) }, 'slack request failed before Bolt handled it');
      answer(res, 400);
    });
  };
}
