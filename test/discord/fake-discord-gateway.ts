/**
 * A fake Discord gateway on 127.0.0.1 (a WebSocket server from the `ws` package that
 * @discordjs/ws itself uses): HELLO, then READY and one GUILD_CREATE per guild after IDENTIFY,
 * heartbeat ACKs, and dispatches of recorded events on demand.
 * https://discord.com/developers/docs/events/gateway#connection-lifecycle
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface FakeGuild {
  id: string;
  name: string;
  channels: { id: string; name: string }[];
}

export interface FakeDiscordGateway {
  url: string;
  /** The IDENTIFY payloads received (token, intents, …). */
  identifies: Record<string, unknown>[];
  /** Sends a dispatch event (op 0) with the next sequence number to every connection. */
  dispatch(type: string, data: unknown): void;
  close(): Promise<void>;
}

const HELLO = 10;
const HEARTBEAT = 1;
const IDENTIFY = 2;
const HEARTBEAT_ACK = 11;
const DISPATCH = 0;

function guildCreate(guild: FakeGuild) {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: '999999999999999999',
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [
      { id: guild.id, name: '@everyone', color: 0, hoist: false, icon: null, unicode_emoji: null, position: 0, permissions: '1071698660929', managed: false, mentionable: false, flags: 0 },
    ],
    emojis: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    stickers: [],
    joined_at: '2026-01-01T00:00:00.000000+00:00',
    large: false,
    unavailable: false,
    member_count: 2,
    voice_states: [],
    members: [],
    channels: guild.channels.map((c, position) => ({
      id: c.id,
      type: 0,
      guild_id: guild.id,
      name: c.name,
      position,
      permission_overwrites: [],
      nsfw: false,
      parent_id: null,
      topic: null,
      last_message_id: null,
      rate_limit_per_user: 0,
    })),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export async function startFakeDiscordGateway(options: { applicationId: string; botUserId: string; guilds: FakeGuild[] }): Promise<FakeDiscordGateway> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const url = `ws://127.0.0.1:${port}`;
  const sockets = new Set<WebSocket>();
  const identifies: Record<string, unknown>[] = [];
  let sequence = 0;

  const send = (socket: WebSocket, type: string, data: unknown) => {
    sequence += 1;
    socket.send(JSON.stringify({ op: DISPATCH, t: type, s: sequence, d: data }));
  };

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.send(JSON.stringify({ op: HELLO, t: null, s: null, d: { heartbeat_interval: 41_250 } }));
    socket.on('message', (raw) => {
      const payload = JSON.parse(String(raw)) as { op: number; d: Record<string, unknown> };
      if (payload.op === HEARTBEAT) socket.send(JSON.stringify({ op: HEARTBEAT_ACK, t: null, s: null, d: null }));
      if (payload.op !== IDENTIFY) return;
      identifies.push(payload.d);
      send(socket, 'READY', {
        v: 10,
        user: { id: options.botUserId, username: 'paperboy', discriminator: '0', global_name: null, avatar: null, bot: true, flags: 0 },
        guilds: options.guilds.map((g) => ({ id: g.id, unavailable: true })),
        session_id: 'fake-session',
        resume_gateway_url: url,
        shard: [0, 1],
        application: { id: options.applicationId, flags: 0 },
      });
      for (const guild of options.guilds) send(socket, 'GUILD_CREATE', guildCreate(guild));
    });
  });

  return {
    url,
    identifies,
    dispatch(type, data) {
      for (const socket of sockets) send(socket, type, data);
    },
    close: async () => {
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
