/**
 * What the shared Slack and Discord stand-ins hold, read as a reader of each channel sees it: the
 * digest messages in the channel (Slack's record of chat.postMessage, Discord's stored messages),
 * each with its marker and the papers it shows; and which replica made each call, by the bot token
 * it sent (the test gives each replica a token of its own, which both stand-ins accept as the one
 * bot).
 */
import { DIGEST_METADATA_EVENT_TYPE } from '../../src/adapters/slack/slack-poster.ts';
import type { FakeDiscordApi } from '../discord/fake-discord-api.ts';
import type { FakeSlack } from '../slack/fake-slack-api.ts';
import { channelKey, type PlannedChannel } from './digest-channels.ts';

export interface PostedDigestMessage {
  /** `<digest key>.<position>`, as the poster marked it. */
  marker: string;
  /** Papers the message shows (their arXiv abstract links). */
  paperIds: string[];
}

/** The arXiv ids a message links to, each once: the paper cards' title links. */
function linkedPaperIds(message: unknown): string[] {
  const ids = new Set<string>();
  for (const match of JSON.stringify(message).matchAll(/arxiv\.org\/abs\/(\d{4}\.\d{4,5})/g)) ids.add(match[1]!);
  return [...ids];
}

/** Discord's marker line (discord-poster.ts markerLine): `-# paperboy digest <key>.<n>[ · part …]`. */
const DISCORD_MARKER = /-# paperboy digest (\S+)/;

/** Each planned channel's digest messages, as the platform stores them, in posting order (channelKey). */
export function postedDigests(channels: PlannedChannel[], slack: FakeSlack, discord: FakeDiscordApi): Map<string, PostedDigestMessage[]> {
  const posted = new Map<string, PostedDigestMessage[]>();
  for (const channel of channels) {
    const messages =
      channel.platform === 'slack'
        ? slack.messages
            .filter((m) => m.channel === channel.channelId && m.metadata?.event_type === DIGEST_METADATA_EVENT_TYPE)
            .map((m) => ({ marker: String(m.metadata!.event_payload['key']), paperIds: linkedPaperIds(m.blocks) }))
        : discord
            .messagesIn(channel.channelId)
            .filter((m) => DISCORD_MARKER.test(String(m['content'])))
            .map((m) => ({ marker: DISCORD_MARKER.exec(String(m['content']))![1]!, paperIds: linkedPaperIds(m['embeds']) }));
    posted.set(channelKey(channel.platform, channel.channelId), messages);
  }
  return posted;
}

/** Digest posts the platforms have recorded so far, both platforms together. */
export function digestPostCount(slack: FakeSlack, discord: FakeDiscordApi): number {
  const slackPosts = slack.messages.filter((m) => m.metadata?.event_type === DIGEST_METADATA_EVENT_TYPE).length;
  const discordPosts = discord.requests.filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path) && DISCORD_MARKER.test(String(r.body?.content))).length;
  return slackPosts + discordPosts;
}

/** A call a replica made about one channel: a post, or a look-up of what is there. */
export interface ChannelCall {
  channel: string;
  token: string;
  kind: 'post' | 'look-up';
}

/** How far each stand-in's record went at a moment: channelCalls from there on is what came after it. */
export interface RecordMark {
  slackCalls: number;
  discordRequests: number;
}

export const markRecord = (slack: FakeSlack, discord: FakeDiscordApi): RecordMark => ({ slackCalls: slack.calls.length, discordRequests: discord.requests.length });

/** Every call the replicas made about a channel's messages since `since`, in order, with the token that made it. */
export function channelCalls(slack: FakeSlack, discord: FakeDiscordApi, since: RecordMark = { slackCalls: 0, discordRequests: 0 }): ChannelCall[] {
  const calls: ChannelCall[] = [];
  for (const call of slack.calls.slice(since.slackCalls)) {
    const kind = call.method === 'chat.postMessage' ? 'post' : call.method === 'conversations.history' ? 'look-up' : null;
    if (kind && call.token) calls.push({ channel: channelKey('slack', String(call.params['channel'])), token: call.token, kind });
  }
  for (const request of discord.requests.slice(since.discordRequests)) {
    const match = /^\/channels\/(\d+)\/messages$/.exec(request.path);
    const token = /^Bot (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
    if (!match || !token || (request.method !== 'POST' && request.method !== 'GET')) continue;
    calls.push({ channel: channelKey('discord', match[1]!), token, kind: request.method === 'POST' ? 'post' : 'look-up' });
  }
  return calls;
}
