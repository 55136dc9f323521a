/**
 * arXiv link unfurls: `link_shared` (https://docs.slack.dev/reference/events/link_shared) for
 * arxiv.org links → chat.unfurl with the paper's card, from the store or fetched from a local
 * stand-in of the arXiv API, through real Bolt over HTTP and Socket Mode.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { arxivIdOfLink } from '../../src/adapters/slack/arxiv-link-unfurls.ts';
import { startFakeServer, XML, type FakeHandler, type FakeServer } from '../ingest/fake-server.ts';
import { readFixture as readSourceFixture } from '../sources/fixtures.ts';
import { hostilePaper, makePaper } from '../support/papers.ts';
import { blockKitProblems, visibleText } from './block-kit-validator.ts';
import { capturingLogger, eventEnvelope, startHarness, TEST_SIGNING_SECRET, waitFor, type SlackHarness } from './slack-test-kit.ts';

const TEAM = 'T0UNFURL';
const CHANNEL = 'C0READING';
const MESSAGE_TS = '1764000300.000400';

/** The recorded id_list answer, as arXiv would give it for 2501.01234. */
const ATOM_2501_01234 = readSourceFixture('arxiv-api/arxiv-api-idlist-with-affiliations.atom.xml').replaceAll('astro-ph/0601001', '2501.01234');
const EMPTY = readSourceFixture('arxiv-api/arxiv-api-empty-result.atom.xml');

let arxiv: FakeServer;
let arxivAnswer: FakeHandler = () => undefined;
let harness: SlackHarness;
let logLines: string[];

beforeAll(async () => {
  arxiv = await startFakeServer((url, hit) => arxivAnswer(url, hit));
});
afterAll(() => arxiv.close());

async function start(slackEnv: Record<string, string> = { SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-test-single-workspace' }): Promise<void> {
  const captured = capturingLogger();
  logLines = captured.lines;
  harness = await startHarness({ log: captured.log, processBeforeResponse: true, env: { ...slackEnv, ARXIV_API_URL: `${arxiv.base}/api/query`, CONTACT_EMAIL: 'team@example.org' } });
}

/**
 * The documented link_shared event for `urls` posted in a message, with the fake told of it (Slack
 * accepts chat.unfurl only for links it sent link_shared for).
 */
function linksShared(urls: string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  const event = {
    type: 'link_shared',
    channel: CHANNEL,
    is_bot_user_member: true,
    user: 'U0SHARER',
    message_ts: MESSAGE_TS,
    unfurl_id: `${CHANNEL}.${MESSAGE_TS}.unfurl`,
    source: 'conversations_history',
    links: urls.map((url) => ({ domain: 'arxiv.org', url })),
    event_ts: MESSAGE_TS,
    ...extra,
  };
  harness.fake.sharedLinks.push({ channel: event.channel, ts: event.message_ts, unfurlId: event.unfurl_id, urls });
  return eventEnvelope(TEAM, event);
}

async function send(body: Record<string, unknown>): Promise<void> {
  expect((await harness.postEvent(JSON.stringify(body))).status).toBe(200);
}

const unfurled = () => waitFor(() => harness.fake.unfurls[0], 'the unfurl');

describe('arxivIdOfLink', () => {
  it('reads abstract and PDF links, with or without a version, new and old ids', () => {
    expect(arxivIdOfLink('https://arxiv.org/abs/2604.23069')).toBe('2604.23069');
    expect(arxivIdOfLink('https://arxiv.org/abs/2604.23069v2')).toBe('2604.23069');
    expect(arxivIdOfLink('https://arxiv.org/pdf/2604.23069v3')).toBe('2604.23069');
    expect(arxivIdOfLink('https://arxiv.org/pdf/2604.23069v3.pdf')).toBe('2604.23069');
    expect(arxivIdOfLink('http://www.arxiv.org/abs/2604.23069?context=cs#main')).toBe('2604.23069');
    expect(arxivIdOfLink('https://arxiv.org/abs/hep-th/9901001v2')).toBe('hep-th/9901001');
  });

  it('reads nothing else: listings, other sites, look-alike hosts', () => {
    expect(arxivIdOfLink('https://arxiv.org/list/cs.IR/recent')).toBeNull();
    expect(arxivIdOfLink('https://arxiv.org/abs/not-an-id')).toBeNull();
    expect(arxivIdOfLink('https://arxiv.org.evil.example/abs/2604.23069')).toBeNull();
    expect(arxivIdOfLink('https://huggingface.co/papers/2604.23069')).toBeNull();
    expect(arxivIdOfLink('javascript:alert(1)')).toBeNull();
  });
});

describe('an arXiv link posted in Slack', () => {
  afterEach(async () => {
    await harness.close();
    arxiv.requests.length = 0;
  });

  it('gets the stored paper’s card, for its abstract and its PDF link alike', async () => {
    await start();
    await harness.app.papers.upsertPapers([makePaper({ id: '2604.23069', title: 'Cold-start bandits for new users' })], '2026-11-20T00:00:00Z');
    const abs = 'https://arxiv.org/abs/2604.23069';
    const pdf = 'https://arxiv.org/pdf/2604.23069v2';
    await send(linksShared([abs, pdf]));

    const { unfurls } = await unfurled();
    expect(Object.keys(unfurls)).toEqual([abs, pdf]);
    for (const url of [abs, pdf]) {
      const card = { text: 'card', blocks: unfurls[url]!.blocks };
      expect(visibleText(card)).toContain('<https://arxiv.org/abs/2604.23069|Cold-start bandits for new users>');
      expect(blockKitProblems(card)).toEqual([]);
    }
    // The card is the paper alone: no Share or More-like-this button under someone else's message.
    expect(JSON.stringify(unfurls)).not.toContain('"button"');
    expect(arxiv.requests).toEqual([]);
  });

  it('escapes a hostile title in the card', async () => {
    await start();
    await harness.app.papers.upsertPapers([hostilePaper('2611.99001')], '2026-11-20T00:00:00Z');
    await send(linksShared(['https://arxiv.org/abs/2611.99001']));
    const { unfurls } = await unfurled();
    expect(blockKitProblems({ text: 'card', blocks: unfurls['https://arxiv.org/abs/2611.99001']!.blocks })).toEqual([]);
  });

  it('names a link still in the composer by its unfurl_id and source, as Slack requires', async () => {
    await start();
    await harness.app.papers.upsertPapers([makePaper({ id: '2604.23069' })], '2026-11-20T00:00:00Z');
    // In the composer there is no message yet: message_ts is no ts and the channel is COMPOSER.
    await send(linksShared(['https://arxiv.org/abs/2604.23069'], { channel: 'COMPOSER', message_ts: 'U0SHARER-909b5454-75f8-4ac4-b325-1b40e230bbd8', unfurl_id: 'U0SHARER-909b5454-75f8-4ac4-b325-1b40e230bbd8', source: 'composer' }));
    await unfurled();
    expect(harness.fake.callsOf('chat.unfurl')[0]!.params).toMatchObject({ unfurl_id: 'U0SHARER-909b5454-75f8-4ac4-b325-1b40e230bbd8', source: 'composer' });
  });

  it('fetches a paper the store lacks from arXiv, once, and keeps it', async () => {
    arxivAnswer = (url) => (url.pathname === '/api/query' && url.searchParams.get('id_list') === '2501.01234' ? { headers: XML, body: ATOM_2501_01234 } : undefined);
    await start();
    await send(linksShared(['https://arxiv.org/abs/2501.01234v1']));

    const { unfurls } = await unfurled();
    expect(visibleText({ blocks: unfurls['https://arxiv.org/abs/2501.01234v1']!.blocks })).toContain('Frequency of Hot Jupiters and Very Hot Jupiters');
    expect(arxiv.requests.map((url) => url.searchParams.get('id_list'))).toEqual(['2501.01234']);
    expect((await harness.app.papers.getPaper('2501.01234'))).toMatchObject({ id: '2501.01234' });
  });

  it('leaves an id arXiv does not have without an unfurl, and logs why', async () => {
    arxivAnswer = () => ({ headers: XML, body: EMPTY });
    await start();
    await send(linksShared(['https://arxiv.org/abs/2501.99999']));
    const line = await waitFor(() => logLines.find((l) => l.includes('arxiv link not unfurled')), 'the log line');
    expect(JSON.parse(line)).toMatchObject({ url: 'https://arxiv.org/abs/2501.99999', reason: expect.stringContaining('arXiv has no paper 2501.99999') });
    expect(harness.fake.callsOf('chat.unfurl')).toEqual([]);
  });

  it('leaves a link without an unfurl when arXiv cannot be asked, and logs why', async () => {
    arxivAnswer = () => ({ status: 503, body: 'unavailable' });
    await start();
    await send(linksShared(['https://arxiv.org/abs/2501.88888']));
    const line = await waitFor(() => logLines.find((l) => l.includes('arxiv link not unfurled')), 'the log line');
    expect(JSON.parse(line)).toMatchObject({ url: 'https://arxiv.org/abs/2501.88888', reason: expect.stringContaining('could not fetch it from arXiv: arXiv answered HTTP 503') });
    expect(harness.fake.callsOf('chat.unfurl')).toEqual([]);
  });

  it('logs Slack’s refusal of an unfurl with its error', async () => {
    await start();
    await harness.app.papers.upsertPapers([makePaper({ id: '2604.23069' })], '2026-11-20T00:00:00Z');
    harness.fake.script('chat.unfurl', { body: { ok: false, error: 'cannot_unfurl_url' } });
    await send(linksShared(['https://arxiv.org/abs/2604.23069']));
    const line = await waitFor(() => logLines.find((l) => l.includes('slack unfurl of arxiv links failed')), 'the log line');
    expect(JSON.parse(line)).toMatchObject({ reason: 'cannot_unfurl_url', err: { name: expect.any(String) }, channel: CHANNEL });
  });

  it('works the same in Socket Mode', async () => {
    await start({ SLACK_APP_TOKEN: 'xapp-1-A0PAPERBOY-1-test', SLACK_BOT_TOKEN: 'xoxb-socket-mode-bot' });
    await harness.app.papers.upsertPapers([makePaper({ id: '2604.23069', title: 'Cold-start bandits for new users' })], '2026-11-20T00:00:00Z');
    harness.fake.sendEnvelope({ envelope_id: 'env-link-1', type: 'events_api', payload: linksShared(['https://arxiv.org/abs/2604.23069']) });
    await waitFor(() => harness.fake.socketAcks.find((a) => a.envelope_id === 'env-link-1'), 'the ack');
    expect(JSON.stringify((await unfurled()).unfurls)).toContain('Cold-start bandits for new users');
  });
});
