/**
 * A fake Discord REST API on 127.0.0.1: records every request, answers the routes paperboy
 * uses like Discord does, and lets a test replace any answer (errors, 429s).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** The path after `/api/v10`, e.g. `/channels/123/messages`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** The parsed JSON body; tests assert on it field by field. */
  body: any;
}

export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Answers a request instead of the default route, or returns undefined to let it through. */
export type Interceptor = (request: RecordedRequest) => FakeResponse | undefined;

export interface FakeDiscordApi {
  /** The REST base URL to put in DISCORD_API_URL. */
  url: string;
  requests: RecordedRequest[];
  /** Application commands as the fake stores them, per route (`/applications/…/commands`). */
  registeredCommands: Map<string, object[]>;
  intercept(interceptor: Interceptor): void;
  /** Waits until a recorded request matches; fails with the requests seen when none does. */
  waitFor(predicate: (request: RecordedRequest) => boolean, what: string): Promise<RecordedRequest>;
  close(): Promise<void>;
}

const API_PREFIX = /^\/api\/v\d+/;
const WAIT_LIMIT_MS = 10_000;

export async function startFakeDiscordApi(options: { applicationId: string; botUserId: string; gatewayUrl?: () => string }): Promise<FakeDiscordApi> {
  const requests: RecordedRequest[] = [];
  const interceptors: Interceptor[] = [];
  const registeredCommands = new Map<string, object[]>();
  const channelMessages = new Map<string, object[]>();
  let nextId = 1_300_000_000_000_000_000n;
  const snowflake = () => String(nextId++);

  const message = (channelId: string, body: Record<string, unknown>, webhookId?: string) => ({
    id: snowflake(),
    channel_id: channelId,
    author: { id: options.botUserId, username: 'paperboy', discriminator: '0', global_name: null, avatar: null, bot: true },
    content: body['content'] ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: body['embeds'] ?? [],
    components: body['components'] ?? [],
    pinned: false,
    type: 0,
    flags: body['flags'] ?? 0,
    ...(body['nonce'] === undefined ? {} : { nonce: body['nonce'] }),
    ...(webhookId ? { webhook_id: webhookId, application_id: options.applicationId } : {}),
  });

  // Discord answers a registration with ids, versions and defaults it adds, and omits `required: false`.
  const asRegistered = (commands: Record<string, unknown>[]) =>
    commands.map((command) => ({
      id: snowflake(),
      application_id: options.applicationId,
      version: snowflake(),
      dm_permission: true,
      name_localizations: null,
      description_localizations: null,
      ...command,
      options: stripFalseRequired(command['options']),
    }));

  const route = (request: RecordedRequest): FakeResponse => {
    const { method, path } = request;
    let match: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      return {
        status: 200,
        body: {
          url: options.gatewayUrl?.() ?? 'ws://127.0.0.1:1',
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
        },
      };
    }
    if (method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) return { status: 204 };
    if ((match = /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/.exec(path))) {
      if (method === 'DELETE') return { status: 204 };
      if (method === 'PATCH') return { status: 200, body: message('400000000000000000', request.body, match[1]) };
    }
    if (method === 'POST' && (match = /^\/webhooks\/(\d+)\/([^/]+)$/.exec(path))) {
      return { status: 200, body: message('400000000000000000', request.body, match[1]) };
    }
    if ((match = /^\/channels\/(\d+)\/messages$/.exec(path))) {
      const stored = channelMessages.get(match[1]!) ?? [];
      if (method === 'GET') return { status: 200, body: [...stored].reverse() };
      if (method === 'POST') {
        const created = message(match[1]!, request.body);
        channelMessages.set(match[1]!, [...stored, created]);
        return { status: 200, body: created };
      }
    }
    if (/^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path)) {
      if (method === 'GET') return { status: 200, body: registeredCommands.get(path) ?? [] };
      if (method === 'PUT') {
        const stored = asRegistered(request.body as Record<string, unknown>[]);
        registeredCommands.set(path, stored);
        return { status: 200, body: stored };
      }
    }
    return { status: 404, body: { message: '404: Not Found', code: 0 } };
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      const request: RecordedRequest = {
        method: req.method ?? 'GET',
        path: decodeURIComponent(url.pathname).replace(API_PREFIX, ''),
        query: url.searchParams,
        headers: req.headers,
        body: text === '' ? undefined : JSON.parse(text),
      };
      requests.push(request);
      let answer: FakeResponse | undefined;
      for (const interceptor of interceptors) {
        answer = interceptor(request);
        if (answer) break;
      }
      answer ??= route(request);
      const headers: Record<string, string> = { ...answer.headers };
      if (answer.body !== undefined) headers['content-type'] = 'application/json';
      res.writeHead(answer.status, headers);
      res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/api`,
    requests,
    registeredCommands,
    intercept: (interceptor) => void interceptors.push(interceptor),
    async waitFor(predicate, what) {
      const deadline = Date.now() + WAIT_LIMIT_MS;
      for (;;) {
        const found = requests.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) {
          throw new Error(`The fake Discord API never received ${what}. It received:\n${requests.map((r) => `  ${r.method} ${r.path}`).join('\n')}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function stripFalseRequired(options: unknown): unknown {
  if (!Array.isArray(options)) return options;
  return options.map((option: Record<string, unknown>) => {
    const { required, ...rest } = option;
    const copy: Record<string, unknown> = required === true ? { ...rest, required } : rest;
    if (Array.isArray(option['options'])) copy['options'] = stripFalseRequired(option['options']);
    return copy;
  });
}
