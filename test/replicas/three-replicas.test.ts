/**
 * Issue 21's three-replica test: three `paperboy serve` processes on one PostgreSQL database (a
 * scratch schema) against one Slack stand-in and one Discord stand-in (REST and gateway), 50
 * channels (25 Slack, 25 Discord) due in the same minute with two-message digests, and one replica
 * SIGKILLed in the middle of the digest run while it holds channel leases with posts in flight.
 * What must hold, read from the platforms' own record of messages and from the ledger: each
 * channel's digest posted exactly once (every pick in exactly one message, its messages in order,
 * none twice), the killed replica's channels finished by the others, and every slash command
 * answered.
 */
import { Agent } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BENCH_SIGNING_SECRET, postSignedSlashCommand, slashCommandBody } from '../../bench/signed-slash-command.ts';
import { APPLICATION_ID, BOT_USER_ID, HARNESS_GUILDS, papersInteraction } from '../discord/discord-test-kit.ts';
import { startFakeDiscordApi, type FakeDiscordApi } from '../discord/fake-discord-api.ts';
import { startFakeDiscordGateway, type FakeDiscordGateway } from '../discord/fake-discord-gateway.ts';
import { cliEnv, runCli } from '../cli/run-cli.ts';
import { startFakeSlack, type FakeSlack } from '../slack/fake-slack-api.ts';
import { describePg, openPgScratch, PG_URL, type PgScratch } from '../store/pg-scratch.ts';
import {
  channelKey,
  CHANNELS_PER_PLATFORM,
  DISCORD_GUILD,
  PAPERS_PER_CHANNEL,
  planChannels,
  readLedger,
  scheduleAll,
  seedChannels,
  SLACK_TEAM,
  type PlannedChannel,
} from './digest-channels.ts';
import { channelCalls, digestPostCount, markRecord, postedDigests, type RecordMark } from './platform-record.ts';
import { spawnReplica, type Replica } from './replica-process.ts';

const REPLICA_NAMES = ['a', 'b', 'c'] as const;
/** The replica the test kills. Chosen up front so slash commands during the run go only to the others (see the command loop). */
const VICTIM = 0;
/**
 * How late both stand-ins answer a digest post (the post itself is recorded at once). Slack and
 * Discord answer in their own time; a second and a half, well inside the clients' 15 s timeouts,
 * keeps every replica's posts in flight long enough for the kill to land mid-digest, with the
 * answers to its last posts never received (the fakes' `fault` delays, as the fault matrices use).
 */
const ANSWER_DELAY_MS = 1_500;
/** Digest posts (of 100) the platforms have recorded before the kill: about a third of the run. */
const KILL_AFTER_POSTS = 30;
/** Generous bounds on waits that poll; none of them is what the test asserts. */
const KILL_WAIT_MS = 90_000;
const COMPLETION_WAIT_MS = 150_000;
/** An address where nothing listens: the replicas' paper sources point there, so nothing leaves the machine. */
const NOWHERE = 'http://127.0.0.1:9/';

/**
 * Each replica's bot tokens: the same bot to both stand-ins (the fake Slack maps every token to the
 * test's workspace, the fake Discord takes any), but a string of its own, so the platforms' record
 * of calls says which replica made each one.
 */
const slackToken = (name: string) => `xoxb-replica-${name}`;
const discordToken = (name: string) => `replica-${name}.fake-discord-bot-token`;

let scratch: PgScratch;
let slack: FakeSlack;
let discordApi: FakeDiscordApi;
let gateway: FakeDiscordGateway;
const replicas: Replica[] = [];
const channels: PlannedChannel[] = planChannels();
let channelRowIds: number[] = [];
const agent = new Agent({ keepAlive: true });
/** Whether the test's slash-command loop keeps going; afterAll stops it too, should an assertion end the test first. */
let sending = false;

/** A slash command sent, and where its answer must arrive. */
interface SentSlackCommand {
  index: number;
  topic: string;
  replica: string;
  /** The ack's failure, when the replica did not answer the request with 200. */
  ackError: string | null;
}
/** A Discord interaction dispatched through the gateway (every connected replica receives it). */
interface SentInteraction {
  token: string;
  topic: string;
}

function replicaEnv(name: string, databaseUrl: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'info',
    PORT: '0',
    SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
    SLACK_BOT_TOKEN: slackToken(name),
    SLACK_API_URL: slack.apiUrl,
    DISCORD_TOKEN: discordToken(name),
    DISCORD_APPLICATION_ID: APPLICATION_ID,
    DISCORD_API_URL: discordApi.url,
    ARXIV_API_URL: NOWHERE,
    ARXIV_RSS_URL: NOWHERE,
    ARXIV_OAI_URL: NOWHERE,
    HF_API_URL: NOWHERE,
    S2_API_URL: NOWHERE,
    OPENALEX_API_URL: NOWHERE,
  };
}

/** The next whole UTC minute at least `leadMs` away: all 50 channels are scheduled at it. */
function nextMinute(leadMs: number): Date {
  const at = new Date(Date.now() + leadMs);
  at.setUTCSeconds(0, 0);
  at.setUTCMinutes(at.getUTCMinutes() + 1);
  return at;
}

/** pino's level number for warn; error is 50. */
const WARN_LEVEL = 40;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value, or fails after `limitMs` with `what` and `state()`. */
async function pollUntil<T>(check: () => Promise<T | null> | T | null, limitMs: number, what: string, state: () => string): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const found = await check();
    if (found !== null) return found;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${limitMs / 1000} s.\n${state()}`);
    await pause(100);
  }
}

describePg((name) => {
  beforeAll(async () => {
    scratch = await openPgScratch();
    const schema = (await scratch.pool.query<{ schema: string }>('SELECT current_schema() AS schema')).rows[0]!.schema;
    channelRowIds = await seedChannels(scratch.pool, scratch.subscriptions, channels, new Date());

    slack = await startFakeSlack();
    for (const replica of REPLICA_NAMES) slack.tokens.set(slackToken(replica), SLACK_TEAM);
    let gatewayUrl = '';
    discordApi = await startFakeDiscordApi({ applicationId: APPLICATION_ID, botUserId: BOT_USER_ID, gatewayUrl: () => gatewayUrl });
    gateway = await startFakeDiscordGateway({
      applicationId: APPLICATION_ID,
      botUserId: BOT_USER_ID,
      guilds: [
        ...HARNESS_GUILDS,
        { id: DISCORD_GUILD, name: 'Replica guild', channels: channels.filter((c) => c.platform === 'discord').map((c, i) => ({ id: c.channelId, name: `papers-${i}` })) },
      ],
    });
    gatewayUrl = gateway.url;

    // Every replica on the scratch schema through DATABASE_URL alone: pg-connection-string copies
    // each query parameter of the URL into the client's config, and node-postgres sends `options`
    // in the startup message (pg/lib/connection-parameters.js), as libpq does
    // (https://www.postgresql.org/docs/15/libpq-connect.html#LIBPQ-CONNECT-OPTIONS). Checked by
    // hand: SHOW search_path on such a connection is the schema.
    const url = new URL(PG_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    // The deploy step before the replicas start: the bot's commands registered with Discord, as
    // each replica checks at start (docs/discord-setup.md).
    const registered = await runCli(['discord', 'register', '--global'], cliEnv(replicaEnv('a', url.toString())));
    expect(registered.code, registered.stderr).toBe(0);
    replicas.push(...REPLICA_NAMES.map((replica) => spawnReplica(replica, replicaEnv(replica, url.toString()))));
    await Promise.all(replicas.map((replica) => replica.ready));
  }, 180_000);

  afterAll(async () => {
    sending = false;
    for (const replica of replicas) if (replica.alive()) replica.kill('SIGTERM');
    await Promise.all(
      replicas.map(async (replica) => {
        const stopped = await Promise.race([replica.exited, pause(10_000).then(() => null)]);
        if (stopped === null) replica.kill('SIGKILL');
        await replica.exited;
      }),
    );
    agent.destroy();
    await gateway?.close();
    await discordApi?.close();
    await slack?.close();
    await scratch?.close();
  }, 60_000);

  it(
    `${name}: 50 channels due in one minute on three replicas, one SIGKILLed mid-digest: each digest posted exactly once, every slash command answered`,
    async () => {
      const victim = replicas[VICTIM]!;
      const survivors = replicas.filter((r) => r !== victim);
      const slackCommands: SentSlackCommand[] = [];
      const interactions: SentInteraction[] = [];
      const topicOf = (i: number) => channels[i % channels.length]!.topic;

      const sendSlack = async (replica: Replica) => {
        const index = slackCommands.length;
        const sent: SentSlackCommand = { index, topic: topicOf(index * 7), replica: replica.name, ackError: null };
        slackCommands.push(sent);
        await postSignedSlashCommand(`http://127.0.0.1:${replica.port}/slack/events`, agent, slashCommandBody(index, sent.topic, slack.url), 10_000).catch(
          (error: unknown) => void (sent.ackError = String(error)),
        );
      };
      const dispatchInteraction = () => {
        const topic = topicOf(interactions.length * 11 + 3);
        const d = papersInteraction('interaction-create-slash-subcommand-group-string-option-guild.gateway.json', 'search', { query: topic });
        interactions.push({ token: d.token as string, topic });
        gateway.dispatch('INTERACTION_CREATE', d);
      };

      // Before the run: each replica answers a command, and the three race for each Discord interaction.
      await Promise.all(replicas.map((replica) => sendSlack(replica)));
      for (let i = 0; i < 3; i++) dispatchInteraction();

      // Both platforms answer every digest post late from here on.
      slack.fault('chat.postMessage', ...Array.from({ length: 400 }, () => ({ delayMs: ANSWER_DELAY_MS })));
      for (let i = 0; i < 400; i++) discordApi.fault((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path), { delayMs: ANSWER_DELAY_MS });

      const slot = nextMinute(5_000);
      const postTime = `${String(slot.getUTCHours()).padStart(2, '0')}:${String(slot.getUTCMinutes()).padStart(2, '0')}`;
      await scheduleAll(scratch.subscriptions, channelRowIds, postTime, PAPERS_PER_CHANNEL);

      // During the run, slash commands go to the live replicas that are not about to be killed, in
      // turn. A command a load balancer had handed to a replica that then died gets no answer from
      // any replica: Slack shows the person a timeout after its 3 s
      // (https://docs.slack.dev/interactivity/implementing-slash-commands#app_command_handling).
      sending = true;
      const commandLoop = (async () => {
        for (let turn = 0; sending; turn++) {
          await sendSlack(survivors[turn % survivors.length]!);
          await pause(1_000);
        }
      })();

      const state = () =>
        `digest posts recorded: ${digestPostCount(slack, discordApi)} (the run has 100); replicas alive: ${replicas.filter((r) => r.alive()).map((r) => r.name).join(', ')}\n` +
        replicas.map((r) => `--- replica ${r.name} (pid ${r.pid}) log tail:\n${r.stderr().split('\n').slice(-15).join('\n')}`).join('\n');

      // The kill: once a third of the posts are in, while the victim holds leases on Slack and
      // Discord channels whose digests are pending.
      // A lease holder is `<host>:<pid>:<random>` (app.ts): the victim's leases carry its pid.
      const heldBy = (ledger: Awaited<ReturnType<typeof readLedger>>) =>
        [...ledger].filter(([, c]) => c.leaseHolder?.includes(`:${victim.pid}:`) && c.digests.some((d) => d.status === 'pending')).map(([key]) => key);
      await pollUntil(
        async () => {
          if (digestPostCount(slack, discordApi) < KILL_AFTER_POSTS) return null;
          const keys = heldBy(await readLedger(scratch.pool));
          return keys.some((k) => k.startsWith('slack:')) && keys.some((k) => k.startsWith('discord:')) ? true : null;
        },
        slot.getTime() - Date.now() + KILL_WAIT_MS,
        `replica ${victim.name} holding leases on Slack and Discord channels with pending digests after ${KILL_AFTER_POSTS} posts`,
        state,
      );
      const atKill: RecordMark = markRecord(slack, discordApi);
      const postsAtKill = digestPostCount(slack, discordApi);
      victim.kill('SIGKILL');
      expect((await victim.exited).signal).toBe('SIGKILL');
      // What the victim left, read once it is gone and before its leases can lapse (LEASE_TTL_MS):
      // the channels the others must finish, and its messages sent with no answer recorded.
      const leftByVictim = await readLedger(scratch.pool);
      const held = heldBy(leftByVictim);
      expect(held.length, 'channels the killed replica left mid-digest').toBeGreaterThan(0);
      const inFlightAtKill = held.flatMap((k) => leftByVictim.get(k)!.digests.flatMap((d) => d.messages)).filter((m) => m.status === 'attempted').length;
      const killedAt = Date.now();

      // Discord interactions now reach the two live replicas only (the victim's gateway connection died with it).
      for (let i = 0; i < 6; i++) {
        dispatchInteraction();
        await pause(400);
      }

      const answeredSlack = (command: SentSlackCommand) => slack.hooks.find((h) => h.path === `/hooks/commands/T0BENCH/${command.index}`);
      const editsOf = (token: string) => discordApi.requests.filter((r) => r.method === 'PATCH' && r.path === `/webhooks/${APPLICATION_ID}/${token}/messages/@original`);
      let lastHeldSettledAt = 0;
      await pollUntil(
        async () => {
          const ledger = await readLedger(scratch.pool);
          const settled = (key: string) => {
            const digests = ledger.get(key)?.digests ?? [];
            return digests.length > 0 && digests.every((d) => d.status !== 'pending');
          };
          if (lastHeldSettledAt === 0 && held.every(settled)) lastHeldSettledAt = Date.now();
          const allSettled = channels.every((c) => settled(channelKey(c.platform, c.channelId)));
          const commandsDone = slackCommands.every((c) => c.ackError !== null || answeredSlack(c)) && interactions.every((i) => editsOf(i.token).length > 0);
          return allSettled && commandsDone ? true : null;
        },
        COMPLETION_WAIT_MS,
        'every digest settled and every command answered',
        state,
      );
      sending = false;
      await commandLoop;
      // The loop's last command was sent after the check above: wait for its answer too.
      await pollUntil(() => (slackCommands.every((c) => c.ackError !== null || answeredSlack(c)) ? true : null), 30_000, 'the last slash command answered', state);

      // Each channel's digest, from the ledger and from the platform's own record of messages.
      const ledger = await readLedger(scratch.pool);
      const posted = postedDigests(channels, slack, discordApi);
      for (const channel of channels) {
        const key = channelKey(channel.platform, channel.channelId);
        const entry = ledger.get(key)!;
        expect(entry.digests.map((d) => ({ slot: d.slot, status: d.status })), key).toEqual([{ slot: slot.toISOString(), status: 'sent' }]);
        const digest = entry.digests[0]!;
        expect(digest.messages.map((m) => m.status), key).toEqual(['sent', 'sent']);
        expect(entry.deliveries.map((d) => d.status), key).toEqual(Array(PAPERS_PER_CHANNEL).fill('sent'));
        expect(entry.deliveries.map((d) => d.paperId).sort(), key).toEqual([...channel.paperIds].sort());

        const messages = posted.get(key)!;
        // This digest's messages, each posted once, in order, and nothing else.
        expect(messages.map((m) => m.marker), key).toEqual(digest.messages.map((m) => `${digest.key}.${m.position}`));
        // Every pick shown exactly once across the channel's messages.
        const shown = messages.flatMap((m) => m.paperIds);
        expect(shown.sort(), key).toEqual([...channel.paperIds].sort());
      }
      expect([...posted.values()].flat()).toHaveLength(2 * 2 * CHANNELS_PER_PLATFORM);

      // The victim's channels were finished by the live replicas: they looked up its unanswered posts and posted the rest.
      const survivorTokens = new Set(survivors.flatMap((r) => [slackToken(r.name), discordToken(r.name)]));
      const after = channelCalls(slack, discordApi, atKill);
      for (const key of held) {
        expect(after.filter((call) => call.channel === key && survivorTokens.has(call.token)).length, `calls by the live replicas on ${key} after the kill`).toBeGreaterThan(0);
      }

      // Every slash command answered: each Slack one at its response_url, with the search's papers;
      // each Discord interaction deferred once (the other replicas' deferrals refused with 40060)
      // and its deferral edited into the search's papers.
      expect(slackCommands.filter((c) => c.ackError !== null)).toEqual([]);
      for (const command of slackCommands) {
        const answer = answeredSlack(command)!;
        expect(JSON.stringify(answer.body).toLowerCase(), `the answer to /papers ${command.topic} (sent to replica ${command.replica})`).toContain(`${command.topic} in practice`);
        expect(slack.hooks.filter((h) => h.path === answer.path)).toHaveLength(1);
      }
      for (const interaction of interactions) {
        const edits = editsOf(interaction.token);
        expect(JSON.stringify(edits[0]!.body).toLowerCase(), `the answer to the Discord search ${interaction.topic}`).toContain(`${interaction.topic} in practice`);
        const callbacks = discordApi.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/${interaction.token}/callback`));
        expect(callbacks.length).toBeGreaterThanOrEqual(1);
      }
      for (const survivor of survivors) {
        expect(survivor.alive(), `replica ${survivor.name} still serving`).toBe(true);
        expect(survivor.log.filter((l) => l.msg?.startsWith('unhandled promise rejection')), `replica ${survivor.name}'s stray rejections`).toEqual([]);
      }

      // The live replicas stop on SIGTERM as a rolling restart stops them: cleanly, exit code 0.
      for (const survivor of survivors) survivor.kill('SIGTERM');
      for (const survivor of survivors) {
        const stopped = await Promise.race([survivor.exited, pause(30_000).then(() => null)]);
        expect(stopped, `replica ${survivor.name} stopping on SIGTERM\n${survivor.stderr().split('\n').slice(-10).join('\n')}`).toEqual({ code: 0, signal: null });
      }

      // What the run measured, and what the live replicas logged as warnings or errors, for the CI log.
      const complaints = new Map<string, number>();
      for (const line of survivors.flatMap((r) => r.log)) {
        if (line.level >= WARN_LEVEL) complaints.set(`${line.msg}`, (complaints.get(`${line.msg}`) ?? 0) + 1);
      }

      console.info(
        `three replicas: killed ${victim.name} after ${postsAtKill} of 100 digest posts, holding ${held.length} channels with pending digests (${held.join(', ')}; ${inFlightAtKill} messages sent without an answer yet); ` +
          `those settled by the others ${((lastHeldSettledAt - killedAt) / 1000).toFixed(1)} s after the kill; ` +
          `${slackCommands.length} Slack commands and ${interactions.length} Discord interactions answered.\n` +
          `warnings and errors the live replicas logged: ${[...complaints].map(([msg, n]) => `${n} × ${msg}`).join('; ') || 'none'}`,
      );
    },
    300_000,
  );
});
