/**
 * A fake Slack on 127.0.0.1: the Web API (`/api/<method>`, as SLACK_API_URL points at it),
 * response_url hooks (`/hooks/…`) and a Socket Mode WebSocket (`/socket-mode`). It records every
 * call and answers like Slack does, including per-workspace channel ownership so a token of one
 * workspace cannot post into another's channel.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  token: string | null;
  at: number;
}

export interface RecordedHook {
  path: string;
  body: Record<string, unknown>;
  at: number;
}

export interface PostedMessage {
  ts: string;
  channel: string;
  text: string;
  blocks: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

/** A Home tab view views.publish accepted, by workspace and user. */
export interface PublishedView {
  team: string | null;
  userId: string;
  view: { type: string; blocks: unknown[]; [field: string]: unknown };
}

/** Links of a posted message Slack sent `link_shared` for: what chat.unfurl may attach cards to. */
export interface SharedLinks {
  channel: string;
  ts: string;
  /** Names the links while still in the composer; chat.unfurl takes it with `source` instead of channel and ts. */
  unfurlId: string;
  urls: string[];
}

/** Unfurls chat.unfurl accepted: URL → its unfurl (blocks), for the message the call named. */
export interface RecordedUnfurl {
  channel: string;
  ts: string;
  unfurls: Record<string, { blocks?: unknown[] }>;
}

/** A file shared through files.getUploadURLExternal, the upload, and files.completeUploadExternal. */
export interface SharedFile {
  id: string;
  filename: string;
  title: string | null;
  /** Where it was shared; null when completeUploadExternal named no channel (the file stays private). */
  channel: string | null;
  initialComment: string | null;
  /** The uploaded bytes as text. */
  content: string;
}

export interface ScriptedResponse {
  status?: number;
  headers?: Record<string, string>;
  body: Record<string, unknown>;
}

export interface SocketEnvelope {
  envelope_id: string;
  type: string;
  payload: unknown;
  accepts_response_payload?: boolean;
}

/** What the fake's conversations.info knows of a channel; every flag defaults to false. */
export interface FakeConversation {
  is_private?: boolean;
  is_im?: boolean;
  is_mpim?: boolean;
  is_archived?: boolean;
  /** Whether the bot is in it. A DM with the bot is one it is in; a DM between others is not. */
  is_member?: boolean;
  /** For a DM: the person it is with, the IM's `user` (https://docs.slack.dev/reference/objects/im-object). */
  user?: string;
}

/**
 * A fault on a call Slack carried out: its answer comes `delayMs` late (after the client's
 * timeout, although the post was recorded), or is `answer` instead of the success (a 500, or
 * internal_error, which Slack documents may follow a partial success:
 * https://docs.slack.dev/reference/methods/chat.postMessage#errors).
 */
export interface Fault {
  delayMs?: number;
  answer?: ScriptedResponse;
}

export interface FakeSlack {
  url: string;
  /** What SLACK_API_URL is set to. */
  apiUrl: string;
  calls: RecordedCall[];
  hooks: RecordedHook[];
  messages: PostedMessage[];
  /** Acknowledgements the app sent over the socket. */
  socketAcks: { envelope_id: string; payload?: unknown }[];
  /** Bot token → the workspace it belongs to. */
  tokens: Map<string, string>;
  /** Channel id → the workspace it belongs to; unknown channels are open to every token. */
  channels: Map<string, string>;
  /** Channels that were deleted: posting there fails with channel_not_found. */
  deletedChannels: Set<string>;
  /**
   * Channel id → its kind and the bot's membership, for conversations.info and conversations.join.
   * A channel not listed is a public channel the bot has not joined (it can still post there with
   * chat:write.public); conversations.join makes it a member.
   */
  conversations: Map<string, FakeConversation>;
  /** User id → admin flags for users.info. */
  users: Map<string, { is_admin: boolean; is_owner: boolean }>;
  /** OAuth code → the installation oauth.v2.access hands out. */
  grants: Map<string, { teamId: string; teamName: string; botToken: string }>;
  /** User id → the conversations they are a member of, for users.conversations. */
  memberships: Map<string, string[]>;
  /** Whether the app's Home tab is enabled (its manifest's app_home.home_tab_enabled); true unless a test turns it off. */
  homeTabEnabled: boolean;
  /** Home tab views views.publish accepted, the latest last. */
  publishedViews: PublishedView[];
  /** Messages whose links Slack sent `link_shared` for (a test adds one with every event it sends). */
  sharedLinks: SharedLinks[];
  /** Unfurls chat.unfurl accepted. */
  unfurls: RecordedUnfurl[];
  /** Files completed with files.completeUploadExternal, in order. */
  files: SharedFile[];
  /** Answers the next call of `method` with `response` instead of the default (nothing is carried out). */
  script(method: string, ...responses: ScriptedResponse[]): void;
  /** Carries out the next calls of `method` as usual, then answers each as its fault says. */
  fault(method: string, ...faults: Fault[]): void;
  callsOf(method: string): RecordedCall[];
  /**
   * Whether Slack sends the app events about what happens in `channel`: only where the app is
   * (reactions:read covers "channels and conversations that your Slack app has been added to",
   * https://docs.slack.dev/reference/scopes/reactions.read), so a public channel paperboy posts in
   * with chat:write.public without joining sends it no reaction_added.
   */
  sendsEventsFrom(channel: string): boolean;
  /** Sends an envelope to the connected Socket Mode client. */
  sendEnvelope(envelope: SocketEnvelope): void;
  socketConnected(): boolean;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * The file bytes of a POST to an upload URL: "Files can be sent as raw bytes or can be multipart
 * form encoded" (https://docs.slack.dev/reference/methods/files.getUploadURLExternal); the first
 * file part of a multipart body, the whole body otherwise.
 */
async function uploadedBytes(body: Buffer, contentType: string | undefined): Promise<Buffer> {
  if (!contentType?.startsWith('multipart/form-data')) return body;
  const form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
  for (const [, value] of form) if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
  return Buffer.alloc(0);
}

function parseParams(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    // WebClient sends objects and arrays as JSON strings inside the form.
    params[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return params;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: RecordedCall[] = [];
  const hooks: RecordedHook[] = [];
  const messages: PostedMessage[] = [];
  const socketAcks: FakeSlack['socketAcks'] = [];
  const scripts = new Map<string, ScriptedResponse[]>();
  const tokens = new Map<string, string>();
  const channels = new Map<string, string>();
  const deletedChannels = new Set<string>();
  const conversations = new Map<string, FakeConversation>();
  const users = new Map<string, { is_admin: boolean; is_owner: boolean }>();
  const grants = new Map<string, { teamId: string; teamName: string; botToken: string }>();
  const memberships = new Map<string, string[]>();
  const publishedViews: PublishedView[] = [];
  const sharedLinks: SharedLinks[] = [];
  const unfurls: RecordedUnfurl[] = [];
  const files: SharedFile[] = [];
  /** Uploads started with files.getUploadURLExternal, by file id: the name and length asked for, the bytes once posted. */
  const uploads = new Map<string, { filename: string; length: number; bytes: Buffer | null }>();
  let homeTabEnabled = true;
  let lastTs = 0;
  /** A message ts as Slack makes them: the post's Unix time in seconds with microseconds, unique per channel. */
  const nextTs = (): string => {
    lastTs = Math.max(Date.now() * 1000, lastTs + 1);
    return `${Math.floor(lastTs / 1_000_000)}.${String(lastTs % 1_000_000).padStart(6, '0')}`;
  };
  const faults = new Map<string, Fault[]>();
  let socket: WebSocket | null = null;
  let baseUrl = '';

  const answer = (method: string, params: Record<string, unknown>, token: string | null): ScriptedResponse => {
    const team = token ? (tokens.get(token) ?? 'T_DEFAULT') : null;
    switch (method) {
      case 'auth.test':
        return { body: { ok: true, url: 'https://fake.slack.com/', team: 'Fake', user: 'paperboy', team_id: team, user_id: 'UBOTUSER', bot_id: 'BBOT' } };
      // https://docs.slack.dev/reference/methods/chat.postMessage: with chat:write.public an app posts
      // in any public channel without joining it; a private channel it is not in is channel_not_found.
      case 'chat.postMessage': {
        const channel = String(params['channel']);
        const owner = channels.get(channel);
        if (deletedChannels.has(channel) || (owner !== undefined && owner !== team)) return { body: { ok: false, error: 'channel_not_found' } };
        const conversation = conversations.get(channel) ?? {};
        if ((conversation.is_private || conversation.is_mpim) && !conversation.is_member) return { body: { ok: false, error: 'channel_not_found' } };
        if (conversation.is_archived) return { body: { ok: false, error: 'is_archived' } };
        const ts = nextTs();
        const message: PostedMessage = { ts, channel, text: String(params['text'] ?? ''), blocks: (params['blocks'] as unknown[]) ?? [] };
        if (params['metadata']) message.metadata = params['metadata'] as PostedMessage['metadata'];
        messages.push(message);
        return { body: { ok: true, channel, ts, message: { type: 'message', text: message.text, ts } } };
      }
      // https://docs.slack.dev/reference/methods/conversations.history: only a member reads a
      // channel's history (not_in_channel for a public channel the bot only posts to through
      // chat:write.public; channel_not_found for a private one it cannot see). Newest first, between
      // `oldest` and `latest` (exclusive unless `inclusive`), `limit` per page (default 100, at most
      // 999) with a cursor; metadata only with include_all_metadata.
      case 'conversations.history': {
        const channel = String(params['channel']);
        const conversation = conversations.get(channel) ?? {};
        if (deletedChannels.has(channel)) return { body: { ok: false, error: 'channel_not_found' } };
        if (!conversation.is_member && !conversation.is_im) {
          return { body: { ok: false, error: conversation.is_private || conversation.is_mpim ? 'channel_not_found' : 'not_in_channel' } };
        }
        const withMetadata = params['include_all_metadata'] === 'true' || params['include_all_metadata'] === true;
        const inclusive = params['inclusive'] === 'true' || params['inclusive'] === true || params['inclusive'] === '1';
        const oldest = params['oldest'] === undefined ? 0 : Number(params['oldest']);
        const latest = params['latest'] === undefined ? Number.POSITIVE_INFINITY : Number(params['latest']);
        const limit = Math.min(999, Number(params['limit'] ?? 100) || 100);
        const offset = params['cursor'] ? Number(Buffer.from(String(params['cursor']), 'base64').toString('utf8').replace('offset:', '')) : 0;
        const inRange = messages
          .filter((m) => m.channel === channel)
          .filter((m) => (inclusive ? Number(m.ts) >= oldest && Number(m.ts) <= latest : Number(m.ts) > oldest && Number(m.ts) < latest))
          .reverse();
        const page = inRange.slice(offset, offset + limit);
        const hasMore = offset + limit < inRange.length;
        return {
          body: {
            ok: true,
            messages: page.map((m) => ({ type: 'message', ts: m.ts, text: m.text, ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}) })),
            has_more: hasMore,
            response_metadata: { next_cursor: hasMore ? Buffer.from(`offset:${offset + limit}`).toString('base64') : '' },
          },
        };
      }
      case 'users.info': {
        const id = String(params['user']);
        const flags = users.get(id) ?? { is_admin: false, is_owner: false };
        return { body: { ok: true, user: { id, team_id: team, name: id.toLowerCase(), ...flags, is_primary_owner: false } } };
      }
      case 'apps.connections.open':
        return { body: { ok: true, url: `${baseUrl.replace('http://', 'ws://')}/socket-mode` } };
      case 'oauth.v2.access': {
        const grant = grants.get(String(params['code']));
        if (!grant) return { body: { ok: false, error: 'invalid_code' } };
        tokens.set(grant.botToken, grant.teamId);
        return {
          body: {
            ok: true,
            app_id: 'A0PAPERBOY',
            authed_user: { id: 'UINSTALLER' },
            scope: 'commands,chat:write',
            token_type: 'bot',
            access_token: grant.botToken,
            bot_user_id: 'UBOTUSER',
            team: { id: grant.teamId, name: grant.teamName },
            enterprise: null,
            is_enterprise_install: false,
          },
        };
      }
      // https://docs.slack.dev/reference/methods/conversations.info: a conversation the bot cannot
      // see (another workspace's, deleted, or private/DM/group DM it is not in) is channel_not_found;
      // the answer's shape follows the recorded conversations-info-ok-general.json.
      case 'conversations.info': {
        const channel = String(params['channel']);
        const owner = channels.get(channel);
        const conversation = conversations.get(channel) ?? {};
        const hidden = (conversation.is_private || conversation.is_im || conversation.is_mpim) && !conversation.is_member;
        if (deletedChannels.has(channel) || (owner !== undefined && owner !== team) || hidden) return { body: { ok: false, error: 'channel_not_found' } };
        const isPublic = !conversation.is_private && !conversation.is_im && !conversation.is_mpim;
        return {
          body: {
            ok: true,
            channel: {
              id: channel,
              name: channel.toLowerCase(),
              is_channel: isPublic || conversation.is_private === true,
              is_group: false,
              is_im: conversation.is_im === true,
              is_mpim: conversation.is_mpim === true,
              is_private: conversation.is_private === true || conversation.is_mpim === true,
              is_archived: conversation.is_archived === true,
              is_general: false,
              context_team_id: team,
              // IMs carry no is_member (https://docs.slack.dev/reference/objects/conversation-object), but the other
              // person as `user`, the calling bot being the one (https://docs.slack.dev/reference/objects/im-object).
              ...(conversation.is_im ? (conversation.user ? { user: conversation.user } : {}) : { is_member: conversation.is_member === true }),
            },
          },
        };
      }
      // https://docs.slack.dev/reference/methods/conversations.join: joins a public channel (an
      // `already_in_channel` warning when already in), is_archived for an archived one,
      // method_not_supported_for_channel_type for DMs and group DMs, channel_not_found for what the
      // bot cannot see; private channels take an /invite instead.
      case 'conversations.join': {
        const channel = String(params['channel']);
        const owner = channels.get(channel);
        const conversation = conversations.get(channel) ?? {};
        if (deletedChannels.has(channel) || (owner !== undefined && owner !== team)) return { body: { ok: false, error: 'channel_not_found' } };
        if (conversation.is_im || conversation.is_mpim) return { body: { ok: false, error: 'method_not_supported_for_channel_type' } };
        if (conversation.is_private) {
          return { body: conversation.is_member ? { ok: true, channel: { id: channel, is_member: true } } : { ok: false, error: 'channel_not_found' } };
        }
        if (conversation.is_archived) return { body: { ok: false, error: 'is_archived' } };
        const already = conversation.is_member === true;
        conversations.set(channel, { ...conversation, is_member: true });
        const answer: Record<string, unknown> = { ok: true, channel: { id: channel, name: channel.toLowerCase(), is_channel: true, is_private: false, is_member: true } };
        if (already) Object.assign(answer, { warning: 'already_in_channel', response_metadata: { warnings: ['already_in_channel'] } });
        return { body: answer };
      }
      // https://docs.slack.dev/reference/methods/users.conversations: the conversations `user` is a
      // member of, of the comma-separated `types` (public_channel by default); a private channel,
      // group DM or DM only when the calling bot shares it. `limit` (default 100, at most 999) per
      // page with a cursor; the conversation objects come without is_member.
      case 'users.conversations': {
        const types = String(params['types'] ?? 'public_channel').split(',');
        const typeOf = (c: FakeConversation) => (c.is_im ? 'im' : c.is_mpim ? 'mpim' : c.is_private ? 'private_channel' : 'public_channel');
        const listed = (memberships.get(String(params['user'])) ?? []).filter((id) => {
          const conversation = conversations.get(id) ?? {};
          if (channels.has(id) && channels.get(id) !== team) return false;
          if (typeOf(conversation) !== 'public_channel' && !conversation.is_member) return false;
          return types.includes(typeOf(conversation));
        });
        const limit = Math.min(999, Number(params['limit'] ?? 100) || 100);
        const offset = params['cursor'] ? Number(Buffer.from(String(params['cursor']), 'base64').toString('utf8').replace('offset:', '')) : 0;
        const hasMore = offset + limit < listed.length;
        return {
          body: {
            ok: true,
            channels: listed.slice(offset, offset + limit).map((id) => ({ id, name: id.toLowerCase(), is_private: typeOf(conversations.get(id) ?? {}) !== 'public_channel' })),
            response_metadata: { next_cursor: hasMore ? Buffer.from(`offset:${offset + limit}`).toString('base64') : '' },
          },
        };
      }
      case 'views.publish':
        return publishView(params, team);
      case 'chat.unfurl':
        return unfurl(params);
      case 'files.getUploadURLExternal':
        return getUploadUrl(params);
      case 'files.completeUploadExternal':
        return completeUpload(params);
      default:
        return { body: { ok: true } };
    }
  };

  /**
   * https://docs.slack.dev/reference/methods/views.publish: `user_id` and `view` are required;
   * not_enabled when the app's Home tab is off; view_too_large over 250 kB. The view follows
   * https://docs.slack.dev/reference/views/home-tab-views: type `home`, `blocks` at most 100,
   * private_metadata at most 3,000 characters, callback_id at most 255. A view Slack refuses is
   * invalid_arguments with `[ERROR] … [json-pointer:/view…]` messages, the shape of the recorded
   * views-publish-invalid_arguments.json (the wording of each message is the fake's).
   */
  const publishView = (params: Record<string, unknown>, team: string | null): ScriptedResponse => {
    const invalid = (...messages: string[]): ScriptedResponse => ({ body: { ok: false, error: 'invalid_arguments', response_metadata: { messages } } });
    const userId = params['user_id'];
    // The documented "typical error response" for a bad user.
    if (typeof userId !== 'string' || !/^[UW][A-Z0-9]+$/.test(userId)) return invalid('invalid `user_id`');
    const view = params['view'];
    if (view === null || typeof view !== 'object' || Array.isArray(view)) return invalid('[ERROR] must provide an object [json-pointer:/view]');
    const fields = view as Record<string, unknown>;
    const problems: string[] = [];
    if (fields['type'] !== 'home') problems.push('[ERROR] must be home for views.publish [json-pointer:/view/type]');
    const blocks = fields['blocks'];
    if (!Array.isArray(blocks)) problems.push('[ERROR] must provide an array [json-pointer:/view/blocks]');
    else if (blocks.length > 100) problems.push('[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]');
    if (typeof fields['private_metadata'] === 'string' && fields['private_metadata'].length > 3000) problems.push('[ERROR] must be at most 3000 characters [json-pointer:/view/private_metadata]');
    if (typeof fields['callback_id'] === 'string' && fields['callback_id'].length > 255) problems.push('[ERROR] must be at most 255 characters [json-pointer:/view/callback_id]');
    if (problems.length > 0) return invalid(...problems);
    if (Buffer.byteLength(JSON.stringify(view)) > 250_000) return { body: { ok: false, error: 'view_too_large' } };
    if (!homeTabEnabled) return { body: { ok: false, error: 'not_enabled' } };
    publishedViews.push({ team, userId, view: fields as PublishedView['view'] });
    const id = `V${String(publishedViews.length).padStart(8, '0')}`;
    return { body: { ok: true, view: { id, team_id: team, type: 'home', blocks, root_view_id: id, app_id: 'A0PAPERBOY', bot_id: 'BBOT' } } };
  };

  /**
   * https://docs.slack.dev/reference/methods/chat.unfurl: the message is named by `channel` and
   * `ts`, or by `unfurl_id` and `source` (composer or conversations_history), each pair together;
   * `unfurls` is a JSON map of URLs to unfurls. Errors as the method's reference lists them:
   * missing_channel / missing_ts / missing_unfurls, invalid_unfurls_format for anything but a
   * map of objects, cannot_find_message for a ts that is no message Slack sent link_shared for,
   * cannot_unfurl_url for an unfurl_id no link_shared event carried, cannot_unfurl_message for a
   * URL the message does not contain.
   */
  const unfurl = (params: Record<string, unknown>): ScriptedResponse => {
    const fail = (error: string): ScriptedResponse => ({ body: { ok: false, error } });
    const byId = params['unfurl_id'] !== undefined || params['source'] !== undefined;
    let message: SharedLinks | undefined;
    if (byId) {
      if (typeof params['unfurl_id'] !== 'string' || (params['source'] !== 'composer' && params['source'] !== 'conversations_history')) return fail('invalid_arguments');
      message = sharedLinks.find((m) => m.unfurlId === params['unfurl_id']);
      if (!message) return fail('cannot_unfurl_url');
    } else {
      if (typeof params['channel'] !== 'string') return fail('missing_channel');
      if (typeof params['ts'] !== 'string') return fail('missing_ts');
      message = sharedLinks.find((m) => m.channel === params['channel'] && m.ts === params['ts']);
      if (!message) return fail('cannot_find_message');
    }
    const given = params['unfurls'];
    if (given === undefined) return fail('missing_unfurls');
    if (given === null || typeof given !== 'object' || Array.isArray(given)) return fail('invalid_unfurls_format');
    const entries = Object.entries(given as Record<string, unknown>);
    if (entries.some(([, value]) => value === null || typeof value !== 'object' || Array.isArray(value))) return fail('invalid_unfurls_format');
    if (entries.some(([url]) => !message.urls.includes(url))) return fail('cannot_unfurl_message');
    unfurls.push({ channel: message.channel, ts: message.ts, unfurls: given as RecordedUnfurl['unfurls'] });
    return { body: { ok: true } };
  };

  /**
   * https://docs.slack.dev/reference/methods/files.getUploadURLExternal: `filename` and `length`
   * (bytes) are required and the answer is an `upload_url` and a `file_id`; a length of 0 is
   * missing_argument. The upload URL is this fake's own /upload/<file id>.
   */
  const getUploadUrl = (params: Record<string, unknown>): ScriptedResponse => {
    const length = Number(params['length']);
    if (typeof params['filename'] !== 'string' || params['filename'] === '' || !Number.isInteger(length) || length <= 0) return { body: { ok: false, error: 'missing_argument' } };
    const fileId = `F${String(uploads.size + 1).padStart(10, '0')}`;
    uploads.set(fileId, { filename: params['filename'], length, bytes: null });
    return { body: { ok: true, upload_url: `${baseUrl}/upload/${fileId}`, file_id: fileId } };
  };

  /**
   * https://docs.slack.dev/reference/methods/files.completeUploadExternal: `files` is required, an
   * array of `{ id, title? }`; `channel_id` is where the file is shared ("If not specified the file
   * will be private"); `initial_comment` introduces it. A file id no upload started, or whose
   * bytes were never posted, is refused (the fake's error code: file_not_found).
   */
  const completeUpload = (params: Record<string, unknown>): ScriptedResponse => {
    const given = params['files'];
    if (!Array.isArray(given) || given.length === 0) return { body: { ok: false, error: 'invalid_arguments' } };
    const done: SharedFile[] = [];
    for (const entry of given as { id?: unknown; title?: unknown }[]) {
      const upload = typeof entry.id === 'string' ? uploads.get(entry.id) : undefined;
      if (!upload?.bytes) return { body: { ok: false, error: 'file_not_found' } };
      done.push({
        id: entry.id as string,
        filename: upload.filename,
        title: typeof entry.title === 'string' ? entry.title : null,
        channel: typeof params['channel_id'] === 'string' ? params['channel_id'] : null,
        initialComment: typeof params['initial_comment'] === 'string' ? params['initial_comment'] : null,
        content: upload.bytes.toString('utf8'),
      });
    }
    files.push(...done);
    return { body: { ok: true, files: done.map((f) => ({ id: f.id, name: f.filename, title: f.title ?? f.filename })) } };
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const bytes = await readBody(req);
      const raw = bytes.toString('utf8');
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      // Step 2 of files.getUploadURLExternal's workflow: the file's bytes posted to its upload URL; 200 when received.
      if (req.method === 'POST' && path.startsWith('/upload/')) {
        const upload = uploads.get(path.slice('/upload/'.length));
        if (upload) upload.bytes = await uploadedBytes(bytes, req.headers['content-type']);
        res.writeHead(upload ? 200 : 404, { 'content-type': 'text/plain' });
        res.end(upload ? `OK - ${upload.bytes!.length}` : 'not found');
        return;
      }
      if (req.method === 'POST' && path.startsWith('/hooks/')) {
        hooks.push({ path, body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {}, at: Date.now() });
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
        return;
      }
      if (req.method === 'POST' && path.startsWith('/api/')) {
        const method = path.slice('/api/'.length);
        const params = parseParams(raw, req.headers['content-type']);
        const auth = req.headers.authorization;
        const token = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : typeof params['token'] === 'string' ? params['token'] : null;
        calls.push({ method, params, token, at: Date.now() });
        const fault = faults.get(method)?.shift();
        const scripted = scripts.get(method)?.shift();
        let response = scripted ?? answer(method, params, token);
        if (fault) {
          // The call was carried out (recorded above); only its answer is late or an error.
          if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
          if (fault.answer) response = fault.answer;
          if (res.destroyed) return;
        }
        res.writeHead(response.status ?? 200, { 'content-type': 'application/json; charset=utf-8', ...response.headers });
        res.end(JSON.stringify(response.body));
        return;
      }
      res.writeHead(404);
      res.end();
    })();
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, sock, head) => {
    if (!req.url?.startsWith('/socket-mode')) return sock.destroy();
    wss.handleUpgrade(req, sock, head, (ws) => {
      socket = ws;
      ws.on('message', (data) => socketAcks.push(JSON.parse(String(data)) as FakeSlack['socketAcks'][number]));
      // Slack's first message on a new connection (https://docs.slack.dev/apis/events-api/using-socket-mode).
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0PAPERBOY' }, debug_info: { host: 'fake' } }));
    });
  });

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    apiUrl: `${baseUrl}/api/`,
    calls,
    hooks,
    messages,
    socketAcks,
    tokens,
    channels,
    deletedChannels,
    conversations,
    users,
    grants,
    memberships,
    get homeTabEnabled() {
      return homeTabEnabled;
    },
    set homeTabEnabled(enabled: boolean) {
      homeTabEnabled = enabled;
    },
    publishedViews,
    sharedLinks,
    unfurls,
    files,
    fault(method, ...more) {
      faults.set(method, [...(faults.get(method) ?? []), ...more]);
    },
    script(method, ...responses) {
      scripts.set(method, [...(scripts.get(method) ?? []), ...responses]);
    },
    callsOf: (method) => calls.filter((c) => c.method === method),
    sendsEventsFrom(channel) {
      const conversation = conversations.get(channel) ?? {};
      return !deletedChannels.has(channel) && (conversation.is_member === true || conversation.is_im === true);
    },
    sendEnvelope(envelope) {
      if (!socket) throw new Error('No Socket Mode client is connected');
      socket.send(JSON.stringify(envelope));
    },
    socketConnected: () => socket !== null,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The event Slack sends when `user` adds (reaction_added) or removes (reaction_removed) `reaction`
 * on the message `ts` in `channel`, in the shape of the references' examples
 * (https://docs.slack.dev/reference/events/reaction_added,
 * https://docs.slack.dev/reference/events/reaction_removed): `reaction` is the emoji's name without
 * colons, a skin tone as a `::skin-tone-N` suffix; `item_user` is who wrote the message, absent
 * for a message no user wrote.
 */
export function reactionEvent(
  type: 'reaction_added' | 'reaction_removed',
  reaction: { user: string; reaction: string; channel: string; ts: string; itemUser?: string },
): Record<string, unknown> {
  return {
    type,
    user: reaction.user,
    reaction: reaction.reaction,
    ...(reaction.itemUser === undefined ? {} : { item_user: reaction.itemUser }),
    item: { type: 'message', channel: reaction.channel, ts: reaction.ts, channel_type: 'channel' },
    event_ts: `${Math.floor(Date.now() / 1000)}.000100`,
  };
}
