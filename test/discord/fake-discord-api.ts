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
  /** The parsed JSON body (of a multipart request, its `payload_json`); tests assert on it field by field. */
  body: any;
  /** The files of a multipart/form-data request (`files[n]` parts), as text. */
  files: Array<{ field: string; name: string; contentType: string; content: string }>;
}

/**
 * A request body as Discord reads it. A request with files is multipart/form-data: the JSON body
 * in a `payload_json` part and each file in a `files[n]` part with its filename
 * (https://discord.com/developers/docs/reference#uploading-files); anything else is JSON.
 */
async function parseRequestBody(bytes: Buffer, contentType: string | undefined): Promise<Pick<RecordedRequest, 'body' | 'files'>> {
  if (!contentType?.startsWith('multipart/form-data')) {
    const text = bytes.toString('utf8');
    return { body: text === '' ? undefined : JSON.parse(text), files: [] };
  }
  const form = await new Response(new Uint8Array(bytes), { headers: { 'content-type': contentType } }).formData();
  const payload = form.get('payload_json');
  const files: RecordedRequest['files'] = [];
  for (const [field, value] of form) {
    if (typeof value === 'string' || !/^files\[\d+\]$/.test(field)) continue;
    files.push({ field, name: value.name, contentType: value.type, content: Buffer.from(await value.arrayBuffer()).toString('utf8') });
  }
  return { body: typeof payload === 'string' ? JSON.parse(payload) : undefined, files };
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
  /** Carries out the next request that matches as usual, then answers it as the fault says. */
  fault(match: (request: RecordedRequest) => boolean, fault: DiscordFault): void;
  /** Messages of a channel as Discord stores them, oldest first (what a member scrolling the channel sees). */
  messagesIn(channelId: string): Array<Record<string, unknown>>;
  /** Channels where the bot lacks Read Message History. */
  noHistory: Set<string>;
  /** enforce_nonce's window, in ms. */
  nonceWindow: { ms: number };
  /** Interaction tokens that no longer work, with the error code every webhook request on them gets (expireToken). */
  expiredTokens: Map<string, DeadTokenCode>;
  /** Makes an interaction token dead from now on, as Discord answers after its 15 minutes (or early, with 10015). */
  expireToken(token: string, code: DeadTokenCode): void;
  /** Waits until a recorded request matches; fails with the requests seen when none does. */
  waitFor(predicate: (request: RecordedRequest) => boolean, what: string): Promise<RecordedRequest>;
  close(): Promise<void>;
}

const API_PREFIX = /^\/api\/v\d+/;
/** How long enforce_nonce remembers a nonce: Discord says "the past few minutes"; tests shrink it to act as a later restart. */
const NONCE_WINDOW_MS = 2 * 60_000;

/**
 * A fault on a request Discord carried out: the answer comes `delayMs` late (after the client's
 * timeout), or is `answer` instead (a 5xx after the message was stored).
 */
export interface DiscordFault {
  delayMs?: number;
  answer?: FakeResponse;
}
const WAIT_LIMIT_MS = 10_000;

/**
 * How Discord answers a request on a dead interaction token: 401 with 50027 Invalid Webhook Token
 * once its 15 minutes are over, and 404 with 10015 Unknown Webhook, seen within the window too.
 * https://discord.com/developers/docs/interactions/receiving-and-responding#followup-messages (tokens last 15 minutes),
 * https://discord.com/developers/docs/topics/opcodes-and-status-codes#json-json-error-codes (10015, 50027),
 * https://github.com/discord/discord-api-docs/issues/6851 (404 within the window, 401 after it, on every webhook route).
 */
export type DeadTokenCode = 10015 | 50027;
const DEAD_TOKEN_ANSWERS: Record<DeadTokenCode, FakeResponse> = {
  10015: { status: 404, body: { message: 'Unknown Webhook', code: 10015 } },
  50027: { status: 401, body: { message: 'Invalid Webhook Token', code: 50027 } },
};

export async function startFakeDiscordApi(options: { applicationId: string; botUserId: string; gatewayUrl?: () => string }): Promise<FakeDiscordApi> {
  const requests: RecordedRequest[] = [];
  const interceptors: Interceptor[] = [];
  const registeredCommands = new Map<string, object[]>();
  const channelMessages = new Map<string, Array<{ id: string; nonce?: unknown; createdAtMs: number } & Record<string, unknown>>>();
  const noHistory = new Set<string>();
  const nonceWindow = { ms: NONCE_WINDOW_MS };
  const expiredTokens = new Map<string, DeadTokenCode>();
  /** Interaction ids whose initial response Discord took. */
  const acknowledged = new Set<string>();
  const faults: Array<{ match: (request: RecordedRequest) => boolean; fault: DiscordFault }> = [];
  // Snowflakes are time-based (https://discord.com/developers/docs/reference#snowflakes): the
  // milliseconds since 2015 above bit 22, so `after` a time's snowflake lists what came since.
  let lastId = 0n;
  const snowflake = () => {
    const fromClock = (BigInt(Date.now()) - 1_420_070_400_000n) << 22n;
    lastId = fromClock > lastId ? fromClock : lastId + 1n;
    return String(lastId);
  };

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
    if (method === 'POST' && (match = /^\/interactions\/(\d+)\/[^/]+\/callback$/.exec(path))) {
      // An interaction takes one initial response; every later one is 400 with 40060 Interaction
      // has already been acknowledged
      // (https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction,
      // https://discord.com/developers/docs/topics/opcodes-and-status-codes#json-json-error-codes; the
      // answer's shape as discord.js reports it: https://github.com/Rage-Gaming/Discord-Form-Bot/issues/12).
      // Several sessions on one shard each receive the interaction
      // (https://discord.com/developers/docs/events/gateway#sharding, https://github.com/discord/discord-api-docs/pull/1524),
      // so replicas race for it and the first callback wins.
      if (acknowledged.has(match[1]!)) return { status: 400, body: { message: 'Interaction has already been acknowledged.', code: 40060 } };
      acknowledged.add(match[1]!);
      return { status: 204 };
    }
    const webhookToken = /^\/webhooks\/\d+\/([^/]+)/.exec(path)?.[1];
    const dead = webhookToken === undefined ? undefined : expiredTokens.get(webhookToken);
    if (dead) return DEAD_TOKEN_ANSWERS[dead];
    if ((match = /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/.exec(path))) {
      if (method === 'DELETE') return { status: 204 };
      if (method === 'PATCH') return { status: 200, body: message('400000000000000000', request.body, match[1]) };
    }
    if (method === 'POST' && (match = /^\/webhooks\/(\d+)\/([^/]+)$/.exec(path))) {
      return { status: 200, body: message('400000000000000000', request.body, match[1]) };
    }
    if ((match = /^\/channels\/(\d+)\/messages$/.exec(path))) {
      const channelId = match[1]!;
      const stored = channelMessages.get(channelId) ?? [];
      if (method === 'GET') {
        // https://discord.com/developers/docs/resources/message#get-channel-messages: needs Read
        // Message History (50001 Missing Access without it); `after`/`before`, `limit` 1-100
        // (default 50); newest first. The message objects carry no `nonce`: Discord returns it only
        // in the create answer and the gateway's MESSAGE_CREATE.
        if (noHistory.has(channelId)) return { status: 403, body: { message: 'Missing Access', code: 50001 } };
        const after = request.query.get('after');
        const before = request.query.get('before');
        const limit = Math.min(100, Number(request.query.get('limit') ?? 50) || 50);
        let listed = [...stored].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
        if (after) listed = listed.filter((m) => BigInt(m.id) > BigInt(after)).slice(0, limit);
        else {
          if (before) listed = listed.filter((m) => BigInt(m.id) < BigInt(before));
          listed = listed.slice(-limit);
        }
        return { status: 200, body: listed.reverse().map(({ nonce: _nonce, ...rest }) => rest) };
      }
      if (method === 'POST') {
        // https://discord.com/developers/docs/resources/message#create-message: with enforce_nonce,
        // a message by the same author with the same nonce created "in the past few minutes" is
        // returned instead of a new one; after that window the same nonce posts again.
        const nonce = request.body?.nonce;
        if (request.body?.enforce_nonce === true && nonce !== undefined) {
          const recent = stored.find((m) => m.nonce === nonce && Date.now() - m.createdAtMs <= nonceWindow.ms);
          if (recent) {
            const { nonce: _n, createdAtMs: _c, ...rest } = recent;
            return { status: 200, body: { ...rest, nonce } };
          }
        }
        const created = { ...message(channelId, request.body), nonce, createdAtMs: Date.now() };
        channelMessages.set(channelId, [...stored, created]);
        const { createdAtMs: _c, ...answer } = created;
        return { status: 200, body: answer };
      }
    }
    if (method === 'POST' && path === '/users/@me/channels') {
      // https://discord.com/developers/docs/resources/user#create-dm
      return { status: 200, body: { id: `9${String(request.body?.recipient_id ?? '0').slice(1)}`, type: 1, recipients: [{ id: request.body?.recipient_id }] } };
    }
    if (method === 'DELETE' && (match = /^(\/applications\/\d+(?:\/guilds\/\d+)?\/commands)\/(\d+)$/.exec(path))) {
      // https://discord.com/developers/docs/interactions/application-commands#delete-global-application-command
      // (and #delete-guild-application-command): 204 No Content; an id Discord does not have is
      // 10063 Unknown application command (https://discord.com/developers/docs/topics/opcodes-and-status-codes#json-json-error-codes).
      const [, listPath, commandId] = match;
      const stored = (registeredCommands.get(listPath!) ?? []) as { id?: string }[];
      if (!stored.some((command) => command.id === commandId)) return { status: 404, body: { message: 'Unknown application command', code: 10063 } };
      registeredCommands.set(listPath!, stored.filter((command) => command.id !== commandId));
      return { status: 204 };
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
    req.on('end', () => void answerRequest());
    const answerRequest = async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const request: RecordedRequest = {
        method: req.method ?? 'GET',
        path: decodeURIComponent(url.pathname).replace(API_PREFIX, ''),
        query: url.searchParams,
        headers: req.headers,
        ...(await parseRequestBody(Buffer.concat(chunks), req.headers['content-type'])),
      };
      requests.push(request);
      let answer: FakeResponse | undefined;
      for (const interceptor of interceptors) {
        answer = interceptor(request);
        if (answer) break;
      }
      answer ??= route(request);
      const faultAt = faults.findIndex((f) => f.match(request));
      const fault = faultAt >= 0 ? faults.splice(faultAt, 1)[0]!.fault : null;
      const send = (final: FakeResponse) => {
        if (res.destroyed) return;
        const headers: Record<string, string> = { ...final.headers };
        if (final.body !== undefined) headers['content-type'] = 'application/json';
        res.writeHead(final.status, headers);
        res.end(final.body === undefined ? undefined : JSON.stringify(final.body));
      };
      if (fault?.delayMs) setTimeout(() => send(fault.answer ?? answer), fault.delayMs);
      else send(fault?.answer ?? answer);
    };
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/api`,
    requests,
    registeredCommands,
    intercept: (interceptor) => void interceptors.push(interceptor),
    fault: (match, fault) => void faults.push({ match, fault }),
    messagesIn: (channelId) => (channelMessages.get(channelId) ?? []).map(({ createdAtMs: _c, nonce: _n, ...rest }) => rest),
    noHistory,
    nonceWindow,
    expiredTokens,
    expireToken: (token, code) => void expiredTokens.set(token, code),
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
